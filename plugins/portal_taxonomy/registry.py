"""Load a taxonomy registry (content/data/*.yaml), validated like front matter.

Every entry has `key`, `name` and optional `variants`; each kind adds its own fields
(see kinds.py). All problems are returned with their lines; the loader never raises.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from portal_diagnostics import Problem
from portal_reader.frontmatter import load_registry_list
from portal_reader.schema import SLUG_RE, Issue, describe, slug_too_long
from portal_reader.source import display_path
from vietnamese.text import did_you_mean, slugify

from .config import TaxonomySpec
from .terms import Term, TermIndex

# A kind's entry check: (entry, context) → (extra fields, issues). Issues name dotted fields.
EntryCheck = Callable[[dict[str, Any], "RegistryContext"], tuple[dict[str, Any], list[Issue]]]


class RegistryContext:
    """What entry checks may need: the content root, file list and other registries."""

    def __init__(self, content_root: str, files: frozenset[str], indexes: dict[str, TermIndex]) -> None:
        self.content_root = content_root
        self.files = files
        self.indexes = indexes  # by kind, for cross-references (an official's province)


def load_registry(
    spec: TaxonomySpec,
    path: str,
    fields: Iterable[str],
    check: EntryCheck,
    context: RegistryContext,
) -> tuple[TermIndex, list[Problem], dict[str, dict[str, int]]]:
    """Return the index of terms, the problems, and each term's field lines (by key)."""
    index = TermIndex(spec)
    problems: list[Problem] = []
    shown = display_path(path)
    entry_lines: dict[str, dict[str, int]] = {}

    def problem(line: int, field: str, message: str) -> None:
        problems.append(Problem(shown, line, field, message))

    data, lines, errors = load_registry_list(
        path, f"không tìm thấy danh bạ {spec.noun} (PORTAL_TAXONOMIES trong pelicanconf.py khai báo là '{spec.registry}')"
    )
    for line, message in errors:
        problem(line, "", message)
    if errors:
        return index, problems, entry_lines

    allowed = ["key", "name", "variants", *fields]
    # Lines of each entry's fields, by entry: "[3].positions[0].to" → by_entry[3]["positions[0].to"].
    by_entry: dict[int, dict[str, int]] = {}
    for path, number in lines.items():
        head, dot, rest = path.partition(".")
        if dot and head.startswith("[") and head.endswith("]"):
            by_entry.setdefault(int(head[1:-1]), {})[rest] = number
    for position, entry in enumerate(data):
        prefix = f"[{position}]"
        line = lines.get(prefix, 1)
        if not isinstance(entry, dict):
            problem(line, "", f"cần một mục có key: … và name: … (đang ghi {describe(entry)})")
            continue
        local = by_entry.get(position, {})
        bad = False
        for field in entry:
            if field not in allowed:
                problem(
                    local.get(field, line),
                    field,
                    f"không có trường này (cần một trong: {', '.join(allowed)}).{did_you_mean(field, allowed)}".rstrip("."),
                )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problem(local.get("name", line), "name", f"thiếu tên (đang ghi {describe(name)})")
            bad = True
        key = entry.get("key")
        if not isinstance(key, str) or not SLUG_RE.match(key):
            hint = f" Có phải ý bạn là '{slugify(str(name))}'?" if isinstance(name, str) and slugify(name) else ""
            problem(
                local.get("key", line),
                "key",
                f"khóa không hợp lệ (đang ghi {describe(key)}, cần chữ thường a-z không dấu, chữ số và dấu gạch ngang).{hint}",
            )
            bad = True
        elif too_long := slug_too_long(key):
            problem(local.get("key", line), "key", too_long)
            bad = True
        elif key in index.terms:
            first = entry_lines[key].get("", 0)
            problem(local.get("key", line), "key", f"khóa '{key}' bị trùng (đã có ở dòng {first}): mỗi mục cần một khóa riêng")
            bad = True
        variants = entry.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            problem(local.get("variants", line), "variants", f"cần danh sách tên (đang ghi {describe(variants)})")
            variants = []
        extra, issues = check(entry, context)
        for issue in issues:
            top = issue.field.split(".")[0].split("[")[0]
            problem(local.get(issue.field, local.get(top, line)), issue.field, issue.message)
        if bad:
            continue
        term = Term(spec, key, " ".join(name.split()), [" ".join(v.split()) for v in variants], **extra)
        term.line = local.get("key", line)
        entry_lines[key] = {"": term.line, **local}
        for alias, other in index.add(term):
            problem(
                local.get("variants", local.get("name", line)),
                "variants",
                f"'{alias}' đã là tên của '{other.name}' (dòng {other.line}): mỗi tên chỉ trỏ tới một mục",
            )
    return index, problems, entry_lines


def registry_path(settings: dict[str, Any], spec: TaxonomySpec) -> str:
    return os.path.join(os.path.abspath(settings["PATH"]), spec.registry or "")
