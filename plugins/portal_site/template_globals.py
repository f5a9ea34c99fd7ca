"""Template helpers written in Python: they run on every link of every page.

A Jinja macro call costs tens of microseconds; a site of 10,000 articles makes millions of
link and date calls, so `href` and `time_tag` are plain functions registered as Jinja
globals. They read SITEURL from the rendering context, which Pelican sets per page
(relative in development builds, absolute in production).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape
from vietnamese.dates import iso8601, vi_date, vi_datetime


@pass_context
def href(context: Any, path: Any) -> str:
    """URL of a site path (relative to SITEURL), or the path itself if it is absolute."""
    path = str(path)
    if path.startswith(("http://", "https://", "//")):
        return path
    return f"{context.get('SITEURL', '')}/{path}"


def time_tag(value: datetime, style: str = "datetime") -> Markup:
    """<time datetime="…">Thứ Hai, 19/06/2023 09:00</time> ('date' style: 19/06/2023)."""
    shown = vi_date(value) if style == "date" else vi_datetime(value)
    return Markup(f'<time datetime="{iso8601(value)}">{escape(shown)}</time>')


# Rendered fragments of this build, by key; cleared at the start of every build.
_fragments: dict[tuple[Any, ...], Markup] = {}


def cached(*key: Any, caller: Any) -> Markup:
    """`{% call cached('nav', SITEURL, …) %}…{% endcall %}` renders the body once per key.

    For the page chrome (navigation, footer) that is the same on thousands of pages. The
    key must hold everything the body depends on, SITEURL included.
    """
    fragment = _fragments.get(key)
    if fragment is None:
        fragment = _fragments[key] = Markup(caller())
    return fragment


def clear_fragments() -> None:
    _fragments.clear()


GLOBALS = {"href": href, "time_tag": time_tag, "cached": cached}
