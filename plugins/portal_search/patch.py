"""A rebuild changes only the index files that an edit changes (`make html` after an edit).

The build keeps the documents it indexed, next to portal_build's up-to-date record (safe
to delete): `search-<output>.pickle` holds every field but the bodies, with each document's
digest and where its body is in `search-<output>.bodies` (the bodies as UTF-8, after a token
that the rows name). Reading the rows takes a few milliseconds; a body is read only where
the patch needs it (the old words of an edited document, the excerpts of its `bai/` file)
and checked against its digest. A text edit appends its new bodies and writes the rows
again; the bodies are written whole again once the file holds as much replaced text as
kept. At 10,000 articles, the search index of a one-article `make html` took 0.82 s when
all 56 MB were read and written each time, 0.24 s now. The next build patches the previous
index instead of writing it all again when every document keeps its number (documents are
numbered oldest first: a new article is added after the others, the newest removed from
the end; none added or removed elsewhere, none moved by a new date) and at most
`MOST_CHANGED` of them changed, were added or removed: the words
of each changed document whose presence or weight changed say which shard files change; those are read
back, changed and written; the `bai/` files of changed documents are written; every other
file is linked from the previous index; the filters and the manifest are written again
(they are small). The caller vouches that the previous index is intact and was made by the
same code (portal_build.reuse: output/ as the last build left it, same plugins and settings).
The result is the same bytes as a full index (tests/test_search.py, tests/test_incremental.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, overload

from . import kept
from .documents import Document
from .index import (
    CHUNK,
    CLASS_OF,
    VERSION,
    _json,
    _shown,
    _write_filters_and_manifest,
    columns,
    decode,
    digest_of,
    document_terms,
    encode,
)
from .words import file_name, shard_of

CACHE_VERSION = 5  # 5: the bodies in a file of their own, read only where needed
_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.name != "digest")
_BODY = _FIELDS.index("body_html")
# A row of the cache: every field but the body, then where the body is in the bodies file
# (offset, length in bytes) and the document's digest.
_AT = {name: at for at, name in enumerate(name for name in _FIELDS if name != "body_html")}  # field → row index
_OFFSET, _LENGTH, _DIGEST = len(_FIELDS) - 1, len(_FIELDS), len(_FIELDS) + 1
MOST_CHANGED = 0.05  # above this share of changed documents, the index is written whole
_TOKEN = 16  # bytes: the bodies file starts with the token its rows name


def cache_path(cache_folder: str, output: str) -> str:
    name = hashlib.sha256(os.path.abspath(output).encode()).hexdigest()[:20]
    return os.path.join(cache_folder, f"search-{name}.pickle")


def bodies_path(path: str) -> str:
    return path[: -len(".pickle")] + ".bodies" if path.endswith(".pickle") else path + ".bodies"


class CacheDamaged(Exception):
    """A body read from the cache is not the one its row was saved with."""


class Cached:
    """The documents a build indexed, as kept beside its record: every field but the bodies
    is read at once (about 5 MB at 10,000 articles); a body is read from the bodies file
    when a document is asked for, and checked against the row's digest (CacheDamaged).
    An edit of a few texts reads a few bodies, not 50 MB."""

    def __init__(self, path: str, token: bytes, size: int, rows: list[tuple[Any, ...]]) -> None:
        self.path, self.token, self.size, self.rows = path, token, size, rows

    def __len__(self) -> int:
        return len(self.rows)

    def digest(self, number: int) -> bytes:
        return self.rows[number][_DIGEST]

    def document(self, number: int, handle: Any = None) -> Document:
        """Document `number`, its body read from `handle` (the bodies file) or opened here."""
        if handle is None:
            with open(bodies_path(self.path), "rb") as opened:
                return self._read(number, opened)
        return self._read(number, handle)

    def _read(self, number: int, handle: Any) -> Document:
        row = self.rows[number]
        handle.seek(row[_OFFSET])
        body = handle.read(row[_LENGTH]).decode("utf-8", "surrogatepass")
        doc = Document(*row[:_BODY], body, *row[_BODY:_OFFSET])
        if digest_of(doc) != row[_DIGEST]:
            raise CacheDamaged(f"{bodies_path(self.path)}: the body of {row[0]} is not the one saved")
        return doc

    def documents(self) -> list[Document]:
        """Every document, whole (one read of the bodies file)."""
        with open(bodies_path(self.path), "rb") as handle:
            return [self._read(number, handle) for number in range(len(self.rows))]


class Edited(Sequence[Document]):
    """The cached documents with some replaced by number ({number: Document}): what a text
    edit indexes. A document is read whole only when asked for; filters and digests come
    from the rows (`columns`)."""

    def __init__(self, cached: Cached, replaced: dict[int, Document]) -> None:
        self.cached, self.replaced = cached, replaced

    def __len__(self) -> int:
        return len(self.cached)

    @overload
    def __getitem__(self, number: int) -> Document: ...
    @overload
    def __getitem__(self, number: slice) -> list[Document]: ...
    def __getitem__(self, number: int | slice) -> Document | list[Document]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        if number < 0:
            number += len(self)
        return self.replaced[number] if number in self.replaced else self.cached.document(number)

    def __iter__(self) -> Iterator[Document]:
        whole = self.cached.documents()
        for number, doc in enumerate(whole):
            yield self.replaced.get(number, doc)

    def digest(self, number: int) -> bytes:
        doc = self.replaced.get(number)
        return digest_of(doc) if doc is not None else self.cached.digest(number)

    def columns(self) -> tuple[list[Any], list[bytes]]:
        """Every document's filters and digest, in order, without reading a body."""
        filters = [row[_AT["filters"]] for row in self.cached.rows]
        for number, doc in self.replaced.items():
            filters[number] = doc.filters
        return filters, [self.digest(number) for number in range(len(self))]


