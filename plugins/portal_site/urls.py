"""Which output file each source claims, the check that no two claim the same one, and the
check that none claims a file or folder the site itself writes (`reserved_clashes`).

Shared by the build (PortalGenerator, on Pelican's content objects) and `make check`
(on front matter alone, without building), so both report a clash with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from portal_diagnostics import Problem

from .redirects import alias_save_as


@dataclass(frozen=True)
class Claim:
    """One source's output files: its page (field "slug") and its aliases (field "aliases")."""

    path: str  # the source's path (url_clashes' `show` makes it the one printed)
    lines: dict[str, int]
    targets: tuple[tuple[str, str, str], ...]  # (save_as, field, the address as written)
    published: str = ""  # the page's file once public (a draft's differs from its save_as)


def claim(
    path: str, lines: dict[str, int], save_as: str | None, aliases: Iterable[str], published: str | None = None
) -> Claim:
    targets = [(save_as, "slug", save_as)] if save_as else []
    targets += [(alias_save_as(alias), "aliases", str(alias)) for alias in aliases]
    # Only the lines a clash is reported on: claims travel between processes.
    kept = {key: lines[key] for key in ("slug", "aliases", "title") if key in lines}
    return Claim(path, kept, tuple(targets), published if published is not None else save_as or "")


def url_clashes(claims: Iterable[Claim], show: Callable[[str], str] = str) -> list[Problem]:
    """Two sources with the same output file: a problem on the later one (in path order)
    naming the first, or, when one of the two is an alias, on the alias (the alias is what
    to change). `show` turns a claim's path into the one printed (called only for a
    problem: the build passes source paths and display_path, costly at 10,000 files)."""
    claimed: dict[str, tuple[Claim, str, str]] = {}
    problems: list[Problem] = []
    for item in sorted(claims, key=lambda c: c.path):
        for save_as, field, written in item.targets:
            first = claimed.get(save_as)
            if first is None:
                claimed[save_as] = (item, field, written)
                continue
            other, other_field, other_written = first
            if other is item:
                continue
            if field == "aliases" and other_field == "aliases":
                where, message = item, (
                    f"địa chỉ cũ '{written}' cũng là địa chỉ cũ của {show(other.path)}: "
                    "mỗi địa chỉ chỉ chuyển hướng được đến một nơi; hãy giữ nó ở một trong hai tệp"
                )
            elif "aliases" in (field, other_field):
                where, owner, address = (item, other, written) if field == "aliases" else (other, item, other_written)
                message = (
                    f"địa chỉ cũ '{address}' là địa chỉ của {show(owner.path)}: "
                    "đặt chuyển hướng ở đó sẽ thay mất trang ấy; hãy xóa địa chỉ này"
                )
            else:
                where = item
                message = (f"trùng địa chỉ '{save_as}' với {show(other.path)}: hãy đổi tiêu đề của một trong hai, "
                           "hoặc ghi 'slug:' khác")
            reported = "aliases" if where is not item else field
            problems.append(Problem(show(where.path), where.lines.get(reported, where.lines.get("title", 1)), reported, message))
    return problems + _through_files(claims, claimed, show)


def _through_files(
    claims: Iterable[Claim], claimed: dict[str, tuple[Claim, str, str]], show: Callable[[str], str]
) -> list[Problem]:
    """An old address inside another output file ('/2023/06/bai.html/'): writing it would
    need that file to be a folder."""
    problems: list[Problem] = []
    for item in sorted(claims, key=lambda c: c.path):
        for save_as, field, written in item.targets:
            parts = save_as.split("/")
            owners = [claimed[parent] for depth in range(1, len(parts)) if (parent := "/".join(parts[:depth])) in claimed]
            if field == "aliases" and owners:
                other, other_field, _written = owners[0]
                whose = "một địa chỉ cũ" if other_field == "aliases" else "địa chỉ"
                problems.append(Problem(
                    show(item.path), item.lines.get("aliases", item.lines.get("title", 1)), "aliases",
                    f"địa chỉ cũ '{written}' nằm bên trong {whose} của {show(other.path)}, vốn là một tệp, không phải "
                    "thư mục; hãy xóa địa chỉ này",
                ))
    return problems


