"""Signal handlers of portal_diagnostics."""

from __future__ import annotations

from typing import Any

from .guard import guard
from .problems import Problem, collector


def reset_collector(*_args: Any, **_kwargs: Any) -> None:
    """Start each build with no problems recorded (the guard also clears them after every
    run, for an autoreload rebuild)."""
    collector.clear()


def guard_build(pelican: Any) -> None:
    """Faults, Ctrl+C and (with PORTAL_WARNINGS_ARE_ERRORS) warnings end this Pelican's
    builds like content problems: see guard.py."""
    guard(pelican)


def fail_if_problems(_generators: Any) -> None:
    collector.fail_if_any()


def fail_with(problems: list[Problem]) -> None:
    """A check made after reading (while pages are planned) found `problems`: the build
    fails now with them and any recorded since reading (warnings, when they are errors), as
    it fails after reading; nothing when there are none."""
    collector.extend(problems)
    collector.fail_if_any()
