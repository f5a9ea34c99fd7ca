"""What the reader read, kept across builds: a source is read again only when it changed.

A source's result depends on its bytes, its path, whether it is a page, the reader's own
code (this package and `vietnamese`, and the versions of markdown-it-py, its plugins, nh3 and
PyYAML), and what it found in the list of files under content/ (links and images are checked
against it). The key of each entry covers the first four, so a stale entry is never found;
the entry also holds each path the reading looked up in the file list with the answer
(source.FileQueries), and is used only if the current list gives the same answers. Adding or
removing a file therefore reads again only the sources that link to it. Only results without problems
are kept (a problem names the file as the working folder shows it), so a broken source is
always read, and reported, afresh.

One file, `<PORTAL_READ_CACHE>/reads.pickle` (default `.cache/read/`, git-ignored with the
rest of `.cache/`), written atomically when something changed; a file that cannot be read
back (truncated, another Python, another version) is ignored and rewritten. Deleting the
folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .source import SourceResult

VERSION = 2
DEFAULT_FOLDER = ".cache/read"


# The libraries a read goes through: another version may render another page.
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "nh3", "PyYAML")


@cache
def code_key() -> str:
    """A digest of the reader's code: portal_reader and vietnamese, every module, and the
    versions of the libraries it uses."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name} missing\n".encode())
    for package in ("portal_reader", "vietnamese"):
        folder = Path(__file__).resolve().parent.parent / package
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class ReadCache:
    def __init__(self, folder: str, files: frozenset[str]) -> None:
        self.path = os.path.join(folder, "reads.pickle")
        self.prefix = f"{VERSION}:{code_key()}:".encode()
        self.files = files
        self.entries: dict[str, SourceResult] = {}
        self.used: dict[str, SourceResult] = {}
        self.keys: dict[str, str] = {}  # rel path → key, for the sources looked up
        self.changed = False
        try:
            with open(self.path, "rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, dict):
                self.entries = loaded
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - a damaged or foreign cache file is only ignored
            self.changed = True

    def key(self, rel: str, is_page: bool, data: bytes) -> str:
        digest = hashlib.sha256(self.prefix)
        digest.update(f"{rel}\0{int(is_page)}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def lookup(self, path: str, rel: str, is_page: bool) -> SourceResult | None:
        """The kept result of this source as it is now, or None (then it must be read)."""
        try:
            with open(path, "rb") as handle:
                key = self.keys[rel] = self.key(rel, is_page, handle.read())
        except OSError:
            return None  # read_source reports it
        result = self.entries.get(key)
        if not isinstance(result, SourceResult) or not result.ok or result.file_queries is None:
            return None
        if any((path in self.files) != present for path, present in result.file_queries):
            return None  # a file it links to came or went: read it again
        self.used[key] = result
        return result

    def store(self, results: Iterable[SourceResult]) -> None:
        """Keep the results just read (those without problems), then save."""
        for result in results:
            key = self.keys.get(result.rel_path)
            if key is not None and result.ok and result.file_queries is not None:
                self.used[key] = result
                self.changed = True
        self.save()

    def save(self) -> None:
        """Keep the entries this build used (the others belong to sources that changed or
        went away); written only if something changed."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=folder, prefix=".reads-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower
