"""Build into a temporary folder and swap it into OUTPUT_PATH only when the build succeeds.

A failed build (a content problem, a template error, an interrupted run) leaves the
previous output/ exactly as it was, so a web server that serves output/ never sees a
half-written site.

Signals: `get_generators` (start of every build, before any generator exists or anything
is written) points Pelican at a fresh sibling folder `.output-tmp-<pid>-<n>`;
`finalized` (after every generator wrote its output) swaps it in. Leftovers of crashed
builds are removed at the start of the next build and at interpreter exit.
"""

from __future__ import annotations

from typing import Any

from .swap import AtomicOutput

_swapper = AtomicOutput()


def _begin(pelican: Any) -> None:
    _swapper.begin(pelican)


def _commit(pelican: Any) -> None:
    _swapper.commit(pelican)


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(_begin)
    signals.finalized.connect(_commit)
    try:  # drop the temp folder at once when the build stops on content problems
        from portal_diagnostics import collector
    except ImportError:  # pragma: no cover - atomic_output also works on its own
        return
    if _swapper.discard not in collector.on_failure:
        collector.on_failure.append(_swapper.discard)
