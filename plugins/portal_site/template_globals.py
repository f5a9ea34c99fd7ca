"""Template helpers written in Python: they run on every link of every page.

A Jinja macro call costs tens of microseconds; a site of 10,000 articles makes millions of
link and date calls, so `href` and `time_tag` are plain functions registered as Jinja
globals. They read SITEURL from the rendering context, which Pelican sets per page
(relative in development builds, absolute in production).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from vietnamese.dates import iso8601, vi_date, vi_datetime


class Fragments:
    """What one build's Jinja environment renders once and reuses (kept on the environment,
    so it lives and dies with the build's generators; nothing is kept in this module)."""

    def __init__(self) -> None:
        # SITEURL of the page being rendered. Pelican passes SITEURL in each page's context
        # (it is relative, and differs per page, in development builds); macros are imported
        # without context, for speed, so base.html records it first with begin_page(SITEURL).
        self.siteurl = ""
        # Rendered fragments by key (`cached`).
        self.whole: dict[tuple[Any, ...], Markup] = {}
        # Fragments of items (articles, terms) by (kind, SITEURL, arguments), then by the item's id.
        self.items: dict[tuple[Any, ...], dict[int, tuple[Any, Markup]]] = {}
        # Fragments rendered around a slot, as (before, after).
        self.frames: dict[tuple[Any, ...], tuple[Markup, Markup]] = {}
        # The theme's macro modules per (SITEURL, template): macros keep their markup in the
        # theme (_macros.html, _terms.html) while Python loops over the articles.
        self.modules: dict[tuple[str, str], Any] = {}

    def clear(self) -> None:
        """Forget what was rendered (a page rendered again after an edit renders it anew)."""
        self.whole.clear()
        self.items.clear()
        self.frames.clear()
        self.modules.clear()


def fragments_of(environment: Any) -> Fragments:
    """The Fragments of a Jinja environment (made on first use)."""
    state = getattr(environment, "portal_fragments", None)
    if state is None:
        state = environment.portal_fragments = Fragments()
    return state


@pass_context
def begin_page(context: Any, siteurl: str) -> str:
    fragments_of(context.environment).siteurl = siteurl or ""
    return ""


def page_siteurl(context: Any) -> str:
    """The SITEURL of the page being rendered, also inside macros imported without context
    (the public name other plugins' template globals use)."""
    value = context.get("SITEURL")
    return fragments_of(context.environment).siteurl if value is None else value


@pass_context
def site_url(context: Any) -> str:
    """The page's SITEURL, also inside macros."""
    return page_siteurl(context)


@pass_context
def href(context: Any, path: Any) -> str:
    """URL of a site path (relative to SITEURL), or the path itself if it is absolute."""
    path = str(path)
    if path.startswith(("http://", "https://", "//")):
        return path
    return f"{page_siteurl(context)}/{path}"


def time_tag(value: datetime, style: str = "datetime") -> Markup:
    """<time datetime="…">Thứ Hai, 19/06/2023 09:00</time> ('date' style: 19/06/2023).
    An article's date is shown on its page and in every list of it: each made once."""
    return _time_tag(value, value.tzinfo, style)  # equal instants in two zones show differently


@lru_cache(maxsize=100_000)
def _time_tag(value: datetime, _zone: Any, style: str) -> Markup:
    shown = vi_date(value) if style == "date" else vi_datetime(value)
    return Markup(f'<time datetime="{iso8601(value)}">{escape(shown)}</time>')


@pass_context
def cached(context: Any, *key: Any, caller: Any) -> Markup:
    """`{% call cached('nav', SITEURL, …) %}…{% endcall %}` renders the body once per key.

    For the page chrome (navigation, footer) that is the same on thousands of pages. The
    key must hold everything the body depends on, SITEURL included.
    """
    whole = fragments_of(context.environment).whole
    fragment = whole.get(key)
    if fragment is None:
        fragment = whole[key] = Markup(caller())
    return fragment


def _macros(context: Any, name: str = "_macros.html") -> Any:
    siteurl = page_siteurl(context)
    modules = fragments_of(context.environment).modules
    module = modules.get((siteurl, name))
    if module is None:
        template = context.environment.get_template(name)
        module = modules[(siteurl, name)] = template.make_module(vars={"SITEURL": siteurl})
    return module


def _each(context: Any, kind: str, items: Any, render: Any, *args: Any) -> Markup:
    """render(item, *args) for each item (an article, or a term), once per build.

    Fragments are found by the item's identity (kept with them, so an id reused by another
    object never gets this one's HTML); they are dropped at the start of the next build."""
    key = (kind, page_siteurl(context), *args)
    items_of = fragments_of(context.environment).items
    rendered = items_of.get(key)
    if rendered is None:
        rendered = items_of[key] = {}
    parts = []
    for item in items:
        entry = rendered.get(id(item))
        if entry is None or entry[0] is not item:
            entry = rendered[id(item)] = (item, Markup(render(item, *args)))
        parts.append(entry[1])
    return Markup("".join(parts))


@pass_context
def cards(context: Any, articles: Any, level: int = 2) -> Markup:
    """`<li>` + the theme's `card` macro for each article, each rendered once per build."""
    return _each(context, "card-item", articles, _macros(context).card_item, level)


@pass_context
def headlines(context: Any, articles: Any) -> Markup:
    """The theme's `headline` macro (a list item) for each article, once per build."""
    return _each(context, "headline", articles, _macros(context).headline)


# Marks where a fragment's variable part goes: the theme renders the frame once around it.
_SLOT = "\x00slot\x00"


@pass_context
def term_sections(context: Any, article: Any, taxonomies: Any, plain: Any = ()) -> Markup:
    """The theme's `article_terms` macro (_terms.html) for the article's terms of each
    taxonomy, in declaration order; taxonomies named in `plain` are a plain list, the others
    chips. The macro is rendered once per build and taxonomy, around a slot that each
    article fills with its terms' links (each link rendered once per build too)."""
    siteurl = page_siteurl(context)
    parts = []
    for taxonomy in taxonomies:
        terms = getattr(article, taxonomy.name, None)
        if not terms:
            continue
        chips = taxonomy.name not in plain
        key = ("term-section", siteurl, taxonomy.name, chips)
        frames = fragments_of(context.environment).frames
        frame = frames.get(key)
        if frame is None:
            frame = frames[key] = _frame(_macros(context, "_terms.html").article_terms(taxonomy, Markup(_SLOT), chips))
        parts += (frame[0], _each(context, "term-link", terms, _macros(context).term_link), frame[1])
    return Markup("".join(parts))


def _frame(html: str) -> tuple[Markup, Markup]:
    before, slot, after = html.partition(_SLOT)
    if not slot:
        raise ValueError("the fragment does not show its slot (the items passed to the macro)")
    return Markup(before), Markup(after)


GLOBALS = {
    "term_sections": term_sections,
    "begin_page": begin_page,
    "site_url": site_url,
    "href": href,
    "time_tag": time_tag,
    "cached": cached,
    "cards": cards,
    "headlines": headlines,
}
