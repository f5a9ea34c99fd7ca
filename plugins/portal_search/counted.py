"""The words of many articles counted ahead of the index, in another process.

Counting the words of 10,000 articles is most of the search index's time (about 2 s of one
core). Their titles, sa-pô and bodies are known as soon as the sources are read, well before
the index is written, while the build goes on with steps that use one core; so the build
counts them then, in a forked process (portal_workers.background, started by
portal_build.pipeline), and the index takes the terms of every document whose title, lead
and body are still the very strings that were counted (`Counted.terms_of`). A document
changed since (a document number linked in its body, an image replaced) is counted again
by the index itself, with the same function: the index is the same with or without this.

The terms come back as numbers: each source's keys as numbers into one table of keys, and
their weights, in compact arrays (3 bytes a key at 10,000 articles: 10 MB, not the 150 MB
of a Counter per source).
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import chain
from typing import Any

from .documents import Document, text_of
from .words import piece_words, pieces

Key = tuple[str, str]
Texts = tuple[str, str, str]  # title, lead, body (HTML)


class _Numbers(dict):  # type: ignore[type-arg]
    """key → its number, a new one for a key first seen."""

    def __missing__(self, key: Key) -> int:
        number = self[key] = len(self)
        return number


def _packed(values: Any, largest: int) -> array[int]:
    return array("B" if largest < 1 << 8 else "H" if largest < 1 << 16 else "I", values)


class _PieceNumbers(dict):  # type: ignore[type-arg]
    """A piece of text between spaces (words.pieces) → the numbers of its words' keys."""

    def __init__(self, numbers: _Numbers, keys: Any) -> None:
        super().__init__()
        self.numbers, self.keys = numbers, keys  # keys: index._keys (word → its key)

    def __missing__(self, piece: str) -> tuple[int, ...]:
        found = self[piece] = tuple(self.numbers[self.keys(word)] for word in piece_words(piece))
        return found


def count_terms(sources: list[Texts], keep: str | None = None) -> tuple[list[Key], list[tuple[array[int], array[int]]]]:
    """The table of keys, and for each source the numbers of its keys and their weights:
    index.document_terms of a document with its title, lead and body. Runs in the
    background process. The body's words are counted as numbers (a piece is looked up
    once per source, its keys' numbers found once per build), which hashes no tuple.
    `keep`: a file where they are kept for a later index written whole (kept.py)."""
    from .index import WEIGHTS, _keys, add_field_terms

    weight_of = dict(WEIGHTS)
    body_weight, title_weight, lead_weight = weight_of["body_html"], weight_of["title"], weight_of["lead"]
    numbers = _Numbers()
    piece_numbers = _PieceNumbers(numbers, _keys)
    counted = []
    for title, lead, body in sources:
        found: Counter[int] = Counter(chain.from_iterable(map(piece_numbers.__getitem__, pieces(text_of(body)))))
        if body_weight != 1:
            found = Counter({key: count * body_weight for key, count in found.items()})
        fields: Counter[Key] = Counter()
        for text, weight in ((title, title_weight), (lead, lead_weight)):
            if text:
                add_field_terms(fields, text, weight)
        for key, weight in fields.items():
            number = numbers[key]
            found[number] = found.get(number, 0) + weight
        weights = found.values()
        counted.append((_packed(found, len(numbers)), _packed(weights, max(weights, default=0))))
    table = list(numbers)
    if keep:
        from .kept import write

        write(keep, sources, table, counted)
    return table, counted


class PackedTerms:
    """Terms kept packed (count_terms' key numbers into `table`, and weights), found for a
    document by `packed_of`: what the index reads of words counted before it runs."""

    table: list[Key]

    def packed_of(self, doc: Document) -> tuple[array[int], array[int]] | None:
        raise NotImplementedError

    def terms_of(self, doc: Document) -> Counter[Key] | None:
        """{key: weight} of `doc`'s title, lead and body if they were counted, else None."""
        packed = self.packed_of(doc)
        if packed is None:
            return None
        keys, weights = packed
        found: Counter[Key] = Counter()
        dict.update(found, zip(map(self.table.__getitem__, keys), weights, strict=True))
        return found


class Counted(PackedTerms):
    """The terms of `sources`, from `pending` (a portal_workers.background task running
    count_terms(sources)), taken when first asked for; a document is found when its title,
    lead and body are the strings of one of the sources counted (the same objects)."""

    def __init__(self, sources: list[Texts], pending: Any) -> None:
        self._sources = sources
        self._pending = pending
        self._where: dict[int, int] | None = None
        self._table: list[Key] = []
        self._counted: list[tuple[array[int], array[int]]] = []

    def packed_of(self, doc: Document) -> tuple[array[int], array[int]] | None:
        """terms_of as they were counted: the numbers of the keys (into `table`) and their
        weights, or None."""
        if self._where is None:
            self.load()
        number = self._where.get(id(doc.body_html))  # type: ignore[union-attr]
        if number is None:
            return None
        title, lead, body = self._sources[number]
        if doc.body_html is not body or doc.title is not title or doc.lead is not lead:
            return None
        return self._counted[number]

    @property
    def table(self) -> list[Key]:
        """The keys that packed_of's numbers stand for."""
        if self._where is None:
            self.load()
        return self._table

    def load(self) -> None:
        """Take the task's result now (waiting for it), before forking workers that read it."""
        if self._where is not None:
            return
        result = self._pending.result()
        self._where = {}
        if result is None:
            return
        table, counted = result
        if len(counted) != len(self._sources):
            return
        self._table, self._counted = table, counted
        self._where = {id(body): number for number, (_title, _lead, body) in enumerate(self._sources)}

    def close(self) -> None:
        """Forget the terms (and stop the task if it still runs)."""
        self._pending.cancel()
        self._where, self._table, self._counted, self._sources = {}, [], [], []
