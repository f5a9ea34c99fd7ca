"""markdown-it plugin: resolve links and images that point into content/.

Editors link other articles by their Markdown file, relative to the current file (as a
Markdown preview on GitHub shows them): `[xem thêm](../2022/bai-khac.md)`. Such links
become Pelican's `{filename}` references, which Pelican turns into the target's URL once
every article is read; images become `{static}` references. A link to a file that does not
exist, or that leaves content/, is an error with the nearest existing names.

What may leave content/ is decided here, in one place (see `file_kind`): articles and pages
(`.md`, linked), photos (PHOTO_EXTENSIONS, shown as images: portal_images publishes resized
copies, never the original) and documents (ATTACHMENT_EXTENSIONS, linked, copied as they
are). Anything else — HTML, SVG, XML, scripts, text, archives — is refused with its line,
because a file copied from content/ is served from the portal's own address, where its
scripts would run. portal_reader.static enforces the same list where Pelican copies files.
"""

from __future__ import annotations

import html
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
# Documents a body may link to, copied to output/ byte for byte: PDF, Microsoft Office and
# OpenDocument files, which a browser downloads or hands to a viewer and never runs as a page
# of our address. Deliberately short: no HTML/XHTML, XML, SVG or scripts (they would run on
# the portal's address), no plain text or CSV (old browsers sniff them as HTML), no archives
# (they hide what they hold). A new type belongs here only if no browser renders it.
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp")
# Files a browser shows as a page of the site that serves them.
_WEB_PAGE_EXTENSIONS = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml")
# Pelican's own link syntax ({static}path, |filename|path): Pelican copies what {static} and
# {attach} name, so the reader resolves these itself and refuses them where it cannot.
_PELICAN_REFERENCE = re.compile(r"[{|](filename|static|attach|index|tag|category|author)[|}]")


def file_kind(rel: str) -> str:
    """'markdown', 'photo', 'attachment' or 'other' (never published) for a content path."""
    extension = posixpath.splitext(rel)[1]
    if extension == ".md":  # Pelican reads '.md' only, not '.MD'
        return "markdown"
    extension = extension.lower()
    if extension in PHOTO_EXTENSIONS:
        return "photo"
    if extension in ATTACHMENT_EXTENSIONS:
        return "attachment"
    return "other"


def _listed(extensions: tuple[str, ...]) -> str:
    return ", ".join(extensions[:-1]) + " hoặc " + extensions[-1]


# What a reference is, as the messages name it (callers pass the English word).
_NOUNS = {"link": "liên kết", "image": "ảnh", "portrait": "ảnh chân dung"}


def _noun(what: str) -> str:
    return _NOUNS.get(what, what)


def _png_instead(path: str) -> str:
    return posixpath.splitext(path)[0] + ".png"


def _not_a_photo(what: str, target: str, path: str) -> str:
    extension = posixpath.splitext(path)[1].lower()
    if extension == ".svg":
        return (
            f"{_noun(what)} '{target}' là hình vẽ SVG, loại tệp không được đăng (nó có thể chứa mã script chạy trên "
            f"địa chỉ của cổng thông tin, và khi dựng trang không tạo được bản sao an toàn của nó); hãy xuất hình ra "
            f"PNG và dùng '{_png_instead(target)}'"
        )
    got = extension or "không có phần mở rộng"
    message = (
        f"{_noun(what)} '{target}' không thuộc định dạng ảnh mà cổng thông tin đăng được (đang ghi {got}, "
        f"cần {_listed(PHOTO_EXTENSIONS)})"
    )
    if extension in ATTACHMENT_EXTENSIONS:
        message += f"; tài liệu thì hãy liên kết trong thân bài: [tên tài liệu]({path})"
    return message


def _not_published(what: str, target: str, path: str) -> str:
    got = posixpath.splitext(path)[1] or "không có phần mở rộng"
    extension = got.lower()
    message = (
        f"{_noun(what)} '{target}' dẫn tới loại tệp không được đăng (đang ghi {got}, cần .md hoặc một tài liệu: "
        f"{_listed(ATTACHMENT_EXTENSIONS)})"
    )
    if extension in _WEB_PAGE_EXTENSIONS:
        return message + (
            "; trang web trong content/ sẽ chạy mã script của nó trên địa chỉ của cổng thông tin: "
            "hãy chuyển nó sang Markdown (.md) hoặc PDF"
        )
    if extension == ".svg":
        return message + f"; tệp SVG có thể chứa mã script: hãy xuất hình ra PNG rồi chèn ảnh: ![mô tả]({_png_instead(path)})"
    return message + "; hãy lưu tệp dạng PDF"


