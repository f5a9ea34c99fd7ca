"""Officials, provinces, topics and tags: one taxonomy engine, declared in PORTAL_TAXONOMIES.

A library; portal_build's pipeline calls its steps:
- `begin_build` (start of every build): validate the declarations, load and validate
  each registry (provinces first: officials' positions name provinces), add
  TaxonomyGenerator.
- `resolve_names` (each article, before Pelican builds it): replace the names
  in the front matter with terms; a name that matches nothing is a problem with its line
  and the nearest names.
- `start_related` (every article is read): refuse free-form names that would
  share a page without being the same word (resolve.spelling_clashes); then start ranking
  related news in a forked worker, collected by TaxonomyGenerator.generate_context; the
  worker then writes the term feeds (portal_output's flush waits for it).
"""

from __future__ import annotations

import os
from typing import Any

from .config import TaxonomySpec
from .generator import TaxonomyGenerator

# The build's taxonomies, and every free-form name of every article read: {taxonomy name:
# [(source_rel, line, name)]}, for spelling_clashes.
_state: dict[str, Any] = {"taxonomies": [], "free_uses": {}}


def begin_build(pelican: Any) -> Any:
    from portal_diagnostics import collector
    from portal_reader.reader import sources

    from .load import load_taxonomies

    drop_pending()  # an earlier build (dev server) that stopped on problems may have left one
    settings = pelican.settings
    if sources.root is None:
        sources.load(settings)  # the file list, for portraits and links in registries
    taxonomies, problems = load_taxonomies(settings, sources.files)
    collector.extend(problems)
    _state["taxonomies"] = taxonomies
    _state["free_uses"] = {t.name: [] for t in taxonomies if t.spec.kind == "free"}
    TaxonomyGenerator.taxonomies = taxonomies
    return TaxonomyGenerator


def resolve_names(generator: Any, metadata: dict[str, Any]) -> None:
    from portal_diagnostics import collector
    from portal_reader.origin import origin_of
    from portal_reader.source import display_path

    from .load import resolve_fields

    origin = origin_of(metadata)
    lines = origin.lines if origin else {}
    written = {name: metadata.get(name) or [] for name in _state["free_uses"]}
    resolved, problems = resolve_fields(metadata, lines, _state["taxonomies"])
    if problems:  # the path only for a problem: relpath is costly at 10,000 articles
        path = display_path(os.path.join(generator.path, origin.rel_path if origin else "?"))
        for line, field, message in problems:
            collector.add(path, line, field, message)
        metadata["status"] = "skip"
    metadata.update(resolved)
    if metadata.get("status") != "skip":
        rel = origin.rel_path if origin else "?"
        for name, uses in _state["free_uses"].items():
            for position, text in enumerate(written[name]):
                if isinstance(text, str):  # not a term already (a dev server rebuild)
                    uses.append((rel, lines.get(f"{name}[{position}]", lines.get(name, 1)), text))


def check_spellings(generator: Any) -> None:
    """Free-form names alike in address but not in letters: a problem on each minority use."""
    from portal_diagnostics import collector
    from portal_reader.source import display_path

    from .resolve import spelling_clashes

    for taxonomy in _state["taxonomies"]:
        uses = _state["free_uses"].get(taxonomy.name)
        if uses:
            shown = lambda rel: display_path(os.path.join(generator.path, rel))  # noqa: E731
            collector.extend(spelling_clashes(taxonomy.spec, uses, shown))


def start_related(generator: Any) -> None:
    """Start ranking related news as soon as the published articles are known, so that it
    runs beside Pelican's next single-threaded steps; the same worker then writes the term
    feeds, when portal_output's flush is there to wait for them."""
    from functools import partial

    from portal_diagnostics import collector
    from portal_site.generator import article_sort_key

    from .generator import processes, write_feeds_early
    from .related import start_related
    from .resolve import all_article_terms

    drop_pending()
    check_spellings(generator)
    if collector.problems:
        return  # the build stops after reading
    articles = sorted(generator.articles, key=article_sort_key)
    specs = [t.spec for t in _state["taxonomies"]]
    try:  # imported here: Pelican loads portal_output after this plugin
        from portal_output import parallel
    except ImportError:  # pragma: no cover - without portal_output, feeds are written later
        parallel = None
    after = None
    if parallel is not None and parallel.beside_enabled:
        after = partial(write_feeds_early, _state["taxonomies"], articles, generator.output_path, generator.settings)
    terms = partial(all_article_terms, articles, specs)  # called in the worker
    pending = start_related(articles, terms, processes(generator.settings), after)
    if pending is not None and after is not None:
        parallel.add_beside(pending)  # joined by the flush, stopped if the build fails
    TaxonomyGenerator.pending_related = pending


def drop_pending(*_args: Any) -> None:
    pending, TaxonomyGenerator.pending_related = TaxonomyGenerator.pending_related, None
    if pending is not None:
        pending.cancel()


def registry_terms() -> list[tuple[str | None, Any]]:
    """(registry file relative to content/, term) for every term of this build's registry
    taxonomies: the public way for another plugin (portal_images: portraits) to see them."""
    return [
        (taxonomy.spec.registry, term)
        for taxonomy in _state["taxonomies"]
        if taxonomy.spec.registry
        for term in getattr(getattr(taxonomy, "lookup", None), "terms", {}).values()
    ]


__all__ = ["TaxonomySpec", "begin_build", "drop_pending", "registry_terms", "resolve_names", "start_related"]
