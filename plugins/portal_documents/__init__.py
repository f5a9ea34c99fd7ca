"""Legal documents (văn bản): a typed collection with its own pages, facets and feeds.

One Markdown file per document under content/van-ban/ (front matter only: number, type,
issuing body, signer, dates, abstract, topics, related documents, attachments), read with
portal_reader's front matter parser and schema, so problems read like an article's. Not
Pelican content: ARTICLE_PATHS and PAGE_PATHS do not include the folder.

A library; portal_build's pipeline calls `begin_build` at the start of every build (after
the taxonomy registries are loaded: signers, topics and provinces resolve against them). It
reads and validates the whole collection, hands every problem to portal_diagnostics (the
build fails once, with the others, after reading) and returns this build's `DocumentsRun`,
whose `generator` writes the pages. `make check` calls `load.load_collection` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .generator import DocumentsGenerator
from .load import Collection, document_files, load_collection
from .model import Document, Status, status_on


@dataclass
class DocumentsRun:
    """One build's documents and the generator class made for this build."""

    collection: Collection
    generator: type[DocumentsGenerator]


def begin_build(pelican: Any, sources: Any, taxonomies: list[Any]) -> DocumentsRun:
    """Read this build's documents (`sources`: portal_reader.BuildSources, for the file
    list; `taxonomies`: the loaded taxonomies, [] without the engine)."""
    from portal_diagnostics import collector
    from vietnamese.clock import build_now

    settings = pelican.settings
    if sources.root is None:
        sources.load(settings)
    try:
        today = build_now(settings).date()
    except ValueError:  # a bad PORTAL_NOW is reported by portal_site; the documents wait for it
        return DocumentsRun(Collection(), type("DocumentsGenerator", (DocumentsGenerator,), {}))
    collection, problems = load_collection(settings, sources.files, taxonomies, today)
    collector.extend(problems)
    generator = type("DocumentsGenerator", (DocumentsGenerator,), {"collection": collection})
    return DocumentsRun(collection, generator)


def check(settings: dict[str, Any], files: frozenset[str], taxonomies: list[Any]) -> tuple[list[Any], list[str]]:
    """For `make check`: every problem the build would report of the documents, and the
    files they are read from (documents and their registries, relative to content/: naming
    one checks everything, and a change to one is a change of the checker's context)."""
    from vietnamese.clock import build_now

    from .load import DEFAULTS, setting

    try:
        today = build_now(settings).date()
    except ValueError:  # a bad PORTAL_NOW is reported by the check itself
        return [], []
    _collection, problems = load_collection(settings, files, taxonomies, today)
    sources = document_files(settings, files)
    registries = [str(setting(settings, name)) for name in DEFAULTS if name.endswith("_FILE")] if sources else []
    return problems, [*sources, *registries]


__all__ = ["Collection", "Document", "DocumentsRun", "Status", "begin_build", "check", "document_files", "load_collection",
           "status_on"]
