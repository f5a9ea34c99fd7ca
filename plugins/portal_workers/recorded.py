"""What a worker process recorded, brought back to the build: `recording` collects the
problems a build's collector (portal_diagnostics) records in a worker (the page writers),
`adopt` adds them to the parent's, `is_fault` tells a full disk or a permission (raised as it is in the
parent) from any other error (sent back as a traceback)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, NamedTuple

try:  # faults met in a child are raised as they are in the parent
    from portal_diagnostics.guard import REASONS as _fault_errnos
except ImportError:  # pragma: no cover - portal_workers also works on its own
    _fault_errnos = None


class Recorded(NamedTuple):
    """What portal_diagnostics recorded in a worker, for the parent's collector."""

    problems: tuple[Any, ...] = ()
    warnings: int = 0  # how many of them are logged warnings (PORTAL_WARNINGS_ARE_ERRORS)


@contextlib.contextmanager
def recording(collector: Any) -> Iterator[list[Recorded]]:
    """What `collector` (the build's ProblemCollector, or None) records in this process
    meanwhile, in the list's only item once the block ends (in a worker: to be sent to the
    parent, whose collector the build checks before publishing)."""
    found = [Recorded()]
    if collector is None:
        yield found
        return
    problems, warnings = len(collector.problems), collector.warnings
    try:
        yield found
    finally:
        found[0] = Recorded(tuple(collector.problems[problems:]), collector.warnings - warnings)


def adopt(recorded: Recorded, collector: Any) -> None:
    """What a worker recorded, into `collector` (the build's, in this process)."""
    if collector is not None and recorded.problems:
        collector.extend(list(recorded.problems))
        collector.warnings += recorded.warnings


def is_fault(exc: BaseException) -> bool:
    """A full disk, a permission, …: an error portal_diagnostics explains in one sentence,
    raised as it is in the parent (anything else comes back as a traceback)."""
    return isinstance(exc, OSError) and _fault_errnos is not None and exc.errno in _fault_errnos
