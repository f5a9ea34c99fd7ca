"""Related news ("TIN LIÊN QUAN"): articles that share terms, found via an inverted index.

Score of a candidate = Σ over shared terms of weight(kind) × idf(term), multiplied by a
recency factor 1 / (1 + years apart). A term's postings are kept newest first; each
article looks only at the WINDOW postings nearest to it in time on each of its terms,
so the cost is O(articles × terms × WINDOW), never O(articles²). Candidates below
MIN_SCORE are dropped; ties break on date (newer first), then slug, then source path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

WINDOW = 12
MIN_SCORE = 2.0
LIMIT = 5


def compute_related(
    articles: Sequence[Any],
    article_terms: Sequence[Sequence[tuple[float, Any]]],
    limit: int = LIMIT,
    window: int = WINDOW,
    min_score: float = MIN_SCORE,
) -> list[list[Any]]:
    """`articles` newest first; `article_terms[i]` = [(kind weight, term), …] of article i.

    Returns, for each article, up to `limit` related articles, best first.
    """
    total = len(articles)
    postings: dict[int, list[int]] = {}  # id(term) → article indices, ascending (newest first)
    placed: list[list[tuple[float, list[int], int]]] = []  # per article: (weight, postings, position)
    for index, terms in enumerate(article_terms):
        mine = []
        for weight, term in terms:
            plist = postings.setdefault(id(term), [])
            mine.append((weight, plist, len(plist)))
            plist.append(index)
        placed.append(mine)
    timestamps = [a.date.timestamp() for a in articles]
    year = 365.25 * 86400.0
    log = math.log
    results: list[list[Any]] = []
    for index, mine in enumerate(placed):
        scores: dict[int, float] = {}
        get = scores.get
        for weight, plist, at in mine:
            size = len(plist)
            if size < 2:
                continue
            gain = weight * log(1.0 + total / size)  # rarer terms say more
            for other in plist[max(0, at - window) : at + window + 1]:
                scores[other] = get(other, 0.0) + gain
        scores.pop(index, None)
        here = timestamps[index]
        ranked = []
        for other, score in scores.items():
            if score < min_score:
                continue
            recency = 1.0 / (1.0 + abs(here - timestamps[other]) / year)
            candidate = articles[other]
            ranked.append((-score * recency, -timestamps[other], candidate.slug, candidate.source_path, other))
        ranked.sort()
        results.append([articles[item[-1]] for item in ranked[:limit]])
    return results