def save_as_of(fields: dict[str, Any], settings: dict[str, Any], is_page: bool) -> str:
    """The output file of a source from its front matter, as Pelican names it from the
    *_SAVE_AS settings (drafts under their own setting). "" when the setting is empty."""
    kind = "PAGE" if is_page else "ARTICLE"
    if fields.get("status") == "draft":
        pattern = settings.get("DRAFT_PAGE_SAVE_AS" if is_page else "DRAFT_SAVE_AS", "")
    else:
        pattern = settings.get(f"{kind}_SAVE_AS", "")
    return _formatted(pattern, fields, settings)


def url_of(fields: dict[str, Any], settings: dict[str, Any], is_page: bool) -> str:
    """The site address (relative, as Pelican's `url`) a source has once published, from the
    *_URL settings: what the URL history records. "" when the setting is empty."""
    return _formatted(settings.get("PAGE_URL" if is_page else "ARTICLE_URL", ""), fields, settings)


def _formatted(pattern: Any, fields: dict[str, Any], settings: dict[str, Any]) -> str:
    values = {"slug": fields.get("slug", ""), "lang": settings.get("DEFAULT_LANG", ""), "category": fields.get("category", "")}
    if "date" in fields:
        values["date"] = fields["date"]
    try:
        return str(pattern).format(**values)
    except (KeyError, AttributeError, IndexError, ValueError):
        return ""


# --- addresses the site keeps for itself ------------------------------------------------


@dataclass(frozen=True)
class Reserved:
    """The files and folders the build writes itself, each with what it is for messages.
    An article's or page's address and an old address (alias) may be none of them."""

    files: dict[str, str]  # save_as → "trang chủ"
    folders: dict[str, str]  # first segment → "các trang và nguồn tin của chuyên mục"
    paged: re.Pattern[str] | None  # a top folder of older pages, e.g. trang-2

    def use(self, save_as: str) -> str | None:
        """What the site writes at `save_as` (a file or anything inside a reserved folder), as
        the end of a sentence about the address ("là trang chủ"), or None."""
        if save_as in self.files:
            return f"là {self.files[save_as]}"
        top = save_as.split("/", 1)[0]
        if "/" in save_as and top in self.files:
            return f"nằm bên trong {top}, tức {self.files[top]}"
        if "/" in save_as and top in self.folders:
            return f"nằm trong {top}/, thư mục của {self.folders[top]}"
        if "/" in save_as and self.paged and self.paged.fullmatch(top):
            return f"nằm trong {top}/, một thư mục chứa các trang bài cũ hơn"
        return None


# Folders of the site map page and of the page listing every feed (generator.py writes them).
SITE_MAP_FOLDER = "so-do-cong-thong-tin"
FEEDS_PAGE_FOLDER = "rss"


def _top(pattern: Any) -> str:
    """The first folder of an address pattern ("chuyen-muc/{slug}/index.html" → "chuyen-muc")."""
    text = str(pattern or "")
    return text.split("/", 1)[0] if "/" in text and "{" not in text.split("/", 1)[0] else ""


