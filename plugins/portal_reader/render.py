"""Markdown body → sanitised HTML with markdown-it-py.

CommonMark plus tables, strikethrough, footnotes, heading anchors (ids from
diacritic-folded text), figures and resolved content links. One MarkdownIt instance per
process: building it is the expensive part, rendering is cheap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from vietnamese.text import slugify

from .figures import figure_plugin
from .links import LinkEnv, links_plugin
from .sanitize import raw_html_plugin, sanitize


def _anchor_slug(text: str) -> str:
    return slugify(text) or "muc"


def _footnotes_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    # A titled section: the notes get a visible heading (and HTML validators want one).
    return '<hr class="footnotes-sep">\n<section class="footnotes">\n<h2 class="footnotes-title">Chú thích</h2>\n<ol class="footnotes-list">\n'


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Let every URL through the parser so content_links can refuse unsafe ones with a
    # message (markdown-it would silently print `[x](javascript:…)` as text instead).
    md.validateLink = lambda url: True
    md.use(footnote_plugin)
    md.add_render_rule("footnote_block_open", _footnotes_open)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_anchor_slug, permalink=False)
    md.use(links_plugin)
    md.use(figure_plugin)  # pushed last: it runs after the link and HTML checks
    md.use(raw_html_plugin)
    return md


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    return _build()


def _inline_where_needed(state: Any) -> None:
    """The core "inline" rule, skipping inline runs that hold no '[' and no '<': without
    them there is no link, image, footnote or raw HTML, which is all a check looks at."""
    for token in state.tokens:
        if token.type == "inline" and ("[" in token.content or "<" in token.content):
            state.md.inline.parse(token.content, state.md, state.env, token.children)


@lru_cache(maxsize=1)
def checker() -> MarkdownIt:
    """The same parser and rules as `markdown()`, for checking without rendering."""
    md = _build()
    md.core.ruler.at("inline", _inline_where_needed)
    return md


def render(
    body: str, source_rel: str, files: frozenset[str], body_line: int, images: list[tuple[int, str]] | None = None
) -> tuple[str, list[tuple[int, str, str]]]:
    """Render `body`; return (html, [(line, field, message), …]).

    `images`, if given, receives (line, content path) of every image in the body."""
    link_env = LinkEnv(source_rel=source_rel, files=files, body_line=body_line)
    raw_issues: list[tuple[int, str, str]] = []
    env = {"links": link_env, "raw_html_issues": raw_issues, "body_line": body_line}
    html = markdown().render(body, env)
    if images is not None:
        images.extend(link_env.images)
    return sanitize(html), link_env.issues + raw_issues


def check_body(
    body: str, source_rel: str, files: frozenset[str], body_line: int
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """The problems `render` would report, without rendering (for `make check`), the images
    the body shows and the Markdown files it links to, each as (line, path in content/).

    Only what can hold a link, an image, a footnote or raw HTML is parsed: nothing in a body
    without '[' and '<'; else, in a body without constructs that span blank lines or refer
    to other blocks (code fences and indented code, raw HTML, reference definitions,
    footnotes), each blank-line-separated block with a '[' on its own; else the whole body.
    """
    if "[" not in body and "<" not in body:
        return [], [], []
    link_env = LinkEnv(source_rel=source_rel, files=files, body_line=body_line)
    raw_issues: list[tuple[int, str, str]] = []
    env = {"links": link_env, "raw_html_issues": raw_issues, "body_line": body_line}
    if _spans_blocks(body):
        checker().parse(body, env)
        return link_env.issues + raw_issues, link_env.images, link_env.sources
    offset = 0
    for block in body.split("\n\n"):
        if "[" in block:
            link_env.body_line = env["body_line"] = body_line + offset
            checker().parse(block, env)
        offset += block.count("\n") + 2
    return link_env.issues + raw_issues, link_env.images, link_env.sources


# What makes blocks depend on each other or span blank lines: '<' (raw HTML, autolinks),
# code fences, indented code, reference definitions and links, footnotes. Plain substring
# tests: much faster than one regular expression over the whole body.
_SPANS_MARKERS = ("<", "```", "~~~", "]:", "][", "[^", "\n    ", "\n\t")


def _spans_blocks(body: str) -> bool:
    return body.startswith(("    ", "\t")) or any(marker in body for marker in _SPANS_MARKERS)
