"""Optimised images: responsive AVIF/WebP/JPEG variants, a content-hash cache, all cores.

A library; portal_build's pipeline calls its steps:
- `defaults` (Pelican starts): settings defaults (settings.py) and the theme's `picture()` global.
- `places` (every build): the folders it writes beyond output/ (the cache), as a fault
  message names them.
- `articles_read` (the articles generator is done): remember the articles (and drafts) just read.
- `pages_read` (the pages generator runs right after the articles one, and
  before `all_generators_finalized`, where portal_diagnostics fails a build with
  problems): process every image of articles and pages (build.py), so an unreadable
  photo is reported with all the other problems of the build.
"""

from __future__ import annotations

from typing import Any

__all__ = ["articles_read", "defaults", "pages_read", "places"]

def defaults(pelican: Any) -> list[Any]:
    """The images' settings defaults and template globals; the problems of their settings."""
    from portal_diagnostics import Problem

    from .settings import apply_defaults
    from .template_globals import GLOBALS

    problems = [Problem("pelicanconf.py", 0, "", message) for message in apply_defaults(pelican.settings)]
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update(GLOBALS)
    return problems


def places(settings: dict[str, Any]) -> dict[str, str]:
    """{folder: its name in a fault message} of the folders images write beyond output/."""
    from .build import cache_place

    root, shown = cache_place(settings)
    return {root: shown}


def articles_read(generator: Any) -> list[Any]:
    """The articles (and drafts) just read: their images wait for the pages'."""
    return [*generator.articles, *generator.translations, *generator.drafts, *generator.drafts_translations]


def pages_read(generator: Any, articles: list[Any], registry_terms: list[tuple[str | None, Any]]) -> list[Any]:
    """Every image of `articles` and of the pages just read, and the portraits among
    `registry_terms` ((registry file, term) of the taxonomies); the problems (an image that
    cannot be read or published, at each use)."""
    from .build import drop_static_links, process_images, references

    contents = [*articles, *generator.pages, *generator.hidden_pages, *generator.draft_pages]
    report = process_images(contents, generator.settings, generator.output_path,
                            _portraits(registry_terms, generator.settings))
    drop_static_links(generator, references(contents, generator.path))
    return report.problems


def _portraits(registry_terms: list[tuple[str | None, Any]], settings: dict[str, Any]) -> list[Any]:
    """Registry terms (officials) with a portrait photo."""
    import os

    from portal_reader.source import display_path

    terms = []
    for registry, term in registry_terms:
        if isinstance(getattr(term, "extra", {}).get("portrait"), str):
            if registry:
                term.extra["portrait_where"] = display_path(os.path.join(settings["PATH"], registry))
            terms.append(term)
    return terms
