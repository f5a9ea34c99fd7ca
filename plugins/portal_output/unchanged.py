"""Files that did not change keep their identity: same inode, same modification time.

Before the new tree replaces output/, every file of it whose bytes equal the file at the
same path in the current output/ is replaced by a hard link to that file. After the swap the
old tree is removed, so such a file lives on with its old inode and mtime: a deploy by
`rsync` (which compares size and mtime) uploads only what changed, and a CDN or a browser
cache keyed on Last-Modified sees no change. Files are compared byte for byte, never by
time, so a changed page is always the new one.

Only a file whose one name is in output/ is linked: never one that shares its inode with
anything else (an output/ of an older build linked its photos into the image cache), so the
next output/ shares nothing with the cache either; the previous tree is removed at once.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator

from portal_workers import fork_map

_CHUNK = 1 << 16


def keep_unchanged(new_root: str, old_root: str, processes: int = 1) -> tuple[int, int]:
    """Link every file of `new_root` whose bytes equal its counterpart in `old_root`;
    return (files kept from the old tree, files compared). The comparisons run on
    `processes` workers (portal_workers.fork_map)."""
    if not os.path.isdir(old_root):
        return 0, 0
    pairs = list(_candidates(new_root, old_root))
    count = max(1, min(processes, len(pairs) // 200))  # a worker only pays for a few hundred files
    chunks = [pairs[start::count] for start in range(count)]
    kept = sum(fork_map(_link_same, chunks, count))
    return kept, len(pairs)


def _candidates(new_root: str, old_root: str) -> Iterator[tuple[str, str]]:
    """(old, new) paths of the same size, where the old file has no other name."""
    for folder, _dirs, files in os.walk(new_root):
        rel = os.path.relpath(folder, new_root)
        old_folder = old_root if rel == "." else os.path.join(old_root, rel)
        for name in files:
            new = os.path.join(folder, name)
            old = os.path.join(old_folder, name)
            try:
                old_stat = os.lstat(old)
                new_stat = os.lstat(new)
            except FileNotFoundError:
                continue
            if _may_link(old_stat, new_stat.st_size):
                yield old, new


def _may_link(old_stat: os.stat_result, size: int) -> bool:
    """A published file that may be linked into the next tree for a new file of `size`
    bytes: a regular file of that size whose one name is in output/ (not one an output/ of
    an older build linked into the image cache)."""
    return stat.S_ISREG(old_stat.st_mode) and old_stat.st_size == size and old_stat.st_nlink == 1


def _link_same(pairs: list[tuple[str, str]]) -> int:
    kept = 0
    for old, new in pairs:
        if _same_bytes(old, new):
            os.unlink(new)
            os.link(old, new)
            kept += 1
    return kept


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        while True:
            one = first.read(_CHUNK)
            if one != second.read(_CHUNK):
                return False
            if not one:
                return True


def same_as_previous(previous: str, data: bytes) -> bool:
    """True if `previous` (a file of the current output/) holds exactly `data` and has no
    other name (the rule of keep_unchanged)."""
    try:
        if not _may_link(os.lstat(previous), len(data)):
            return False
    except OSError:
        return False
    with open(previous, "rb") as handle:
        return handle.read() == data


def write_or_link(path: str, data: bytes, previous: str | None) -> None:
    """Put `data` at `path` (in the new tree): a hard link to `previous` when that file holds
    the same bytes, else a new file. Never writes through an existing name: a path written
    twice is unlinked first, so that a file shared with the current output/ is not changed."""
    if previous is not None:
        if os.path.lexists(path):
            os.unlink(path)
        if same_as_previous(previous, data):
            try:
                os.link(previous, path)
                return
            except OSError:
                pass  # another file system, a race with a removal: write it
    create(path, data)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def create(path: str, data: bytes) -> None:
    """A new file at `path` holding `data` (a file already there is unlinked first, never
    written through), with the permissions open() gives; written in one system call."""
    try:
        fd = os.open(path, _NEW_FILE, 0o666)
    except FileExistsError:
        os.unlink(path)
        fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class WrittenOnClose(io.StringIO):
    """A page being written (Pelican's writer writes text into it): on close, its bytes go
    to `path` through write_or_link, so a page that did not change is never created anew."""

    def __init__(self, path: str, previous: str | None, encoding: str) -> None:
        super().__init__()
        self.path = path
        self.previous = previous
        self.target_encoding = encoding

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.target_encoding)
            super().close()
            write_or_link(self.path, data, self.previous)
