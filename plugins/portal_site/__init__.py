"""The portal's site structure: category registry, home, category pages, archives, feeds.

A library; portal_build's pipeline calls its steps:
- `defaults` (Pelican starts): fill in the plugin's settings defaults and template globals.
- `load` (start of every build): load and validate content/data/categories.yaml, read the
  build's "now", and add PortalGenerator.
- `resolve_category` (each article, before Pelican builds it): replace the category key
  from the front matter with the registry's category; an unknown key is a problem with its
  line, and the article is skipped.
- `schedule` (each article, after that): a future-dated article is scheduled
  (publishing.py): previewed in the development build, absent from the public one.
- `tune_jinja` (each generator): one shared Jinja environment.
- `drop_pelican_listings` (all content read): Pelican's own listings are replaced by ours.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .categories import CategoryRegistry, load_categories, registry_path
from .publishing import now_of, schedule

__all__ = [
    "clear_fragments",
    "defaults",
    "drop_pelican_listings",
    "problems_of",
    "save_url_history",
    "load",
    "redirect_files",
    "resolve_category",
    "now_of",
    "schedule",
    "tune_jinja",
]

DEFAULTS: dict[str, Any] = {
    "PORTAL_CATEGORY_URL": "chuyen-muc/{slug}/",
    "PORTAL_CATEGORY_SAVE_AS": "chuyen-muc/{slug}/index.html",
    "PORTAL_FEED_RSS": "rss.xml",
    "PORTAL_FEED_ATOM": "atom.xml",
    "PORTAL_CATEGORY_FEED_RSS": "chuyen-muc/{slug}/rss.xml",
    "PORTAL_CATEGORY_FEED_ATOM": "chuyen-muc/{slug}/atom.xml",
    "PORTAL_ARCHIVES_SAVE_AS": "luu-tru/index.html",
    "PORTAL_YEAR_ARCHIVE_URL": "luu-tru/{year}/",
    "PORTAL_MONTH_ARCHIVE_URL": "luu-tru/{year}/{month:02d}/",
    "PORTAL_DEV_SITEURL": "http://127.0.0.1:8000",
    "PORTAL_FEEDS": True,
    # Slug of the English page the header's "English" link leads to ("" or no English
    # page: no link but on pages that have a translation).
    "PORTAL_ENGLISH_HOME": "",
    # Old addresses (redirects.py) and the sitemap (sitemap.py).
    "PORTAL_URL_HISTORY_FILE": "data/url-history.yaml",
    "PORTAL_URL_HISTORY_CHECK": False,  # warn about unrecorded addresses (publishconf.py)
    "PORTAL_URL_HISTORY_UPDATE": False,  # `make urls`: record them
    "PORTAL_REDIRECT_MAP": "redirects.map",
    "PORTAL_SITEMAP": "sitemap.xml",
    "PORTAL_NEWS_SITEMAP": "sitemap-news.xml",  # Google News: the last two days' articles
    # Set only by tools/devserver.py: pages load its reload script.
    "PORTAL_LIVERELOAD": False,
}

def defaults(pelican: Any) -> list[Any]:
    """The portal's settings defaults and template globals; the problems of its settings."""
    from portal_diagnostics import Problem

    from .structured_data import GLOBALS as STRUCTURED_DATA
    from .template_globals import GLOBALS

    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    jinja_globals = pelican.settings.setdefault("JINJA_GLOBALS", {})
    jinja_globals.update(GLOBALS)
    jinja_globals.update(STRUCTURED_DATA)
    # Settings that macros (imported without context) read; the breadcrumbs' JSON-LD needs
    # an absolute address in development builds too.
    for key in ("PORTAL_ARCHIVES_SAVE_AS", "PORTAL_YEAR_ARCHIVE_URL", "PORTAL_MONTH_ARCHIVE_URL", "PORTAL_DEV_SITEURL"):
        jinja_globals[key] = pelican.settings[key]
    # Pelican's OUTPUT_SOURCES would copy every Markdown source (front matter, drafts' text,
    # editors' comments) next to its page: nothing from content/ is published as it is.
    if pelican.settings.get("OUTPUT_SOURCES"):
        return [Problem("pelicanconf.py", 0, "OUTPUT_SOURCES",
                        "would publish the Markdown sources as they are (expected False); remove the setting")]
    return []


