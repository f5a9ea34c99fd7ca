"""How the build writes output/: on every core, into a temporary folder, swapped in whole.

A library without per-build state in module globals; portal_build's pipeline calls it:
- `install` (once, when the pipeline is registered): the fork and exit hooks.
- `begin` (start of every build, before anything is written) points Pelican at a fresh
  sibling folder `.output-tmp-<pid>-<n>` and returns the build's `BuildOutput`, which the
  pipeline keeps on its Build, with the build's temporary folder and output lock. Given the
  build's problem collector, it names its folders in fault messages, drops its temporary
  folder when the build fails, and fails before publishing on problems recorded meanwhile:
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

import atexit
import gc
import os
from typing import Any

from .parallel import ParallelWriter
from .swap import AtomicOutput, hold_lock

__all__ = ["BuildOutput", "begin", "content_read", "hold_lock", "install", "planning_writer"]

Job = tuple[Any, tuple[Any, ...], dict[str, Any]]

# The temporary folders (and output locks) of this process's builds not yet published or
# discarded: process resources that the exit hook releases and a forked child forgets (it
# must not release its parent's lock). Each belongs to its build's BuildOutput.
_open: set[AtomicOutput] = set()


class BuildOutput:
    """What one build writes: the writers Pelican makes (`writer_class`) and, once flushed,
    the page jobs output/ holds (`jobs`: a dev server re-runs some of them after an edit);
    its temporary folder and lock until it is committed or discarded. Made by `begin`, kept
    on the pipeline's Build."""

    def __init__(self, problems: Any = None) -> None:
        self.writers: list[ParallelWriter] = []
        self.jobs: list[Job] = []
        self.problems = problems  # the build's ProblemCollector (portal_diagnostics), or None
        self.folder = AtomicOutput()

    def __getstate__(self) -> dict[str, Any]:
        # Saved with the build (portal_build.model): its jobs, not this run's folder or collector.
        return {"writers": [], "jobs": self.jobs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]
        self.jobs = state["jobs"]

    def begin(self, pelican: Any) -> None:
        for unfinished in list(_open):  # an earlier build of this process that failed
            unfinished.discard()
            _open.discard(unfinished)
        _open.add(self.folder)
        places: dict[str, str] = {}
        if self.problems is not None:
            places = self.problems.places
            self.problems.on_failure.append(self.discard)
        self.folder.begin(pelican, places)

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
        self._fail_if_problems()  # warnings recorded while writing (PORTAL_WARNINGS_ARE_ERRORS)

    def commit(self, pelican: Any) -> None:
        """Replace output/ with the tree the build wrote, in one step."""
        self._fail_if_problems()  # problems recorded after the pages (the search index)
        try:
            self.folder.commit(pelican)
        except BaseException:
            self.discard()  # what was not swapped in (a failed swap leaves output/ as it was)
            raise
        self._finished()

    def discard(self) -> None:
        """A failed build: remove its temporary folder."""
        try:
            self.folder.discard()
        finally:
            self._finished()

    def _finished(self) -> None:
        _open.discard(self.folder)
        if self.problems is not None and self.discard in self.problems.on_failure:
            self.problems.on_failure.remove(self.discard)

    def _fail_if_problems(self) -> None:
        if self.problems is not None:
            self.problems.fail_if_any()


def planning_writer(folder: str, settings: dict[str, Any]) -> ParallelWriter:
    """A writer that only records what generators ask it to write (`planned()`), for a plan
    made outside a build; what it writes at once (redirect pages) goes into `folder`."""
    return ParallelWriter(folder, settings={**settings, "PORTAL_OUTPUT_PREVIOUS_PATH": None})


class _TrackedWriter(ParallelWriter):
    build_output: BuildOutput  # set on the class made per build (BuildOutput.writer_class)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build_output.writers.append(self)

    @property
    def problems(self) -> Any:  # type: ignore[override]
        """Its build's collector (not kept on the writer: a saved build holds none)."""
        return self.build_output.problems


def begin(pelican: Any, problems: Any = None) -> BuildOutput:
    """Start of every build: a fresh temporary folder, and this build's BuildOutput, which
    reports into `problems` (the build's ProblemCollector, if any)."""
    writing = BuildOutput(problems)
    writing.begin(pelican)
    # A build allocates millions of objects that live until it ends: let the cyclic garbage
    # collector run less often. What an earlier build of this process (the dev server's
    # worker) froze is unfrozen and collected now: left for later, it would be frozen again
    # with this build's objects, and each build would keep all the earlier ones.
    _forget_rendered_content()
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.set_threshold(50_000, 20, 20)
    return writing


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


def _forget_in_child() -> None:
    for folder in _open:
        folder.forget_in_child()


def _discard_open() -> None:
    for folder in list(_open):
        folder.discard()
    _open.clear()


_installed = False


def install() -> None:
    """Once per process: a forked worker does not keep the output lock held, and what an
    unfinished build wrote is removed when the interpreter exits."""
    global _installed
    if not _installed:
        os.register_at_fork(after_in_child=_forget_in_child)
        atexit.register(_discard_open)
        _installed = True
