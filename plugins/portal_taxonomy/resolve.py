"""Resolve the names an article's front matter gives to terms of the registries."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from portal_diagnostics import Problem
from portal_reader.schema import describe
from vietnamese.collation import sort_key
from vietnamese.text import SLUG_MAX, fold, full_slug, match_key, nfc, slugify

from .config import TaxonomySpec
from .terms import Term, TermIndex


class FreeTerms:
    """Terms made from the articles themselves (tags): one term per slug.

    "Một cửa" and "một cửa" are one tag; its display name is the spelling most articles
    use (ties: the first in Vietnamese order), fixed once all articles are read. Names
    that share a slug but not their letters ("mot cua", "thuê"/"thuế") are refused by
    `spelling_clashes` before that.
    """

    def __init__(self, taxonomy: TaxonomySpec) -> None:
        self.taxonomy = taxonomy
        self.terms: dict[str, Term] = {}
        self.spellings: dict[str, Counter[str]] = {}
        self._seen: dict[str, tuple[str, str]] = {}  # name as written → (slug, NFC spelling)

    def get(self, name: str) -> Term | None:
        seen = self._seen.get(name)
        if seen is None:
            seen = self._seen[name] = (slugify(name), nfc(name))
        key, spelling = seen
        if not key:
            return None
        term = self.terms.get(key)
        if term is None:
            term = self.terms[key] = Term(self.taxonomy, key, name)
            self.spellings[key] = Counter()
        self.spellings[key][spelling] += 1
        return term

    def settle_names(self) -> None:
        for key, term in self.terms.items():
            counts = self.spellings[key]
            term.name = min(counts, key=lambda s: (-counts[s], sort_key(s)))


_WORDS = re.compile(r"[^\W_]+")


def spelling(name: str) -> str:
    """What makes two free-form names the same word: their letters and digits, accents
    included, ignoring case, Unicode form, tone placement, spacing and punctuation."""
    return " ".join(_WORDS.findall(match_key(name)))


def spelling_clashes(spec: TaxonomySpec, uses: Iterable[tuple[str, int, str]], show: Callable[[str], str] = str) -> list[Problem]:
    """Free-form names that would share a page without being the same word: "cai cach"
    beside "Cải cách", "thuê" beside "thuế", two long names alike in their first SLUG_MAX
    (150) characters. `uses` are (path, line, name) of every name of every article. A spelling
    with Vietnamese marks wins over one without (missing marks are the usual mistake), then
    the spelling most articles use, then the first in Vietnamese order; each use of
    another spelling is a problem naming it. Shared by the build and `make check`."""
    groups: dict[str, dict[str, list[tuple[str, int, str]]]] = defaultdict(lambda: defaultdict(list))
    for path, line, name in uses:
        groups[slugify(name)][spelling(name)].append((path, line, name))
    problems: list[Problem] = []
    for slug, by_spelling in groups.items():
        if len(by_spelling) < 2:
            continue
        shown = {key: _most_used(items) for key, items in by_spelling.items()}
        winner = min(by_spelling, key=lambda key: (_unmarked(shown[key]), -len(by_spelling[key]), sort_key(shown[key])))
        paths = sorted({path for path, _line, _name in by_spelling[winner]})
        where = show(paths[0]) + (f" và {len(paths) - 1} bài khác" if len(paths) > 1 else "")
        for key, items in by_spelling.items():
            if key == winner:
                continue
            for path, line, name in items:
                if full_slug(name) != full_slug(shown[winner]):  # alike only in their first SLUG_MAX characters
                    fix = f"địa chỉ chỉ giữ {SLUG_MAX} ký tự đầu của tên: hãy rút ngắn một trong hai tên"
                else:
                    fix = f"nếu cùng một từ khóa thì viết {describe(shown[winner])}, nếu không thì đổi cách viết"
                problems.append(Problem(show(path), line, spec.name, (
                    f"{describe(name)} sẽ dùng chung trang /{spec.term_url(slug)} với {describe(shown[winner])} "
                    f"({where}): {fix}"
                )))
    return problems


def _unmarked(name: str) -> bool:
    """No Vietnamese marks at all ("cai cach"), as typed on a keyboard without them."""
    return fold(name) == " ".join(name.lower().split())


def _most_used(items: list[tuple[str, int, str]]) -> str:
    counts = Counter(nfc(name) for _path, _line, name in items)
    return min(counts, key=lambda s: (-counts[s], sort_key(s)))


def unknown_message(spec: TaxonomySpec, name: str, index: TermIndex) -> str:
    near = index.suggestions(name)
    hint = ""
    if near:
        hint = " Có phải ý bạn là " + " hay ".join(f"'{n}'" for n in near[:2]) + "?"
    registry = f" (content/{spec.registry})" if spec.registry else ""
    return f"{describe(name)} không có trong danh bạ {spec.noun}{registry}.{hint}".rstrip(".")


def resolve_names(
    spec: TaxonomySpec, names: list[str], lookup: TermIndex | FreeTerms
) -> tuple[list[Term], list[tuple[int, str]]]:
    """Terms for `names` and, for names that match nothing, (position, message)."""
    terms: list[Term] = []
    problems: list[tuple[int, str]] = []
    for position, name in enumerate(names):
        term = lookup.get(name)
        if term is None:
            if isinstance(lookup, TermIndex):
                problems.append((position, unknown_message(spec, name, lookup)))
            continue
        if term not in terms:
            terms.append(term)
    return terms, problems


def article_terms(article: Any, specs: list[TaxonomySpec]) -> list[tuple[float, Any]]:
    out: list[tuple[float, Any]] = []
    for spec in specs:
        for term in getattr(article, spec.name, None) or []:
            out.append((spec.weight, term))
    return out


def ranked_terms(article: Any, specs: list[TaxonomySpec]) -> list[tuple[float, int]]:
    """`article_terms` by term identity: two articles with the same are ranked alike (in the
    same order of articles, the same related news)."""
    return [(weight, id(term)) for weight, term in article_terms(article, specs)]


def all_article_terms(articles: list[Any], specs: list[TaxonomySpec]) -> list[list[tuple[float, Any]]]:
    """`article_terms` of each article: what related news is ranked from."""
    return [article_terms(a, specs) for a in articles]


def merged_notices(spec: TaxonomySpec, names: list[Any], lookup: TermIndex, date: Any, lines: dict[str, int]) -> list[tuple[int, str, str]]:
    """(line, field, message) for each former unit that an article dated on or after its
    merger names: "Bình Định đã hợp nhất vào Gia Lai từ 01/07/2025". A notice, not a
    problem: an article may speak of the former province on purpose (a history, a
    retrospective); older articles keep the historical name silently."""
    if spec.kind != "provinces" or not hasattr(date, "date"):
        return []
    day = date.date()
    notices: list[tuple[int, str, str]] = []
    for position, name in enumerate(names):
        term = lookup.get(name) if isinstance(name, str) else name
        merged_on = term.extra.get("merged_on") if isinstance(term, Term) else None
        target = term.extra.get("merged_into") if isinstance(term, Term) else None
        if merged_on is None or target is None or day < merged_on.value.date():
            continue
        # A unit that alone became a new one (Thừa Thiên Huế → thành phố Huế, 2025-01-01) was
        # not merged: it became the other.
        since = target.extra.get("since")
        alone = since is not None and since.value == merged_on.value and len(target.extra.get("absorbed", [])) == 1
        notices.append((
            lines.get(f"{spec.name}[{position}]", lines.get(spec.name, 1)),
            spec.name,
            f"lưu ý: {term.name} {'đã trở thành' if alone else 'đã hợp nhất vào'} {target.name} từ "
            f"{merged_on.value:%d/%m/%Y} (bài đề ngày "
            f"{day:%d/%m/%Y}): nếu bài nói về địa phương hiện nay, hãy ghi '{target.name}'",
        ))
    return notices
