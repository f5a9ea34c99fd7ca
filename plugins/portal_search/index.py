"""Run Pagefind's bundled binary over a built site (offline, pinned: requirements.txt)."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import time
from typing import Any

BUNDLE = "pagefind"  # the folder of the site that holds the index and its scripts
UNUSED = ("-ui.js", "-ui.css", "-highlight.js")


class SearchIndexFailed(Exception):
    """Pagefind could not index the site; the message says why, in one sentence."""


def executable() -> str:
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexFailed(
            "the search index cannot be built: pagefind-bin is not installed (run make venv)"
        ) from None
    return str(pagefind_bin.get_executable())


def index_site(folder: str, settings: dict[str, Any] | None = None) -> None:
    """Write `folder`/pagefind/: the index of the pages of `folder` marked for search.

    Stale files are removed first (Pagefind never deletes what an earlier run wrote)."""
    if settings is not None and not settings.get("PORTAL_SEARCH", True):
        return
    _write_bundle(folder, os.path.join(folder, BUNDLE))


def refresh(folder: str, background: Any = None) -> None:
    """Index `folder` again while it is served (the dev server, after an edit applied in
    place): the new index is written beside the old one, then takes its place, so a search
    meanwhile uses one whole index or the other."""
    bundle = os.path.join(folder, BUNDLE)
    fresh, old = bundle + ".new", bundle + ".old"
    shutil.rmtree(old, ignore_errors=True)  # left by a dev server stopped mid-swap (_write_bundle clears `fresh`)
    try:
        _write_bundle(folder, fresh, background)
    except Cancelled:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if os.path.isdir(bundle):
        os.rename(bundle, old)
    os.rename(fresh, bundle)
    shutil.rmtree(old, ignore_errors=True)


class Cancelled(Exception):
    """A background refresh gave way to a newer request."""


def _write_bundle(folder: str, bundle: str, background: Any = None) -> None:
    """Run Pagefind over `folder` into `bundle`. With `background` (a Refresher), at the
    lowest CPU priority, and stopped (Cancelled) as soon as a newer refresh is requested."""
    if os.path.lexists(bundle):
        shutil.rmtree(bundle) if os.path.isdir(bundle) and not os.path.islink(bundle) else os.unlink(bundle)
    command = [executable(), "--site", folder, "--output-path", bundle, "--silent"]
    try:
        # In the background: its own session (stopped with what it starts) at the lowest priority.
        # In a build: the build's process group, so that Ctrl+C reaches it too.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=background is not None,
                                   preexec_fn=(lambda: os.nice(19)) if background is not None else None)
    except OSError as exc:
        raise SearchIndexFailed(f"the search index could not be built: {exc}") from None
    started = time.monotonic()
    try:
        while True:
            try:
                out, err = process.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if background is not None and background.wanted():
                    raise Cancelled() from None
                if time.monotonic() - started > 600:
                    raise SearchIndexFailed("the search index could not be built: Pagefind took more than 10 minutes") from None
    except BaseException:  # cancelled, too slow, or the build interrupted: Pagefind stops too
        _stop(process, group=background is not None)
        raise
    if process.returncode != 0:
        said = (err or out).strip().splitlines()
        raise SearchIndexFailed(f"the search index could not be built: {said[-1] if said else f'exit {process.returncode}'}")
    # Pagefind also writes its ready-made interfaces; the site has its own (theme/static/js/search.js).
    for name in os.listdir(bundle):
        if name.endswith(UNUSED):
            os.unlink(os.path.join(bundle, name))
    put_filters_in_order(bundle)


def _stop(process: subprocess.Popen[str], group: bool) -> None:
    """Kill Pagefind (with what it started, when it has its own session) and collect it."""
    import signal

    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:
        pass
    process.communicate()


SIGNATURE = b"pagefind_dcd"  # the first bytes of each of Pagefind's (gzipped) data files


def _read(path: str) -> Any:
    import cbor2

    with open(path, "rb") as handle:
        data = gzip.decompress(handle.read())
    if not data.startswith(SIGNATURE):
        raise SearchIndexFailed(f"the search index could not be built: {path} is not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def _written(value: Any) -> bytes:
    import cbor2

    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def put_filters_in_order(bundle: str) -> None:
    """Make the bundle the same bytes for the same site: Pagefind writes the values of each
    filter, and the list of filters, in a different order on every run (a hash map's), and
    names the files by their content. Each filter file is rewritten with its values sorted
    and named by its new content, then the metadata file that lists them, then the entry
    file that names the metadata. Nothing else of the bundle varies (tested)."""
    folder = os.path.join(bundle, "filter")
    if not os.path.isdir(folder):
        return
    renamed: dict[str, str] = {}
    for name in sorted(os.listdir(folder)):
        old, _dot, extension = name.partition(".")
        filter_name, values = _read(os.path.join(folder, name))
        data = _written([filter_name, sorted(values, key=lambda item: item[0])])
        new = f"{old.split('_')[0]}_{hashlib.sha256(data).hexdigest()[:7]}"
        os.unlink(os.path.join(folder, name))
        with open(os.path.join(folder, f"{new}.{extension}"), "wb") as handle:
            handle.write(data)
        renamed[old] = new
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as handle:
        entry = handle.read()
    for name in sorted(os.listdir(bundle)):
        if not (name.startswith("pagefind.") and name.endswith(".pf_meta")):
            continue
        meta = _read(os.path.join(bundle, name))
        # [version, pages, index chunks, filters [[name, file]], sorts [[name, file]], meta fields]
        meta[3] = sorted([filter_name, renamed.get(file, file)] for filter_name, file in meta[3])
        meta[4] = sorted(meta[4])
        data = _written(meta)
        old = name[len("pagefind."):-len(".pf_meta")]
        new = f"{old.split('_')[0]}_{hashlib.sha256(data).hexdigest()[:10]}"
        os.unlink(os.path.join(bundle, name))
        with open(os.path.join(bundle, f"pagefind.{new}.pf_meta"), "wb") as handle:
            handle.write(data)
        entry = entry.replace(f'"{old}"', f'"{new}"')
    with open(os.path.join(bundle, "pagefind-entry.json"), "w", encoding="utf-8") as handle:
        handle.write(entry)


class Refresher:
    """Refreshes the index of a folder in a background thread, so that an edit is shown
    without waiting for it (Pagefind takes about 2.5 ms a page: 25 s at 10,000 articles).
    A refresh starts once no request came for `quiet` seconds, runs at the lowest CPU
    priority, and is stopped and started again by a newer request: while an editor saves
    edit after edit, Pagefind does not compete with the dev server, and the index follows
    when the edits pause. The index always matches the pages as they were when its refresh
    started."""

    def __init__(self, folder: str, quiet: float = 1.0, on_done: Any = None) -> None:
        import threading

        self.folder = folder
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
        `release` or `request` (the dev server holds while it applies an edit and writes the
        rest of the site, which Pagefind would slow down)."""
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
                refresh(self.folder, self)
                if self.on_done is not None and not self._wanted.is_set():
                    self.on_done(time.monotonic() - started)
            except Cancelled:
                self._wanted.set()  # a newer request or a hold: start again once the edits pause
                continue
            except Exception:  # noqa: BLE001 - search keeps the previous index until the next edit
                traceback.print_exc()
            finally:
                self._running = False
            if not self._wanted.is_set():
                self._idle.set()
