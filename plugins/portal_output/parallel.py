"""A Pelican Writer that renders pages on every core.

Pelican renders and writes each page as soon as a generator asks. This writer records
each `write_file` call instead, and at the end of the build (`flush`) replays them in
forked worker processes, which pull small chunks of jobs as they go. Fork makes the replay cheap:
the workers inherit the generators' context, templates and content objects, so nothing
is pickled but the job indices. Small builds (fewer than PARALLEL_MIN_PAGES calls) are
written in-process; so are all builds when only one core is available.
"""

from __future__ import annotations

import functools
import gc
import os
import time
import traceback
from typing import Any, NamedTuple

from pelican.writers import FileOverwriteFailedError, Writer

import portal_workers as workers
from portal_workers import fork_map, shared
from portal_workers.recorded import Recorded
from portal_workers.recorded import adopt as _adopt
from portal_workers.recorded import is_fault as _is_fault
from portal_workers.recorded import recording as _recording

from .unchanged import WrittenOnClose

PARALLEL_MIN_PAGES = 200
# From this many pages, the task given to flush `alongside` runs beside the page workers
# (on this process, which joins them after); with fewer it runs after them, on every core.
ALONGSIDE_MIN_PAGES = 2000

try:  # optional per-kind CPU timings for benchmarks (PORTAL_TIMINGS)
    from portal_diagnostics import timing as _timing
except ImportError:  # pragma: no cover - portal_output also works on its own
    _timing = None



def _run(job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> None:
    if _timing is not None and _timing.enabled():
        start = time.process_time()
        _render(job)
        _timing.add(f"write:{_kind(job)}", time.process_time() - start)
    else:
        _render(job)


def _kind(job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> str:
    target, args, kwargs = job
    if not isinstance(target, Writer):
        return getattr(target, "__name__", "callable")
    return str(kwargs.get("template_name") or getattr(args[1], "name", "page"))


def _render(job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> None:
    target, args, kwargs = job
    if isinstance(target, Writer):
        Writer.write_file(target, *args, **kwargs)
    else:  # a deferred callable (feeds)
        target(*args, **kwargs)


def _worker_init() -> None:
    # A worker renders and exits: collecting garbage would only touch (and so copy) memory
    # pages shared with the parent.
    gc.disable()


class ChunkResult(NamedTuple):
    done: int
    error: str | None = None  # a traceback: the parent fails with it
    fault: OSError | None = None  # a full disk, a permission: the parent raises it as it is
    recorded: Recorded = Recorded()


class _Flush(NamedTuple):
    """What every chunk of one flush reads (fork_map's `shared`, inherited by the workers)."""

    jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]]
    problems: Any  # the build's ProblemCollector (portal_diagnostics), or None
    parent: int  # the process that flushes: it renders chunks too (fork_map's parent_works)


def _run_chunk(bounds: tuple[int, int]) -> ChunkResult:
    done = 0
    error: str | None = None
    fault: OSError | None = None
    flush: _Flush = shared()
    # What a worker records goes back to the parent with the result; what the parent
    # records while rendering a chunk itself is in its collector already.
    in_parent = os.getpid() == flush.parent
    with _recording(flush.problems) as recorded:
        try:
            for job in flush.jobs[bounds[0] : bounds[1]]:  # the jobs, inherited by the workers
                _run_naming_target(job)
                done += 1
        except Exception as exc:  # the parent re-raises it with the worker's traceback
            error = traceback.format_exc()
            fault = exc if _is_fault(exc) else None
    if error is None:
        _flush_timings()
    return ChunkResult(done, error, fault, Recorded() if in_parent else recorded[0])


def _run_naming_target(job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> None:
    """Run a job; an OSError without a file name (a write that found the disk full) gets
    the file or folder the job was writing, for the message."""
    try:
        _run(job)
    except OSError as exc:
        if exc.filename is None:
            target, args, _kwargs = job
            folder = getattr(target, "output_path", None) or getattr(getattr(target, "__self__", None), "output_path", None)
            name = args[0] if isinstance(target, Writer) and args and isinstance(args[0], str) else ""
            if folder:
                exc.filename = os.path.join(folder, name) if name else folder
        raise


def _compile_templates(jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]]) -> None:
    """Compile, before forking, every template in the folders the pages' templates come
    from: templates that pages import ({% import %}) are otherwise compiled on first use,
    once in every worker."""
    folders: dict[int, tuple[Any, set[str]]] = {}
    for target, args, _kwargs in jobs:
        template = args[1] if isinstance(target, Writer) and len(args) > 1 else None
        env, filename = getattr(template, "environment", None), getattr(template, "filename", None)
        if env is not None and filename:
            folders.setdefault(id(env), (env, set()))[1].add(os.path.dirname(os.path.abspath(filename)))
    for env, dirs in folders.values():
        for loader in getattr(env.loader, "loaders", [env.loader]):
            paths = [os.path.abspath(p) for p in getattr(loader, "searchpath", [])]
            if any(p in dirs for p in paths):
                for name in loader.list_templates():
                    if name.endswith(".html"):
                        env.get_template(name)


