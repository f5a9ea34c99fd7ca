"""Encode sources on every core, with a progress bar when stderr is a terminal.

One task per source: decoding a 3000×2000 JPEG once and making all its variants from
it is much cheaper than one task per variant. Tasks go to a forked process pool and
come back as plain data; each worker writes its variants into the cache itself
(atomically), so only small results cross the process boundary.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from portal_workers import fork_map

T = TypeVar("T")
R = TypeVar("R")


def run(function: Callable[[T], R], jobs: list[T], processes: int, label: str = "portal_images") -> Iterator[R]:
    """Results of function(job) for every job, in order of `jobs`."""
    progress = Progress(len(jobs), label) if sys.stderr.isatty() else None
    try:
        for result in fork_map(function, jobs, processes):
            if progress:
                progress.step()
            yield result
    finally:
        if progress:
            progress.close()


class Progress:
    """`portal_images: encoding 12/40 images [=====     ] 30%` redrawn in place on stderr."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.done, self.label = total, 0, label
        self.last = 0.0
        self.draw()

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.last > 0.1 or self.done == self.total:
            self.last = now
            self.draw()

    def draw(self) -> None:
        width = 30
        filled = width * self.done // max(1, self.total)
        percent = 100 * self.done // max(1, self.total)
        bar = "=" * filled + " " * (width - filled)
        sys.stderr.write(f"\r{self.label}: encoding {self.done}/{self.total} images [{bar}] {percent}%")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def cpu_count(setting: Any) -> int:
    return int(setting or os.cpu_count() or 1)
