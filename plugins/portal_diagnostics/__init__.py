"""Collect every content problem of a build, then fail once, without a traceback.

Readers and generators record `Problem`s instead of raising, so an editor with five
mistakes sees five lines from one run. At `all_generators_finalized` (after all content is
read, before anything is written) the build stops if any problem was recorded.
"""

from __future__ import annotations

from .problems import BuildFailed, Problem, ProblemCollector, collector

__all__ = ["BuildFailed", "Problem", "ProblemCollector", "collector", "register"]


def register() -> None:
    from pelican import signals

    from .hooks import fail_if_problems, reset_collector

    signals.initialized.connect(reset_collector)
    signals.finalized.connect(reset_collector)
    signals.all_generators_finalized.connect(fail_if_problems)
