"""The search index: written by the build from its documents (documents.py), read by the
search page (theme/static/js/search.js) without any server.

Layout, under tim-kiem/chi-muc/ (every file is the same bytes for the same site):

    muc-luc.json        the manifest: number of documents, the shards that exist, the
                        filters, a stamp of the whole index (the page adds it to every
                        request, so a cache never mixes two indexes)
    tu/<key>.bin        the words whose folded form starts with <key> (3 letters), each with
                        its forms and, for each form, the documents that have it and a weight;
                        also the pairs of adjacent words of titles and sa-pô ("dich vu", form
                        "") and the numbers of legal documents ("76 nq cp", form "#")
    bai/<n>.json        documents 8n … 8n+7: [url, title, date, category, excerpt]
    loc/<filter>.bin    for each value of a filter, its documents

Documents are numbered oldest first (undated pages before them), so "newest first" is the
descending order of the numbers, a query's documents are found in few `bai/` files, and a
new article takes the next number: the index of the others does not change (patch.py adds
it). A query downloads the
manifest, one shard per word and the `bai/` files of the results it shows: about 100 KB at
10,000 articles, where Pagefind needed 3.2 MB (bench/README.md, "Site search").

Binary files are a list of entries, each: key, number of forms, and for each form: the form,
the number of documents, then for each document (its number minus the previous one) × 8 + the
class of its weight (0–7, `weight_class`). Numbers are unsigned LEB128 varints, strings a
varint length then UTF-8.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import time
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, repeat
from operator import and_, sub
from typing import Any

import portal_workers as workers

from .counted import Counted
from .documents import Document, plain, text_of, texts_digest
from .words import NUMBER_FORM, file_name, fold, form, number_key, piece_words, pieces, shard_of, words

FOLDER = "tim-kiem/chi-muc"  # in the site; tim-kiem/ is the search page
CHUNK = 8  # documents per bai/ file
VERSION = 3  # 2: legal documents' number keys (form "#"); 3: numbered oldest first
WEIGHTS = (("title", 8), ("lead", 3), ("body_html", 1))  # a word of the title counts 8 times one of the body
# The body first: its counts become a document's terms as they are (no copy).
_BODY_FIRST = sorted(WEIGHTS, key=lambda item: item[0] != "body_html")
EXCERPT = 220  # characters of a page's text shown as its excerpt when it has no sa-pô


class SearchIndexFailed(Exception):
    """The index could not be written; the message says why, in one sentence."""


class Cancelled(Exception):
    """A background refresh gave way to a newer request."""


def index_site(folder: str, documents: Iterable[Document], settings: dict[str, Any] | None = None,
               cache: str | None = None, previous: str | None = None, processes: int | None = None,
               counted: Counted | None = None) -> None:
    """Write the index of `documents` into the site `folder` (a build's new tree). With
    `cache` (a file for the documents indexed) and `previous` (the site folder it replaces,
    its index intact and made by this code), a small edit patches the previous index
    (patch.py). `processes`: how many read the documents' words (default:
    PORTAL_WRITER_PROCESSES, else one per core). `counted`: the sources' terms counted ahead
    (counted.py), if the build did."""
    if settings is not None and not settings.get("PORTAL_SEARCH", True):
        return
    target = os.path.join(folder, FOLDER)
    if processes is None:
        processes = workers.processes(settings.get("PORTAL_WRITER_PROCESSES") if settings is not None else None)
    try:
        if cache is None:
            write_index(target, documents, processes=processes, counted=counted)
            return
        from .patch import index_with_cache

        docs = ordered(documents)
        index_with_cache(target, docs, cache, os.path.join(previous, FOLDER) if previous else None,
                         functools.partial(write_index, processes=processes), counted=counted)
    except OSError as exc:
        raise SearchIndexFailed(f"the search index could not be written: {exc}") from None


def refresh(folder: str, documents: Callable[[], Iterable[Document]], background: Any = None,
            cache: str | None = None, settings: dict[str, Any] | None = None,
            replaced: list[Document] | None = None) -> None:
    """Index again a site that is being served (the dev server, after an edit applied in
    place): the new index is written beside the old one, then takes its place, so a search
    meanwhile reads one whole index or the other. With `background` (a Refresher), stops
    (Cancelled) as soon as a newer refresh is wanted. With `cache` (see index_site; the
    caller vouches that the index in place was made by this code from that cache's
    documents), a small edit patches the index in place: unchanged files stay the same
    files (links), with their modification times; with `replaced` too (the documents of
    the sources whose text alone changed), the others are taken from the cache instead of
    being made again from the build."""
    if settings is not None and not settings.get("PORTAL_SEARCH", True):
        return
    target = os.path.join(folder, FOLDER)
    fresh, old = target + ".new", target + ".old"
    for leftover in (fresh, old):  # left by a dev server stopped mid-swap
        shutil.rmtree(leftover, ignore_errors=True)
    check = None
    if background is not None:
        def check() -> None:
            if background.wanted():
                raise Cancelled()
    processes = workers.processes(settings.get("PORTAL_WRITER_PROCESSES") if settings is not None else None)
    try:
        if cache is not None:
            from .patch import CacheDamaged, index_with_cache, load, with_replaced

            previous = target if os.path.isdir(target) else None
            cached = load(cache) if previous is not None else None
            docs = with_replaced(cached, replaced) if replaced is not None else None
            whole = functools.partial(write_index, processes=processes)
            try:
                index_with_cache(fresh, docs if docs is not None else ordered(documents()), cache, previous, whole, cached)
            except CacheDamaged:  # a body kept in the cache is not the one saved: index the build's documents
                index_with_cache(fresh, ordered(documents()), cache, None, whole)
        else:
            write_index(fresh, _checked(documents(), check), check)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if os.path.isdir(target):
        os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def _checked(documents: Iterable[Document], check: Callable[[], None] | None) -> Iterator[Document]:
    """`documents`, calling `check` every 200 (reading them is most of a refresh's first run)."""
    for number, doc in enumerate(documents):
        if check is not None and number % 200 == 0:
            check()
        yield doc


def ordered(documents: Iterable[Document]) -> list[Document]:
    """Undated pages (by address, the last first), then the dated ones oldest first (the
    same date: by address, the last first): the reverse of "newest first, then undated
    pages by address", which the search page reads from the highest number down. One
    document per address."""
    unique = {doc.url: doc for doc in reversed(list(documents))}  # the first of each address wins
    by_url = sorted(unique.values(), key=lambda doc: doc.url)
    dated = sorted((d for d in by_url if d.sort), key=lambda doc: doc.sort, reverse=True)
    return [*reversed(dated + [d for d in by_url if not d.sort])]


def write_index(target: str, documents: Iterable[Document], check: Callable[[], None] | None = None,
                processes: int = 1, counted: Counted | None = None) -> None:
    """The index of `documents` into `target`, whole; the documents' words read by
    `processes` forked workers when there are many (never with `check`: a refresh), taken
    from `counted` for the documents it counted ahead."""
    docs = ordered(documents)
    try:
        postings = _postings(docs, check, processes, counted)
    finally:
        forget_words()  # 16 MB at 10k articles, kept to the end of a build's memory peak otherwise
    by_term: dict[str, list[tuple[str, array[int]]]] = defaultdict(list)
    for (term, variant), packed in postings.items():
        by_term[term].append((variant, packed))
    shards: dict[str, list[str]] = defaultdict(list)
    for term in by_term:
        shards[shard_of(term)].append(term)
    if os.path.lexists(target):
        shutil.rmtree(target)
    for folder in ("", "tu", "bai", "loc"):
        os.makedirs(os.path.join(target, folder), exist_ok=True)
    def write(name: str, data: bytes) -> None:
        with open(os.path.join(target, name), "wb") as handle:
            handle.write(data)

    for key in sorted(shards):
        if check is not None:
            check()
        write(f"tu/{file_name(key)}.bin", encode_packed((term, sorted(by_term[term])) for term in sorted(shards[key])))
    for start in range(0, len(docs), CHUNK):
        write(f"bai/{start // CHUNK}.json", _json([_shown(doc) for doc in docs[start:start + CHUNK]]))
    _write_filters_and_manifest(target, *columns(docs), set(shards))


def columns(docs: Sequence[Document]) -> tuple[list[Any], list[bytes]]:
    """Every document's filters and digest, in order (a view of the kept documents,
    patch.Edited, gives them from its rows without reading a body)."""
    own = getattr(docs, "columns", None)
    if own is not None:
        return own()
    return [doc.filters for doc in docs], [digest_of(doc) for doc in docs]


def _write_filters_and_manifest(target: str, filters: list[Any], digests: list[bytes], shards: set[str]) -> None:
    """The filters' files and the manifest, from every document's filters and digest in order."""
    values: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, chosen_filters in enumerate(filters):
        for name, chosen in chosen_filters:
            for value in chosen:
                values[name][value].append(number)
    for name in sorted(values):
        data = encode((value, [("", (ids, [0] * len(ids)))]) for value, ids in sorted(values[name].items()))
        with open(os.path.join(target, f"loc/{name}.bin"), "wb") as handle:
            handle.write(data)
    with open(os.path.join(target, "muc-luc.json"), "wb") as handle:
        handle.write(_json({
            "version": VERSION, "documents": len(digests), "chunk": CHUNK, "stamp": stamp_of(digests),
            "shards": sorted(shards), "filters": sorted(values),
        }))


def digest_of(doc: Document) -> bytes:
    """The digest of a document's fields (kept on it once computed: Document.digest)."""
    if doc.digest:
        return doc.digest
    digest = texts_digest((doc.url, doc.title, doc.date, doc.sort, doc.category, doc.lead, doc.body_html,
                           repr(doc.filters), doc.number))
    object.__setattr__(doc, "digest", digest)  # a cache, not a field: left out of equality
    return digest


def stamp_of(digests: list[bytes]) -> str:
    """What the index is made from, as 16 hex digits: the format's version and every
    document in order (the index is a function of them), by their digests (index.digest_of):
    a patched index hashes only the documents that changed."""
    stamp = hashlib.blake2b(f"v{VERSION}".encode(), digest_size=8)
    stamp.update(b"".join(digests))
    return stamp.hexdigest()


PARALLEL_MIN_DOCUMENTS = 2000


def _postings(docs: list[Document], check: Callable[[], None] | None, processes: int,
              counted: Counted | None = None) -> dict[tuple[str, str], array[int]]:
    """{(term, form): [document number × 8 + weight class, …]}, numbers ascending. In a build
    with many documents, on every core (this process and forked workers, which read `docs` as
    inherited: one fork fewer at the build's memory peak; a refresh
    in the dev server's background thread, which `check`s for a newer edit, does not fork)."""
    if check is not None or processes <= 1 or len(docs) < PARALLEL_MIN_DOCUMENTS:
        return _postings_of(docs, 0, len(docs), check, counted)
    if counted is not None:
        counted.load()  # here, before the workers fork
    size = -(-len(docs) // processes)
    ranges = [(start, min(start + size, len(docs))) for start in range(0, len(docs), size)]
    parts = list(workers.fork_map(_postings_of_range, ranges, processes, parent_works=True, shared=(docs, counted)))
    postings = parts[0]
    for part in parts[1:]:  # later ranges: higher numbers, appended in order
        for key, packed in part.items():
            found = postings.get(key)
            if found is None:
                postings[key] = packed
            else:
                found.extend(packed)
    return postings


def _postings_of_range(bounds: tuple[int, int]) -> dict[tuple[str, str], array[int]]:
    docs, counted = workers.shared()
    return _postings_of(docs, bounds[0], bounds[1], None, counted)


def _postings_of(docs: list[Document], start: int, end: int, check: Callable[[], None] | None,
                 counted: Counted | None = None) -> dict[tuple[str, str], array[int]]:
    # Each document's keys go to their lists by C-level iteration (map, deque): a Python
    # loop over its 350 keys was a third of the index's time at 10,000 articles. A document
    # counted ahead (counted.py) has its keys as numbers into the counted table: its lists
    # are found by index (no tuple hashed, no Counter made for it).
    postings = _Postings()
    lists, classes = postings.__getitem__, CLASS_OF.__getitem__
    by_number = [lists(key) for key in counted.table] if counted is not None else []
    numbered = by_number.__getitem__
    for number in range(start, end):
        if check is not None and number % 200 == 0:
            check()
        doc = docs[number]
        packed = counted.packed_of(doc) if counted is not None else None
        if packed is not None:
            keys, weights = packed
            deque(map(array.append, map(numbered, keys), map((number * 8).__add__, map(classes, weights))), maxlen=0)
            if not doc.number:
                continue
            found = _with_number(Counter(), doc)  # a legal document's number: not among the words counted
        else:
            found = document_terms(doc, None)
        deque(map(array.append, map(lists, found), map((number * 8).__add__, map(classes, found.values()))), maxlen=0)
    return {key: packed for key, packed in postings.items() if packed}


class _Postings(dict):
    """{key: its documents}, a new list for a key first seen."""

    def __missing__(self, key: tuple[str, str]) -> array[int]:
        found = self[key] = array("I")
        return found


class _ClassOf(dict):
    """weight → weight_class(weight), worked out once per weight."""

    def __missing__(self, weight: int) -> int:
        found = self[weight] = weight_class(weight)
        return found


def forget_words() -> None:
    """Empty the memos of words and pieces: they serve one index, not what follows it."""
    for memo in (_keys, piece_words, fold, form):
        memo.cache_clear()
    _PIECE_KEYS.clear()


@lru_cache(maxsize=200_000)
def _keys(word: str) -> tuple[str, str]:
    return fold(word), form(word)


class _PieceKeys(dict):
    """A piece of text between spaces (lowercase, NFC) → the keys of its words (most pieces
    are one word; "," none), worked out on first sight: looked up as a dict, in C."""

    LIMIT = 400_000  # distinct pieces kept at most (a dev server indexes again and again)

    def __missing__(self, piece: str) -> tuple[tuple[str, str], ...]:
        if len(self) >= self.LIMIT:
            self.clear()
        found = self[piece] = tuple(_keys(word) for word in piece_words(piece))
        return found


_PIECE_KEYS = _PieceKeys()


def body_counts(text: str) -> Counter[tuple[str, str]]:
    """{(folded word, form): times} of a long text. Cutting at spaces, looking each piece up
    and counting are C-level iterations; the word pattern runs once per distinct piece
    (words.pieces), so the same counts as `words(text)` come three times faster."""
    return Counter(chain.from_iterable(map(_PIECE_KEYS.__getitem__, pieces(text))))


def document_terms(doc: Document, counted: Counted | None = None) -> Counter[tuple[str, str]]:
    """{(folded word, form): weight} of a document, {(two folded words, ""): weight} for
    the pairs of adjacent words of its title and lead (a query's words side by side rank
    first), and {(number key, "#"): 8} for a legal document's number (a query that is the
    number, or has it among its words, finds that document first). `counted`: documents
    whose words were counted ahead (counted.py)."""
    found = counted.terms_of(doc) if counted is not None else None
    return _with_number(found if found is not None else document_words(doc), doc)


def document_words(doc: Document) -> Counter[tuple[str, str]]:
    """document_terms without a legal document's number key: the keys of the words of its
    title, lead and body, and of the pairs of its title's and lead's words."""
    found: Counter[tuple[str, str]] = Counter()
    for field, weight in _BODY_FIRST:
        text = getattr(doc, field)
        if not text:
            continue
        if field == "body_html":  # most of the words: counted in C (body_counts)
            found = body_counts(text_of(text))
            if weight != 1:
                found = Counter({key: count * weight for key, count in found.items()})
            continue
        add_field_terms(found, text, weight)
    return found


def add_field_terms(found: Counter[tuple[str, str]], text: str, weight: int) -> None:
    """Add to `found` the keys of a short field's words (a title, a sa-pô) and of its pairs of
    adjacent words, each `weight` times per occurrence."""
    found_words = words(text)
    for word, count in Counter(found_words).items():
        found[_keys(word)] += weight * count
    folded = [fold(word) for word in found_words]
    for first, second in zip(folded, folded[1:], strict=False):
        found[(f"{first} {second}", "")] += weight


def _with_number(found: Counter[tuple[str, str]], doc: Document) -> Counter[tuple[str, str]]:
    key = number_key(doc.number) if doc.number else ""
    if key:
        found[(key, NUMBER_FORM)] = WEIGHTS[0][1]
    return found


def _shown(doc: Document) -> list[str]:
    excerpt = doc.lead or _cut(plain(doc.body_html), EXCERPT)
    return [doc.url, doc.title, doc.date, doc.category, excerpt]


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _json(value: Any) -> bytes:
    """Compact JSON with no markup characters left raw (`<` is \\u003c): the index holds
    editors' text, and a file read as HTML by mistake (a server sniffing types) must not
    find a tag in it. JSON.parse gives the same strings."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_MARKUP).encode("utf-8")


_VARINT = [bytes([n]) if n < 128 else bytes([(n & 127) | 128, n >> 7]) for n in range(1 << 14)]


def varint(n: int) -> bytes:
    if n < 1 << 14:
        return _VARINT[n]
    out = bytearray()
    while True:
        byte, n = n & 127, n >> 7
        if n:
            out.append(byte | 128)
        else:
            out.append(byte)
            return bytes(out)


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return varint(len(data)) + data


def weight_class(weight: int) -> int:
    """A weight (1 for a word once in the body, 8 for once in the title: WEIGHTS) as 0–7:
    its base-2 logarithm. Stored in the three low bits of each document's number."""
    return min(weight.bit_length() - 1, 7) if weight > 0 else 0


CLASS_OF = _ClassOf()  # weight → weight_class(weight), each weight worked out once


def encode_packed(entries: Iterable[tuple[str, list[tuple[str, array[int]]]]]) -> bytes:
    """`encode` of documents already packed as number × 8 + class."""
    out = bytearray()
    for key, forms in entries:
        out += _text(key) + varint(len(forms))
        for variant, packed in forms:
            out += _text(variant) + varint(len(packed))
            # Each value minus the previous one's number (value & ~7), the first minus 0:
            # C-level iterations, as the index holds millions of them.
            deltas = list(map(sub, packed, chain((0,), map(and_, packed, repeat(~7)))))
            if max(deltas, default=0) < 1 << 14:
                out += b"".join(map(_VARINT.__getitem__, deltas))
            else:
                out += b"".join(map(varint, deltas))
    return bytes(out)


def encode(entries: Iterable[tuple[str, list[tuple[str, tuple[list[int], list[int]]]]]]) -> bytes:
    """The binary form of [(key, [(form, (document numbers ascending, weight classes 0–7))])]:
    each document as one varint, (its number minus the previous one) × 8 + its class, so a
    word that most documents have costs one byte a document."""
    return encode_packed(
        (key, [(variant, array("I", (n * 8 + c for n, c in zip(ids, classes, strict=True)))) for variant, (ids, classes) in forms])
        for key, forms in entries
    )


def decode(data: bytes) -> list[tuple[str, list[tuple[str, list[int], list[int]]]]]:
    """The inverse of `encode` (tests, the benchmark)."""
    at = 0

    def number() -> int:
        nonlocal at
        value = shift = 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 127) << shift
            shift += 7
            if not byte & 128:
                return value

    def text() -> str:
        nonlocal at
        size = number()
        at += size
        return data[at - size:at].decode("utf-8")

    entries = []
    while at < len(data):
        key, forms = text(), []
        for _ in range(number()):
            variant, ids, classes, previous = text(), [], [], 0
            for _ in range(number()):
                value = number()
                previous += value >> 3
                ids.append(previous)
                classes.append(value & 7)
            forms.append((variant, ids, classes))
        entries.append((key, forms))
    return entries


class Refresher:
    """Refreshes the index of a served folder in a background thread, so that an edit is
    shown without waiting for it. A refresh starts once no request came for `quiet` seconds,
    and is stopped and started again by a newer request or a hold: while an editor saves edit
    after edit, the index does not compete with the dev server, and it follows when the edits
    pause. `documents` gives the documents of the site as it is when the refresh starts."""

    def __init__(self, folder: str, documents: Callable[[], Iterable[Document]], quiet: float = 1.0,
                 on_done: Any = None) -> None:
        import threading

        self.folder = folder
        self.documents = documents
        self.quiet = quiet
        self.on_done = on_done  # called with the seconds a refresh took, when it completes
        self._held = False
        self._running = False
        self._asked = 0.0
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="search-refresh", daemon=True)
        self._thread.start()

    def hold(self) -> None:
        """An edit is being applied: stop a refresh that is running and start none until
        `release` or `request` (the build in memory changes meanwhile)."""
        self._held = True
        if self._running:
            self._wanted.set()  # the running refresh stops; it is wanted again after the hold
            self._idle.clear()

    def release(self) -> None:
        self._held = False
        self._asked = time.monotonic()

    def request(self) -> None:
        """Index again once requests pause and nothing holds the refresher."""
        self._idle.clear()
        self._asked = time.monotonic()
        self._held = False
        self._wanted.set()

    def wanted(self) -> bool:
        return self._wanted.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until no refresh is wanted or running (tests, shutdown)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        import traceback

        while True:
            self._wanted.wait()
            while self._held or time.monotonic() - self._asked < self.quiet:  # edits still coming
                time.sleep(0.05 if self._held else max(0.05, self.quiet - (time.monotonic() - self._asked)))
            self._wanted.clear()
            started = time.monotonic()
            self._running = True
            try:
                refresh(self.folder, self.documents, self)
                if self.on_done is not None and not self._wanted.is_set():
                    self.on_done(time.monotonic() - started)
            except Cancelled:
                self._wanted.set()  # a newer request or a hold: start again once the edits pause
                continue
            except Exception:  # noqa: BLE001
                if self._wanted.is_set():  # the build changed under the refresh: it runs again
                    continue
                traceback.print_exc()  # search keeps the previous index until the next edit
            finally:
                self._running = False
            if not self._wanted.is_set():
                self._idle.set()
