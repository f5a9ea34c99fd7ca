"""Build into a temporary sibling of output/, then put it in place in one step.

- `begin`: take the lock beside output/ (lock.py: one build at a time), put back a site an
  interrupted publish left aside (see below), remove dead builds' leftovers, create
  `.output-tmp-<pid>-<n>` and point Pelican at it.
- `commit`: swap the new tree and output/ with one `renameat2(RENAME_EXCHANGE)` (Linux
  ≥ 3.15; ext4, xfs, btrfs, tmpfs): at every instant output/ is either the previous site or
  the new one, complete, and a web server reading it never finds it missing. Then the
  previous site (now under the temporary name) is removed. The first build (no output/
  yet) is one plain rename.
- Where the exchange is not supported (another OS or file system), two renames: output/ →
  `.output-old-<pid>-<n>`, then the new tree → output/. A build killed between them leaves
  no output/; the next build (under the lock, before anything else) renames the newest
  `.output-old-*` of a dead build back. A `.output-old-*` is never removed while output/ is
  missing: it may be the only copy of the site.

Signals are held while the swap runs (portal_diagnostics.interrupts_held). Removing a tree
makes its read-only folders writable first (a read-only output/ must not stay behind as
`.output-old-*`); what still cannot be removed is named, not fatal.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import itertools
import os
import shutil
import stat
import sys
from typing import Any

from portal_diagnostics.guard import interrupts_held
from portal_diagnostics.timing import timed

from .lock import OutputLock
from .parallel import writer_processes
from .unchanged import keep_unchanged

DEFAULT_LOCK_TIMEOUT = 600.0  # seconds: PORTAL_OUTPUT_LOCK_TIMEOUT
PUBLISHED_UMASK = 0o022
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# What renameat2 answers where the exchange does not exist (old kernel or libc, or a file
# system without it): fall back to two renames.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


# Names of temporary folders, unique in this process (`.output-tmp-<pid>-<n>`).
_numbers = itertools.count(1)


class AtomicOutput:
    """One build's temporary folder and the output lock it holds until the swap (or its
    failure) releases both."""

    def __init__(self) -> None:
        self.final: str | None = None
        self.temp: str | None = None
        self.lock: OutputLock | None = None
        self.umask: int | None = None
        self.count = 0

    def begin(self, pelican: Any, places: dict[str, str]) -> None:
        """Take the lock and make the temporary folder; `places`: the folders a fault
        message names (portal_diagnostics' ProblemCollector.places), given theirs."""
        self.discard()  # begun before and not finished
        # The real destination is remembered on the Pelican object: a devserver rebuild
        # reuses it (its output_path is then still our last temp folder), a new build
        # in the same process (tests) brings its own.
        if not hasattr(pelican, "atomic_output_final"):
            pelican.atomic_output_final = os.path.abspath(pelican.output_path)
        final = pelican.atomic_output_final
        self.final = final
        parent, name = os.path.split(final)
        shown = _shown(final)
        places[final] = shown
        lock_path = os.path.join(parent, f".{name}.lock")
        places[lock_path] = shown
        os.makedirs(parent, exist_ok=True)
        # Everything the build creates is world-readable (files 0644, folders 0755), what-
        # ever the operator's umask: a web server runs as another user.
        self.umask = os.umask(PUBLISHED_UMASK)
        self.lock = OutputLock(lock_path)
        timeout = float(pelican.settings.get("PORTAL_OUTPUT_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
        self.lock.acquire(timeout, shown)
        recover(final)
        self.count = next(_numbers)
        self.temp = os.path.join(parent, f".{name}-tmp-{os.getpid()}-{self.count}")
        places[self.temp] = shown
        os.makedirs(self.temp)
        pelican.output_path = self.temp
        pelican.settings["OUTPUT_PATH"] = self.temp
        # The site being replaced, stable while the lock is held: portal_images links its
        # intact copies of photos instead of copying them again.
        pelican.settings["PORTAL_OUTPUT_PREVIOUS_PATH"] = final if os.path.isdir(final) else None

    def commit(self, pelican: Any) -> None:
        if not self.temp or not self.final:
            return
        parent, name = os.path.split(self.final)
        aside = os.path.join(parent, f".{name}-old-{os.getpid()}-{self.count}")
        previous = None
        with timed("keep_unchanged"):
            keep_unchanged(self.temp, self.final, writer_processes(pelican.settings))
        try:
            with interrupts_held():
                previous = swap_in(self.temp, self.final, aside)
                self.temp = None
                pelican.output_path = self.final
                pelican.settings["OUTPUT_PATH"] = self.final
        finally:  # also after a Ctrl+C held during the swap
            if previous:
                remove_tree(previous)
            self.release()

    def discard(self) -> None:
        if self.temp:
            remove_tree(self.temp)
            self.temp = None
        self.release()

    def release(self) -> None:
        if self.lock:
            self.lock.release()
            self.lock = None
        if self.umask is not None:
            os.umask(self.umask)
            self.umask = None

    def forget_in_child(self) -> None:
        if self.lock:
            self.lock.forget_in_child()


def hold_lock(pelican: Any) -> OutputLock:
    """Hold the lock of `pelican`'s output folder, for a build that changes it in place
    (portal_build's warm start) instead of swapping a new tree in; release it when done.
    Leftovers of an interrupted swap are put back first, as `begin` does."""
    final = os.path.abspath(getattr(pelican, "atomic_output_final", pelican.output_path))
    parent, name = os.path.split(final)
    shown = _shown(final)
    lock = OutputLock(os.path.join(parent, f".{name}.lock"))
    os.makedirs(parent, exist_ok=True)
    lock.acquire(float(pelican.settings.get("PORTAL_OUTPUT_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)), shown)
    recover(final)
    return lock


def swap_in(new: str, final: str, aside: str) -> str | None:
    """Put the tree `new` at `final`; return where the previous tree now is (to be
    removed), or None if there was none. `aside` is the name the two-rename fallback
    gives the previous tree meanwhile."""
    if not os.path.lexists(final):
        os.rename(new, final)
        return None
    if exchange(new, final):
        return new  # the previous site, under the temporary name
    os.rename(final, aside)
    try:
        os.rename(new, final)
    except BaseException:
        os.rename(aside, final)
        raise
    return aside


def exchange(a: str, b: str) -> bool:
    """Swap the paths `a` and `b` in one step; False where the kernel, the C library or
    the file system cannot (nothing was changed then)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in _UNSUPPORTED:
        return False
    raise OSError(number, os.strerror(number), b)


_libc_renameat2: Any = False  # not looked up yet


def _renameat2() -> Any:
    global _libc_renameat2
    if _libc_renameat2 is False:
        _libc_renameat2 = None
        if sys.platform.startswith("linux"):
            try:
                function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc ≥ 2.28, musl ≥ 1.2.3
            except (OSError, AttributeError):
                function = None
            if function is not None:
                function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                function.restype = ctypes.c_int
                _libc_renameat2 = function
    return _libc_renameat2


def recover(final: str) -> None:
    """Called under the lock: no other build is publishing. Put back the site an interrupted
    two-rename publish left aside, then remove the leftovers of dead builds."""
    parent, name = os.path.split(final)
    aside = [p for p in glob.glob(os.path.join(parent, f".{name}-old-*")) if not _owner_alive(p)]
    if aside and not os.path.lexists(final):
        newest = max(aside, key=lambda p: os.stat(p).st_mtime_ns)
        os.rename(newest, final)
        aside.remove(newest)
        print(f"portal_output: {_shown(final)} was missing after an interrupted build; "
              f"put the previous site back from {os.path.basename(newest)}", file=sys.stderr, flush=True)
    temps = [p for p in glob.glob(os.path.join(parent, f".{name}-tmp-*")) if not _owner_alive(p)]
    for leftover in temps + aside:
        remove_tree(leftover)


def remove_tree(path: str) -> None:
    """Remove a tree we wrote, read-only folders included; name what cannot be removed."""
    if os.path.islink(path) or not os.path.isdir(path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        return
    failures: list[OSError] = []
    shutil.rmtree(path, onerror=lambda *args: failures.append(args[2][1]))
    if failures and os.path.lexists(path):
        failures.clear()
        _make_writable(path)
        shutil.rmtree(path, onerror=lambda *args: failures.append(args[2][1]))
    if failures and os.path.lexists(path):
        print(f"portal_output: could not remove {path} ({failures[0].strerror}); remove it by hand",
              file=sys.stderr, flush=True)


def _make_writable(top: str) -> None:
    """u+rwx on every folder of `top` (each before it is listed), so that its files can be
    unlinked."""
    _add_user_rwx(top)
    for folder, dirs, _files in os.walk(top, onerror=lambda _error: None):
        for name in dirs:
            _add_user_rwx(os.path.join(folder, name))


def _add_user_rwx(folder: str) -> None:
    try:
        mode = os.lstat(folder).st_mode
        if stat.S_ISDIR(mode) and mode & stat.S_IRWXU != stat.S_IRWXU:
            os.chmod(folder, mode | stat.S_IRWXU)
    except OSError:
        pass


def _owner_alive(path: str) -> bool:
    """Does the build that made this leftover (`.output-tmp-<pid>-<n>`) still run?"""
    try:
        pid = int(os.path.basename(path).split("-")[-2])
    except (IndexError, ValueError):
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _shown(final: str) -> str:
    """output/ as the operator names it: relative to the working folder when inside it."""
    relative = os.path.relpath(final)
    return (final if relative.startswith("..") else relative) + "/"