def check_reference(
    target: str, env: LinkEnv, what: str, static: bool
) -> tuple[str | None, str | None]:
    """Return (rewritten target, None) or (None, problem message).

    `static` is True for images (body, lead, portrait): they must be photos. Links may lead
    to articles and pages, documents, or addresses outside content/."""
    parts = urlsplit(target)
    shown = unquote(target)  # as the editor wrote it, not as markdown-it escaped it (t%C3%A0i → tài)
    scheme_match = _SCHEME_RE.match(target)
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        if scheme in SAFE_SCHEMES:
            return target, None
        return None, f"địa chỉ {_noun(what)} không an toàn (đang ghi '{shown}', cần http://, https://, mailto: hoặc một tệp)"
    if target.startswith("//") or not parts.path:
        return target, None  # protocol-relative or pure '#fragment' / '?query'
    path = unquote(parts.path)
    reference = _PELICAN_REFERENCE.match(path)
    if reference:
        if reference.group(1) not in ("filename", "static", "attach"):
            return target, None  # {index}, {tag}…: addresses of the site, not files
        # A file reference written by hand: resolved like any path ('/…' from content/).
        path = path[reference.end() :]
    resolved = resolve_path(path, env.source_rel)
    if resolved is None:
        return None, f"{_noun(what)} '{shown}' trỏ ra ngoài content/ (cần một tệp trong content/)"
    suffix = f"#{parts.fragment}" if parts.fragment else ""
    kind = file_kind(resolved)
    if static:
        if kind != "photo":
            return None, _not_a_photo(what, shown, path)
    elif kind == "other":
        if not reference and resolved not in env.files and posixpath.splitext(resolved)[1] in ("", ".html"):
            return target, None  # a site address such as /lien-he.html: not a content file
        return None, _not_published(what, shown, path)
    if resolved not in env.files:
        kinds = (".md",) if kind == "markdown" else PHOTO_EXTENSIONS if static else PHOTO_EXTENSIONS + ATTACHMENT_EXTENSIONS
        near = nearest_files(resolved, env.files - {env.source_rel}, kinds)
        hint = ""
        if near:
            rel = [posixpath.relpath(n, posixpath.dirname(env.source_rel)) for n in near]
            hint = " Có phải ý bạn là " + " hay ".join(f"'{r}'" for r in rel) + "?"
        return None, f"{_noun(what)} '{shown}' không tồn tại (đã tìm content/{resolved}).{hint}"
    if not static and kind == "photo":
        # Originals are never published (camera files carry EXIF, GPS included); only the
        # resized, metadata-free copies the image pipeline makes for <img> are.
        return None, (
            f"{_noun(what)} '{shown}' dẫn tới ảnh gốc, loại tệp không được đăng (tệp từ máy ảnh có thể mang "
            f"tọa độ GPS); hãy chèn ảnh vào bài: ![mô tả]({path})"
        )
    pelican_kind = "filename" if kind == "markdown" else "static"
    return f"{{{pelican_kind}}}/{resolved}{suffix}", None


def _links_rule(state: Any) -> None:
    env = state.env.get("links")
    if not isinstance(env, LinkEnv):
        return
    for block in state.tokens:
        if block.type == "html_block":
            _check_raw_html(block.content, env.body_line + (block.map[0] if block.map else 0), env)
        if block.type != "inline" or not block.children:
            continue
        line = env.body_line + (block.map[0] if block.map else 0)
        for child in _walk(block.children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                _check_raw_html(child.content, line, env)
            elif child.type == "link_open":
                _check_text_attributes(str(child.attrGet("title") or ""), line, env)
                _rewrite(child, "href", env, line, "link", static=False)
            elif child.type == "image":
                if not child.content.strip() and not _alt_text(child).strip():
                    env.issues.append(
                        (line, "body", f"ảnh '{unquote(str(child.attrGet('src')))}' chưa có mô tả: ghi mô tả "
                         "giữa hai dấu ngoặc vuông, ví dụ ![Quang cảnh hội nghị](…)")
                    )
                _check_text_attributes(f"{child.content} {child.attrGet('title') or ''}", line, env)
                _rewrite(child, "src", env, line, "image", static=True)
                src = str(child.attrGet("src") or "")
                if src.startswith("{static}/"):
                    env.images.append((line, unquote(src[len("{static}/") :])))


# A tag of raw HTML, and an address in it (href/src: the URL attributes the sanitiser keeps).
_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>""")
_URL_ATTRIBUTE = re.compile(r"""(?:^|[\s"'/])(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def _reference_message(found: str) -> str:
    return (
        f"'{found}' là cú pháp liên kết nội bộ của công cụ dựng trang, không được dùng trong mã HTML, tiêu đề "
        "liên kết hay mô tả ảnh; hãy liên kết tệp bằng [chữ](đường dẫn) và chèn ảnh bằng ![mô tả](đường dẫn)"
    )


def _check_text_attributes(text: str, line: int, env: LinkEnv) -> None:
    """A title or alt text holding Pelican's link syntax: Pelican would act on it (copying the
    file it names) if it looked like an attribute, so it is refused outright."""
    found = _PELICAN_REFERENCE.search(text)
    if found:
        env.issues.append((line, "body", _reference_message(found.group(0))))


def _check_raw_html(content: str, line: int, env: LinkEnv) -> None:
    """Raw HTML is published as written: its addresses are not resolved, so one leading to a
    content file (an original photo, an article's .md, a document) would be broken, and
    Pelican's link syntax in it would let Pelican copy any file. Both are refused; other
    addresses (other sites, pages of this site) pass to the sanitiser."""
    found = _PELICAN_REFERENCE.search(content)
    if found:
        env.issues.append((line + content.count("\n", 0, found.start()), "body", _reference_message(found.group(0))))
        return
    for tag in _TAG.finditer(content):
        for attribute in _URL_ATTRIBUTE.finditer(tag.group(2)):
            value = html.unescape(next(g for g in attribute.groups()[1:] if g is not None))
            parts = urlsplit(value)
            if _SCHEME_RE.match(value) or value.startswith("//") or not parts.path:
                continue
            resolved = resolve_path(unquote(parts.path), env.source_rel)
            if resolved is None or resolved not in env.files:
                continue
            at = line + content.count("\n", 0, tag.start())
            if attribute.group(1).lower() == "src":
                message = (
                    f"ảnh '{value}' trong mã HTML không được đăng (mã HTML được chép nguyên văn, còn ảnh gốc "
                    f"không bao giờ được đăng); hãy dùng Markdown: ![mô tả]({value})"
                )
            else:
                message = (
                    f"liên kết '{value}' trong mã HTML tới một tệp trong content/ sẽ không dẫn tới đâu (mã HTML "
                    f"được chép nguyên văn); hãy dùng Markdown: [chữ]({value})"
                )
            env.issues.append((at, "body", message))


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
