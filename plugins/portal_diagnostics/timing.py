"""Optional phase timings for benchmarks: set PORTAL_TIMINGS=<file> to append one JSON line
per timed phase ({"phase": …, "seconds": …, "cpu_seconds": …}). Costs nothing when unset.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


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
