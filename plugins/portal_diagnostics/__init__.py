"""Collect every content problem of a build, then fail once, without a traceback.

Readers and generators record `Problem`s instead of raising, so an editor with five
mistakes sees five lines from one run. At `all_generators_finalized` (after all content is
read, before anything is written) the build stops if any problem was recorded; portal_output
checks again just before it publishes (warnings recorded while pages were written).

Faults outside content end the same way (guard.py): a full disk or a permission (one
sentence naming output/ or the image cache), Ctrl+C, and — with PORTAL_WARNINGS_ARE_ERRORS
(`make publish`, CI) — every warning logged. Forked workers die with the build
(portal_workers.die_with_parent).
"""

from __future__ import annotations

from .hooks import fail_if_problems, fail_with, guard_build, reset_collector
from .problems import BuildFailed, BuildStopped, Problem, ProblemCollector, collector

__all__ = [
    "BuildFailed", "BuildStopped", "Problem", "ProblemCollector", "collector",
    "fail_if_problems", "fail_with", "guard_build", "reset_collector",
]
