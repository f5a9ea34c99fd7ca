"""Old addresses keep working: redirect pages, the nginx redirect map, the URL history.

Two sources of old addresses, both redirected to the content's current URL:

- `aliases:` in an article's or page's front matter (addresses of the old portal);
- the URL history, `content/data/url-history.yaml`: for every published source file, each
  address it has had (`make urls` records them). When a title, slug or date changes, the
  URL changes; the recorded old address becomes a redirect with no editor action. A
  public build (`PORTAL_URL_HISTORY_CHECK`) warns about any published address not yet
  recorded, so `make publish` (warnings are errors) cannot ship one silently.

Only public content (published, not scheduled) gets redirects: a draft's aliases and
history reach neither the pages nor the map. Each redirect is a small HTML page
(canonical link, meta refresh, noindex, a visible link) and a line of `redirects.map`:
`/old/path.html /new/path.html;`, sorted, for nginx's `map $uri $redirect_uri { include …; }`.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from portal_diagnostics import Problem
from portal_reader.frontmatter import FrontMatterError, load_yaml
from portal_reader.origin import origin_of
from portal_reader.source import display_path

HISTORY_HEADER = (
    "# Mọi địa chỉ mà từng bài, từng trang đã đăng từng có (tệp nguồn → địa chỉ trên trang web).\n"
    "# Bản dựng chuyển hướng mọi địa chỉ ghi ở đây, trừ địa chỉ hiện tại, về địa chỉ hiện tại.\n"
    "# Bước kiểm tra khi commit (hoặc `make urls`) tự ghi thêm; commit tệp này cùng bài. Chuyển, đổi tên tệp thì sửa khóa theo.\n"
)


@dataclass(frozen=True)
class Redirect:
    """An old site address (`/tin-cu/bai.html`) that leads to `content`, and where it was declared."""

    address: str
    content: Any
    path: str  # file that declares it, for messages
    line: int
    field: str

    @property
    def save_as(self) -> str:
        return alias_save_as(self.address)


def alias_save_as(alias: str) -> str:
    """The output file of an old address: a folder address gets its index.html."""
    path = alias.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    if posixpath.splitext(path)[1]:
        return path
    return path + "/index.html"


def site_path(url: str) -> str:
    """A content URL (`2023/06/x.html`) as a site address (`/2023/06/x.html`)."""
    return "/" + url.lstrip("/")


# --- the URL history file -----------------------------------------------------------


@dataclass
class UrlHistory:
    """content/data/url-history.yaml: {source path: [(address, line)]}, plus the key lines."""

    path: str
    entries: dict[str, list[tuple[str, int]]]
    lines: dict[str, int]

    def addresses(self, source_rel: str) -> list[str]:
        return [address for address, _line in self.entries.get(source_rel, [])]


def load_history(path: str) -> tuple[UrlHistory, list[Problem]]:
    """Read the URL history; a missing file is an empty history. Problems carry their lines."""
    history = UrlHistory(path, {}, {})
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return history, []
    try:
        data, lines = load_yaml(text)
    except FrontMatterError as exc:
        return history, [Problem(shown, line, "", message) for line, message in exc.problems]
    if data is None:
        return history, []
    if not isinstance(data, dict):
        return history, [Problem(shown, 1, "", "cần các mục dạng 'tệp nguồn: [địa chỉ]', ví dụ "
                                 "articles/2023/bai.md: [/2023/06/bai.html]")]
    problems: list[Problem] = []
    for source, addresses in data.items():
        line = lines.get(source, 1)
        history.lines[source] = line
        if isinstance(addresses, str):
            addresses = [addresses]
        if not isinstance(addresses, list) or not all(isinstance(a, str) for a in addresses):
            problems.append(Problem(shown, line, source, "cần danh sách địa chỉ trên trang web, ví dụ /2023/06/bai.html"))
            continue
        good: list[tuple[str, int]] = []
        for position, address in enumerate(addresses):
            item_line = lines.get(f"{source}[{position}]", line)
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not address.startswith("/") or ".." in address.split("/"):
                problems.append(Problem(shown, item_line, source, f"không phải địa chỉ trên trang web (đang ghi '{address}', "
                                        "cần đường dẫn tính từ gốc trang web, ví dụ /2023/06/bai.html)"))
                continue
            good.append((address, item_line))
        history.entries[source] = good
    return history, problems


class _PlainDumper(yaml.SafeDumper):
    """Never writes anchors and aliases (for a list given twice): load_yaml refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_history(entries: dict[str, list[str]]) -> str:
    """The history file's text: a header, then sources in order, addresses oldest first."""
    body = yaml.dump({k: entries[k] for k in sorted(entries)}, Dumper=_PlainDumper, allow_unicode=True,
                     sort_keys=False, default_flow_style=False, width=1000)
    return HISTORY_HEADER + body


# --- collecting, checking and writing -------------------------------------------------


