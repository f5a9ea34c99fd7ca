"""Terms of a taxonomy and the index that resolves names to them."""

from __future__ import annotations

from typing import Any

from vietnamese.text import match_key, suggest

from .config import TaxonomySpec


class Term:
    """One official, province, topic or tag: its names, its page and its articles.

    Kind-specific data (positions, merged_into, description_html, …) lives in `extra` and
    reads as attributes, so templates write `term.positions`.
    """

    def __init__(self, taxonomy: TaxonomySpec, key: str, name: str, variants: list[str] | None = None, **extra: Any) -> None:
        self.taxonomy = taxonomy
        self.key = key
        self.slug = key
        self.name = name
        self.variants = variants or []
        self.extra: dict[str, Any] = extra
        self.articles: list[Any] = []  # articles naming this term, newest first
        self.line = 0  # line of the entry in its registry, for messages

    def __getattr__(self, name: str) -> Any:
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        raise AttributeError(name)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Term {self.taxonomy.name}:{self.key}>"

    @property
    def url(self) -> str:
        return self.taxonomy.term_url(self.key)

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @property
    def listed_articles(self) -> list[Any]:
        """What the term page lists: its articles (and, for a current province, those of
        the units merged into it)."""
        return self.extra.get("all_articles", self.articles)

    @property
    def has_page(self) -> bool:
        """Registry terms always have a page; a free-form one (a tag) once a public article
        uses it (a draft's new tag has none: shown without a link)."""
        return self.taxonomy.kind != "free" or bool(self.listed_articles)

    @property
    def has_feed(self) -> bool:
        """Terms get feeds when the taxonomy has feeds and the term has articles."""
        return self.taxonomy.feeds and bool(self.listed_articles)

    @property
    def rss_url(self) -> str:
        return self.url + "rss.xml"

    @property
    def atom_url(self) -> str:
        return self.url + "atom.xml"


class TermIndex:
    """Names → terms, insensitive to case, Unicode form and tone placement."""

    def __init__(self, taxonomy: TaxonomySpec) -> None:
        self.taxonomy = taxonomy
        self.terms: dict[str, Term] = {}  # by key, in registry order
        self.by_name: dict[str, Term] = {}
        # Names as written → match keys: 10,000 articles write the same few hundred names.
        self._keys: dict[str, str] = {}

    def names_of(self, term: Term) -> list[str]:
        return [term.name, *term.variants, term.key]

    def add(self, term: Term) -> list[tuple[str, Term]]:
        """Add a term; return (name, other term) for each name another term already has."""
        clashes: list[tuple[str, Term]] = []
        self.terms[term.key] = term
        for name in self.names_of(term):
            key = match_key(name)
            other = self.by_name.get(key)
            if other is not None and other is not term:
                clashes.append((name, other))
            else:
                self.by_name[key] = term
        return clashes

    def get(self, name: str) -> Term | None:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = match_key(name)
        return self.by_name.get(key)

    def suggestions(self, name: str) -> list[str]:
        """Display names of the terms whose names are closest to `name`."""
        spelled: dict[str, Term] = {}
        for term in self.terms.values():
            for alias in [term.name, *term.variants]:
                spelled.setdefault(alias, term)
        found: list[str] = []
        for alias in suggest(name, spelled, n=3):
            display = spelled[alias].name
            if display not in found:
                found.append(display)
        return found
