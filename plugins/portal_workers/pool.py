"""`fork_map`: the build's one way to run a function over many items on every core."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def processes(setting: Any = None) -> int:
    """How many workers a pool gets: `setting` (a PORTAL_*_PROCESSES value) if set, else one per core."""
    return int(setting or os.cpu_count() or 1)


# What the running fork_map shares with its function (`shared()`): inherited by the workers
# it forks, never pickled. The one piece of module state the libraries' workers read.
_shared: Any = None


def shared() -> Any:
    """The `shared` value of the fork_map running `function` (in a worker, or here)."""
    return _shared


def fork_map(
    function: Callable[[T], R],
    items: Iterable[T],
    processes: int,
    *,
    chunksize: int = 1,
    initializer: Callable[[], Any] | None = None,
    parent_works: bool = False,
    parent_first: Callable[[], Any] | None = None,
    shared: Any = None,
) -> Iterator[R]:
    """`function(item)` for each item, in order, yielded as they come.

    With `processes` > 1 and more than one item, forked workers run it (at most one per
    item): `function` and what it reads from module state are inherited, not pickled, so it
    must be a module-level function. Workers die with the build (lifetime.py).

    `parent_works`: this process is one of the `processes`: it forks one worker fewer and,
    while they take items from the start, runs items from the end itself until they meet.
    Same results; one process's memory less at the build's peak (each forked worker ends up
    with a private copy of much of what it reads). `initializer` does not run here.

    `parent_first` (with `parent_works`): one more task this process runs once the workers
    have forked, before it takes items: a task that would otherwise run alone after the
    map runs beside it (the search index beside the page writers); the workers never see
    what it makes. If it raises, the items not started are cancelled. Without workers, it
    runs before the items.

    `shared`: a value `function` reads with `shared()` (the jobs' common data: the pages to
    render, the documents to index…), inherited by the workers instead of pickled with each
    item; set while the map runs, here too."""
    global _shared
    previous, _shared = _shared, shared
    try:
        yield from _map(function, items, processes, chunksize, initializer, parent_works, parent_first)
    finally:
        _shared = previous


def _map(
    function: Callable[[T], R],
    items: Iterable[T],
    processes: int,
    chunksize: int,
    initializer: Callable[[], Any] | None,
    parent_works: bool,
    parent_first: Callable[[], Any] | None,
) -> Iterator[R]:
    jobs = items if isinstance(items, list) else list(items)
    if processes <= 1 or len(jobs) <= 1:
        if parent_first is not None:
            parent_first()
        yield from map(function, jobs)
        return
    context = multiprocessing.get_context("fork")
    if not parent_works:
        if parent_first is not None:
            raise ValueError("parent_first needs parent_works")
        workers = min(processes, len(jobs))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer) as pool:
            yield from pool.map(function, jobs, chunksize=max(1, chunksize))
        return
    workers = min(processes - 1, len(jobs) - 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer) as pool:
        futures = [pool.submit(function, job) for job in jobs]  # the workers fork now
        if parent_first is not None:
            try:
                parent_first()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        here: dict[int, R] = {}
        for index in range(len(jobs) - 1, -1, -1):
            if not futures[index].cancel():
                break  # a worker has it: every earlier item is theirs too (taken in order)
            here[index] = function(jobs[index])
        for index, future in enumerate(futures):
            yield here.pop(index) if index in here else future.result()
