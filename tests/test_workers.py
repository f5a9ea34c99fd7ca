"""portal_workers: the one place the build forks worker pools."""

from __future__ import annotations

import os
import re

import pytest

from portal_workers import fork_map

from .conftest import ROOT


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("ba")
    return n


def test_fork_map_returns_results_in_order_from_forked_workers() -> None:
    results = list(fork_map(_square_and_pid, list(range(40)), 2, chunksize=3))
    assert [square for square, _pid in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _square, pid in results}


def test_fork_map_runs_in_this_process_with_one_process_or_one_item() -> None:
    assert list(fork_map(lambda n: (n, os.getpid()), [1, 2], 1)) == [(1, os.getpid()), (2, os.getpid())]
    assert list(fork_map(_square_and_pid, [5], 4)) == [(25, os.getpid())]


def _slow_square_and_pid(n: int) -> tuple[int, int]:
    import time

    time.sleep(0.01)
    return n * n, os.getpid()


def test_with_parent_works_this_process_takes_items_from_the_end_and_forks_one_worker_fewer() -> None:
    results = list(fork_map(_slow_square_and_pid, list(range(60)), 3, parent_works=True))
    assert [square for square, _pid in results] == [n * n for n in range(60)]
    pids = [pid for _square, pid in results]
    workers = set(pids) - {os.getpid()}
    assert 1 <= len(workers) <= 2  # 3 processes: this one and two forked
    assert pids[-1] == os.getpid()  # the last item is this process's own
    here = [i for i, pid in enumerate(pids) if pid == os.getpid()]
    assert here == list(range(here[0], 60))  # a run at the end: the workers took the start
    assert len(here) >= 5


def test_an_exception_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="ba"):
        list(fork_map(_fail_on_three, list(range(6)), 2))


def test_no_library_but_portal_workers_makes_a_process_pool() -> None:
    # One module owns every worker process (issue 12): fork_map, for one step at a time.
    found = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.parent.name == "portal_workers":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"ProcessPoolExecutor|multiprocessing\.(Pool|Process)\b|os\.fork\(|get_context\(", line):
                found.append(str(path.relative_to(ROOT)))
    assert found == []




def _slow_pid(n: int) -> int:
    import time

    time.sleep(0.02)
    return os.getpid()


def test_parent_first_runs_here_once_the_workers_have_forked_then_this_process_joins_them() -> None:
    import time

    ran: list[tuple[int, float]] = []
    results = list(fork_map(_slow_pid, list(range(40)), 2, parent_works=True,
                            parent_first=lambda: ran.append((os.getpid(), time.sleep(0.3) or time.monotonic()))))
    assert [pid for pid, _t in ran] == [os.getpid()]  # once, in this process
    workers = set(results) - {os.getpid()}
    assert workers  # a forked worker took items while the task ran here
    assert results.count(os.getpid()) < 20  # this process took fewer items: it ran the task first


def test_a_parent_first_task_that_fails_cancels_the_items_not_started_and_raises() -> None:
    import multiprocessing

    def broken() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        list(fork_map(_slow_pid, list(range(400)), 2, parent_works=True, parent_first=broken))
    assert multiprocessing.active_children() == []
    with pytest.raises(ValueError, match="parent_works"):
        list(fork_map(_slow_pid, [1, 2], 2, parent_first=lambda: None))
    ran = []
    assert list(fork_map(lambda n: n, [1, 2], 1, parent_first=lambda: ran.append(1))) == [1, 2] and ran == [1]


def _shared_item(index: int) -> tuple[str, int]:
    from portal_workers import shared

    return shared()[index], os.getpid()


def test_what_fork_map_shares_is_read_by_its_workers_and_gone_after() -> None:
    from portal_workers import shared

    words = ["một", "hai", "ba", "bốn"]
    results = list(fork_map(_shared_item, [0, 1, 2, 3], 2, shared=words))
    assert [word for word, _pid in results] == words
    assert {pid for _word, pid in results} - {os.getpid()}  # read in forked workers
    assert list(fork_map(_shared_item, [2], 1, shared=words)) == [("ba", os.getpid())]  # and here
    assert shared() is None  # nothing left behind


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails() -> None:
    raise ValueError("hỏng")


def test_a_background_task_runs_in_another_process_and_gives_its_result_once() -> None:
    from portal_workers import start

    pending = start(_pid_and, 21)
    pid, doubled = pending.result()
    assert pid != os.getpid() and doubled == 42
    assert pending.result() is None  # taken once


def test_a_background_task_that_fails_or_is_cancelled_gives_none() -> None:
    """The caller then does the work itself: a task is never a dependency."""
    import time

    from portal_workers import start

    assert start(_fails).result() is None
    sleeping = start(time.sleep, 30)
    started = time.monotonic()
    sleeping.cancel()
    assert time.monotonic() - started < 5
    assert sleeping.result() is None
    killed = start(time.sleep, 30)
    os.kill(killed._pid, 9)
    assert killed.result() is None


_DETACHING = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from portal_workers import detach, die_with_parent

die_with_parent()  # as the build does: every fork would die with this process
folder = Path(sys.argv[2])

def finish_later() -> None:
    while not (folder / "go").exists():
        time.sleep(0.02)
    (folder / "done").write_text(str(os.getppid()))

print("detached" if detach(finish_later) else "not detached", flush=True)
os._exit(0)  # as the pelican command leaves (portal_build.warm._exit_if_command)
"""


def test_a_detached_task_outlives_the_command_and_leaves_its_output(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`make html` returns while a detached child saves the build: whoever reads the
    command's output sees it end with the command (the child holds none of its streams),
    and the child is not killed when the command ends (lifetime.py's death signal)."""
    import subprocess
    import sys
    import time

    # If the child kept the command's stdout or stderr, this would wait for it, which waits
    # for "go": the timeout would fail the test.
    done = subprocess.run([sys.executable, "-c", _DETACHING, str(ROOT / "plugins"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "detached\n", done.stderr
    assert not (tmp_path / "done").exists()  # the child waits for "go": it outlived the command
    (tmp_path / "go").write_text("")
    deadline = time.monotonic() + 60
    while not (tmp_path / "done").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (tmp_path / "done").exists(), "the detached child died with the command"
