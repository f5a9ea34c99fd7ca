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

import hashlib
import json
import os
import tempfile
from typing import Any

from .variants import VERSION


def atomic_write(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
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


def publish(cached: str, target: str) -> None:
    """Put a cached file at `target` in output/: a hard link, or a copy across devices.

    output/ is built in a fresh temporary folder and swapped in whole (portal_output), so
    a half-built folder is never published; a copy still goes through a temporary name.
    Raises FileNotFoundError when `cached` does not exist.
    """
    try:
        os.link(cached, target)
    except FileExistsError:
        os.unlink(target)
        os.link(cached, target)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) or not os.path.exists(cached):
            raise FileNotFoundError(cached) from None
        with open(cached, "rb") as src:
            data = src.read()
        atomic_write(target, data)
