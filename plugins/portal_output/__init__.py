"""How the build writes output/: on every core, into a temporary folder, swapped in whole.

A library without per-build state in module globals; portal_build's pipeline calls it:
- `install` (once, when the pipeline is registered): fork and failure hooks.
- `begin` (start of every build, before anything is written) points Pelican at a fresh
  sibling folder `.output-tmp-<pid>-<n>` and returns the build's `BuildOutput`, which the
  pipeline keeps on its Build:
  - `writer_class()` (Pelican's get_writer) supplies a ParallelWriter, which records
    Pelican's page writes and replays them in forked workers at the end (rendering
    templates is most of a build's time);
  - `flush()` (every generator has written) writes the recorded pages, and what
    generators deferred to the writer (feeds), into the temporary folder; `commit()` then
    swaps the folder into OUTPUT_PATH.
    The pipeline calls them in that order, with the search index built between them;
  - `jobs`: the page jobs output/ holds once flushed (the dev server re-runs some).
- `content_read` (all content read) freezes the objects read so far out of the garbage
  collector's reach, which would otherwise rescan them while pages are built.

A failed build (a content problem, a template error, a full disk, Ctrl+C) leaves the
previous output/ exactly as it was; leftovers of crashed builds are removed at the start
of the next build and at interpreter exit. One build at a time publishes into an output
folder (`.output.lock` beside it; a second build waits, naming the first). See swap.py.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from .parallel import ParallelWriter
from .swap import AtomicOutput, hold_lock

__all__ = ["BuildOutput", "begin", "content_read", "hold_lock", "install", "planning_writer"]

Job = tuple[Any, tuple[Any, ...], dict[str, Any]]

# The temporary folder of the build this process runs (one at a time): a process-wide
# resource, like the lock it holds, so the fork and exit hooks below can release it.
_swapper = AtomicOutput()
# The build writing now, for the collector's failure hook.
_active: BuildOutput | None = None


class BuildOutput:
    """What one build writes: the writers Pelican makes (`writer_class`) and, once flushed,
    the page jobs output/ holds (`jobs`: a dev server re-runs some of them after an edit).
    Made by `begin`, kept on the pipeline's Build."""

    def __init__(self) -> None:
        self.writers: list[ParallelWriter] = []
        self.jobs: list[Job] = []

    def writer_class(self) -> type:
        """Pelican's get_writer: a ParallelWriter that this build flushes."""
        return type("ParallelWriter", (_TrackedWriter,), {"build_output": self})

    def pending_jobs(self) -> list[Job]:
        """The page jobs recorded by this build's writers, not yet written."""
        return [job for writer in self.writers for job in writer.planned()]

    def flush(self, kept: Any = None, previous: str | None = None, alongside: Any = None) -> None:
        """Write every recorded page into the temporary tree; fail on problems recorded
        meanwhile. `kept(job)`: the files of a job whose output did not change
        (portal_build.reuse), linked from `previous` (the current output/) instead of
        rendered; None: render it. `alongside(processes)`: more output (the search index),
        written by this process while forked workers write the pages when there are many,
        else after them (ParallelWriter.flush)."""
        from portal_diagnostics.timing import timed

        try:
            with timed("write_pages"):
                if not self.writers and alongside is not None:
                    alongside(1)
                for number, writer in enumerate(self.writers):
                    writer.flush(kept, previous, alongside if number == 0 else None)
                    self.jobs.extend(writer.done)
        except BaseException:
            self.discard()
            raise
        finally:
            self.writers.clear()
        _fail_if_problems()  # warnings recorded while writing (PORTAL_WARNINGS_ARE_ERRORS)

    def commit(self, pelican: Any) -> None:
        """Replace output/ with the tree the build wrote, in one step."""
        global _active
        _fail_if_problems()  # problems recorded after the pages (the search index)
        _swapper.commit(pelican)
        _active = None

    def discard(self) -> None:
        """A failed build: remove its temporary folder."""
        global _active
        _swapper.discard()
        _active = None


def planning_writer(folder: str, settings: dict[str, Any]) -> ParallelWriter:
    """A writer that only records what generators ask it to write (`planned()`), for a plan
    made outside a build; what it writes at once (redirect pages) goes into `folder`."""
    return ParallelWriter(folder, settings={**settings, "PORTAL_OUTPUT_PREVIOUS_PATH": None})


class _TrackedWriter(ParallelWriter):
    build_output: BuildOutput  # set on the class made per build (BuildOutput.writer_class)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build_output.writers.append(self)


def begin(pelican: Any) -> BuildOutput:
    """Start of every build: a fresh temporary folder, and this build's BuildOutput."""
    global _active
    _active = BuildOutput()
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
    return _active


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


def _discard_active() -> None:
    if _active is not None:
        _active.discard()


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
    if _discard_active not in collector.on_failure:
        collector.on_failure.append(_discard_active)