def load(path: str) -> Cached | None:
    """The cache at `path`, or None if there is none or it cannot be used."""
    try:
        with open(path, "rb") as handle:
            version, index_version, token, size, rows = pickle.load(handle)
        if version != CACHE_VERSION or index_version != VERSION or not isinstance(rows, list):
            return None
        with open(bodies_path(path), "rb") as handle:
            if handle.read(_TOKEN) != token or os.fstat(handle.fileno()).st_size < size:
                return None  # the bodies file of another save, or cut short
        return Cached(path, token, size, rows)
    except Exception:  # noqa: BLE001 - no cache, or a damaged one: the index is written whole
        return None


def _row(doc: Document, offset: int, length: int) -> tuple[Any, ...]:
    return (*(getattr(doc, name) for name in _FIELDS[:_BODY]), *(getattr(doc, name) for name in _FIELDS[_BODY + 1:]),
            offset, length, digest_of(doc))


def save(path: str, docs: Sequence[Document], old: Cached | None = None, changed: list[int] | None = None) -> None:
    """Keep `docs` at `path`. With the `old` cache they were patched from and the numbers
    that `changed`: the changed bodies are appended to its bodies file and only the rows
    are written again; else (or once the file holds as much text replaced as kept) both
    files are written whole."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if old is not None and changed is not None:
        # The rows of the documents kept; those added after them are among `changed`.
        rows: list[Any] = [*old.rows[: len(docs)], *[None] * (len(docs) - len(old))]
        live = sum(row[_LENGTH] for row in rows if row is not None)
        if old.size - _TOKEN <= 2 * live + (1 << 20):
            with open(bodies_path(path), "r+b") as handle:
                if handle.read(_TOKEN) == old.token:
                    offset = handle.seek(old.size)
                    for number in (n for n in changed if n < len(docs)):  # (the others were removed)
                        body = docs[number].body_html.encode("utf-8", "surrogatepass")
                        handle.write(body)
                        rows[number] = _row(docs[number], offset, len(body))
                        offset += len(body)
                    handle.flush()  # (no fsync: a body lost in a crash fails its row's digest, CacheDamaged)
                    _write_rows(path, old.token, offset, rows)
                    return
    token = os.urandom(_TOKEN)
    temp = f"{bodies_path(path)}.{os.getpid()}.tmp"
    rows = []
    try:
        with open(temp, "wb") as handle:
            handle.write(token)
            offset = _TOKEN
            # The bodies as UTF-8 bytes, one by one: pickling the build's strings made CPython
            # keep a UTF-8 copy inside each (50 MB at 10,000 articles).
            for doc in docs:
                body = doc.body_html.encode("utf-8", "surrogatepass")
                handle.write(body)
                rows.append(_row(doc, offset, len(body)))
                offset += len(body)
        os.replace(temp, bodies_path(path))
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    _write_rows(path, token, offset, rows)


def _write_rows(path: str, token: bytes, size: int, rows: list[tuple[Any, ...]]) -> None:
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as handle:
            pickle.dump((CACHE_VERSION, VERSION, token, size, rows), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _digest(docs: Sequence[Document] | Cached, number: int) -> bytes:
    return docs.digest(number) if isinstance(docs, Cached | Edited) else digest_of(docs[number])


def _document(docs: Sequence[Document] | Cached, number: int) -> Document:
    return docs.document(number) if isinstance(docs, Cached) else docs[number]


def changed_numbers(old: Sequence[Document] | Cached | None, docs: Sequence[Document]) -> list[int] | None:
    """The numbers of the documents that changed (by their digests), were added after the
    others or removed from the end, or None if the index must be written whole. The index is
    positional: a document at the same number with another address or date (a retitled
    article) is a changed document like any other; a new article, the newest, takes the
    next number (documents are numbered oldest first); a document added or removed anywhere
    else renumbers those after it (more than MOST_CHANGED, mostly)."""
    if old is None or not len(old) or not len(docs):
        return None
    most = max(1, int(len(docs) * MOST_CHANGED))
    both = min(len(old), len(docs))
    changed = list(range(both, max(len(old), len(docs))))  # added, or removed, at the end
    if len(changed) > most:
        return None
    for number in range(both):
        if _digest(old, number) != _digest(docs, number):  # (the digest covers the address and date too)
            changed.append(number)
            if len(changed) > most:
                return None
    return sorted(changed)


def patch_index(target: str, previous: str, old: Sequence[Document] | Cached, docs: Sequence[Document],
                changed: list[int]) -> None:
    """Write into `target` the index of `docs` from the index of `old` in `previous`."""
    import json

    with open(os.path.join(previous, "muc-luc.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    if manifest.get("version") != VERSION or manifest.get("chunk") != CHUNK or manifest.get("documents") != len(old):
        raise ValueError("the previous index is of another kind")
    removed: dict[tuple[str, str], set[int]] = defaultdict(set)
    added: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for number in changed:  # only the words whose presence or weight class changed
        before = _classes(_document(old, number)) if number < len(old) else {}
        after = _classes(docs[number]) if number < len(docs) else {}
        for key in before.keys() | after.keys():
            if before.get(key) != after.get(key):
                if key in before:
                    removed[key].add(number)
                if key in after:
                    added[key][number] = after[key]
    touched: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key in (*removed, *added):
        touched[shard_of(key[0])].add(key)
    shards = set(manifest["shards"])
    if os.path.lexists(target):
        shutil.rmtree(target)
    for folder in ("", "tu", "bai", "loc"):
        os.makedirs(os.path.join(target, folder), exist_ok=True)
    for key in sorted(shards - set(touched)):
        _link(previous, target, f"tu/{file_name(key)}.bin")
    for key in sorted(touched):
        table: dict[tuple[str, str], dict[int, int]] = {}
        if key in shards:
            with open(os.path.join(previous, f"tu/{file_name(key)}.bin"), "rb") as handle:
                for term, forms in decode(handle.read()):
                    for variant, ids, classes in forms:
                        table[(term, variant)] = dict(zip(ids, classes, strict=True))
        for entry in touched[key]:
            postings = table.setdefault(entry, {})
            for number in removed.get(entry, ()):
                postings.pop(number, None)
            postings.update(added.get(entry, {}))
        by_term: dict[str, list[tuple[str, tuple[list[int], list[int]]]]] = defaultdict(list)
        for (term, variant), postings in table.items():
            if postings:
                ids = sorted(postings)
                by_term[term].append((variant, (ids, [postings[n] for n in ids])))
        if not by_term:
            shards.discard(key)
            continue
        shards.add(key)
        data = encode((term, sorted(by_term[term])) for term in sorted(by_term))
        with open(os.path.join(target, f"tu/{file_name(key)}.bin"), "wb") as handle:
            handle.write(data)
    rewritten = {number // CHUNK for number in changed}
    for chunk in range(-(-len(docs) // CHUNK)):
        name = f"bai/{chunk}.json"
        if chunk in rewritten:
            with open(os.path.join(target, name), "wb") as handle:
                handle.write(_json([_shown(doc) for doc in docs[chunk * CHUNK:(chunk + 1) * CHUNK]]))
        else:
            _link(previous, target, name)
    _write_filters_and_manifest(target, *columns(docs), shards)


def _classes(doc: Document) -> dict[tuple[str, str], int]:
    return {key: CLASS_OF[weight] for key, weight in document_terms(doc).items()}


def _link(previous: str, target: str, name: str) -> None:
    try:
        os.link(os.path.join(previous, name), os.path.join(target, name))
    except OSError:
        shutil.copy2(os.path.join(previous, name), os.path.join(target, name))


def with_replaced(old: Cached | None, replaced: list[Document]) -> Edited | None:
    """The documents of the cache `old` (ordered, as it keeps them) with those of
    `replaced` taking the place of the documents at their addresses, when the edit keeps
    the order (same address and date: a text edit); else None."""
    if old is None:
        return None
    by_url = {doc.url: doc for doc in replaced}
    numbers: dict[int, Document] = {}
    for number, row in enumerate(old.rows):
        new = by_url.pop(row[_AT["url"]], None)
        if new is not None:
            if new.sort != row[_AT["sort"]]:
                return None
            numbers[number] = new
    return Edited(old, numbers) if not by_url else None


def index_with_cache(target: str, docs: Sequence[Document], cache: str, previous: str | None, write_whole: Any,
                     old: Cached | None = None, counted: Any = None) -> bool:
    """The index of `docs` (ordered) into `target`: patched from `previous` (an intact index
    made by this code, or None) when the cache allows it, else by `write_whole(target, docs,
    counted=…)` with the words counted ahead (`counted`, a counted.Counted) or else those the
    last full build kept beside the cache (kept.py). Saves the cache. True if patched. `old`:
    the cache, if the caller has read it."""
    if old is None and previous is not None:
        old = load(cache)
    changed = changed_numbers(old, docs)
    patched = False
    if changed is not None and previous is not None and os.path.isfile(os.path.join(previous, "muc-luc.json")):
        try:
            patch_index(target, previous, old, docs, changed)  # type: ignore[arg-type]
            patched = True
        except (OSError, ValueError, KeyError, CacheDamaged):
            patched = False
    if not patched:
        docs = list(docs)  # an Edited view reads every document whole (CacheDamaged: see refresh)
        write_whole(target, docs, counted=counted if counted is not None else kept.load(kept.terms_path(cache)))
        save(cache, docs)
    else:
        save(cache, docs, old, changed)
    return patched
