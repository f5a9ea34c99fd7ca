"""The temporary-folder-and-rename dance behind portal_output."""

from __future__ import annotations

import atexit
import glob
import os
import shutil
from typing import Any


class AtomicOutput:
    def __init__(self) -> None:
        self.final: str | None = None
        self.temp: str | None = None
        self.count = 0
        atexit.register(self.discard)

    def begin(self, pelican: Any) -> None:
        self.discard()  # a previous build of this process that failed
        # The real destination is remembered on the Pelican object: a devserver rebuild
        # reuses it (its output_path is then still our last temp folder), a new build
        # in the same process (tests) brings its own.
        if not hasattr(pelican, "atomic_output_final"):
            pelican.atomic_output_final = os.path.abspath(pelican.output_path)
        final = pelican.atomic_output_final
        self.final = final
        parent, name = os.path.split(final)
        os.makedirs(parent, exist_ok=True)
        for stale in glob.glob(os.path.join(parent, f".{name}-tmp-*")) + glob.glob(
            os.path.join(parent, f".{name}-old-*")
        ):
            _remove_if_dead(stale)
        self.count += 1
        self.temp = os.path.join(parent, f".{name}-tmp-{os.getpid()}-{self.count}")
        os.makedirs(self.temp)
        pelican.output_path = self.temp
        pelican.settings["OUTPUT_PATH"] = self.temp

    def commit(self, pelican: Any) -> None:
        if not self.temp or not self.final:
            return
        parent, name = os.path.split(self.final)
        old = os.path.join(parent, f".{name}-old-{os.getpid()}-{self.count}")
        if os.path.lexists(self.final):
            os.rename(self.final, old)
        os.rename(self.temp, self.final)
        self.temp = None
        pelican.output_path = self.final
        pelican.settings["OUTPUT_PATH"] = self.final
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        if self.temp:
            shutil.rmtree(self.temp, ignore_errors=True)
            self.temp = None


def _remove_if_dead(path: str) -> None:
    """Remove a leftover folder unless the process that owns it is still building."""
    try:
        pid = int(os.path.basename(path).split("-")[-2])
    except (IndexError, ValueError):
        pid = -1
    if pid > 0 and pid != os.getpid():
        try:
            os.kill(pid, 0)
            return  # still alive: another build in progress
        except ProcessLookupError:
            pass
        except PermissionError:
            return
    shutil.rmtree(path, ignore_errors=True)
