"""An edit of a registry applied to the terms of a build in memory (the dev server's fast
path, portal_build.live).

The registries are loaded again, as a build loads them, and compared with the terms in
memory. When every entry keeps its key, name and spellings and the only differences are in
officials' entries (positions, biography; not the portrait, whose photo goes through the
image pipeline), no article resolves differently and no list of terms changes: the new data
replaces the old in the terms in memory (references to other terms, such as a position's
province, point to the terms in memory, as in a build), and the pages that show it are the
official's own pages and the officials' index. Anything else is `NotApplicable`.
"""

from __future__ import annotations

from typing import Any

from portal_diagnostics import Problem

from .kinds import PartialDate
from .load import load_taxonomies
from .terms import Term


class NotApplicable(Exception):
    """The edit changes more than officials' data; the message says what."""


def _plain(value: Any) -> Any:
    """`value` with terms as (taxonomy, key) and dates as text: comparable across loads."""
    if isinstance(value, Term):
        return ("term", value.taxonomy.name, value.key)
    if isinstance(value, PartialDate):
        return ("date", value.value.isoformat(), value.precision)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _remap(value: Any, terms: dict[tuple[str, str], Term]) -> Any:
    """`value` with every term replaced by the term of the same taxonomy and key in memory."""
    if isinstance(value, Term):
        return terms[(value.taxonomy.name, value.key)]
    if isinstance(value, dict):
        return {k: _remap(v, terms) for k, v in value.items()}
    if isinstance(value, list):
        return [_remap(v, terms) for v in value]
    if isinstance(value, tuple):
        return tuple(_remap(v, terms) for v in value)
    return value


def apply_registry_edit(
    taxonomies: list[Any], settings: dict[str, Any], files: frozenset[str]
) -> tuple[list[Term], list[Problem]]:
    """Load the registries again and apply what changed to `taxonomies` (a build's, in
    memory): the terms changed, or the problems of the registries (nothing applied)."""
    fresh, problems = load_taxonomies(settings, files)
    if problems:
        return [], problems
    old_by_name = {t.name: t for t in taxonomies}
    in_memory = {(t.name, key): term for t in taxonomies if t.spec.kind != "free" for key, term in t.lookup.terms.items()}
    changed: list[tuple[Term, Term]] = []
    lines: list[tuple[Term, int]] = []
    for new_taxonomy in fresh:
        old_taxonomy = old_by_name.get(new_taxonomy.name)
        if old_taxonomy is None or old_taxonomy.spec != new_taxonomy.spec:
            raise NotApplicable("khai báo PORTAL_TAXONOMIES đã thay đổi")
        if new_taxonomy.spec.kind == "free":
            continue
        old_terms, new_terms = old_taxonomy.lookup.terms, new_taxonomy.lookup.terms
        if list(old_terms) != list(new_terms):
            raise NotApplicable(f"danh bạ {new_taxonomy.spec.noun}: có mục được thêm, xóa hoặc đổi thứ tự")
        for key, new in new_terms.items():
            old = old_terms[key]
            if (old.name, old.variants) != (new.name, new.variants):
                raise NotApplicable(f"danh bạ {new_taxonomy.spec.noun}: tên của '{key}' đã thay đổi")
            lines.append((old, new.line))
            # Only what the registry says: the build adds its own keys (a portrait's variants,
            # a province's merged units' articles), which stay.
            before = {k: old.extra.get(k) for k in new.extra}
            if _plain(before) == _plain(new.extra) and set(old.extra) >= set(new.extra):
                continue
            if new_taxonomy.spec.kind != "officials":
                raise NotApplicable(f"danh bạ {new_taxonomy.spec.noun}: mục '{key}' đã thay đổi")
            if old.extra.get("portrait") != new.extra.get("portrait"):
                raise NotApplicable(f"danh bạ cán bộ: ảnh chân dung của '{key}' đã thay đổi")
            changed.append((old, new))
    for old, line in lines:
        old.line = line
    for old, new in changed:
        old.extra.update(_remap(new.extra, in_memory))
    return [old for old, _new in changed], []
