"""One build at a time publishes into an output folder: `.output.lock` beside it.

`make html` while `make devserver` rebuilds, or two CI jobs sharing a checkout: the second
build waits, saying who holds the lock, then runs (a build of the bundled site takes a few
seconds, so waiting is friendlier than failing). After PORTAL_OUTPUT_LOCK_TIMEOUT seconds
it gives up with the same words.

The lock is `flock(2)` on a file that is never removed (removing it would let two builds
lock two different files). The kernel drops the lock when its holder dies, even by
`kill -9`, so there is nothing stale to clean up. The file holds the holder's pid, host,
command and start time, for the waiting build's message.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time

from portal_diagnostics import BuildStopped

POLL_SECONDS = 0.1


class OutputLock:
    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self, timeout: float, shown: str) -> None:
        """Hold the lock; wait (saying so on stderr) while another build does. `shown`
        names the output folder in messages. BuildStopped after `timeout` seconds."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            if not _try_lock(fd):
                holder = _holder(fd)
                print(f"portal_output: waiting for {holder} to finish with {shown} ({self.path})",
                      file=sys.stderr, flush=True)
                deadline = time.monotonic() + timeout
                while not _try_lock(fd):
                    if time.monotonic() >= deadline:
                        raise BuildStopped(
                            f"cannot write {shown}: {holder} has held it for more than {timeout:g} s "
                            f"(PORTAL_OUTPUT_LOCK_TIMEOUT); wait for it to finish, or stop it"
                        )
                    time.sleep(POLL_SECONDS)
            _write_holder(fd)
        except BaseException:
            os.close(fd)  # closing the file drops a lock taken on it
            raise
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def claim(self) -> None:
        """In a child that inherited the held lock and keeps it after this process ends
        (portal_workers.detach): name it as the holder, for a waiting build's message."""
        if self.fd is not None:
            _write_holder(self.fd)

    def forget_in_child(self) -> None:
        """Close this process's handle without unlocking. In a forked worker: the lock is the
        parent's (once the parent dies, no worker keeps it held). In a parent that left the
        lock to a detached child (portal_workers.detach): the child holds it until it ends."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(fd: int) -> None:
    command = " ".join([os.path.basename(sys.argv[0]), *sys.argv[1:]]) if sys.argv and sys.argv[0] else "python"
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command[:120],
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    data = (json.dumps(holder, ensure_ascii=False) + "\n").encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def _holder(fd: int) -> str:
    """`the build of pid 123 on host (pelican content …, started …)`, or what is known."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
        return (f"the build of pid {holder['pid']} on {holder['host']} "
                f"({holder['command']}, started {holder['started']})")
    except (OSError, ValueError, KeyError, TypeError):
        return "another build"  # it has not written its name yet
