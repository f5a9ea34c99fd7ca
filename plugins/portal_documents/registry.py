"""The two small registries of documents: types (loai-van-ban.yaml) and issuing bodies
(co-quan-ban-hanh.yaml).

Each entry has `key`, `name`, optional `ky_hieu` (its part of a document's symbol) and
`variants`. Names match as the taxonomies' names do (case, Unicode form and tone placement
ignored); an unknown name is a problem with the nearest names. The loader never raises:
every problem is returned with its line, as for the taxonomy registries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal_diagnostics import Problem
from portal_reader.frontmatter import load_registry_list
from portal_reader.schema import SLUG_RE, describe, slug_too_long
from vietnamese.text import did_you_mean, match_key, slugify, suggest

ENTRY_FIELDS = ("key", "name", "ky_hieu", "variants")


@dataclass(eq=False)
class Entry:
    """One type or issuing body; `documents` is filled by the build (newest first)."""

    key: str
    name: str
    ky_hieu: str = ""
    variants: list[str] = field(default_factory=list)
    line: int = 0
    documents: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        return self.name


@dataclass
class Registry:
    """Names → entries of one registry file (`path` relative to content/)."""

    path: str
    noun: str  # what an entry is, in messages: "loại văn bản"
    entries: dict[str, Entry] = field(default_factory=dict)  # by key, in file order
    by_name: dict[str, Entry] = field(default_factory=dict)

    def get(self, name: str) -> Entry | None:
        return self.by_name.get(match_key(name))

    def unknown(self, name: str) -> str:
        """The message for a name that matches no entry, with the nearest names."""
        spelled = {alias: entry for entry in self.entries.values() for alias in (entry.name, *entry.variants)}
        near: list[str] = []
        for alias in suggest(name, spelled, n=3):
            if spelled[alias].name not in near:
                near.append(spelled[alias].name)
        hint = (" Có phải ý bạn là " + " hay ".join(f"'{n}'" for n in near[:2]) + "?") if near else ""
        return f"không có {self.noun} này (đang ghi {describe(name)}, cần một tên trong danh bạ content/{self.path}).{hint}".rstrip(".")


def load_registry(root: str, rel: str, noun: str) -> tuple[Registry, list[Problem]]:
    """Read and validate `content/<rel>`: the registry and every problem with its line."""
    import os

    from portal_reader.source import display_path

    registry = Registry(rel, noun)
    path = os.path.join(root, rel)
    shown = display_path(path)
    problems: list[Problem] = []
    data, lines, errors = load_registry_list(path, f"không tìm thấy danh bạ {noun} (cần tệp content/{rel})")
    problems += [Problem(shown, line, "", message) for line, message in errors]
    for position, entry in enumerate(data):
        where = lines.get(f"[{position}]", 1)

        def at(name: str, where: int = where, position: int = position) -> int:
            return lines.get(f"[{position}].{name}", where)

        if not isinstance(entry, dict):
            problems.append(Problem(shown, where, "", f"cần một mục có key: … và name: … (đang ghi {describe(entry)})"))
            continue
        for name in entry:
            if name not in ENTRY_FIELDS:
                message = f"không có trường này (cần một trong: {', '.join(ENTRY_FIELDS)}).{did_you_mean(str(name), ENTRY_FIELDS)}"
                problems.append(Problem(shown, at(name), str(name), message.rstrip(".")))
        name, key = entry.get("name"), entry.get("key")
        ky_hieu, variants = entry.get("ky_hieu") or "", entry.get("variants") or []
        bad = False
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(shown, at("name"), "name", f"thiếu tên (đang ghi {describe(name)})"))
            bad = True
        if not isinstance(key, str) or not SLUG_RE.match(key) or slug_too_long(key):
            hint = did_you_mean(slugify(name), [slugify(name)]) if isinstance(name, str) and slugify(name) else ""
            problems.append(Problem(shown, at("key"), "key", f"khóa không hợp lệ (đang ghi {describe(key)}, cần chữ thường "
                                                              f"a-z không dấu, chữ số và dấu gạch ngang).{hint}".rstrip(".")))
            bad = True
        elif key in registry.entries:
            first = registry.entries[key].line
            problems.append(Problem(shown, at("key"), "key", f"khóa '{key}' bị trùng (đã có ở dòng {first}): mỗi mục cần một khóa riêng"))
            bad = True
        if not isinstance(ky_hieu, str):
            problems.append(Problem(shown, at("ky_hieu"), "ky_hieu", f"cần chữ viết tắt như NĐ (đang ghi {describe(ky_hieu)})"))
            bad = True
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            problems.append(Problem(shown, at("variants"), "variants", f"cần danh sách tên (đang ghi {describe(variants)})"))
            variants = []
        if bad:
            continue
        item = Entry(key, " ".join(name.split()), ky_hieu.strip(), [" ".join(v.split()) for v in variants], at("key"))
        registry.entries[key] = item
        for alias in (item.name, *item.variants, item.key):
            other = registry.by_name.setdefault(match_key(alias), item)
            if other is not item:
                problems.append(Problem(shown, at("variants"), "variants",
                                        f"'{alias}' đã là tên của '{other.name}' (dòng {other.line}): mỗi tên chỉ trỏ tới một mục"))
    return registry, problems
