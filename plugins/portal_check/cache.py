"""Results of `make check` kept between runs, so a second check re-reads only what changed.

A file's report is reused when its bytes hash the same *and* nothing it may depend on has
changed: the key of the whole cache hashes the file list, the registries, the settings
file, the checker's and the reader's source code, the content folder and the working
directory (problems name paths relative to it). Image files are checked on every run (their
readability is not cached) and "scheduled" is decided on every run (it depends on now).
Content hashes only, never modification times (STYLE.md): a fresh clone starts cold.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

VERSION = 3  # 2: FileReport.address; 3: FileReport.notices
PLUGINS = Path(__file__).resolve().parent.parent


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def context_key(root: str, files: frozenset[str], registries: tuple[str, ...], settings_file: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{VERSION}\0{root}\0{os.getcwd()}\0".encode())
    for rel in sorted(files):
        h.update(rel.encode() + b"\0")
    for path in [os.path.join(root, r) for r in registries] + [settings_file]:
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(b"missing")
    for source in sorted(PLUGINS.rglob("*.py")):
        h.update(source.read_bytes())
    return h.hexdigest()


class ReportCache:
    """{relative path: (digest of the bytes, report)} for one context, in one pickle file."""

    def __init__(self, directory: str, key: str) -> None:
        self.directory = directory
        self.path = os.path.join(directory, f"check-{key}.pickle")

    def load(self) -> dict[str, tuple[bytes, Any]]:
        try:
            with open(self.path, "rb") as handle:
                data = pickle.load(handle)
            return data if isinstance(data, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}

    def save(self, entries: dict[str, tuple[bytes, Any]]) -> None:
        """Replace the cache (older contexts' files are removed: one cache at a time)."""
        os.makedirs(self.directory, exist_ok=True)
        for name in os.listdir(self.directory):
            if name.startswith("check-") and name.endswith(".pickle"):
                os.unlink(os.path.join(self.directory, name))
        handle, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
