"""Nothing changed since the last build: then the build has nothing to do.

After every build that published without a warning, `<PORTAL_BUILD_CACHE>/<digest of the
output folder>.json` (default `.cache/build/`, git-ignored, safe to delete) records

- the digest of everything the build read: every file under content/ (path and bytes), every
  file of the theme and of the plugins, the settings (each value by its repr), the
  environment variables the build reads (`PORTAL_*` but PORTAL_TIMINGS, SOURCE_DATE_EPOCH),
  and the versions of Python and of every installed distribution;
- until when that result holds: the date of the earliest scheduled article (at that
  moment the build publishes it, so the site changes without any file changing);
- every file of output/ as the build left it (size, modification time, inode, mode);
- the warnings it logged.

The next build computes the same digest when Pelican starts. If it is the recorded one, the
moment has not passed, and output/ still holds exactly the recorded files, the build shows
the recorded warnings again, says so and stops: the site it would write is the one that is
there. Anything else (a changed
byte anywhere, a file added or removed, another setting, a file of output/ touched by hand,
a record that cannot be read) runs the build in full. `PORTAL_BUILD_CACHE = ""` always runs
it. Bytes are hashed, never trusted by their modification time; output/ is checked by
identity only, as the build itself leaves it (a file changed there gets a new mtime).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

VERSION = 1
DEFAULT_FOLDER = ".cache/build"
# Environment variables that change nothing in output/.
IGNORED_ENVIRONMENT = frozenset({"PORTAL_TIMINGS"})
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Inputs:
    digest: str
    files: int  # files hashed, for the message
    # The digest of the same inputs but the Markdown sources of articles, pages and legal
    # documents (under ARTICLE_PATHS, PAGE_PATHS and PORTAL_DOCUMENTS_PATH; documents'
    # attached files count as the rest), and the digest of each of those ({path relative to
    # content/: hex}): a rebuild renders again only the pages whose sources changed when the
    # rest is the same (reuse.py).
    environment: str = ""
    sources: dict[str, str] | None = None


def folder(settings: dict[str, Any]) -> str | None:
    value = settings.get("PORTAL_BUILD_CACHE", DEFAULT_FOLDER)
    return str(value) if value else None


def record_path(cache_folder: str, output: str) -> str:
    name = hashlib.sha256(os.path.abspath(output).encode()).hexdigest()[:20]
    return os.path.join(cache_folder, f"{name}.json")


def _hash_tree(
    hasher: Any, root: str, label: str, rest: Any = None, sources: dict[str, str] | None = None,
    source_folders: tuple[str, ...] = (),
) -> int:
    """Feed every file under `root` (sorted paths, then bytes) into `hasher`; how many.
    With `rest` and `sources`: the digest of each Markdown file in `source_folders` (paths
    relative to `root`, ending in "/") goes into `sources` (by its path relative to
    `root`), every other file into `rest` too."""
    count = 0
    entries: list[str] = []
    for folder_path, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        entries.extend(os.path.join(folder_path, name) for name in files)
    prefix = len(os.path.join(root, ""))
    for path in sorted(entries):
        rel = path[prefix:]  # os.walk's paths start with root: relpath, 10,000 times, cost 0.1 s
        regular = os.path.isfile(path)
        source = (
            sources is not None and regular and path.endswith(".md") and rel.replace(os.sep, "/").startswith(source_folders)
        )
        targets = [hasher] if rest is None or source else [hasher, rest]
        if not regular:
            for target in targets:
                target.update(f"{label}:{rel}:special\n".encode("utf-8", "surrogateescape"))
            continue
        file_hash = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                file_hash.update(chunk)
        for target in targets:
            target.update(f"{label}:{rel}\n".encode("utf-8", "surrogateescape"))
            target.update(file_hash.digest())
        if source:
            sources[rel.replace(os.sep, "/")] = file_hash.hexdigest()  # type: ignore[index]
        count += 1
    return count


def _canonical(value: Any) -> str:
    """A repr that is the same in every process: sets sorted, no object addresses."""
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{_canonical(k)}: {_canonical(v)}" for k, v in value.items())) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_canonical(v) for v in value) + "]"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '')}.{value.__qualname__}>"
    return _ADDRESS.sub("", repr(value))


def _settings_text(settings: dict[str, Any]) -> str:
    return "\n".join(f"{key}={_canonical(settings[key])}" for key in sorted(settings))


def _versions() -> str:
    """Python's version and every installed distribution's name and version: the names of
    the `*.dist-info` folders on sys.path, which are `name-version` (0.3 ms; reading every
    package's metadata took 60 ms). An `*.egg-info` names no version: its metadata is read."""
    names: set[str] = set()
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                names.add(entry[: -len(".dist-info")])
            elif entry.endswith(".egg-info"):
                from importlib.metadata import PathDistribution
                from pathlib import Path

                dist = PathDistribution(Path(folder or ".", entry))
                names.add(f"{dist.metadata['Name']}-{dist.version}")
    return sys.version + "\n" + "\n".join(sorted(names))


def inputs(settings: dict[str, Any]) -> Inputs:
    """The digest of everything a build with `settings` reads."""
    hasher = hashlib.blake2b(digest_size=32)
    rest = hashlib.blake2b(digest_size=32)
    sources: dict[str, str] = {}
    both = (hasher, rest)
    for target in both:
        target.update(f"v{VERSION}\n".encode())
    folders = content_folders(settings) + documents_folders(settings)
    count = _hash_tree(hasher, os.path.abspath(settings["PATH"]), "content", rest, sources, folders)
    theme = settings.get("THEME")
    if theme and os.path.isdir(theme):
        count += _hash_tree(hasher, os.path.abspath(theme), "theme", rest)
    for plugins in settings.get("PLUGIN_PATHS") or []:
        if os.path.isdir(plugins):
            count += _hash_tree(hasher, os.path.abspath(plugins), "plugins", rest)
    environment = sorted(
        (k, v)
        for k, v in os.environ.items()
        if (k.startswith("PORTAL_") or k == "SOURCE_DATE_EPOCH") and k not in IGNORED_ENVIRONMENT
    )
    settings_text = _settings_text(settings).encode("utf-8", "surrogateescape")
    versions = _versions().encode("utf-8", "surrogateescape")
    for target in both:
        target.update(settings_text)
        target.update(repr(environment).encode("utf-8", "surrogateescape"))
        target.update(versions)
    return Inputs(hasher.hexdigest(), count, rest.hexdigest(), sources)


def content_folders(settings: dict[str, Any]) -> tuple[str, ...]:
    """The folders of the articles' and pages' Markdown sources, relative to content/, each
    ending in "/" ("" for content/ itself)."""
    return tuple(
        p.strip("/") + "/" if p.strip("/") else "" for p in [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]
    )


def documents_folders(settings: dict[str, Any]) -> tuple[str, ...]:
    """The folder of the legal documents' Markdown sources (portal_documents): each is an
    input of the jobs that show it (plan.py), not of the whole site."""
    folder = str(settings.get("PORTAL_DOCUMENTS_PATH") or "van-ban").strip("/")
    return (folder + "/",) if folder else ()


def output_files(output: str) -> dict[str, list[int]]:
    """Every file under `output` ({relative path: [size, mtime, inode, mode]}; a symlink as
    itself), read with one scandir per folder (15,000 files: about 0.1 s)."""
    found: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, rel + os.sep)
            else:
                st = entry.stat(follow_symlinks=False)
                found[rel] = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode]

    if os.path.isdir(output):
        walk(output, "")
    return found


