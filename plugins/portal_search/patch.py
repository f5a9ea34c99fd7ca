"""A rebuild changes only the index files that an edit changes (`make html` after an edit).

The build keeps the documents it indexed (`<build cache>/search-<output>.pickle`, next to
portal_build's up-to-date record; safe to delete). The next build patches the previous
index instead of writing it all again when every document keeps its number (no document
added, removed or moved by a new date) and at most `MOST_CHANGED` of them changed: the words
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
from typing import Any

from .documents import Document
from .index import (
    CHUNK,
    CLASS_OF,
    VERSION,
    _json,
    _shown,
    _write_filters_and_manifest,
    decode,
    digest_of,
    document_terms,
    encode,
)
from .words import file_name, shard_of

CACHE_VERSION = 4  # 4: bodies as UTF-8 bytes
_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.name != "digest")
_BODY = _FIELDS.index("body_html")  # kept as UTF-8 bytes (see save)
MOST_CHANGED = 0.05  # above this share of changed documents, the index is written whole


def cache_path(cache_folder: str, output: str) -> str:
    name = hashlib.sha256(os.path.abspath(output).encode()).hexdigest()[:20]
    return os.path.join(cache_folder, f"search-{name}.pickle")


def load(path: str) -> list[Document] | None:
    try:
        with open(path, "rb") as handle:
            version, index_version, rows = pickle.load(handle)
        if version != CACHE_VERSION or index_version != VERSION or not isinstance(rows, list):
            return None
        return [Document(*row[:_BODY], row[_BODY].decode("utf-8", "surrogatepass"), *row[_BODY + 1:]) for row in rows]
    except Exception:  # noqa: BLE001 - no cache, or a damaged one: the index is written whole
        return None


def save(path: str, docs: list[Document]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as handle:
            # Plain tuples: three times faster to save and load than the dataclasses; with
            # each document's digest (the next patched index's stamp).
            # The body as UTF-8 bytes: pickling a str makes CPython keep a UTF-8 copy inside
            # it, and the bodies are the build's own strings (50 MB at 10,000 articles).
            rows = [(*(getattr(doc, name) for name in _FIELDS[:_BODY]), doc.body_html.encode("utf-8", "surrogatepass"),
                     *(getattr(doc, name) for name in _FIELDS[_BODY + 1:]), digest_of(doc)) for doc in docs]
            pickle.dump((CACHE_VERSION, VERSION, rows), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def changed_numbers(old: list[Document] | None, docs: list[Document]) -> list[int] | None:
    """The numbers of the documents that changed, or None if the index must be written whole."""
    if old is None or len(old) != len(docs) or not docs:
        return None
    changed = []
    for number, (before, after) in enumerate(zip(old, docs, strict=True)):
        if before.url != after.url or before.sort != after.sort:
            return None  # numbering changed
        if before != after:
            changed.append(number)
    if len(changed) > max(1, int(len(docs) * MOST_CHANGED)):
        return None
    return changed


def patch_index(target: str, previous: str, old: list[Document], docs: list[Document], changed: list[int]) -> None:
    """Write into `target` the index of `docs` from the index of `old` in `previous`."""
    import json

    with open(os.path.join(previous, "muc-luc.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    if manifest.get("version") != VERSION or manifest.get("chunk") != CHUNK or manifest.get("documents") != len(docs):
        raise ValueError("the previous index is of another kind")
    removed: dict[tuple[str, str], set[int]] = defaultdict(set)
    added: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for number in changed:  # only the words whose presence or weight class changed
        before = {key: CLASS_OF[weight] for key, weight in document_terms(old[number]).items()}
        after = {key: CLASS_OF[weight] for key, weight in document_terms(docs[number]).items()}
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
    _write_filters_and_manifest(target, docs, shards)


def _link(previous: str, target: str, name: str) -> None:
    try:
        os.link(os.path.join(previous, name), os.path.join(target, name))
    except OSError:
        shutil.copy2(os.path.join(previous, name), os.path.join(target, name))


def with_replaced(old: list[Document] | None, replaced: list[Document]) -> list[Document] | None:
    """The documents `old` (ordered, as the cache keeps them) with those of `replaced`
    taking the place of the documents at their addresses, when the edit keeps the order
    (same address and date: a text edit); else None."""
    if old is None:
        return None
    by_url = {doc.url: doc for doc in replaced}
    docs = list(old)
    for number, doc in enumerate(docs):
        new = by_url.pop(doc.url, None)
        if new is not None:
            if new.sort != doc.sort:
                return None
            docs[number] = new
    return docs if not by_url else None


def index_with_cache(target: str, docs: list[Document], cache: str, previous: str | None, write_whole: Any,
                     old: list[Document] | None = None) -> bool:
    """The index of `docs` (ordered) into `target`: patched from `previous` (an intact index
    made by this code, or None) when the cache allows it, else by `write_whole`. Saves the
    cache. True if patched. `old`: the cache's documents, if the caller has read them."""
    if old is None and previous is not None:
        old = load(cache)
    changed = changed_numbers(old, docs)
    patched = False
    if changed is not None and previous is not None and os.path.isfile(os.path.join(previous, "muc-luc.json")):
        try:
            patch_index(target, previous, old, docs, changed)  # type: ignore[arg-type]
            patched = True
        except (OSError, ValueError, KeyError):
            patched = False
    if not patched:
        write_whole(target, docs)
    save(cache, docs)
    return patched
