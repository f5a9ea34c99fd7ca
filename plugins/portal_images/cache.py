"""The image cache: encoded variants by key, and what is known about each source.

Lives outside output/ (PORTAL_IMAGE_CACHE, by default `.cache/images` beside content/),
so it survives the atomic swap of output/ and can be saved and restored by CI.

- `files/<k[:2]>/<key>.<ext>`: one encoded variant, named by its key (variants.py).
- `index.json`: per source hash, its size after EXIF rotation and whether it has alpha,
  so a warm build opens no image; and a memo of source hashes by (path, size, mtime_ns,
  inode), so a warm build reads no unchanged source. The memo only saves re-hashing: the
  hash, never the file time, is what every key is made of, so a fresh clone (new
  mtimes) hashes its sources once and then finds every variant in a restored cache.

Every file is written to a temporary name and renamed into place, so an interrupted
build never leaves a half-written file under a real name.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
from typing import Any

from .variants import VERSION


def atomic_write(path: str, data: bytes) -> None:
    """Write `data` to `path` under a temporary name, then rename it into place. An
    OSError (a full cache disk) names `path`."""
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except OSError as exc:
        exc.filename = exc.filename or path
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = path
        raise


def hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ImageCache:
    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.index_path = os.path.join(self.root, "index.json")
        self.sources: dict[str, dict[str, Any]] = {}  # source hash → {"w", "h", "alpha"}
        self.memo: dict[str, list[Any]] = {}  # path → [size, mtime_ns, inode, hash]
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            with open(self.index_path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return  # no cache yet, or a damaged one: start empty (everything re-encodes)
        if data.get("version") != VERSION:
            return
        self.sources = data.get("sources", {})
        self.memo = data.get("memo", {})

    def save(self) -> None:
        if not self.dirty:
            return
        data = {"version": VERSION, "sources": self.sources, "memo": self.memo}
        atomic_write(self.index_path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
        self.dirty = False

    def source_hash(self, path: str) -> str:
        """sha256 of the file's bytes; re-read only when its size, mtime or inode changed."""
        stat = os.stat(path)
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self.memo.get(path)
        if known and known[:3] == stamp:
            return str(known[3])
        digest = hash_file(path)
        self.memo[path] = [*stamp, digest]
        self.dirty = True
        return digest

    def file_path(self, key: str, extension: str) -> str:
        return f"{self.root}/files/{key[:2]}/{key}.{extension}"

    def has(self, key: str, extension: str) -> bool:
        return os.path.exists(self.file_path(key, extension))

    def put(self, key: str, extension: str, data: bytes) -> None:
        atomic_write(self.file_path(key, extension), data)

    def remember_source(self, source_hash: str, width: int, height: int, alpha: bool) -> None:
        self.sources[source_hash] = {"w": width, "h": height, "alpha": alpha}
        self.dirty = True


def publish(cached: str, target: str, previous: str | None = None) -> None:
    """Put a cached file at `target` in output/, readable by all (0644), never as the
    cache's own inode.

    Not a hard link to the cache: the cache is written with mkstemp (0600), and a file
    shared by output/ and the cache would let a `chmod` or an edit of one change the other.
    `previous` is the same file in the site being replaced (output/ before this build): if
    it is an earlier copy of this cache file — same size and modification time (copies take
    the cache file's), another inode — it is hard-linked, which costs what linking from the
    cache did; its folder is removed after the swap, so the new output/ is its only other
    name. Otherwise the file is copied by copy_file_range(2), inside the kernel, sharing
    blocks where the file system can (btrfs, xfs: a reflink, which a later write to either
    copy does not affect). output/ is built in a fresh temporary folder and swapped in whole
    (portal_output), so a half-written file is never published.
    Raises FileNotFoundError when `cached` does not exist; any other OSError names `target`.
    """
    try:
        source = os.open(cached, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise FileNotFoundError(cached) from None
    try:
        known = os.fstat(source)
        if previous and _reuse(previous, known, target):
            return
        target_fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, PUBLISHED_MODE)
        try:
            _copy(source, target_fd, known.st_size)
            os.fchmod(target_fd, PUBLISHED_MODE)  # whatever the umask or an earlier file's mode
            os.utime(target_fd, ns=(known.st_atime_ns, known.st_mtime_ns))  # lets the next build reuse it
        finally:
            os.close(target_fd)
    except OSError as exc:
        if exc.filename is None:  # a write that found the disk full: name the file
            exc.filename = target
        raise
    finally:
        os.close(source)


def _reuse(previous: str, cached: os.stat_result, target: str) -> bool:
    """Link `previous` (the last build's copy) at `target` if it still is an unchanged copy
    of the cache file described by `cached`."""
    try:
        old = os.lstat(previous)
    except OSError:
        return False
    same_copy = (
        stat.S_ISREG(old.st_mode)
        and (old.st_size, old.st_mtime_ns) == (cached.st_size, cached.st_mtime_ns)
        and (old.st_dev, old.st_ino) != (cached.st_dev, cached.st_ino)  # not a hard link to the cache
    )
    if not same_copy:
        return False
    try:
        os.link(previous, target)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EMLINK, errno.EPERM):  # another disk, too many links: copy
            return False
        raise
    if stat.S_IMODE(old.st_mode) != PUBLISHED_MODE:
        os.chmod(target, PUBLISHED_MODE)
    return True


PUBLISHED_MODE = 0o644
# copy_file_range does not exist or cannot copy between these two files: copy by hand.
_NO_COPY_FILE_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EBADF}


def _copy(source: int, target: int, size: int) -> None:
    done = 0
    if hasattr(os, "copy_file_range"):
        try:
            while done < size:
                copied = os.copy_file_range(source, target, size - done)
                if copied == 0:
                    break
                done += copied
            return
        except OSError as exc:
            if exc.errno not in _NO_COPY_FILE_RANGE or done:
                raise
    while block := os.read(source, 1 << 20):
        view = memoryview(block)
        while view:
            view = view[os.write(target, view) :]