def collect(contents: list[Any], history: UrlHistory) -> list[Redirect]:
    """Every redirect of the public `contents`: their aliases and their recorded old addresses."""
    redirects: list[Redirect] = []
    shown_history = display_path(history.path)
    for content in contents:
        current = site_path(content.url)
        origin = origin_of(content)
        for position, alias in enumerate(content.aliases):
            line = origin.line(f"aliases[{position}]") if origin else 1
            redirects.append(Redirect(alias, content, display_path(content.source_path), line, "aliases"))
        source_rel = origin.rel_path if origin else None
        for address, line in history.entries.get(source_rel, []) if source_rel else ():
            if address != current:
                redirects.append(Redirect(address, content, shown_history, line, source_rel))
    return redirects


def check_clashes(redirects: list[Redirect], taken: dict[str, Any]) -> list[Problem]:
    """An old address may not be a page the site writes, nor lead to two places.

    `taken` maps every output file the build writes (save_as) to a description of it, or to
    the content written there.
    """
    problems: list[Problem] = []
    seen: dict[str, Redirect] = {}
    for redirect in sorted(redirects, key=lambda r: (r.path, r.line, r.address)):
        owner = taken.get(redirect.save_as)
        if owner is not None:
            if not isinstance(owner, str):
                owner = display_path(owner.source_path)
            problems.append(Problem(
                redirect.path, redirect.line, redirect.field,
                f"địa chỉ cũ '{redirect.address}' đang là một trang của trang web ({owner}): "
                "đặt chuyển hướng ở đó sẽ thay mất trang ấy; hãy xóa địa chỉ này",
            ))
            continue
        other = seen.get(redirect.save_as)
        if other is not None and other.content is not redirect.content:
            problems.append(Problem(
                redirect.path, redirect.line, redirect.field,
                f"địa chỉ cũ '{redirect.address}' đã chuyển hướng đến {display_path(other.content.source_path)} "
                f"({other.path}:{other.line}); chỉ giữ địa chỉ này ở một nơi",
            ))
            continue
        seen[redirect.save_as] = redirect
    return problems


def unrecorded(contents: list[Any], history: UrlHistory, limit: int | None = None) -> tuple[list[str], int]:
    """Warnings for public content whose current address the URL history does not hold yet:
    the first `limit` messages (all if None) and how many there are in all. Messages are
    only composed for those shown: a site without a history has thousands."""
    missing = []
    for content in contents:
        origin = origin_of(content)
        if origin is not None and site_path(content.url) not in history.addresses(origin.rel_path):
            missing.append(content)
    missing.sort(key=lambda c: c.source_path)
    messages = []
    for content in missing if limit is None else missing[:limit]:
        current = site_path(content.url)
        origin = origin_of(content)
        assert origin is not None  # only sources with an origin are missing
        where = f"{display_path(content.source_path)}:{origin.lines.get('slug', origin.lines.get('title', 1))}"
        known = history.addresses(origin.rel_path)
        if known:
            what = f"địa chỉ đã đổi thành '{current}' (đã ghi: {', '.join(known)}, nay chuyển hướng về đây)"
        else:
            what = f"địa chỉ '{current}' chưa được ghi vào {display_path(history.path)}"
        messages.append(f"{where}: url: {what}; chạy 'make urls' rồi commit {display_path(history.path)}")
    return messages, len(missing)


def missing_sources(history: UrlHistory, content_root: str) -> list[Problem]:
    """A recorded source file that no longer exists: its addresses would silently break."""
    problems = []
    for source, addresses in history.entries.items():
        if not os.path.exists(os.path.join(content_root, source)):
            shown = ", ".join(a for a, _ in addresses) or "không có địa chỉ nào"
            problems.append(Problem(
                display_path(history.path), history.lines.get(source, 1), source,
                f"tệp này không còn nữa, nhưng các địa chỉ của nó đã được đăng ({shown}). Nếu bạn đã chuyển hoặc "
                "đổi tên tệp, hãy sửa khóa này thành đường dẫn mới; nếu bạn cố ý xóa tệp, hãy xóa mục này",
            ))
    return problems


def redirect_page(redirect: Redirect, site_url: str) -> str:
    """The HTML left at an old address: canonical link, refresh, noindex and a visible link."""
    content = redirect.content
    if site_url:
        target = f"{site_url}/{content.url}"
    else:  # relative: from the old address's folder to the target
        target = posixpath.relpath(content.url or ".", posixpath.dirname(redirect.save_as) or ".")
    title = html.escape(content.title)
    target_attr = html.escape(target, quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{target_attr}">\n'
        f'<meta http-equiv="refresh" content="0; url={target_attr}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>Bài viết đã chuyển đến địa chỉ mới: <a href="{target_attr}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )


_NGINX_PLAIN = re.compile(r"^[^\s;{}#'\"\\]+$")


def _nginx(value: str) -> str:
    if _NGINX_PLAIN.match(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def redirect_map(redirects: list[Redirect], site_url: str) -> str:
    """`redirects.map` for nginx: one `/old /new;` line per old address, sorted, no duplicates."""
    prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
    pairs = sorted({(prefix + r.address, prefix + site_path(r.content.url)) for r in redirects})
    lines = [
        "# Old addresses → current ones. nginx: map $uri $redirect_uri { include redirects.map; }\n"
    ]
    lines += [f"{_nginx(old)} {_nginx(new)};\n" for old, new in pairs]
    return "".join(lines)
