"""What every check needs once: the settings, the content files and the registries."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from portal_diagnostics import Problem
from portal_documents import check as check_documents
from portal_reader.reader import escaping_links, misnamed_sources, scan_content
from portal_reader.source import display_path
from portal_site.categories import CategoryRegistry, load_categories, registry_path
from portal_site.redirects import load_history, missing_sources
from portal_taxonomy.load import load_taxonomies
from vietnamese.clock import build_now

from .hygiene import NameSpeller


@dataclass
class Project:
    settings: dict[str, Any]
    root: str  # absolute path of content/
    files: frozenset[str]  # every file under content/, relative, with '/'
    sources: list[str]  # the articles and pages (Markdown), relative, sorted
    page_roots: tuple[str, ...]
    categories: CategoryRegistry
    taxonomies: list[Any]
    speller: NameSpeller
    # Problems of the project as a whole: registries, settings, misnamed sources.
    problems: list[Problem] = field(default_factory=list)
    registry_files: tuple[str, ...] = ()  # registries, relative to content/

    def shown(self, rel: str) -> str:
        """A source's path as problems name it (relative to the working directory if inside)."""
        prefix = self.__dict__.get("_prefix")
        if prefix is None:
            prefix = self.__dict__["_prefix"] = display_path(self.root)
        return rel if prefix == "." else f"{prefix}/{rel}"

    def is_page(self, rel: str) -> bool:
        return rel.startswith(self.page_roots)

    def now(self) -> Any:
        return build_now(self.settings)


def read_settings(settings_file: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    from pelican.settings import read_settings as pelican_settings

    return pelican_settings(settings_file, override=overrides or {})


def load_project(settings: dict[str, Any]) -> Project:
    root = os.path.abspath(settings["PATH"])
    files, markdown = scan_content(root)
    page_roots = tuple(p.rstrip("/") + "/" for p in settings.get("PAGE_PATHS", []))
    article_roots = tuple(p.rstrip("/") + "/" for p in settings.get("ARTICLE_PATHS", []))
    sources = [rel for rel in markdown if rel.startswith(page_roots + article_roots)]
    problems = misnamed_sources(root, files, settings) + escaping_links(root)
    categories, found = load_categories(registry_path(settings), settings)
    problems += found
    taxonomies, found = load_taxonomies(settings, files)
    problems += found
    # The URL history (make urls): read as the build reads it; a recorded file that is gone is a problem.
    history_rel = settings.get("PORTAL_URL_HISTORY_FILE", "data/url-history.yaml")
    history, found = load_history(os.path.join(root, history_rel))
    problems += found + missing_sources(history, root)
    registries = [os.path.relpath(registry_path(settings), root).replace(os.sep, "/"), history_rel]
    registries += [t.spec.registry for t in taxonomies if t.spec.registry]
    found, read = check_documents(settings, files, taxonomies)  # content/van-ban/: as the build reads them
    problems += found
    registries += read
    speller = NameSpeller.from_registries(
        {t.spec.registry: [term.name for term in t.all_terms()] for t in taxonomies if t.spec.registry}
    )
    return Project(settings, root, files, sources, page_roots, categories, taxonomies, speller, problems, tuple(registries))
