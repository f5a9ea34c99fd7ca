"""Raw HTML in Markdown: dangerous HTML is refused with an error, the rest is sanitised.

Editors may need a `<sup>` or an `<abbr>`; they never need scripts, styles, frames, event
handlers or `javascript:` URLs. Those are reported with their line so nothing is silently
dropped; after that, the whole rendered body passes through an allowlist sanitiser
(nh3, the Ammonia crate) so nothing outside the allowlist can reach a page.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown_it import MarkdownIt

_DANGEROUS = re.compile(
    r"<\s*/?\s*(script|style|iframe|frame|frameset|object|embed|applet|form|input|button|"
    r"textarea|select|link|meta|base|svg|math)\b|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|"
    r"data\s*:\s*text/html",
    re.I,
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "rel"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "title"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


# One sanitiser, built once: nh3.clean would build it again (its allowlists converted to
# Rust sets) for every body, a quarter of the time of sanitising one.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,
    filter_style_properties={"text-align"},
    strip_comments=True,
)


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)


def _raw_html_rule(state: Any) -> None:
    issues = state.env.get("raw_html_issues")
    if issues is None:
        return
    body_line = state.env.get("body_line", 1)
    for token in state.tokens:
        candidates = []
        if token.type == "html_block":
            candidates.append((token.content, token.map[0] if token.map else 0))
        elif token.type == "inline" and token.children:
            offset = token.map[0] if token.map else 0
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    offset += 1
                elif child.type == "html_inline":
                    candidates.append((child.content, offset))
        for content, offset in candidates:
            match = _DANGEROUS.search(content)
            if match:
                shown = match.group(0).strip()
                issues.append(
                    (
                        body_line + offset,
                        "body",
                        f"không được dùng mã HTML '{shown}' (script, style, khung iframe, biểu mẫu, thuộc tính "
                        "sự kiện on… và liên kết javascript: đều bị từ chối); hãy viết bằng Markdown",
                    )
                )


def raw_html_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "raw_html_check", _raw_html_rule)
