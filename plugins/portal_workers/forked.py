"""One process forked beside the build (portal_workers owns every fork): `Forked` runs a
call in a child and brings back what it returns or yields, the problems it recorded
(portal_diagnostics) and its faults (a full disk, a permission) raised as they are; anything
else comes back as the child's traceback (ForkFailed). Used by portal_taxonomy (the early
related-news worker, which then writes the term feeds) and portal_output (output written
beside the build). `recording`/`adopt` carry recorded problems from any worker (the page
writers too) to the parent's collector."""

from __future__ import annotations

import contextlib
import gc
import inspect
import multiprocessing
import pickle
import queue
import threading
import traceback
from collections.abc import Iterator
from typing import Any, NamedTuple

try:  # problems and faults recorded in a child reach the build's collector
    from portal_diagnostics import collector as _collector
    from portal_diagnostics.guard import REASONS as _fault_errnos
except ImportError:  # pragma: no cover - portal_workers also works on its own
    _collector = None
    _fault_errnos = None


class Recorded(NamedTuple):
    """What portal_diagnostics recorded in a worker, for the parent's collector."""

    problems: tuple[Any, ...] = ()
    warnings: int = 0  # how many of them are logged warnings (PORTAL_WARNINGS_ARE_ERRORS)


@contextlib.contextmanager
def recording() -> Iterator[list[Recorded]]:
    """What portal_diagnostics records in this process meanwhile, in the list's only item
    once the block ends (in a worker: to be sent to the parent, whose collector the build
    checks before publishing)."""
    found = [Recorded()]
    if _collector is None:
        yield found
        return
    problems, warnings = len(_collector.problems), _collector.warnings
    try:
        yield found
    finally:
        found[0] = Recorded(tuple(_collector.problems[problems:]), _collector.warnings - warnings)


def adopt(recorded: Recorded) -> None:
    """What a worker recorded, into this process's collector."""
    if _collector is not None and recorded.problems:
        _collector.extend(list(recorded.problems))
        _collector.warnings += recorded.warnings


class ForkFailed(RuntimeError):
    """The forked call raised or died; the message is its traceback."""


class Forked:
    """`function(*args)` running now in a forked process. What it returns comes back through
    a pipe (`result()`); a generator function sends each value it yields as it goes
    (`receive()` for the next one, `join()` to wait for the end). The child inherits the
    parent's state, so nothing is pickled on the way in."""

    def __init__(self, function: Any, *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_call_and_send, args=(send, self._receive, function, args), daemon=True
        )
        self._process.start()
        send.close()
        self._ended = False

    def receive(self) -> Any:
        """The next value; ForkFailed with the child's traceback if it raised or died first."""
        if self._ended:
            raise ForkFailed("the process has already ended")
        kind, value = self._next()
        if kind == "end":
            self._close()
            raise ForkFailed("the process ended without sending a value")
        if kind == "error":
            self._close()
            raise ForkFailed(value)
        return value

    def result(self) -> Any:
        """The return value (the first value sent), once the process has ended."""
        value = self.receive()
        self.join()
        return value

    def join(self) -> None:
        """Wait for the end, dropping values not received; ForkFailed if it raised or died."""
        while not self._ended:
            kind, value = self._next()
            if kind == "error":
                self._close()
                raise ForkFailed(value)
            if kind == "end":
                self._close()

    def stop(self) -> None:
        if not self._ended:
            self._process.terminate()
            self._close()

    def running(self) -> bool:
        """Is the process still at work (without waiting for it)?"""
        return not self._ended and self._process.is_alive()

    def _next(self) -> tuple[str, Any]:
        while True:
            try:
                kind, value = self._receive.recv()
            except EOFError:
                self._process.join()
                return "error", f"the process ended without reporting (exit code {self._process.exitcode})"
            if kind == "recorded":  # problems recorded in the child: the build checks them
                adopt(value)
            elif kind == "fault":  # a full disk, a permission: raised here as it is
                self._close()
                raise value
            else:
                return kind, value

    def _close(self) -> None:
        self._ended = True
        self._receive.close()
        self._process.join()


def _call_and_send(send: Any, receive: Any, function: Any, args: tuple[Any, ...]) -> None:
    receive.close()  # the parent's end: once the parent closes it too, a send here fails
    gc.disable()  # as in the page workers: touch (and so copy) as little shared memory as possible
    # A thread sends, so that the work goes on while the parent has not yet read a value.
    outbox: queue.SimpleQueue[tuple[str, Any] | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(send, outbox), daemon=True)
    sender.start()
    with recording() as recorded:
        try:
            value = function(*args)
            for item in value if inspect.isgenerator(value) else (value,):
                outbox.put(("value", item))
            last: tuple[str, Any] = ("end", None)
        except BaseException as exc:
            last = ("fault", named(exc)) if is_fault(exc) else ("error", traceback.format_exc())
    if recorded[0].problems:
        outbox.put(("recorded", recorded[0]))
    outbox.put(last)
    outbox.put(None)
    sender.join()
    send.close()


def is_fault(exc: BaseException) -> bool:
    """A full disk, a permission, …: an error portal_diagnostics explains in one sentence,
    raised as it is in the parent (anything else comes back as a traceback)."""
    return isinstance(exc, OSError) and _fault_errnos is not None and exc.errno in _fault_errnos


def named(exc: OSError) -> OSError:
    """`exc` if it survives pickling as it is, else a plain OSError with its errno and names."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return OSError(exc.errno, exc.strerror, exc.filename)
    return exc


def _send_all(send: Any, outbox: queue.SimpleQueue[tuple[str, Any] | None]) -> None:
    while (message := outbox.get()) is not None:
        try:
            send.send(message)
        except OSError:  # the parent closed its end: it does not want the rest
            return
        except Exception:  # a value that cannot be pickled
            with contextlib.suppress(OSError):
                send.send(("error", traceback.format_exc()))
            return
