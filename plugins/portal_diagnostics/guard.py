"""The build's outer boundary: faults of the machine and the operator end like content problems.

Pelican's command line logs any exception that leaves `Pelican.run()` with its traceback,
exits 0 on Ctrl+C, and with `--fatal warnings` turns the first warning into a
`RuntimeError` (a traceback again: that option now works as PORTAL_WARNINGS_ARE_ERRORS). `guard(pelican, problems)` (the `initialized` signal) wraps that
instance's `run` so that, whichever plugin or worker process met it:

- a full disk, a quota, a permission, a read-only or failing file system (an OSError with
  one of the errnos below) prints one sentence — `cannot write output/: no space left on
  device (output/2023/06/bai.html); free some space and build again` — and the summary;
- `BuildStopped` (a fault a plugin words itself: output/ locked too long) prints its message;
- `ProblemsFound` (content problems a step found while pages were planned) fails with them
  and every problem recorded before;
- Ctrl+C (SIGINT) or SIGTERM stops the build: exit 130 or 143, `Đã dừng dựng trang (Ctrl+C).`;
- with PORTAL_WARNINGS_ARE_ERRORS (or the same name in the environment: `make publish`,
  CI), every warning logged is recorded as a problem instead of printed, and the build
  fails on them once, like on content problems, before anything is published;

each without a traceback and after the failure hooks (portal_output drops its temporary
folder: the previous output/ stays as it was). Anything else still shows its traceback:
that is a bug to report, not a fault to explain.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from .problems import BuildStopped, ContentProblems, Problem, ProblemCollector, ProblemsFound, _autoreloading

# errno → how the fault reads, and what to do about it ({place} is the folder named).
REASONS = {
    errno.ENOSPC: ("no space left on device", "free some space and build again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space or raise the quota and build again"),
    errno.EACCES: ("permission denied", "the user running the build needs write access to {place} and to the "
                   "folder that holds it: check their owner and permissions (ls -ld)"),
    errno.EPERM: ("operation not permitted", "the user running the build needs write access to {place} and to the "
                  "folder that holds it: check their owner, permissions and attributes (ls -ld, lsattr -d)"),
    errno.EROFS: ("read-only file system", "the disk holding {place} is mounted read-only"),
    errno.EIO: ("input/output error", "the disk holding {place} reports errors: check it (dmesg)"),
    errno.EFBIG: ("file too large", "the file system holding {place} refuses a file this large"),
}
# What an editor reads when they (or CI) stop a build; faults of the disk (REASONS) stay English.
_SIGNALS = {signal.SIGINT: ("Đã dừng dựng trang (Ctrl+C)", 130), signal.SIGTERM: ("Dựng trang bị dừng (SIGTERM)", 143)}
_WHERE = re.compile(r"^(?P<path>[^\s:][^:\n]*):(?P<line>\d+): (?P<rest>.*)$", re.S)


class BuildInterrupted(BaseException):
    """Raised by the signal handler: a BaseException, so no `except Exception` holds it up."""

    def __init__(self, number: int, published: bool = False) -> None:
        super().__init__(number)
        self.number = number
        self.published = published


def guard(pelican: Any, problems: ProblemCollector) -> None:
    """Wrap `pelican.run` (this instance only; an autoreload loop calls it each time): its
    runs report into `problems`, the collector of this instance's builds."""
    run = pelican.run
    if getattr(run, "portal_guarded", False):
        return

    def guarded() -> Any:
        return run_guarded(run, pelican.settings, problems)

    guarded.portal_guarded = True  # type: ignore[attr-defined]
    pelican.run = guarded


def warnings_are_errors(settings: dict[str, Any]) -> bool:
    """PORTAL_WARNINGS_ARE_ERRORS, in the settings or the environment (the Makefile sets
    the environment: `make publish`, and `make html` in CI)."""
    value = os.environ.get("PORTAL_WARNINGS_ARE_ERRORS", "")
    return bool(settings.get("PORTAL_WARNINGS_ARE_ERRORS")) or value.lower() in ("1", "true", "yes")


# A worker process of the build ended without a word: killed (most often by the kernel when
# memory runs out). The build stops before publishing.
WORKER_KILLED = (
    "a worker process of the build was killed before it finished (most often: the machine ran out of "
    "memory); output/ is unchanged. Free some memory, or build with fewer processes "
    "(-e PORTAL_WRITER_PROCESSES=1 PORTAL_READER_PROCESSES=1), and build again"
)


def run_guarded(run: Callable[[], Any], settings: dict[str, Any], problems: ProblemCollector) -> Any:
    interrupted: list[int] = []
    strict = warnings_are_errors(settings) or _pelican_fatal_warnings()
    with _interrupts_stop_the_build(interrupted), _warnings_recorded(strict, problems), _cleared_after(problems):
        try:
            result = run()
            problems.print_notices()  # a failed build printed them with its problems
        except BuildInterrupted as exc:
            _stop_interrupted(problems, exc.number, exc.published)
        except ProblemsFound as exc:
            problems.fail_with(exc.problems)
            raise  # (fail_with raises: there is at least one problem)
        except OSError as exc:
            if interrupted:  # a worker killed by the same Ctrl+C broke a pipe first
                _stop_interrupted(problems, interrupted[0])
            sentence = describe(exc, problems.places)
            if sentence is None:
                raise
            problems.stop(sentence)
        except BuildStopped as exc:
            problems.stop(str(exc))
        except BrokenProcessPool:
            if interrupted:
                _stop_interrupted(problems, interrupted[0])
            problems.stop(WORKER_KILLED)
        except Exception:
            if interrupted:
                _stop_interrupted(problems, interrupted[0])
            raise
    return result


