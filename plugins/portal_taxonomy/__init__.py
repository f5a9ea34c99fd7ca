"""Officials, provinces, topics and tags: one taxonomy engine, declared in PORTAL_TAXONOMIES.

Signals:
- `get_generators` (start of every build): validate the declarations, load and validate
  each registry (provinces first: officials' positions name provinces), add
  TaxonomyGenerator.
- `article_generator_context` (each article, before Pelican builds it): replace the names
  in the front matter with terms; a name that matches nothing is a problem with its line
  and the nearest names.
"""

from __future__ import annotations

import os
from typing import Any

from .config import TaxonomySpec, parse_specs
from .generator import Taxonomy, TaxonomyGenerator
from .resolve import FreeTerms, resolve_names

# Front matter fields that are taxonomies when declared (the reader accepts them as
# lists of names); using one that PORTAL_TAXONOMIES does not declare is an error.
TAXONOMY_FIELDS = ("officials", "provinces", "topics", "tags")
LOAD_ORDER = {"provinces": 0, "topics": 1, "officials": 2, "free": 3}

_state: dict[str, Any] = {"taxonomies": [], "declared": {}}


def _load(pelican: Any) -> Any:
    from portal_diagnostics import collector
    from portal_reader.reader import sources

    from .kinds import KIND_CHECKS, KIND_FIELDS, finish_provinces
    from .registry import RegistryContext, load_registry, registry_path

    settings = pelican.settings
    specs, errors = parse_specs(settings.get("PORTAL_TAXONOMIES", []))
    for message in errors:
        collector.add("pelicanconf.py", 0, "", message)
    root = os.path.abspath(settings["PATH"])
    if sources.root is None:
        sources.load(settings)  # the file list, for portraits and links in registries
    context = RegistryContext(root, sources.files, {})
    taxonomies: list[Taxonomy] = []
    for spec in sorted(specs, key=lambda s: LOAD_ORDER[s.kind]):
        if spec.kind == "free":
            taxonomies.append(Taxonomy(spec, FreeTerms(spec)))
            continue
        path = registry_path(settings, spec)
        index, problems, lines = load_registry(spec, path, KIND_FIELDS[spec.kind], KIND_CHECKS[spec.kind], context)
        if spec.kind == "provinces":
            from portal_reader.source import display_path

            problems += finish_provinces(index, lines, display_path(path))
        collector.extend(problems)
        context.indexes[spec.kind] = index
        taxonomies.append(Taxonomy(spec, index))
    # Each term template is paginated by its taxonomy's per_page.
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    for spec in specs:
        paginated[spec.term_template] = spec.per_page
    order = {spec.name: n for n, spec in enumerate(specs)}
    taxonomies.sort(key=lambda t: order[t.name])
    _state["taxonomies"] = taxonomies
    _state["declared"] = {t.name: t for t in taxonomies}
    TaxonomyGenerator.taxonomies = taxonomies
    return TaxonomyGenerator


def _resolve(generator: Any, metadata: dict[str, Any]) -> None:
    from portal_diagnostics import collector
    from portal_reader.source import display_path

    lines = metadata.get("frontmatter_lines", {})

    def path() -> str:  # only computed for a problem: relpath is costly at 10,000 articles
        return display_path(os.path.join(generator.path, metadata.get("source_rel", "?")))

    declared = _state["declared"]
    failed = False
    for field in TAXONOMY_FIELDS:
        if metadata.get(field) and field not in declared:
            collector.add(
                path(), lines.get(field, 1), field,
                f"'{field}' is not a taxonomy declared in PORTAL_TAXONOMIES (pelicanconf.py); declare it or remove the field",
            )
            failed = True
    for name, taxonomy in declared.items():
        names = metadata.get(name) or []
        if names and not isinstance(names[0], str):
            continue  # already resolved (a devserver rebuild reusing metadata)
        terms, problems = resolve_names(taxonomy.spec, names, taxonomy.lookup)
        for position, message in problems:
            collector.add(path(), lines.get(f"{name}[{position}]", lines.get(name, 1)), name, message)
            failed = True
        metadata[name] = terms
    if failed:
        metadata["status"] = "skip"


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(_load)
    signals.article_generator_context.connect(_resolve)


__all__ = ["TaxonomySpec", "register"]
