"""The words a build counted ahead, kept for the next index written whole.

A document added or removed anywhere but at the end (a new term page, an older article
deleted or re-dated) renumbers the documents after it, and the index is then written whole
(patch.py). Counting the words of every document again was most of that: at 10,000
articles, 3.7 of the 5.2 s of CPU the index of a tag edit's `make html` took. So the
background process that counts the words of a full build's sources (counted.py) also keeps
them, beside the search cache (`search-<output>.terms`), by a digest of the texts counted
(title, sa-pô, body): a later index written whole takes the terms of every document whose
texts it finds and counts only the others (the articles edited since, the term pages).
Same bytes either way.

The terms are what `counted.count_terms` gives (without a legal document's number key,
which the index adds itself): the numbers of the keys, into one table of keys, and their
weights. The kept file serves only the code that wrote it (`fingerprint`: the index's
sources, the Python version and its Unicode data) and only if its payload is the one
written (a digest of it is checked before anything is unpickled); anything else is
ignored and every word is counted again. Writing it never fails a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .counted import PackedTerms
from .documents import Document, texts_digest
from .index import VERSION

Key = tuple[str, str]
Packed = tuple[array, array]  # the numbers of the keys, their weights (counted.count_terms)
Texts = tuple[str, str, str]  # title, lead, body (HTML)

_MAGIC = b"portal-search-terms 1\n"
_SOURCES = ("counted.py", "documents.py", "index.py", "kept.py", "words.py")


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """What the terms of a text depend on besides the text: this package's code, the
    Python version (str.lower, unicodedata) and its Unicode data."""
    hasher = hashlib.sha256(f"{VERSION} {sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        hasher.update((here / name).read_bytes())
    return hasher.hexdigest().encode()


def terms_path(cache: str) -> str:
    """The kept terms beside the search cache `cache` (patch.cache_path)."""
    return (cache[: -len(".pickle")] if cache.endswith(".pickle") else cache) + ".terms"


class Kept(PackedTerms):
    """Kept terms, with the interface of counted.Counted that the index reads (`load`,
    `table`, `packed_of`, `terms_of`, `close`): a document is found by the digest of its
    title, lead and body."""

    def __init__(self, table: list[Key], entries: dict[bytes, Packed]) -> None:
        self._table = table
        self._entries = entries

    def load(self) -> None:
        """Nothing to wait for (Counted waits for its background count here)."""

    @property
    def table(self) -> list[Key]:
        return self._table

    def packed_of(self, doc: Document) -> Packed | None:
        return self._entries.get(texts_digest((doc.title, doc.lead, doc.body_html)))

    def close(self) -> None:
        self._entries, self._table = {}, []


def write(path: str, sources: Sequence[Texts], table: list[Key], counted: Sequence[Packed]) -> None:
    """Keep at `path` the terms `counted` of `sources` (count_terms' table and arrays).
    Runs in the background process that counted them; a file that cannot be written is
    removed (the next whole index counts every word)."""
    try:
        # The table as text, a key a line: keys hold no tab or line break (words are cut at
        # spaces), which the counts below check rather than trust.
        text = "\n".join(f"{folded}\t{form}" for folded, form in table)
        if text.count("\t") != len(table) or text.count("\n") != max(len(table) - 1, 0):
            raise ValueError("a key holds a tab or a line break")
        entries = {texts_digest(texts): packed for texts, packed in zip(sources, counted, strict=True)}
        payload = pickle.dumps((len(table), text.encode("utf-8", "surrogatepass"), entries),
                               protocol=pickle.HIGHEST_PROTOCOL)
        del text
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        temp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(temp, "wb") as handle:
                handle.write(_MAGIC + fingerprint() + b"\n" + hashlib.blake2b(payload, digest_size=32).digest())
                handle.write(payload)
            os.replace(temp, path)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    except (OSError, ValueError, pickle.PicklingError):
        try:
            os.unlink(path)
        except OSError:
            pass


def load(path: str) -> Kept | None:
    """The terms kept at `path`, or None (none, another code's, or damaged)."""
    try:
        with open(path, "rb") as handle:
            if handle.readline() != _MAGIC or handle.readline().rstrip(b"\n") != fingerprint():
                return None
            stored = handle.read(32)
            payload = handle.read()
        if hashlib.blake2b(payload, digest_size=32).digest() != stored:
            return None
        size, text, entries = pickle.loads(payload)
        lines = text.decode("utf-8", "surrogatepass").split("\n") if size else []
        table = [tuple(line.split("\t")) for line in lines]
        if len(table) != size or any(len(key) != 2 for key in table) or not isinstance(entries, dict):
            return None
        return Kept(table, entries)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - no file or a damaged one: the words are counted again
        return None
