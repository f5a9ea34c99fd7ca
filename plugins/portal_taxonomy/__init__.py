"""Officials, provinces, topics and tags: one taxonomy engine, declared in PORTAL_TAXONOMIES.

A library without state of its own; portal_build's pipeline calls its steps, each of
which returns the problems it found (portal_diagnostics.Problem) for the pipeline to record:
- `begin_build` (start of every build): validate the declarations, load and validate
  each registry (provinces first: officials' positions name provinces), add
  TaxonomyGenerator.
- `resolve_names` (each article, before Pelican builds it): replace the names
  in the front matter with terms; a name that matches nothing is a problem with its line
  and the nearest names.
- `check_spellings` (every article is read): refuse free-form names that would share a
  page without being the same word (resolve.spelling_clashes).

TaxonomyGenerator then lists each term's articles, ranks related news and hands the term
feeds to the writer, to be written with the pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .config import TaxonomySpec
from .edits import NotApplicable
from .generator import TaxonomyGenerator, feed_jobs
from .relist import drop_unused, forget_sources, rank_every_article, relist, restore, snapshot


@dataclass
class TaxonomyRun:
    """One build's taxonomies: the loaded registries, every free-form name of every article
    read ({taxonomy name: [(source path, line, name)]}, for spelling_clashes), and the
    generator class made for this build."""

    taxonomies: list[Any]
    free_uses: dict[str, list[tuple[str, int, str]]]
    generator: type[TaxonomyGenerator]


def begin_build(pelican: Any, sources: Any) -> tuple[TaxonomyRun, list[Any]]:
    """This build's taxonomies, and the problems of their declarations and registries;
    `sources` (portal_reader.BuildSources) gives the file list, for portraits and links in
    registries."""
    from .load import load_taxonomies

    settings = pelican.settings
    if sources.root is None:
        sources.load(settings)
    taxonomies, problems = load_taxonomies(settings, sources.files)
    generator = type("TaxonomyGenerator", (TaxonomyGenerator,), {"taxonomies": taxonomies})
    return TaxonomyRun(taxonomies, {t.name: [] for t in taxonomies if t.spec.kind == "free"}, generator), problems


def resolve_names(generator: Any, metadata: dict[str, Any], run: TaxonomyRun) -> tuple[list[Any], list[Any]]:
    """Names → terms in `metadata`; the problems (names that match nothing: the article is
    skipped) and the notices (a province merged since the article's date) found."""
    from portal_diagnostics import Problem
    from portal_reader.origin import origin_of
    from portal_reader.source import display_path

    from .load import merged_units, resolve_fields

    origin = origin_of(metadata)
    lines = origin.lines if origin else {}
    written = {name: metadata.get(name) or [] for name in run.free_uses}
    resolved, problems = resolve_fields(metadata, lines, run.taxonomies)
    notices = merged_units(metadata, lines, run.taxonomies) if metadata.get("provinces") else []
    found: tuple[list[Any], list[Any]] = ([], [])
    if problems or notices:  # the path only when needed: relpath is costly at 10,000 articles
        path = display_path(os.path.join(generator.path, origin.rel_path if origin else "?"))
        found = ([Problem(path, *problem) for problem in problems], [Problem(path, *notice) for notice in notices])
    if problems:
        metadata["status"] = "skip"
    metadata.update(resolved)
    if metadata.get("status") != "skip":
        rel = origin.rel_path if origin else "?"
        for name, uses in run.free_uses.items():
            for position, text in enumerate(written[name]):
                if isinstance(text, str):  # not a term already (a dev server rebuild)
                    uses.append((rel, lines.get(f"{name}[{position}]", lines.get(name, 1)), text))
    return found


def check_spellings(generator: Any, run: TaxonomyRun, sources: set[str] | None = None) -> list[Any]:
    """Free-form names alike in address but not in letters: a problem on each minority use.
    With `sources` (paths relative to content/, just read again into a build that had no
    such problem), only the names those sources write are checked, against every use."""
    from portal_reader.source import display_path
    from vietnamese.text import slugify

    from .resolve import spelling_clashes

    problems: list[Any] = []
    for taxonomy in run.taxonomies:
        uses = run.free_uses.get(taxonomy.name)
        if uses and sources is not None:
            slugs: dict[str, str] = {}  # names repeat: slugify each once
            for _rel, _line, name in uses:
                if name not in slugs:
                    slugs[name] = slugify(name)
            touched = {slugs[name] for rel, _line, name in uses if rel in sources}
            uses = [use for use in uses if slugs[use[2]] in touched] if touched else []
        if uses:
            shown = lambda rel: display_path(os.path.join(generator.path, rel))  # noqa: E731
            problems += spelling_clashes(taxonomy.spec, uses, shown)
    return problems


def is_term_feed(run: TaxonomyRun, job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> bool:
    """Is `job` (a writer's (function, args, kwargs)) one of feed_jobs' term feeds? They
    are the feeds under a taxonomy's segment."""
    if getattr(job[0], "__name__", "") != "build_and_write":
        return False
    url = str(job[1][1]) if len(job[1]) > 1 else ""
    return any(url.startswith(t.spec.index_url) for t in run.taxonomies)


def registry_terms(run: TaxonomyRun) -> list[tuple[str | None, Any]]:
    """(registry file relative to content/, term) for every term of this build's registry
    taxonomies (portraits of officials, for portal_images)."""
    return [
        (taxonomy.spec.registry, term)
        for taxonomy in run.taxonomies
        if taxonomy.spec.registry
        for term in getattr(getattr(taxonomy, "lookup", None), "terms", {}).values()
    ]


def apply_registry_edit(run: TaxonomyRun, settings: dict[str, Any], files: frozenset[str]) -> tuple[list[Any], list[Any]]:
    """The registries loaded again and what changed applied to this build's terms in memory
    (see edits.py): (terms changed, problems); edits.NotApplicable if it changes more than
    officials' data."""
    from .edits import apply_registry_edit as apply

    return apply(run.taxonomies, settings, files)


def rank_scheduled(run: TaxonomyRun, published: list[Any], hidden: list[Any],
                   same_order: list[tuple[Any, Any]] | None = None) -> list[Any]:
    """Related news of the scheduled articles a preview shows (see generator.rank_scheduled).

    `same_order`: the (old, new) articles of an edit after which `published` lists the same
    articles in the same order and at the same dates as before, the edited ones read again
    (`relist` returned a set). If the ranking is as it was (relist.ranks_as_before: a title
    or a text edit) and no scheduled article is among them, ranking them all again gives the
    same lists, naming the new objects: that is done instead (a title edit at 10,000
    articles: 0.3 s less)."""
    from .generator import rank_scheduled as rank
    from .relist import ranks_as_before, renamed

    specs = [t.spec for t in run.taxonomies]
    if same_order is not None and ranks_as_before(same_order, specs):
        scheduled = [a for a in hidden if a.scheduled]
        fresh = {id(new) for _old, new in same_order}
        if all(id(a) not in fresh and hasattr(a, "related") for a in scheduled):
            new_of = {id(old): new for old, new in same_order}
            for article in scheduled:
                article.related = renamed(article.related, new_of)
            return scheduled
    return rank(published, hidden, specs)


def officials_index(run: TaxonomyRun) -> Any:
    """The officials' taxonomy of this build (its index page lists their positions), or None."""
    return next((t for t in run.taxonomies if t.spec.kind == "officials"), None)


__all__ = [
    "NotApplicable",
    "TaxonomyRun",
    "TaxonomySpec",
    "apply_registry_edit",
    "begin_build",
    "check_spellings",
    "drop_unused",
    "feed_jobs",
    "forget_sources",
    "is_term_feed",
    "officials_index",
    "rank_every_article",
    "rank_scheduled",
    "registry_terms",
    "relist",
    "resolve_names",
    "restore",
    "snapshot",
]
