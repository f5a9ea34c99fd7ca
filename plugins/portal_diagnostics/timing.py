"""Optional phase timings for benchmarks: set PORTAL_TIMINGS=<file> to append one JSON line
per timed phase ({"phase": …, "seconds": …, "cpu_seconds": …, "pid": …}). Phases done in
many small pieces, possibly in several processes (related-news ranking while pages render),
are accumulated with add() and written by flush() once per process: sum them over pids.
Costs nothing when unset.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

_totals: dict[str, float] = {}


def enabled() -> bool:
    return bool(os.environ.get("PORTAL_TIMINGS"))


def add(phase: str, seconds: float) -> None:
    """Accumulate time spent in a phase that runs in many small pieces (written by flush)."""
    _totals[phase] = _totals.get(phase, 0.0) + seconds


def flush() -> None:
    """Write the accumulated totals of this process (a writer worker calls it when done)."""
    target = os.environ.get("PORTAL_TIMINGS")
    if target and _totals:
        with open(target, "a", encoding="utf-8") as handle:
            for phase, seconds in sorted(_totals.items()):
                handle.write(json.dumps({"phase": phase, "seconds": round(seconds, 4), "pid": os.getpid()}) + "\n")
    _totals.clear()


@contextmanager
def timed(phase: str) -> Iterator[None]:
    target = os.environ.get("PORTAL_TIMINGS")
    if not target:
        yield
        return
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        record = {
            "phase": phase,
            "seconds": round(time.perf_counter() - wall, 4),
            "cpu_seconds": round(time.process_time() - cpu, 4),
            "pid": os.getpid(),
        }
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
