"""markdown-it plugin: resolve links and images that point into content/.

Editors link other articles by their Markdown file, relative to the current file (as a
Markdown preview on GitHub shows them): `[xem thêm](../2022/bai-khac.md)`. Such links
become Pelican's `{filename}` references, which Pelican turns into the target's URL once
every article is read; images become `{static}` references. A link to a file that does not
exist, or that leaves content/, is an error with the nearest existing names.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from vietnamese.text import suggest

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class LinkEnv:
    """What the link rule needs to know about the file being rendered."""

    source_rel: str  # path of the Markdown file, relative to content/, with '/'
    files: frozenset[str]  # every file under content/, relative, with '/'
    body_line: int = 1
    issues: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)
    # Images of the body that resolved to a content file: (line, path relative to content/),
    # for portal_images, which names the line when a photo cannot be published.
    images: list[tuple[int, str]] = field(default_factory=list)
    # Markdown files the body links to: (line, path relative to content/), for make check.
    sources: list[tuple[int, str]] = field(default_factory=list)


def resolve_path(target: str, source_rel: str) -> str | None:
    """Path of `target` relative to content/, or None if it leaves content/.

    A target starting with '/' is relative to content/; otherwise to the source's folder.
    """
    base = "" if target.startswith("/") else posixpath.dirname(source_rel)
    joined = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


def nearest_files(missing: str, files: frozenset[str], suffixes: tuple[str, ...]) -> list[str]:
    candidates = [f for f in files if f.endswith(suffixes)]
    by_name: dict[str, list[str]] = {}
    for path in candidates:
        by_name.setdefault(posixpath.basename(path), []).append(path)
    names = suggest(posixpath.basename(missing), by_name, n=2)
    return [p for name in names for p in sorted(by_name[name])][:2]


# Raster photos: shown through the image pipeline, never linked as files.
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif")


def check_reference(
    target: str, env: LinkEnv, what: str, static: bool
) -> tuple[str | None, str | None]:
    """Return (rewritten target, None) or (None, problem message)."""
    parts = urlsplit(target)
    scheme_match = _SCHEME_RE.match(target)
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        if scheme in SAFE_SCHEMES:
            return target, None
        return None, f"unsafe {what} address (got '{target}', expected http://, https://, mailto: or a file)"
    if target.startswith("//") or not parts.path:
        return target, None  # protocol-relative or pure '#fragment' / '?query'
    path = unquote(parts.path)
    if path.startswith("{"):
        return target, None  # already a Pelican reference ({filename}, {static}, …)
    resolved = resolve_path(path, env.source_rel)
    if resolved is None:
        return None, f"{what} '{target}' points outside content/ (expected a file inside content/)"
    suffix = f"#{parts.fragment}" if parts.fragment else ""
    is_markdown = resolved.endswith(".md")
    if not is_markdown and not static and posixpath.splitext(resolved)[1] in ("", ".html"):
        return target, None  # a site address such as /lien-he.html: not a content file
    if resolved not in env.files:
        kinds = (".md",) if is_markdown else (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".pdf")
        near = nearest_files(resolved, env.files - {env.source_rel}, kinds)
        hint = ""
        if near:
            rel = [posixpath.relpath(n, posixpath.dirname(env.source_rel)) for n in near]
            hint = " Did you mean " + " or ".join(f"'{r}'" for r in rel) + "?"
        return None, f"{what} '{target}' does not exist (looked for content/{resolved}).{hint}"
    if not static and resolved.lower().endswith(PHOTO_EXTENSIONS):
        # Originals are never published (camera files carry EXIF, GPS included); only the
        # resized, metadata-free copies the image pipeline makes for <img> are.
        return None, (
            f"{what} '{target}' leads to an original photo, which is not published (camera files can carry "
            f"GPS coordinates); show it in the article instead: ![description]({path})"
        )
    kind = "filename" if is_markdown else "static"
    return f"{{{kind}}}/{resolved}{suffix}", None


def _links_rule(state: Any) -> None:
    env = state.env.get("links")
    if not isinstance(env, LinkEnv):
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        line = env.body_line + (block.map[0] if block.map else 0)
        for child in _walk(block.children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                _rewrite(child, "href", env, line, "link", static=False)
            elif child.type == "image":
                if not child.content.strip() and not _alt_text(child).strip():
                    env.issues.append(
                        (line, "body", f"image '{child.attrGet('src')}' has no alt text: describe it "
                         "between the brackets, e.g. ![Quang cảnh hội nghị](…)")
                    )
                _rewrite(child, "src", env, line, "image", static=True)
                src = str(child.attrGet("src") or "")
                if src.startswith("{static}/"):
                    env.images.append((line, unquote(src[len("{static}/") :])))


def _alt_text(token: Token) -> str:
    return "".join(c.content for c in (token.children or []))


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children and token.type != "image":
            out.extend(_walk(token.children))
    return out


def _rewrite(token: Token, attr: str, env: LinkEnv, line: int, what: str, static: bool) -> None:
    value = str(token.attrGet(attr) or "")
    rewritten, problem = check_reference(value, env, what, static)
    if problem:
        env.issues.append((line, "body", problem))
        token.attrSet(attr, "#")
    elif rewritten is not None:
        token.attrSet(attr, rewritten)
        if rewritten.startswith("{filename}/"):
            env.sources.append((line, rewritten[len("{filename}/") :].split("#")[0]))


def links_plugin(md: MarkdownIt) -> None:
    # Before "figure", so figures see the rewritten image sources.
    md.core.ruler.after("inline", "content_links", _links_rule)
