"""Legal documents (văn bản): a typed collection with its own pages, facets and feeds.

One Markdown file per document under content/van-ban/ (front matter only: number, type,
issuing body, signer, dates, abstract, topics, related documents, attachments), read with
portal_reader's front matter parser and schema, so problems read like an article's. Not
Pelican content: ARTICLE_PATHS and PAGE_PATHS do not include the folder.

A library; portal_build's pipeline calls `begin_build` at the start of every build (after
the taxonomy registries are loaded: signers, topics and provinces resolve against them). It
reads and validates the whole collection and returns this build's `DocumentsRun`, whose
`generator` writes the pages, with every problem found (the pipeline records them: the build
fails once, with the others, after reading). `make check` calls `load.load_collection` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .generator import DocumentsGenerator, list_on_terms, register_pages
from .links import LINK_START
from .links import link_articles as _link_articles
from .load import Collection, document_files, load_collection
from .model import Document, Status, next_change, status_on


@dataclass
class DocumentsRun:
    """One build's documents and the generator class made for this build."""

    collection: Collection
    generator: type[DocumentsGenerator]


def begin_build(pelican: Any, sources: Any, taxonomies: list[Any]) -> tuple[DocumentsRun, list[Any]]:
    """Read this build's documents (`sources`: portal_reader.BuildSources, for the file
    list; `taxonomies`: the loaded taxonomies, [] without the engine); their problems."""
    from vietnamese.clock import build_now

    settings = pelican.settings
    if sources.root is None:
        sources.load(settings)
    try:
        today = build_now(settings).date()
    except ValueError:  # a bad PORTAL_NOW is reported by portal_site; the documents wait for it
        return DocumentsRun(Collection(), type("DocumentsGenerator", (DocumentsGenerator,), {})), []
    collection, problems = load_collection(settings, sources.files, taxonomies, today)
    list_on_terms(collection.documents)  # their officials', topics' and provinces' pages list them
    generator = type("DocumentsGenerator", (DocumentsGenerator,), {"collection": collection})
    return DocumentsRun(collection, generator), problems


def reload(run: DocumentsRun, settings: dict[str, Any], files: frozenset[str], taxonomies: list[Any],
           today: date) -> list[Any]:
    """The collection read again from `files` (the dev server, after a document's source
    changed): its problems, and then nothing changes; else the terms list the new documents
    and `run` and its generator class hold the new collection (the caller then runs the
    generator's generate_context and links the articles again)."""
    collection, problems = load_collection(settings, files, taxonomies, today)
    if problems:
        return problems
    for taxonomy in taxonomies:
        for term in taxonomy.all_terms():
            term.extra.pop("documents", None)
            term.extra.pop("document_former_name", None)
    list_on_terms(collection.documents)
    run.collection = collection
    run.generator.collection = collection
    return []


def valid_until(run: DocumentsRun, now: datetime) -> datetime | None:
    """Until when the documents' pages, and the pages listing them, stay right with no file
    changed: 00:00 (+07:00) of the next day a document's status changes, after `now`."""
    from vietnamese.clock import VN_TZ

    day = next_change(run.collection.documents, now.astimezone(VN_TZ).date())
    return datetime.combine(day, time(), VN_TZ) if day is not None else None


def link_articles(generators: list[Any], run: DocumentsRun) -> None:
    """Once the articles are read: document numbers in the articles' bodies link to the
    documents' pages, and both sides know the citations (links.py)."""
    if run.collection.documents:
        _link_articles(generators, run.collection.documents)
        for generator in generators:
            register_pages(generator.context, run.collection.documents)


def edit_links(old: Any, new: Any, run: DocumentsRun) -> tuple[str, list[Document] | None] | None:
    """A body edit the dev server applies (`new` read anew, `old` in the build): (`new`'s text
    with the collection's numbers linked, the documents it cites; None for a page, which is
    not linked), or None when it cites other documents than `old` did (their pages and the
    sitemap change: the site is re-planned). Changes nothing."""
    from portal_reader import PortalArticle

    from .links import link_html

    text = getattr(new, "_content", "") or ""
    if not run.collection.documents or not isinstance(old, PortalArticle):  # pages are not linked
        return text, None
    linked, cited = link_html(text, run.collection.by_number())
    if {id(d) for d in cited} != {id(d) for d in old.cited_documents}:
        return None
    return linked, cited


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


__all__ = ["LINK_START", "Collection", "Document", "DocumentsRun", "Status", "begin_build", "check", "edit_links", "link_articles", "reload", "valid_until", "document_files", "load_collection",
           "status_on"]
