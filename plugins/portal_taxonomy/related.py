"""Related news ("TIN LIÊN QUAN"): articles that share terms, found via an inverted index.

Score of a candidate = Σ over shared terms of weight(kind) × idf(term), multiplied by a
recency factor 1 / (1 + years apart). A term's postings are kept newest first; each
article looks only at the WINDOW postings nearest to it in time on each of its terms,
so the cost is O(articles × terms × WINDOW), never O(articles²). Candidates below
MIN_SCORE are dropped; ties break on date (newer first), then slug, then source path —
which is the order of `articles` itself, so a candidate's index is its tie-breaker.

(Ranking lazily while pages render, in the forked writer processes, was tried: it cost
more CPU in all than ranking every article here, as the workers copy the shared index
pages they touch.)
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import Any

from portal_workers import fork_map, shared

WINDOW = 12
MIN_SCORE = 2.0
LIMIT = 5


class RelatedIndex:
    """Postings of every term over `articles`, which must be sorted newest first, then by
    slug, then by source path (portal_site's article order)."""

    def __init__(
        self,
        articles: Sequence[Any],
        article_terms: Sequence[Sequence[tuple[float, Any]]],
        limit: int = LIMIT,
        window: int = WINDOW,
        min_score: float = MIN_SCORE,
    ) -> None:
        self.articles = articles
        self.limit, self.window, self.min_score = limit, window, min_score
        postings: dict[int, list[int]] = {}  # id(term) → article indices, ascending
        # Per article: (weight, the term's postings, the article's position in them).
        self.placed: list[list[tuple[float, list[int], int]]] = []
        for index, terms in enumerate(article_terms):
            mine = []
            for weight, term in terms:
                plist = postings.setdefault(id(term), [])
                mine.append((weight, plist, len(plist)))
                plist.append(index)
            self.placed.append(mine)
        self.timestamps = [a.date.timestamp() for a in articles]

    def rank(self, index: int) -> list[Any]:
        """Up to `limit` related articles of article `index`, best first."""
        total = len(self.articles)
        window, log = self.window, math.log
        scores: dict[int, float] = {}
        get = scores.get
        for weight, plist, at in self.placed[index]:
            size = len(plist)
            if size < 2:
                continue
            gain = weight * log(1.0 + total / size)  # rarer terms say more
            for other in plist[max(0, at - window) : at + window + 1]:
                scores[other] = get(other, 0.0) + gain
        scores.pop(index, None)
        here, timestamps, year = self.timestamps[index], self.timestamps, 365.25 * 86400.0
        minimum = self.min_score
        ranked = [
            (-score / (1.0 + abs(here - timestamps[other]) / year), other)
            for other, score in scores.items()
            if score >= minimum
        ]
        return [self.articles[other] for _score, other in heapq.nsmallest(self.limit, ranked)]


# Below this many articles, forking workers costs more than ranking here.
PARALLEL_MIN_ARTICLES = 2000
def _rank_range(bounds: tuple[int, int]) -> list[list[int]]:
    index = shared()  # the index, inherited by the forked workers
    positions = {id(a): i for i, a in enumerate(index.articles)}
    return [[positions[id(a)] for a in index.rank(i)] for i in range(*bounds)]


def compute_related(
    articles: Sequence[Any],
    article_terms: Sequence[Sequence[tuple[float, Any]]],
    limit: int = LIMIT,
    window: int = WINDOW,
    min_score: float = MIN_SCORE,
    processes: int = 1,
) -> list[list[Any]]:
    """Every article's related list, in the order of `articles`.

    With `processes` > 1 (and enough articles) the ranking runs in forked workers that
    share the index and return positions, and here; the result is the same.
    """
    index = RelatedIndex(articles, article_terms, limit, window, min_score)
    total = len(articles)
    if processes <= 1 or total < PARALLEL_MIN_ARTICLES:
        return [index.rank(i) for i in range(total)]
    size = -(-total // (processes * 4))
    ranges = [(start, min(start + size, total)) for start in range(0, total, size)]
    # This process ranks too (ranges from the end): one worker fewer, half the lists not pickled back.
    chunks = list(fork_map(_rank_range, ranges, processes, parent_works=True, shared=index))
    return [[articles[p] for p in positions] for chunk in chunks for positions in chunk]
