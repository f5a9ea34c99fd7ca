"""The category registry (content/data/categories.yaml): a tree of sections.

Categories nest ("Tin tức - Sự kiện" > "Tin tổng hợp"). An article names one category by
key; it is listed on that category's page and on every ancestor's page. The registry is
validated like front matter: every problem with its line, then the build fails once.
"""

from __future__ import annotations

import os
from typing import Any

from pelican.urlwrappers import Category

from portal_diagnostics import Problem
from portal_reader.frontmatter import load_registry_list
from portal_reader.schema import SLUG_RE, describe, slug_too_long
from portal_reader.source import display_path
from vietnamese.text import did_you_mean, fold, slugify, suggest

ENTRY_FIELDS = ("key", "name", "description", "children")


class PortalCategory(Category):
    """A Pelican Category whose slug is the registry key, with a place in the tree."""

    def __init__(self, key: str, name: str, description: str, settings: dict[str, Any]) -> None:
        super().__init__(name, settings)
        self.slug = key
        self.key = key
        self.description = description
        self.parent: PortalCategory | None = None
        self.children: list[PortalCategory] = []
        self.articles: list[Any] = []  # own and descendants' published articles, newest first

    @property
    def ancestors(self) -> list[PortalCategory]:
        chain: list[PortalCategory] = []
        node = self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain

    @property
    def lineage(self) -> list[PortalCategory]:
        """Ancestors and itself, top-level first."""
        return [*self.ancestors, self]

    # URLWrapper would read PORTALCATEGORY_URL; the portal's settings are PORTAL_CATEGORY_URL
    # and PORTAL_CATEGORY_SAVE_AS (Pelican's own CATEGORY_* stay off).
    @property
    def url(self) -> str:  # type: ignore[override]
        return str(self.settings["PORTAL_CATEGORY_URL"]).format(slug=self.slug)

    @property
    def save_as(self) -> str:  # type: ignore[override]
        return str(self.settings["PORTAL_CATEGORY_SAVE_AS"]).format(slug=self.slug)

    @property
    def page_name(self) -> str:  # type: ignore[override]
        return self.url.rstrip("/")

    def _feed_url(self, kind: str) -> str:
        return self.settings.get(f"PORTAL_CATEGORY_FEED_{kind}", "").format(slug=self.slug)

    @property
    def rss_url(self) -> str:
        return self._feed_url("RSS")

    @property
    def atom_url(self) -> str:
        return self._feed_url("ATOM")


class CategoryRegistry:
    """All categories: `roots` in registry order, `by_key` for lookups."""

    def __init__(self) -> None:
        self.roots: list[PortalCategory] = []
        self.by_key: dict[str, PortalCategory] = {}

    def all(self) -> list[PortalCategory]:
        """Every category, depth-first in registry order."""
        out: list[PortalCategory] = []

        def walk(nodes: list[PortalCategory]) -> None:
            for node in nodes:
                out.append(node)
                walk(node.children)

        walk(self.roots)
        return out

    def lookup_problem(self, key: str) -> str:
        """Message for an unknown key: suggests by key and by display name."""
        by_name = {c.name: c.key for c in self.by_key.values()}
        exact = [name for name in by_name if fold(name) == fold(key)]
        names = exact or suggest(key, by_name, n=1)
        keys = suggest(key, self.by_key, n=1)
        if exact or (names and not keys):
            hint = f" Có phải ý bạn là '{by_name[names[0]]}' ({names[0]})?"
        elif keys:
            hint = f" Có phải ý bạn là '{keys[0]}'?"
        else:
            hint = ""
        return (
            f"không có chuyên mục này (đang ghi {describe(key)}, cần một khóa trong danh bạ "
            f"{self.source_name}).{hint}".rstrip(".")
        )

    source_name = "content/data/categories.yaml"


def load_categories(path: str, settings: dict[str, Any]) -> tuple[CategoryRegistry, list[Problem]]:
    registry = CategoryRegistry()
    shown = display_path(path)
    registry.source_name = shown
    problems: list[Problem] = []

    def problem(line: int, field: str, message: str) -> None:
        problems.append(Problem(shown, line, field, message))

    data, lines, errors = load_registry_list(
        path, "chưa có danh bạ chuyên mục: hãy tạo tệp này, với ít nhất một chuyên mục (key, name)"
    )
    for line, message in errors:
        problem(line, "", message)
    if errors:
        return registry, problems

    def build(entries: Any, prefix: str, parent: PortalCategory | None) -> list[PortalCategory]:
        nodes: list[PortalCategory] = []
        for position, entry in enumerate(entries):
            path_ = f"{prefix}[{position}]"
            line = lines.get(path_, 1)
            if not isinstance(entry, dict):
                problem(line, "", f"cần một chuyên mục dạng 'key: …, name: …' (đang ghi {describe(entry)})")
                continue
            for field in entry:
                if field not in ENTRY_FIELDS:
                    problem(
                        lines.get(f"{path_}.{field}", line),
                        field,
                        f"không có trường này (cần một trong: {', '.join(ENTRY_FIELDS)}).{did_you_mean(field, ENTRY_FIELDS)}".rstrip("."),
                    )
            key, name = entry.get("key"), entry.get("name")
            if not isinstance(name, str) or not name.strip():
                problem(lines.get(f"{path_}.name", line), "name", f"cần tên chuyên mục (đang ghi {describe(name)})")
                continue
            if not isinstance(key, str) or not SLUG_RE.match(key):
                hint = f" Có phải ý bạn là '{slugify(str(key or name))}'?"
                problem(
                    lines.get(f"{path_}.key", line),
                    "key",
                    f"khóa không hợp lệ (đang ghi {describe(key)}, cần chữ thường a-z không dấu, chữ số và dấu gạch ngang).{hint}",
                )
                continue
            if too_long := slug_too_long(key):
                problem(lines.get(f"{path_}.key", line), "key", too_long)
                continue
            if key in registry.by_key:
                problem(lines.get(f"{path_}.key", line), "key", f"khóa '{key}' bị trùng: mỗi chuyên mục cần một khóa riêng")
                continue
            description = entry.get("description") or ""
            if not isinstance(description, str):
                problem(lines.get(f"{path_}.description", line), "description", f"cần một đoạn chữ (đang ghi {describe(description)})")
                description = ""
            node = PortalCategory(key, " ".join(name.split()), " ".join(description.split()), settings)
            node.parent = parent
            registry.by_key[key] = node
            children = entry.get("children") or []
            if not isinstance(children, list):
                problem(lines.get(f"{path_}.children", line), "children", f"cần danh sách chuyên mục con (đang ghi {describe(children)})")
                children = []
            node.children = build(children, f"{path_}.children", node)
            nodes.append(node)
        return nodes

    registry.roots = build(data, "", None)
    return registry, problems


def registry_path(settings: dict[str, Any]) -> str:
    return os.path.join(os.path.abspath(settings["PATH"]), settings.get("PORTAL_CATEGORIES_FILE", "data/categories.yaml"))
