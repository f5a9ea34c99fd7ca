"""Resolve the names an article's front matter gives to terms of the registries."""

from __future__ import annotations

from collections import Counter
from typing import Any

from portal_reader.schema import describe
from vietnamese.collation import sort_key
from vietnamese.text import nfc, slugify

from .config import TaxonomySpec
from .terms import Term, TermIndex


class FreeTerms:
    """Terms made from the articles themselves (tags): one term per slug.

    "Một cửa" and "một cửa" are one tag; its display name is the spelling most articles
    use (ties: the first in Vietnamese order), fixed once all articles are read.
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


def unknown_message(spec: TaxonomySpec, name: str, index: TermIndex) -> str:
    near = index.suggestions(name)
    hint = ""
    if near:
        hint = " Did you mean " + " or ".join(f"'{n}'" for n in near[:2]) + "?"
    registry = f"content/{spec.registry}" if spec.registry else "the registry"
    return f"unknown {spec.name[:-1] if spec.name.endswith('s') else spec.name} {describe(name)} (expected a name from {registry}).{hint}".rstrip(".")


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


def all_article_terms(articles: list[Any], specs: list[TaxonomySpec]) -> list[list[tuple[float, Any]]]:
    """`article_terms` of each article: what related news is ranked from."""
    return [article_terms(a, specs) for a in articles]