@contextmanager
def _cleared_after(problems: ProblemCollector) -> Iterator[None]:
    """The next run (an autoreload rebuild) starts with no problems; not cleared before a
    run: the pipeline records problems of the settings when Pelican starts (`initialized`)."""
    try:
        yield
    finally:
        problems.clear()
        problems.places.clear()  # each build names its own folders again


def _stop_interrupted(problems: ProblemCollector, number: int, published: bool = False) -> None:
    what, code = _SIGNALS.get(number, ("Đã dừng dựng trang", 130))
    if published:  # during the swap, which was let finish
        problems.stop(f"{what} sau khi đã thay output/: output/ là bản mới.", code=code, published=True)
    problems.stop(f"{what}.", code=code)


def describe(exc: OSError, places: dict[str, str] | None = None) -> str | None:
    """One sentence for a fault of the disk or of permissions; None for any other error.
    `places`: the folders the build writes, by the name the sentence gives them
    (ProblemCollector.places)."""
    if exc.errno not in REASONS:
        return None
    reason, hint = REASONS[exc.errno]
    names = [os.fsdecode(n) for n in (exc.filename, exc.filename2) if isinstance(n, (str, bytes, os.PathLike))]
    for name in names:
        path = os.path.abspath(name)
        for folder, shown in sorted((places or {}).items(), key=lambda item: -len(item[0])):
            if path == folder or path.startswith(folder.rstrip(os.sep) + os.sep):
                inside = os.path.relpath(path, folder)
                detail = _display(path) if inside == "." else os.path.join(shown, inside)
                return f"cannot write {shown}: {reason} ({detail}); {hint.format(place=shown)}"
    if names:  # not a folder the build writes: it may have been reading
        shown = _display(names[0])
        if exc.errno in (errno.EACCES, errno.EPERM):
            hint = "check its owner and permissions (ls -l)"
        return f"cannot use {shown}: {reason}; {hint.format(place=shown)}"
    return f"cannot write the build's files: {reason}; {hint.format(place='output/')}"


def _display(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


@contextmanager
def _interrupts_stop_the_build(interrupted: list[int]) -> Iterator[None]:
    """SIGINT and SIGTERM raise BuildInterrupted (not under autoreload, whose Ctrl+C ends
    the dev server, nor outside the main thread, where handlers cannot be set)."""
    if _autoreloading() or threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(number: int, _frame: Any) -> None:
        interrupted.append(number)
        if _held:
            _held.append(number)  # published once the held section ends
            return
        raise BuildInterrupted(number)

    previous = {number: signal.signal(number, handler) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, action in previous.items():
            signal.signal(number, action)


# Non-empty while interrupts are held: [True, signals received meanwhile…].
_held: list[Any] = []


@contextmanager
def interrupts_held() -> Iterator[None]:
    """A section Ctrl+C must not cut in two (portal_output's swap): an interrupt received
    meanwhile is raised once it ends, as BuildInterrupted(published=True)."""
    _held[:] = [True]
    try:
        yield
    finally:
        pending = [number for number in _held[1:] if isinstance(number, int)]
        _held.clear()
    if pending:
        raise BuildInterrupted(pending[0], published=True)


def _is_warning(record: logging.LogRecord) -> bool:
    # What Pelican's `--fatal warnings` stops on: warnings and errors, not critical ones.
    return logging.WARNING <= record.levelno < logging.CRITICAL


class _Recorder(logging.Handler):
    """A warning or error logged during the build becomes a problem; one with `path:line: `
    in front (the portal's own warnings) keeps its place in the sorted report."""

    def __init__(self, problems: ProblemCollector) -> None:
        super().__init__(logging.WARNING)
        self.problems = problems

    def emit(self, record: logging.LogRecord) -> None:
        if not _is_warning(record):
            return
        message = record.getMessage().strip()
        match = _WHERE.match(message)
        if match:
            self.problems.add(match["path"], int(match["line"]), "", match["rest"])
        else:
            self.problems.add("", 0, "", message)
        self.problems.warnings += 1


class _Silence(logging.Filter):
    """On the other handlers: the report prints recorded warnings, not the log as well."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _is_warning(record)


def _pelican_fatal_warnings() -> bool:
    """`pelican --fatal warnings`: the same as PORTAL_WARNINGS_ARE_ERRORS here."""
    fatal = _fatal_logger()
    return fatal is not None and fatal.fatal_lvl <= logging.WARNING


def _fatal_logger() -> Any:
    try:
        from pelican.log import FatalLogger
    except ImportError:  # pragma: no cover - another Pelican
        return None
    return FatalLogger


@contextmanager
def _warnings_recorded(enabled: bool, problems: ProblemCollector) -> Iterator[None]:
    """Record warnings as problems; Pelican's `--fatal` is off meanwhile, so that every
    warning is collected and the build fails once, not with a traceback at the first."""
    if not enabled:
        yield
        return
    root = logging.getLogger()
    recorder, silence = _Recorder(problems), _Silence()
    others = list(root.handlers)
    for handler in others:
        handler.addFilter(silence)
    root.addHandler(recorder)
    fatal = _fatal_logger()
    level = fatal.fatal_lvl if fatal is not None else None
    if fatal is not None:
        fatal.fatal_lvl = logging.CRITICAL + 1
    try:
        yield
    finally:
        if fatal is not None:
            fatal.fatal_lvl = level
        root.removeHandler(recorder)
        for handler in others:
            handler.removeFilter(silence)


__all__ = ["BuildInterrupted", "ContentProblems", "Problem", "describe", "guard", "interrupts_held", "run_guarded"]
