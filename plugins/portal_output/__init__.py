"""How the build writes output/: on every core, into a temporary folder, swapped in whole.

A library; portal_build's pipeline calls its steps:
- `install` (once, when the pipeline is registered): fork and failure hooks.
- `writer_class` (Pelican's get_writer) supplies ParallelWriter, which records Pelican's
  page writes and replays them in forked workers at the end (rendering templates is most
  of a build's time).
- `begin` (start of every build, before anything is written) points Pelican at a fresh
  sibling folder `.output-tmp-<pid>-<n>`.
- `content_read` (all content read) freezes the objects read so far out of the garbage
  collector's reach, which would otherwise rescan them while pages are built.
- `flush` (every generator has written) writes the recorded pages into the temporary folder;
  `commit` then swaps it into OUTPUT_PATH. The build's pipeline calls them in that order, with
  the search index built between them (portal_build.pipeline.publish).
- `parallel.run_beside(jobs, settings)`: output that is ready before the pages (term feeds)
  is written at once by a forked process, beside Pelican's single-threaded steps;
  `parallel.add_beside(process)` registers such a process started elsewhere (the
  related-news worker, which writes the term feeds once it has ranked). The flush joins
  them after the pages.

A failed build (a content problem, a template error, a full disk, Ctrl+C) leaves the
previous output/ exactly as it was; leftovers of crashed builds are removed at the start
of the next build and at interpreter exit. One build at a time publishes into an output
folder (`.output.lock` beside it; a second build waits, naming the first). See swap.py.
"""

from __future__ import annotations

import atexit
import gc
import os
from typing import Any

from . import parallel
from .parallel import ParallelWriter, stop_beside
from .swap import AtomicOutput

__all__ = ["begin", "commit", "content_read", "flush", "install", "last_jobs", "pending_jobs", "planning_writer", "set_last_jobs",
           "writer_class"]

_swapper = AtomicOutput()
# At exit (a build that crashed), stop what still runs beside it before the swapper removes
# its temporary folder (atexit runs the handlers registered last first).
atexit.register(stop_beside)
_writers: list[ParallelWriter] = []
# The page jobs of the last build this process published: (writer or function, args,
# kwargs), as they were run (a dev server re-runs some of them after an edit).
_last_jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = []


def last_jobs() -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    return list(_last_jobs)


def set_last_jobs(jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]]) -> None:
    """The jobs whose output output/ now holds (an edit applied outside a build re-planned
    them: portal_build.live)."""
    _last_jobs[:] = jobs


def planning_writer(folder: str, settings: dict[str, Any]) -> ParallelWriter:
    """A writer that only records what generators ask it to write (`planned()`), for a plan
    made outside a build; what it writes at once (redirect pages) goes into `folder`."""
    return ParallelWriter(folder, settings={**settings, "PORTAL_OUTPUT_PREVIOUS_PATH": None})


def writer_class(_pelican: Any) -> type:
    return _TrackedWriter


class _TrackedWriter(ParallelWriter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _writers.append(self)


def _discard() -> None:
    parallel.beside_enabled = False
    stop_beside()  # nothing may still write into the folder being removed
    _swapper.discard()


def begin(pelican: Any) -> None:
    stop_beside()  # an earlier build of this process (dev server) that stopped on problems
    parallel.beside_enabled = True  # this build's writer flushes, so it joins what runs beside
    _writers.clear()
    _last_jobs.clear()
    _swapper.begin(pelican)
    # A build allocates millions of objects that live until it ends: let the cyclic garbage
    # collector run less often. What an earlier build of this process (the dev server's
    # worker) froze is unfrozen and collected now: left for later, it would be frozen again
    # with this build's objects, and each build would keep all the earlier ones.
    _forget_rendered_content()
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.set_threshold(50_000, 20, 20)


def _forget_rendered_content() -> None:
    """Pelican memoises each content's HTML in dicts on its Content class, keyed by the
    content: an earlier build of this process that rendered pages here would stay alive."""
    from pelican.contents import Content

    for method in (Content.get_content, Content.get_summary):
        cache = getattr(method, "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def content_read(_generators: Any) -> None:
    # Everything read so far lives until the end of the build: keep the collector from
    # scanning it again and again while pages are built.
    gc.freeze()


def pending_jobs() -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    """The page jobs recorded by this build's writers, not yet written."""
    return [job for writer in _writers for job in writer.planned()]


def flush(_pelican: Any, kept: Any = None, previous: str | None = None) -> None:
    """Write every recorded page into the temporary tree; fail on problems recorded meanwhile.

    `kept(job)`: the files of a job whose output did not change (portal_build.reuse), linked
    from `previous` (the current output/) instead of rendered; None: render it."""
    from portal_diagnostics.timing import timed

    try:
        with timed("write_pages"):
            for writer in _writers:
                writer.flush(kept, previous)
                _last_jobs.extend(writer.done)
    except BaseException:
        _discard()
        raise
    finally:
        _writers.clear()
        parallel.beside_enabled = False
    _fail_if_problems()  # warnings recorded while writing (PORTAL_WARNINGS_ARE_ERRORS)


def commit(pelican: Any) -> None:
    """Replace output/ with the tree the build wrote, in one step."""
    _fail_if_problems()  # problems recorded after the pages (the search index)
    _swapper.commit(pelican)


def _fail_if_problems() -> None:
    try:
        from portal_diagnostics import collector
    except ImportError:  # pragma: no cover - portal_output also works on its own
        return
    collector.fail_if_any()


_fork_hook_installed = False


def install() -> None:
    """Once per process: a forked worker does not keep the output lock held, and a build
    that stops on content problems drops its temporary folder at once."""
    global _fork_hook_installed
    if not _fork_hook_installed:
        os.register_at_fork(after_in_child=_swapper.forget_in_child)
        _fork_hook_installed = True
    try:
        from portal_diagnostics import collector
    except ImportError:  # pragma: no cover - portal_output also works on its own
        return
    if _discard not in collector.on_failure:
        collector.on_failure.append(_discard)