def problems_of(generators: Iterable[Any]) -> list[Any]:
    """What the portal generator's checks of the whole site found while its context was
    made (URL clashes, links to drafts, translations, the URL history), taken: a second
    call gives nothing."""
    from .generator import PortalGenerator

    problems: list[Any] = []
    for generator in generators:
        if isinstance(generator, PortalGenerator):
            problems += generator.__dict__.pop("problems", [])
    return problems


def save_url_history(generators: Iterable[Any]) -> None:
    """`make urls` (PORTAL_URL_HISTORY_UPDATE): the URL history the portal generator made
    with its context, written; called once the build found no problem."""
    from .generator import PortalGenerator

    for generator in generators:
        if isinstance(generator, PortalGenerator):
            generator.save_url_history()


def redirect_files(generator: Any) -> set[str]:
    """The files the portal generator writes for old addresses (redirect pages and
    redirects.map), relative to the output folder, for its present state."""
    from .redirects import collect

    redirects = getattr(generator, "redirects", None)
    if redirects is None:  # not written yet
        redirects = collect(generator.public_contents, generator.url_history)
    return {r.save_as for r in redirects} | {generator.settings["PORTAL_REDIRECT_MAP"]}


def valid_until(generators: Iterable[Any], now: datetime) -> datetime | None:
    """Until when what this build (made at `now`) wrote stays right with no source changed,
    beyond its scheduled articles: the news sitemap's window moves with the clock."""
    from .sitemap import news_valid_until

    articles = [a for g in generators for a in getattr(g, "articles", ())]
    return news_valid_until(articles, now)


def clear_fragments(generators: Iterable[Any]) -> None:
    """Forget the template fragments the generators' environments rendered so far (a page
    rendered again after an edit renders them anew)."""
    from .template_globals import fragments_of

    for env in {id(g.env): g.env for g in generators if getattr(g, "env", None) is not None}.values():
        fragments_of(env).clear()


def load(pelican: Any, now: datetime) -> tuple[CategoryRegistry, type, list[Any]]:
    """This build's category registry, the generator class that renders with it at the
    build's `now` (a subclass made for this build: nothing is kept on the library's own
    class), and the registry's problems."""
    from .generator import PortalGenerator

    registry, problems = load_categories(registry_path(pelican.settings), pelican.settings)
    return registry, type("PortalGenerator", (PortalGenerator,), {"registry": registry, "now": now}), problems


def resolve_category(_generator: Any, metadata: dict[str, Any], registry: CategoryRegistry) -> list[Any]:
    """Category key → category in `metadata`; an unknown key is a problem (the article is skipped)."""
    from portal_diagnostics import Problem
    from portal_reader.origin import origin_of
    from portal_reader.source import display_path

    key = metadata.get("category")
    if not isinstance(key, str):
        return []
    category = registry.by_key.get(key)
    if category is None:
        origin = origin_of(metadata)
        path = origin.rel_path if origin else "?"
        metadata["status"] = "skip"
        return [Problem(display_path(os.path.join(_generator.path, path)), origin.line("category") if origin else 1,
                        "category", registry.lookup_problem(key))]
    if metadata.get("status") != "skip":
        metadata["category"] = category
    return []


def drop_pelican_listings(generators: list[Any]) -> None:
    """Pelican's own tag/category/author pages are replaced by ours; emptying its lists
    also skips its per-term `article in articles` scans, quadratic on a large site."""
    from pelican.generators import ArticlesGenerator

    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            generator.categories = []
            generator.tags = {}
            generator.authors = []


def tune_jinja(generator: Any, shared: dict[str, Any], cache_folder: str | None = None) -> None:
    """One Jinja environment for the build's generators; `shared` is kept by the build;
    compiled templates kept under `cache_folder` if given."""
    from .jinja_env import share_environment

    share_environment(generator, shared, cache_folder)
