"""Articles edited, added or removed in a build in memory (the dev server's fast path,
portal_build.live): the terms' lists and related news brought to what a build of the new
sources computes.

- `forget_sources` takes the free-form names (tags) that the old versions of some sources
  wrote out of the counts a build keeps (which spelling a tag page shows, spelling clashes);
  reading the new versions adds theirs back, as a build does.
- `relist` fills each term's articles again and ranks related news. When the articles keep
  their order (an edit that changes neither date nor slug), only the articles that share a
  term the edit added or removed can rank differently (a term's postings and weight change
  only for those), so only they are ranked again; the others keep their lists, pointing at
  the new objects of edited articles. Otherwise every article is ranked again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from portal_diagnostics.timing import timed

from .generator import assign_articles, processes
from .related import RelatedIndex, compute_related
from .resolve import FreeTerms, all_article_terms, article_terms, ranked_terms


def snapshot(run: Any) -> Any:
    """What `forget_sources` and reading sources change, to be put back by `restore`."""
    frees = [t.lookup for t in run.taxonomies if isinstance(t.lookup, FreeTerms)]
    return (
        {name: list(uses) for name, uses in run.free_uses.items()},
        [(lookup, dict(lookup.terms), {k: Counter(v) for k, v in lookup.spellings.items()}) for lookup in frees],
    )


def restore(run: Any, saved: Any) -> None:
    """Put back what `snapshot` saved (once: its copies become the build's again)."""
    uses, frees = saved
    for name, items in uses.items():
        run.free_uses[name][:] = items
    for lookup, terms, spellings in frees:
        lookup.terms.clear()
        lookup.terms.update(terms)
        lookup.spellings.clear()
        lookup.spellings.update(spellings)


def forget_sources(run: Any, rels: set[str]) -> None:
    """Take the free-form names written in the sources `rels` (paths relative to content/)
    out of the build's counts (a tag no source names any more stays until `drop_unused`)."""
    from vietnamese.text import nfc, slugify

    for taxonomy in run.taxonomies:
        uses = run.free_uses.get(taxonomy.name)
        if uses is None or not isinstance(taxonomy.lookup, FreeTerms):
            continue
        lookup = taxonomy.lookup
        kept = []
        for use in uses:
            if use[0] not in rels:
                kept.append(use)
                continue
            key, spelling = slugify(use[2]), nfc(use[2])
            counts = lookup.spellings.get(key)
            if counts is None:
                continue
            counts[spelling] -= 1
            if counts[spelling] <= 0:
                del counts[spelling]
        uses[:] = kept


def drop_unused(run: Any) -> None:
    """Drop the free-form terms that no source names any more (a build never makes them)."""
    for taxonomy in run.taxonomies:
        lookup = taxonomy.lookup
        if isinstance(lookup, FreeTerms):
            for key in [k for k, counts in lookup.spellings.items() if not counts]:
                del lookup.spellings[key]
                lookup.terms.pop(key, None)


def relist(
    run: Any,
    articles: list[Any],
    previous: list[Any],
    edited: list[tuple[Any, Any]],
    settings: dict[str, Any],
    rank_all: bool = True,
) -> set[int] | None:
    """Each term's articles and every article's related news, for `articles` (the portal's
    order) that replace `previous`; `edited` are (old, new) objects of sources read again,
    new articles have no `old`. Returns the ids of the articles whose related news may
    differ (ranked again, or naming an edited article), or None if every article may.

    When the order or a date changed (a new, deleted or re-dated article) every article must be
    ranked again; with `rank_all=False` only the edited and new ones are (exactly, as a
    build ranks them) and the caller ranks the rest later with `rank_every_article`."""
    taxonomies = run.taxonomies
    specs = [t.spec for t in taxonomies]
    assign_articles(taxonomies, articles)
    new_of = {id(old): new for old, new in edited if old is not None}
    fresh = {id(new) for _old, new in edited}
    # The same articles in the same order, each at the same date: related news is ranked
    # from the order and the dates (a nearer article ranks higher), so an article re-dated
    # within its place changes the ranking of others as much as one that moved.
    same_order = len(previous) == len(articles) and all(
        a is b or new_of.get(id(b)) is a for a, b in zip(articles, previous, strict=True)
    ) and all(old is None or old.date == new.date for old, new in edited)
    with timed("related_news"):
        if not same_order and rank_all:
            rank_every_article(run, articles, settings)
            return None
        changed_terms: set[int] = set()
        for old, new in edited:
            before = {id(t) for _w, t in article_terms(old, specs)} if old is not None else set()
            after = {id(t) for _w, t in article_terms(new, specs)}
            changed_terms |= before ^ after
        # An edit that leaves the ranking as it was (ranks_as_before): an article read again
        # keeps the old one's related news, naming the articles read again (no index is made).
        old_of = {id(new): old for old, new in edited if old is not None}
        kept: set[int] = set()
        if same_order and ranks_as_before(edited, specs):
            kept = {id(new) for old, new in edited if getattr(old, "related", None) is not None}
        terms: list[Any] | None = None
        index: RelatedIndex | None = None
        touched: set[int] = set()
        for position, article in enumerate(articles):
            if id(article) in kept:
                article.related = renamed(old_of[id(article)].related, new_of)
                touched.add(id(article))
                continue
            if terms is None and (id(article) in fresh or changed_terms):
                terms = all_article_terms(articles, specs)
            if id(article) in fresh or (
                same_order and changed_terms and any(id(t) in changed_terms for _w, t in terms[position])  # type: ignore[index]
            ):
                if index is None:
                    index = RelatedIndex(articles, terms)  # type: ignore[arg-type]
                article.related = index.rank(position)
                touched.add(id(article))
            elif any(id(r) in new_of for r in article.related):
                article.related = renamed(article.related, new_of)
                touched.add(id(article))
        return touched if same_order else None


def ranks_as_before(edited: list[tuple[Any, Any]], specs: list[Any]) -> bool:
    """Whether related news, ranked again after an edit that keeps the articles' order
    (`relist`: the same order and dates), would be what it was: every article read again
    has an old one with the same terms (resolve.ranked_terms), so the index is the same."""
    return all(old is not None and ranked_terms(old, specs) == ranked_terms(new, specs) for old, new in edited)


def renamed(related: list[Any], new_of: dict[int, Any]) -> list[Any]:
    """`related` naming each article read again ({id(old): new}) by its new object."""
    return [new_of.get(id(r), r) for r in related]


def rank_every_article(run: Any, articles: list[Any], settings: dict[str, Any], terms: Any = None) -> None:
    """Related news of every article of `articles` (the portal's order), ranked again."""
    specs = [t.spec for t in run.taxonomies]
    terms = terms if terms is not None else all_article_terms(articles, specs)
    ranked = compute_related(articles, terms, processes=processes(settings))
    for article, items in zip(articles, ranked, strict=True):
        article.related = items
