"""Load every declared taxonomy and its registry: one function for the build and `make check`."""

from __future__ import annotations

import os
from typing import Any

from portal_diagnostics import Problem
from portal_reader.source import display_path

from .config import parse_specs
from .generator import Taxonomy
from .kinds import KIND_CHECKS, KIND_FIELDS, finish_provinces
from .registry import RegistryContext, load_registry, registry_path
from .resolve import FreeTerms, merged_notices, resolve_names
from .terms import TermIndex

# Front matter fields that are taxonomies when declared (the reader accepts them as
# lists of names); using one that PORTAL_TAXONOMIES does not declare is an error.
TAXONOMY_FIELDS = ("officials", "provinces", "topics", "tags")
LOAD_ORDER = {"provinces": 0, "topics": 1, "officials": 2, "free": 3}


def load_taxonomies(settings: dict[str, Any], files: frozenset[str]) -> tuple[list[Taxonomy], list[Problem]]:
    """The taxonomies of PORTAL_TAXONOMIES in declaration order, and every problem of the
    declarations and registries (provinces load first: officials' positions name them)."""
    problems: list[Problem] = []
    specs, errors = parse_specs(settings.get("PORTAL_TAXONOMIES", []))
    problems += [Problem("pelicanconf.py", 0, "", message) for message in errors]
    context = RegistryContext(os.path.abspath(settings["PATH"]), files, {})
    taxonomies: list[Taxonomy] = []
    for spec in sorted(specs, key=lambda s: LOAD_ORDER[s.kind]):
        if spec.kind == "free":
            taxonomies.append(Taxonomy(spec, FreeTerms(spec)))
            continue
        path = registry_path(settings, spec)
        index, found, lines = load_registry(spec, path, KIND_FIELDS[spec.kind], KIND_CHECKS[spec.kind], context)
        if spec.kind == "provinces":
            found += finish_provinces(index, lines, display_path(path))
        problems += found
        context.indexes[spec.kind] = index
        taxonomies.append(Taxonomy(spec, index))
    order = {spec.name: n for n, spec in enumerate(specs)}
    taxonomies.sort(key=lambda t: order[t.name])
    return taxonomies, problems


def resolve_fields(
    fields: dict[str, Any], lines: dict[str, int], taxonomies: list[Taxonomy], free: bool = True
) -> tuple[dict[str, list[Any]], list[tuple[int, str, str]]]:
    """Terms for each declared taxonomy field of an article, and (line, field, message) for
    every name that matches nothing or field that is not declared. `free=False` leaves out
    the free-form taxonomies (tags), whose names are never wrong (for checks)."""
    declared = {t.name: t for t in taxonomies}
    problems: list[tuple[int, str, str]] = []
    for field in TAXONOMY_FIELDS:
        if fields.get(field) and field not in declared:
            problems.append(
                (
                    lines.get(field, 1),
                    field,
                    f"trang này chưa dùng trường '{field}' (chưa khai báo trong PORTAL_TAXONOMIES của pelicanconf.py): xóa trường này, hoặc nhờ người quản trị khai báo",
                )
            )
    resolved: dict[str, list[Any]] = {}
    for name, taxonomy in declared.items():
        if not free and taxonomy.spec.kind == "free":
            continue
        names = fields.get(name) or []
        if names and not isinstance(names[0], str):
            resolved[name] = names  # already resolved (a devserver rebuild reusing metadata)
            continue
        terms, unknown = resolve_names(taxonomy.spec, names, taxonomy.lookup)
        for position, message in unknown:
            problems.append((lines.get(f"{name}[{position}]", lines.get(name, 1)), name, message))
        resolved[name] = terms
    return resolved, problems


def merged_units(fields: dict[str, Any], lines: dict[str, int], taxonomies: list[Taxonomy]) -> list[tuple[int, str, str]]:
    """Notices (line, field, message) for the former provinces an article names although
    it is dated on or after their merger; see resolve.merged_notices."""
    notices: list[tuple[int, str, str]] = []
    for taxonomy in taxonomies:
        names = fields.get(taxonomy.name) or []
        if isinstance(taxonomy.lookup, TermIndex) and names:
            notices += merged_notices(taxonomy.spec, names, taxonomy.lookup, fields.get("date"), lines)
    return notices
