"""<picture> markup: AVIF and WebP sources, a JPEG/PNG <img> with srcset, sizes and size.

`sizes` follows theme/static/css/site.css: the article column is the full width less the
page padding (2rem) on phones and tablets, the grid's first column from 60em (the 72rem
wrap less the 18rem sidebar and the 2.5rem gap), and at most 48rem (.article max-width).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import escape

SIZES = {
    "article": "(min-width: 72em) 48rem, (min-width: 60em) calc(100vw - 22.5rem), calc(100vw - 2rem)",
    # Home lead story: 3fr of the 72rem wrap's 3fr/2fr grid (about 41rem) from 48em.
    "home": "(min-width: 72em) 41rem, (min-width: 48em) calc(60vw - 2rem), calc(100vw - 2rem)",
    "card": "(min-width: 48em) 12rem, 7rem",
    "portrait": "10rem",  # .portrait in site.css: 160 px
}
# The width the <img src> fallback uses (browsers without srcset: very old ones).
FALLBACK_WIDTH = {"article": 960, "home": 960, "card": 192, "portrait": 360}
# Token for the page's SITEURL in body markup; replaced per page (see build._update_content).
SITE_TOKEN = "{portal-site}"


@dataclass
class Picture:
    """One image at several widths and formats; paths are relative to SITEURL."""

    width: int  # intrinsic size of the largest variant (sets the aspect ratio)
    height: int
    sources: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # mime → [(path, width)]
    fallback_mime: str = "image/jpeg"

    def fallback(self, width: int) -> str:
        candidates = self.sources[self.fallback_mime]
        fitting = [p for p, w in candidates if w <= width]
        return fitting[-1] if fitting else candidates[0][0]


@dataclass(frozen=True)
class Rendition:
    """One fixed-size JPEG of a lead photo (share image, 4:3, 1:1); `path` relative to SITEURL."""

    path: str
    width: int
    height: int
    mime: str
    bytes: int


def picture_html(
    picture: Picture,
    alt: str,
    siteurl: str,
    role: str = "article",
    eager: bool = False,
    css_class: str = "",
    title: str = "",
) -> str:
    """The markup; `alt` and `title` are plain text (escaped here)."""

    def url(path: str) -> str:
        return f"{siteurl}/{path}"

    def srcset(mime: str) -> str:
        return ", ".join(f"{url(p)} {w}w" for p, w in picture.sources[mime])

    sizes = SIZES[role]
    cls = f' class="{css_class}"' if css_class else ""
    parts = [f"<picture{cls}>"]
    for mime in ("image/avif", "image/webp"):
        if mime in picture.sources:
            parts.append(f'<source type="{mime}" srcset="{srcset(mime)}" sizes="{sizes}">')
    loading = 'fetchpriority="high" decoding="async"' if eager else 'loading="lazy" decoding="async"'
    title_attr = f' title="{escape(title)}"' if title else ""
    parts.append(
        f'<img src="{url(picture.fallback(FALLBACK_WIDTH[role]))}" srcset="{srcset(picture.fallback_mime)}" '
        f'sizes="{sizes}" width="{picture.width}" height="{picture.height}" alt="{escape(alt)}"{title_attr} {loading}>'
    )
    parts.append("</picture>")
    return "".join(parts)


_IMG_RE = re.compile(r"<img\b[^>]*>")
_ATTR_RE = re.compile(r'([a-zA-Z][\w-]*)="([^"]*)"')


def img_attributes(tag: str) -> dict[str, str]:
    return dict(_ATTR_RE.findall(tag))


def replace_images(html: str, replace: Callable[[dict[str, str]], str | None]) -> str:
    """Call `replace(attributes)` for each <img>; a None answer keeps the tag."""

    def sub(match: re.Match[str]) -> str:
        new = replace(img_attributes(match.group(0)))
        return match.group(0) if new is None else new

    return _IMG_RE.sub(sub, html)
