"""Forked workers die with the process that forked them (portal_workers.die_with_parent).

The build forks in several places (portal_reader's and portal_images' pools, portal_output's
page writers, portal_taxonomy's related news, portal_search's words, portal_check's pool). A worker of a ProcessPoolExecutor waits for work on a pipe whose
write end it inherited itself, so when its parent is killed (`kill -9`, an OOM kill) it
never sees the end of the pipe: it would wait for ever and keep the build's log pipe open,
so a CI step would never end.

`die_with_parent()` installs one at-fork hook for every fork of this process, wherever it
happens: the child asks the kernel (Linux `prctl(PR_SET_PDEATHSIG, SIGKILL)`) to be killed
when its parent dies, then checks that the parent has not already died before the request
(the race the getppid() check closes).

The child also ignores SIGINT and takes the default action on SIGTERM. Ctrl+C, which the
terminal sends to every process of the build, is the parent's to handle: it reports the
interruption once (guard.py), its pools cancel what has not started and finish what runs
(a worker dying of the signal instead breaks the pool, and Python 3.11's executor then
prints a traceback from its own thread).
A hook also runs for `subprocess` with `preexec_fn` (nothing here uses it): such a program
would ignore Ctrl+C too.

The death signal follows the thread that forked, not the process (prctl(2)): it is only
requested for forks from the main thread, which lives as long as the process.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from concurrent.futures import InvalidStateError
from typing import Any

_PR_SET_PDEATHSIG = 1
_installed = False
_parent = 0
_from_main_thread = False


def die_with_parent() -> None:
    """Have every child forked from now on (from the main thread) die with this process,
    and leave Ctrl+C to it. Idempotent; outside Linux, only the signals are set."""
    global _installed
    if _installed:
        return
    _installed = True
    os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
    threading.excepthook = _quiet_broken_pool(threading.excepthook)


def outlive_parent() -> None:
    """In a forked child that must finish its work after the parent ends (background.detach):
    no death signal (Linux; nothing to undo elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, 0, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl: no death signal was asked
        return


def _quiet_broken_pool(hook: Any) -> Any:
    """Python 3.11's process pool, when a worker dies while other jobs were cancelled, also
    fails in its own manager thread (InvalidStateError), which would print a
    second traceback; the caller gets BrokenProcessPool all the same."""

    def excepthook(args: Any) -> None:
        if isinstance(args.exc_value, InvalidStateError) and type(args.thread).__name__ == "_ExecutorManagerThread":
            return
        hook(args)

    return excepthook


def _before_fork() -> None:
    global _parent, _from_main_thread
    _parent = os.getpid()
    _from_main_thread = threading.current_thread() is threading.main_thread()


def _after_fork_in_child() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN:  # keep what the shell ignored
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not (_from_main_thread and sys.platform.startswith("linux")):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl: nothing to ask
        return
    if os.getppid() != _parent:  # the parent died before the request: it will not be sent
        os._exit(1)
