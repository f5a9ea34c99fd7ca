"""`start(function, *args)`: one task forked now, its result taken later (`Pending.result`).
`detach(function, *args)`: one task that goes on after this process has ended.

For work that only needs what exists now and whose result is wanted at a later step, while
this process goes on with steps that use one core: the build forks it when the sources are
read, while Pelican makes its contents on one core, and takes its result when it writes
the search index (portal_build.pipeline). The child inherits the parent's state (nothing is
pickled but its result), writes its pickled result to an unnamed temporary file and exits,
so it holds no memory once done; dies with the build like every fork (lifetime.py).

A task is an optimisation, never a dependency: `result()` is None when the task failed,
was killed or cannot run here (one core, no fork), and the caller then does the work itself.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import tempfile
import traceback
from collections.abc import Callable
from typing import IO, Any

from .lifetime import outlive_parent

logger = logging.getLogger(__name__)


class Pending:
    """A task started by `start`: its result once (`result`), or dropped (`cancel`)."""

    def __init__(self, pid: int = 0, output: IO[bytes] | None = None) -> None:
        self._pid = pid
        self._output = output

    @property
    def running(self) -> bool:
        return self._pid != 0

    def result(self) -> Any:
        """The task's return value (waiting for it to end), or None if it failed; None
        again on a later call."""
        pid, output, self._pid, self._output = self._pid, self._output, 0, None
        if not pid or output is None:
            return None
        try:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                logger.debug("a background task ended with status %s", status)
                return None
            output.seek(0)
            ok, value = pickle.load(output)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, ChildProcessError):
            logger.debug("a background task's result could not be read", exc_info=True)
            return None
        finally:
            output.close()
        if not ok:
            logger.debug("a background task failed:\n%s", value)
            return None
        return value

    def cancel(self) -> None:
        """Stop the task if it runs and forget it."""
        pid, output, self._pid, self._output = self._pid, self._output, 0, None
        if pid:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (OSError, ChildProcessError):
                pass
        if output is not None:
            output.close()


def start(function: Callable[..., Any], *args: Any) -> Pending:
    """Fork a process that runs `function(*args)` now; its result is `Pending.result()`.
    Where fork is missing, nothing starts (the result is None)."""
    if not hasattr(os, "fork"):  # pragma: no cover - not on Linux
        return Pending()
    output = tempfile.TemporaryFile(prefix="portal-task-")
    try:
        pid = os.fork()
    except OSError:
        output.close()
        return Pending()
    if pid == 0:  # the child: run, write, leave without running the parent's exit handlers
        code = 0
        try:
            gc.disable()  # a short task: collecting would copy pages shared with the parent
            try:
                value: tuple[bool, Any] = (True, function(*args))
            except BaseException:  # noqa: BLE001 - reported to the parent, which does the work
                value = (False, traceback.format_exc())
            pickle.dump(value, output, protocol=pickle.HIGHEST_PROTOCOL)
            output.flush()
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    return Pending(pid, output)


def detach(function: Callable[..., Any], *args: Any) -> bool:
    """Fork a process that runs `function(*args)` and may outlive this one: the `pelican`
    command returns while it finishes (portal_build.warm saves the build there). It leaves
    the terminal's session, is not killed when its parent ends (lifetime.py asks for that
    on every fork), and reads and writes nothing of the parent's standard streams: whoever
    reads the command's output (make, a pipe, a test) sees it end with the parent. Its
    failure is silent; the caller must be right whether or not it ran (the file it writes
    is checked when read). False where fork is missing or fails (run `function` yourself)."""
    if not hasattr(os, "fork"):  # pragma: no cover - not on Linux
        return False
    # The child tells when it no longer dies with this process: until then, this one waits
    # (else it could end first, and the kernel would kill the child it asked to die with it).
    ready, told = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(ready)
        os.close(told)
        return False
    if pid:
        os.close(told)
        try:
            started = os.read(ready, 1) == b"1"
        finally:
            os.close(ready)
        return started
    code = 1
    try:
        os.close(ready)
        os.setsid()
        outlive_parent()
        os.write(told, b"1")
        os.close(told)
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        gc.disable()  # nothing it makes outlives it; collecting would copy pages shared with the parent
        function(*args)
        code = 0
    except BaseException:  # noqa: BLE001, S110 - nobody is left to tell
        pass
    finally:
        os._exit(code)