def reserved_addresses(settings: dict[str, Any]) -> Reserved:
    """Reserved files and folders, from the settings that name them (defaults when the
    plugins have not filled them in, as in `make check`)."""
    from . import DEFAULTS

    def setting(key: str) -> Any:
        return settings.get(key) or DEFAULTS.get(key, "")

    files = {"index.html": "trang chủ", "robots.txt": "tệp hướng dẫn cho máy tìm kiếm"}
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS") or f"{name}.html"
        files[save_as] = "trang báo không tìm thấy trang (404)" if name == "404" else f"trang {name}"
    for key, what in (("PORTAL_SITEMAP", "sơ đồ trang web (sitemap)"), ("PORTAL_NEWS_SITEMAP", "sơ đồ tin mới (sitemap tin tức)"),
                      ("PORTAL_REDIRECT_MAP", "bảng chuyển hướng cho nginx"),
                      ("PORTAL_FEED_RSS", "nguồn tin RSS của trang web"), ("PORTAL_FEED_ATOM", "nguồn tin Atom của trang web")):
        files[setting(key)] = what
    folders = {settings.get("THEME_STATIC_DIR") or "theme": "các tệp giao diện (CSS, JavaScript)"}
    folders[_top(setting("PORTAL_CATEGORY_SAVE_AS"))] = "các trang và nguồn tin của chuyên mục"
    folders[_top(setting("PORTAL_ARCHIVES_SAVE_AS"))] = "các trang lưu trữ"
    for key in ("DRAFT_SAVE_AS", "DRAFT_PAGE_SAVE_AS"):
        folders[_top(settings.get(key))] = "các bản xem trước của bản nháp"
    for spec in settings.get("PORTAL_TAXONOMIES") or []:
        if isinstance(spec, dict) and isinstance(spec.get("segment"), str):
            title = spec.get("title") or spec.get("name") or spec["segment"]
            folders[spec["segment"]] = f"các trang và nguồn tin của mục '{title}'"
    folders[_images_folder()] = "các ảnh đã đăng"
    folders["tim-kiem"] = "trang tìm kiếm"
    folders[_documents_folder(settings)] = "các trang tra cứu văn bản"
    folders[SITE_MAP_FOLDER] = "trang sơ đồ cổng thông tin"
    folders[FEEDS_PAGE_FOLDER] = "trang danh sách kênh RSS"
    folders.pop("", None)
    return Reserved({k: v for k, v in files.items() if k}, folders, _paged_folder(settings.get("PAGINATION_PATTERNS")))


def _images_folder() -> str:
    try:  # portal_images owns the folder its variants are written to
        from portal_images.build import OUTPUT_FOLDER
    except ImportError:  # pragma: no cover - a site without portal_images
        return ""
    return str(OUTPUT_FOLDER)


def _documents_folder(settings: dict[str, Any]) -> str:
    try:  # portal_documents owns the section of legal documents (PORTAL_DOCUMENTS_PATH)
        from portal_documents.load import setting
    except ImportError:  # pragma: no cover - a site without portal_documents
        return ""
    return str(setting(settings, "PORTAL_DOCUMENTS_PATH")).strip("/").split("/", 1)[0]


def _paged_folder(patterns: Any) -> re.Pattern[str] | None:
    """The folder of a listing's later pages ("{base_name}/trang-{number}/": trang-2, trang-3, …)."""
    for pattern in patterns or []:
        url = str(pattern[1]) if isinstance(pattern, (list, tuple)) and len(pattern) > 1 else ""
        folder = url.removeprefix("{base_name}/").split("/", 1)[0]
        if "{number}" in folder and url.startswith("{base_name}/"):
            before, _, after = folder.partition("{number}")
            return re.compile(re.escape(before) + r"\d+" + re.escape(after))
    return None


def reserved_clashes(claims: Iterable[Claim], reserved: Reserved, show: Callable[[str], str] = str) -> list[Problem]:
    """A page (once public) or an old address at a file or folder the site writes itself:
    a problem with what the site keeps there and the fix."""
    problems: list[Problem] = []
    for item in claims:
        if item.published and (use := reserved.use(item.published)):
            line = item.lines.get("slug", item.lines.get("title", 1))
            problems.append(Problem(show(item.path), line, "slug", f"địa chỉ '{item.published}' {use}: hãy chọn 'slug:' khác"))
        for save_as, field_name, written in item.targets:
            if field_name == "aliases" and (use := reserved.use(save_as)):
                problems.append(Problem(
                    show(item.path), item.lines.get("aliases", item.lines.get("title", 1)), "aliases",
                    f"địa chỉ cũ '{written}' {use}: đặt chuyển hướng ở đó sẽ thay mất tệp của chính trang web; "
                    "hãy xóa địa chỉ này",
                ))
    return problems
