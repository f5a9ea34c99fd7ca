"""Jinja globals for the theme: `picture(image, role, …)` and `social_image(image)`."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .html import Picture, picture_html


def _siteurl(context: Any) -> str:
    try:  # the page's SITEURL, also inside macros imported without context (portal_site)
        from portal_site.template_globals import page_siteurl as site

        return str(site(context))
    except ImportError:  # pragma: no cover
        return str(context.get("SITEURL") or "")


@pass_context
def picture(
    context: Any, image: Any, role: str = "article", eager: bool = False, css_class: str = "", alt: str | None = None
) -> Markup:
    """<picture> of a front-matter image (`role`: article, home, card or portrait), or of a
    Picture itself (with `alt`); "" if there is none."""
    if isinstance(image, Picture):
        pic, text = image, alt or ""
    else:
        pic = image.get("card" if role == "card" else "picture") if isinstance(image, dict) else None
        text = alt if alt is not None else str(image.get("alt") or "") if isinstance(image, dict) else ""
    if not isinstance(pic, Picture):
        return Markup("")
    return Markup(picture_html(pic, text, _siteurl(context), role, eager, css_class))


GLOBALS = {"picture": picture}