def _cost(job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> int:
    """Rough cost of a job: pages it writes (a paginated listing writes many)."""
    paginated = job[2].get("paginated") or {}
    items = len(next(iter(paginated.values()), ())) if paginated else 0
    return 1 + items // 20


# The keyword a page job gives the one content it shows (Pelican's article and page
# templates, portal_documents' document page).
_SINGLE = ("article", "page", "document")


def _order(job: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> tuple[int, int]:
    """Costliest jobs first; among equals, the listings, then the pages of one content (an
    article), then the deferred jobs (feeds) last (see _write)."""
    if not isinstance(job[0], Writer):
        return -_cost(job), 2
    return -_cost(job), 1 if any(key in job[2] for key in _SINGLE) else 0


def writer_processes(settings: dict[str, Any]) -> int:
    """How many processes write: PORTAL_WRITER_PROCESSES, else one per core."""
    return workers.processes(settings.get("PORTAL_WRITER_PROCESSES"))


def _flush_timings() -> None:
    if _timing is not None:
        _timing.flush()


def _link(source: str, target: str) -> None:
    """`target` becomes the same file as `source` (a copy across file systems)."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copy2(source, target)


class ParallelWriter(Writer):
    # The build's ProblemCollector (portal_diagnostics): what workers record comes back into
    # it. None outside a build (a dev server's edit): what they record is dropped.
    problems: Any = None

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.pending: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = []
        self.done: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = []  # the jobs flushed

    def write_file(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.pending.append((self, args, kwargs))

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Pelican's checks of a file written twice, then the file, written when it is closed
        (unchanged.WrittenOnClose): its bytes in one system call, or a link to the current
        output/'s file if they did not change. Creating 15,000 files is a large part of a
        build on a slow disk, and a Python text file costs three times the time of the bytes
        written at once (0.14 against 0.04 ms a page here)."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            return open(os.devnull, "w", encoding=encoding)  # Pelican: skipped, not overwritten
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                "(set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        previous_root = self.settings.get("PORTAL_OUTPUT_PREVIOUS_PATH")
        previous = None
        if previous_root:
            rel = os.path.relpath(filename, self.output_path)
            previous = None if rel.startswith("..") else os.path.join(previous_root, rel)
        return WrittenOnClose(filename, previous, encoding)

    def run(self, jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]]) -> None:
        """Render and write `jobs` now (on every core when there are many), outside a build:
        nothing is frozen out of the garbage collector's reach (a process that applies edit
        after edit would keep every edit's garbage), and this process renders nothing itself
        (what it rendered would stay memoised on the contents it keeps)."""
        self._write(jobs, in_build=False)

    def planned(self) -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
        """The jobs recorded and not yet flushed."""
        return list(self.pending)

    def defer(self, function: Any, *args: Any, **kwargs: Any) -> None:
        """Run `function(*args, **kwargs)` with the page writes (on some core) at flush time.

        For output that is not a template page, such as feeds: it must write its own files
        and depend only on state that exists before the flush.
        """
        self.pending.append((function, args, kwargs))

    def flush(self, kept: Any = None, previous: str | None = None, alongside: Any = None) -> int:
        """Render and write every recorded page; return how many calls were replayed.
        `kept(job)`: files to link from `previous` instead (see portal_output.flush);
        `alongside(processes)`: one more task, given how many processes it may use, run by
        this process while forked workers start on the pages when there are many (see
        _write), else after them; not a job: not among `done`."""
        jobs, self.pending = self.pending, []
        run = jobs
        if kept is not None and previous:
            run = []
            for job in jobs:
                files = kept(job)
                if files is None:
                    run.append(job)
                else:
                    for name in files:
                        _link(os.path.join(previous, name), os.path.join(self.output_path, name))
        self._write(run, alongside=alongside)
        self.done = jobs
        return len(jobs)

    def _write(self, jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]], in_build: bool = True, alongside: Any = None) -> None:
        processes = writer_processes(self.settings)
        if processes <= 1 or len(jobs) < PARALLEL_MIN_PAGES:
            for job in jobs:
                _run_naming_target(job)
            _flush_timings()
            if alongside is not None:
                alongside(processes)
            return
        overlapped = alongside is not None and in_build and len(jobs) >= ALONGSIDE_MIN_PAGES
        _compile_templates(jobs)
        # Workers pull small chunks as they finish, the costliest jobs (long paginated
        # listings) first, so both cores stay busy to the end; this process is one of them
        # and takes the cheapest chunks, from the end (one forked copy less at the build's
        # memory peak). Among equals the listings come first, then the pages of one
        # article, then the feeds: this process, which starts on the pages once the search
        # index is written, takes the feeds and then articles, and the workers the listings,
        # so an article's card (rendered once per process, template_globals.cards) is
        # rendered in one process, not in each (at 10,000 articles 19,844 cards instead of
        # 37,113), and the feeds' items, kept on the articles, are made where the articles
        # live (in a worker they copied its pages of them: 25 MB more at `make html`'s
        # peak). Output does not depend on the order: every job writes its own files.
        ordered = sorted(jobs, key=_order)
        size = max(1, len(jobs) // (processes * 32))
        chunks = [(start, start + size) for start in range(0, len(jobs), size)]
        # Objects that exist now are never collected in the workers; freezing them keeps
        # the workers' garbage collector from writing to (and so copying) shared pages.
        if in_build:
            gc.freeze()
        # `alongside` (the search index), with many pages: run here, on one process, while
        # the workers start on the pages; then this process takes chunks from the end.
        first = functools.partial(alongside, 1) if overlapped else None
        results = list(fork_map(_run_chunk, chunks, processes, initializer=_worker_init, parent_works=in_build,
                                parent_first=first, shared=_Flush(ordered, self.problems, os.getpid())))
        for result in results:
            _adopt(result.recorded, self.problems)
        for result in results:
            if result.fault is not None:
                raise result.fault
            if result.error:
                raise RuntimeError(f"a page failed to render in a worker process:\n{result.error}")
        if alongside is not None and not overlapped:
            alongside(processes)
