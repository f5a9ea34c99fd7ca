"""Collect every content problem of a build, then fail once, without a traceback.

Readers and generators return `Problem`s instead of raising, so an editor with five
mistakes sees five lines from one run. The pipeline (portal_build) records them into the
run's `ProblemCollector`, which it makes when Pelican starts and hands to the steps that
need it; this library keeps none. At `all_generators_finalized` (after all content is
read, before anything is written) the build stops if any problem was recorded; portal_output
checks again just before it publishes (warnings recorded while pages were written). A step
that finds problems where it cannot return them raises `ProblemsFound`.

Faults outside content end the same way (guard.py): a full disk or a permission (one
sentence naming output/ or the image cache), Ctrl+C, and — with PORTAL_WARNINGS_ARE_ERRORS
(`make publish`, CI) — every warning logged. Forked workers die with the build
(portal_workers.die_with_parent).
"""

from __future__ import annotations

from .guard import guard
from .problems import BuildFailed, BuildStopped, Problem, ProblemCollector, ProblemsFound

__all__ = ["BuildFailed", "BuildStopped", "Problem", "ProblemCollector", "ProblemsFound", "guard"]
