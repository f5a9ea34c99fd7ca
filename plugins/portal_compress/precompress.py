"""`precompress(tree, previous)`: the `.br` and `.gz` beside every text file of `tree`."""

from __future__ import annotations

import gzip
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import brotli

from portal_workers import fork_map, processes

# Files a browser or a feed reader fetches as text (and the search index's binary shards,
# which compress like text): these get compressed copies. Photos and documents do not.
SUFFIXES = frozenset(
    {".html", ".htm", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".webmanifest", ".ics", ".bin"}
)
ENCODINGS = (".br", ".gz")
# Brotli's quality: measured on the pages of 10,000 articles (281 MB of text; 2 cores), 8
# gives 24.7 % of the bytes at 42 MB/s per core, 10 gives 23.2 % at 2.7 MB/s (the precompress
# phase of a clean publish: 12-15 s at 8, 74 s at 10), gzip -9 26.5 %. The theme's stylesheets and scripts, which every
# visitor fetches and which are few, get the best (11). Changing a quality changes only the
# files compressed afterwards (unchanged ones keep the previous tree's copies): publish into
# an empty folder once to apply it everywhere.
BROTLI_QUALITY = 8
BROTLI_QUALITY_ASSETS = 11
ASSET_SUFFIXES = frozenset({".css", ".js", ".mjs", ".svg", ".webmanifest"})
GZIP_LEVEL = 9
# A worker pays for itself from a few hundred files on.
_FILES_PER_WORKER = 200


@dataclass
class Stats:
    """What one run did. Sizes are bytes of the text files and of the copies kept."""

    files: int = 0  # text files seen
    compressed: int = 0  # compressed in this run
    reused: int = 0  # whose copies are the previous tree's (hard links)
    original_bytes: int = 0
    br_files: int = 0
    br_bytes: int = 0  # every .br kept (compressed or reused)
    gz_files: int = 0
    gz_bytes: int = 0

    def __add__(self, other: Stats) -> Stats:
        return Stats(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def compress_gzip(data: bytes) -> bytes:
    """gzip with no file name and time 0: the same bytes for the same input."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def compress_brotli(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)


def _brotli_quality(path: str) -> int:
    return BROTLI_QUALITY_ASSETS if os.path.splitext(path)[1].lower() in ASSET_SUFFIXES else BROTLI_QUALITY


def precompress(tree: Path, previous: Path | None = None, workers: int = 1) -> Stats:
    """Write `<file>.br` and `<file>.gz` beside every text file under `tree`, each only when
    smaller than the file. With `previous` (the tree being replaced), a file that is the
    same file there (same inode) or holds the same bytes reuses that tree's copies as hard
    links. Compression runs on `workers` forked processes."""
    tree = Path(tree)
    previous = Path(previous) if previous is not None and Path(previous).is_dir() else None
    stats = Stats()
    todo: list[tuple[str, int]] = []  # (path, size)
    for path, info in _text_files(tree):
        stats.files += 1
        stats.original_bytes += info.st_size
        _remove_copies(path)
        if previous is not None:
            linked = _reuse(path, info, previous / os.path.relpath(path, tree))
            if linked is not None:
                stats.reused += 1
                stats = stats + linked
                continue
        todo.append((path, info.st_size))
    if not todo:
        return stats
    count = max(1, min(workers, len(todo) // _FILES_PER_WORKER))
    # Largest first, dealt in turn: the workers get about the same number of bytes.
    todo.sort(key=lambda item: -item[1])
    chunks = [[path for path, _size in todo[start::count]] for start in range(count)]
    for done in fork_map(_compress_all, chunks, count):
        stats = stats + done
    return stats


def precompress_site(folder: str, settings: dict[str, Any]) -> Stats | None:
    """The build's step (portal_build.pipeline, before the swap): precompress the new tree
    `folder` when `PORTAL_PRECOMPRESS` is on, reusing the copies of the tree being replaced."""
    if not settings.get("PORTAL_PRECOMPRESS", False):
        return None
    from portal_diagnostics import BuildStopped
    from portal_diagnostics.timing import timed

    previous = settings.get("PORTAL_OUTPUT_PREVIOUS_PATH")
    try:
        with timed("precompress"):
            return precompress(
                Path(folder),
                Path(previous) if previous else None,
                processes(settings.get("PORTAL_PRECOMPRESS_PROCESSES")),
            )
    except OSError as exc:
        where = exc.filename or folder
        raise BuildStopped(
            f"Không ghi được bản nén sẵn (.br, .gz) của {where}: {exc.strerror}. "
            "Hãy giải phóng dung lượng hoặc sửa quyền ghi rồi dựng lại"
        ) from None


def _text_files(tree: Path) -> Iterator[tuple[str, os.stat_result]]:
    for folder, dirs, files in os.walk(tree):
        dirs.sort()
        for name in sorted(files):
            if os.path.splitext(name)[1].lower() not in SUFFIXES:
                continue
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size > 0:
                yield path, info


def _remove_copies(path: str) -> None:
    """A copy already beside the file (a tree written twice) is never written through: it
    may be a link to the previous tree's."""
    for suffix in ENCODINGS:
        if os.path.lexists(path + suffix):
            os.unlink(path + suffix)


def _reuse(path: str, info: os.stat_result, before: Path) -> Stats | None:
    """Link the previous tree's copies of `before` beside `path` when both are the same
    file or hold the same bytes, and the previous tree has at least one copy (a tree
    published without precompression has none: then compress). None when not reused."""
    try:
        old = os.lstat(before)
    except OSError:
        return None
    if not stat.S_ISREG(old.st_mode) or old.st_size != info.st_size:
        return None
    copies = [suffix for suffix in ENCODINGS if os.path.isfile(str(before) + suffix)]
    if not copies:
        return None
    same_file = (old.st_ino, old.st_dev) == (info.st_ino, info.st_dev)
    if not same_file and not _same_bytes(str(before), path):
        return None
    stats = Stats()
    for suffix in copies:
        os.link(str(before) + suffix, path + suffix)
        size = os.lstat(path + suffix).st_size
        if suffix == ".br":
            stats.br_files, stats.br_bytes = 1, size
        else:
            stats.gz_files, stats.gz_bytes = 1, size
    return stats


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        return first.read() == second.read()


def _compress_all(paths: list[str]) -> Stats:
    stats = Stats()
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        info = os.lstat(path)
        stats.compressed += 1
        for suffix in ENCODINGS:
            packed = compress_brotli(data, _brotli_quality(path)) if suffix == ".br" else compress_gzip(data)
            if len(packed) >= len(data):
                continue
            target = path + suffix
            with open(target, "wb") as handle:
                handle.write(packed)
            # The copy carries the file's time: Last-Modified is the same whichever is sent.
            os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
            if suffix == ".br":
                stats.br_files += 1
                stats.br_bytes += len(packed)
            else:
                stats.gz_files += 1
                stats.gz_bytes += len(packed)
    return stats