def up_to_date(
    cache_folder: str, output: str, current: Inputs, now: datetime
) -> tuple[list[tuple[str, str]], list[list[Any]]] | None:
    """If the last build into `output` read exactly `current`, its result still holds at
    `now`, and output/ is as that build left it: the warnings that build logged ((logger,
    message)) and its notices ([path, line, field, message]), shown again. Else None."""
    try:
        with open(record_path(cache_folder, output), encoding="utf-8") as handle:
            record = json.load(handle)
        if record.get("version") != VERSION or record.get("output_path") != os.path.abspath(output):
            return None
        if record.get("inputs") != current.digest or not holds(record, output, now):
            return None
        warnings = [(str(name), str(text)) for name, text in record.get("warnings", [])]
        return warnings, [list(notice) for notice in record.get("notices", [])]
    except Exception:  # noqa: BLE001 - no record, a damaged or foreign one: build
        return None


def holds(record: dict[str, Any], output: str, now: datetime) -> bool:
    """The recorded build's result still holds at `now` (no scheduled article come due, no
    window moved: `valid_until`) and `output` is exactly as that build left it."""
    try:
        valid_until = record.get("valid_until")
        if valid_until is not None and now >= datetime.fromisoformat(valid_until):
            return False
    except (TypeError, ValueError):
        return False
    return bool(record.get("files")) and output_files(output) == record["files"]


def save(
    cache_folder: str,
    output: str,
    current: Inputs,
    valid_until: datetime | None,
    warnings: list[tuple[str, str]],
    notices: list[list[Any]] | None = None,
    jobs: dict[str, str] | None = None,
    model: str | None = None,
    model_delta: str | None = None,
) -> None:
    """Record that `output` now holds the build of `current` (after the swap), atomically."""
    output = os.path.abspath(output)
    record = {
        "version": VERSION,
        "output_path": output,
        "inputs": current.digest,
        "valid_until": valid_until.isoformat() if valid_until is not None else None,
        "files": output_files(output),
        "warnings": warnings,
        "notices": notices or [],
        "environment": current.environment,
        "jobs": jobs or {},  # {output job: digest of its signature} (reuse.py)
        # The digest of each Markdown source of articles, pages and legal documents, and the
        # token of the build saved with this record (warm.py, model.py).
        "sources": current.sources or {},
        "model": model,
        "model_delta": model_delta,
    }
    os.makedirs(cache_folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=cache_folder, prefix=".record-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(record, separators=(",", ":")))  # one call: json.dump writes piece by piece
        os.replace(temp, record_path(cache_folder, output))
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def previous(cache_folder: str, output: str) -> dict[str, Any] | None:
    """The record of the last build into `output`, if it can be read (reuse.py checks it)."""
    try:
        with open(record_path(cache_folder, output), encoding="utf-8") as handle:
            record = json.load(handle)
    except Exception:  # noqa: BLE001 - no record or a damaged one: nothing is reused
        return None
    if not isinstance(record, dict) or record.get("version") != VERSION or record.get("output_path") != os.path.abspath(output):
        return None
    return record


def forget(cache_folder: str | None, output: str) -> None:
    """Drop the record of `output` (a build into it starts: until it publishes, the record
    could describe a folder that is being replaced)."""
    if cache_folder:
        try:
            os.unlink(record_path(cache_folder, output))
        except FileNotFoundError:
            pass
