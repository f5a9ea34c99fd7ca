"""Run Pagefind's bundled binary over a built site (offline, pinned: requirements.txt)."""

from __future__ import annotations

import os
import shutil
import subprocess
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


def refresh(folder: str) -> None:
    """Index `folder` again while it is served (the dev server, after an edit applied in
    place): the new index is written beside the old one, then takes its place, so a search
    meanwhile uses one whole index or the other."""
    bundle = os.path.join(folder, BUNDLE)
    fresh, old = bundle + ".new", bundle + ".old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    _write_bundle(folder, fresh)
    if os.path.isdir(bundle):
        os.rename(bundle, old)
    os.rename(fresh, bundle)
    shutil.rmtree(old, ignore_errors=True)


def _write_bundle(folder: str, bundle: str) -> None:
    if os.path.lexists(bundle):
        shutil.rmtree(bundle) if os.path.isdir(bundle) and not os.path.islink(bundle) else os.unlink(bundle)
    command = [executable(), "--site", folder, "--output-path", bundle, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexFailed(f"the search index could not be built: {exc}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexFailed(f"the search index could not be built: {said[-1] if said else f'exit {done.returncode}'}")
    # Pagefind also writes its ready-made interfaces; the site has its own (theme/static/js/search.js).
    for name in os.listdir(bundle):
        if name.endswith(UNUSED):
            os.unlink(os.path.join(bundle, name))


class Refresher:
    """Refreshes the index of a folder in a background thread, so that an edit is shown
    without waiting for it (Pagefind takes about 2.5 ms a page: 25 s at 10,000 articles).
    A request made while a refresh runs is served by one more refresh when it ends; the
    index always matches the pages as they were when its refresh started."""

    def __init__(self, folder: str) -> None:
        import threading

        self.folder = folder
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="search-refresh", daemon=True)
        self._thread.start()

    def request(self) -> None:
        self._idle.clear()
        self._wanted.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until no refresh is wanted or running (tests, shutdown)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        import traceback

        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                refresh(self.folder)
            except Exception:  # noqa: BLE001 - search keeps the previous index until the next edit
                traceback.print_exc()
            if not self._wanted.is_set():
                self._idle.set()
