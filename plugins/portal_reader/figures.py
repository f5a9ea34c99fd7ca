"""markdown-it plugin: an image alone in its paragraph becomes a <figure>.

The caption is the text on the lines after the image in the same paragraph (the way
captions sit under photos in Vietnamese newspapers), or else the image's title. A caption
ending in "Ảnh: <name>" has the credit marked separately:

    ![Quang cảnh buổi làm việc](anh.jpg)
    Quang cảnh buổi làm việc. Ảnh: Quốc Dũng

renders as <figure><img …><figcaption>Quang cảnh buổi làm việc. <span class="credit">Ảnh:
Quốc Dũng</span></figcaption></figure>.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_CREDIT_RE = re.compile(r"^(?P<caption>.*?)\s*Ảnh\s*:\s*(?P<credit>[^<>]+?)\s*$", re.S)


def split_credit(caption_html: str) -> tuple[str, str]:
    """("Quang cảnh. Ảnh: Quốc Dũng") → ("Quang cảnh.", "Quốc Dũng"); credit may be ""."""
    match = _CREDIT_RE.match(caption_html)
    if not match:
        return caption_html.strip(), ""
    return match.group("caption").strip(), match.group("credit").strip()


def figure_html(img_html: str, caption_html: str, credit: str) -> str:
    parts = [f"<figure>{img_html}"]
    if caption_html or credit:
        inner = caption_html
        if credit:
            inner = f'{inner} <span class="credit">Ảnh: {credit}</span>'.strip()
        parts.append(f"<figcaption>{inner}</figcaption>")
    parts.append("</figure>\n")
    return "".join(parts)


def _is_blank_text(token: Token) -> bool:
    return token.type == "text" and not token.content.strip()


def _figure_rule(state: Any) -> None:
    tokens = state.tokens
    index = 0
    while index + 2 < len(tokens):
        opening, inline, closing = tokens[index], tokens[index + 1], tokens[index + 2]
        if not (
            opening.type == "paragraph_open"
            and inline.type == "inline"
            and closing.type == "paragraph_close"
            and inline.children
        ):
            index += 1
            continue
        children = [c for c in inline.children]
        while children and _is_blank_text(children[0]):
            children.pop(0)
        if not children or children[0].type != "image":
            index += 1
            continue
        image, rest = children[0], children[1:]
        if rest and rest[0].type not in ("softbreak", "hardbreak"):
            index += 1  # the image is part of a sentence: leave it inline
            continue
        caption = rest[1:] if rest else []
        figure = Token("figure", "figure", 0)
        figure.map = opening.map
        figure.children = [image]
        figure.meta = {"caption": caption}
        tokens[index : index + 3] = [figure]
        index += 1


def _render_figure(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    image = token.children[0] if token.children else None
    img_html = self.renderInline([image], options, env) if image else ""
    caption_tokens = token.meta.get("caption") or []
    if caption_tokens:
        caption_html = self.renderInline(caption_tokens, options, env)
    else:
        caption_html = (image.attrGet("title") or "") if image else ""
        caption_html = caption_html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    caption, credit = split_credit(caption_html)
    return figure_html(img_html, caption, credit)


def figure_plugin(md: MarkdownIt) -> None:
    """Register the figure rule (last among core rules, so link checks have run), and its renderer."""
    md.core.ruler.push("figure", _figure_rule)
    md.add_render_rule("figure", _render_figure)
