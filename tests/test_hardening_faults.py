"""Faults of the machine and of the operator (issue 11): publishing output/, processes, permissions.

- output/ is replaced in one step (an exchange rename), never lost by a kill, and one build
  at a time publishes into it;
- forked workers die with the build, even under `kill -9`;
- published files are world-readable and never share an inode with the image cache;
- a full disk, a read-only or immutable folder and Ctrl+C end in one sentence, with nothing
  half-published and no traceback;
- `make publish` reports warnings like content problems.

Kills and signals need a real process: those tests start `pelican` through a small driver
script (DRIVER) that first applies the fault named by the test (a slow writer, an
`os._exit` between two steps), so each one reads top to bottom.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from portal_diagnostics import BuildFailed
from portal_output import swap
from portal_output.lock import OutputLock

from .conftest import ROOT, article, build, write_site
from .conftest import tree_digest as digest

PYTHON = str(ROOT / ".venv" / "bin" / "python")
SUMMARY = "Dựng trang không thành công: chưa đăng gì (bản dựng trước vẫn giữ nguyên)."
LEAD = "{src: ../../images/2023/anh.jpg, alt: Quang cảnh hội nghị, caption: Hội nghị., credit: Quốc Dũng}"




def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}-"))


def small_site(root: Path, articles: int = 3, photo: bool = False) -> Path:
    files = {
        f"articles/2024/bai-{i}.md": article(f"Bài số {i} về cải cách", date=f"2024-01-{1 + i:02d}", topics="[Chuyển đổi số]")
        for i in range(articles)
    }
    if photo:
        files["articles/2023/anh.md"] = article("Bài có ảnh", image=LEAD)
    content = write_site(root, files)
    if photo:
        (content / "images/2023").mkdir(parents=True)
        Image.effect_noise((640, 420), 40).convert("RGB").save(content / "images/2023/anh.jpg", "JPEG")
    return content


def add_article(content: Path, name: str = "moi") -> None:
    (content / f"articles/2024/{name}.md").write_text(article(f"Bài {name} mới đăng", date="2024-02-01"), encoding="utf-8")


def break_content(content: Path) -> None:
    (content / "articles/2024/hong.md").write_text(article("Bài lỗi", date="không rõ"), encoding="utf-8")


# -- a pelican process with a fault applied first ------------------------------------------

DRIVER = """\
import os, sys, time
sys.path[:0] = [{plugins!r}, {root!r}]
{patch}
from pelican import main
main(sys.argv[1:])
"""

# Every page write takes 0.2 s, in worker processes, and the first one leaves a marker file
# (the test waits for it: workers are running).
SLOW_WORKERS = """
from portal_output import parallel
from portal_workers import shared
parallel.PARALLEL_MIN_PAGES = 1
_render = parallel._render
def slow(job):
    marker = os.environ["PORTAL_TEST_MARKER"]
    if shared() and not os.path.exists(marker):  # rendering pages (the pool's jobs)
        with open(marker, "w") as handle:
            handle.write(str(os.getpid()))
    time.sleep(0.2)
    _render(job)
parallel._render = slow
"""
# The same, with the marker written by a forked page worker only (the build's own process
# renders pages too).
SLOW_FORKED_WORKERS = SLOW_WORKERS.replace(
    "if shared() and", "if shared() and os.getpid() != shared().parent and"
)


def start_pelican(tmp_path: Path, content: Path, output: Path, patch: str = "", settings: str = "pelicanconf.py",
                  prefix: list[str] | None = None, writers: int = 2, **popen: object) -> subprocess.Popen[str]:
    driver = tmp_path / f"driver-{time.monotonic_ns()}.py"
    driver.write_text(DRIVER.format(plugins=str(ROOT / "plugins"), root=str(ROOT), patch=textwrap.dedent(patch)),
                      encoding="utf-8")
    env = dict(os.environ, PORTAL_TEST_MARKER=str(tmp_path / "marker"), PYTHONUNBUFFERED="1")
    command = [*(prefix or []), PYTHON, str(driver), str(content), "-o", str(output), "-s", str(ROOT / settings),
               "-e", f"PORTAL_WRITER_PROCESSES={writers}", "PORTAL_READER_PROCESSES=1", "PORTAL_IMAGE_PROCESSES=1"]
    return subprocess.Popen(command, cwd=tmp_path, env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


def run_pelican(tmp_path: Path, content: Path, output: Path, patch: str = "",
                prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    process = start_pelican(tmp_path, content, output, patch, prefix=prefix)
    stdout, stderr = process.communicate(timeout=180)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from the PPid lines of /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(re.search(r"^PPid:\s+(\d+)", status, re.M)[1])  # type: ignore[index]
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that does not reap it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return re.search(r"^State:\s+Z", status, re.M) is None


def gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


# == 1. publishing output/ in one step ======================================================


def test_the_exchange_rename_swaps_two_folders_in_one_step_on_this_file_system(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new/index.html").write_text("mới")
    (tmp_path / "output").mkdir()
    (tmp_path / "output/index.html").write_text("cũ")
    assert swap.exchange(str(tmp_path / "new"), str(tmp_path / "output")) is True
    assert (tmp_path / "output/index.html").read_text() == "mới"
    assert (tmp_path / "new/index.html").read_text() == "cũ"


def test_a_build_publishes_by_exchanging_the_new_tree_with_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output, PORTAL_BUILD_MODEL=False)  # the saved build would apply the edit in place (warm.py)
    calls: list[bool] = []
    real = swap.exchange
    monkeypatch.setattr(swap, "exchange", lambda a, b: calls.append(real(a, b)) or calls[-1])
    add_article(content)
    build(content, output, PORTAL_BUILD_MODEL=False)
    assert calls == [True]
    assert (output / "2024/02/bai-moi-moi-dang.html").exists()
    assert leftovers(output) == []


def test_a_kill_between_the_two_renames_of_the_fallback_never_loses_the_site(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Where the exchange is not supported: output/ → .output-old-*, then killed before the
    new tree is renamed in. The next build puts the previous site back before anything else
    — even one that then fails on a content problem."""
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    add_article(content)
    killed = run_pelican(tmp_path, content, output, patch="""
        from portal_output import swap
        swap.exchange = lambda a, b: False
        _rename = os.rename
        def rename(source, target):
            _rename(source, target)
            if os.path.basename(target).startswith(".output-old-"):
                os._exit(9)  # killed between the two renames
        os.rename = rename
    """)
    assert killed.returncode == 9, killed.stderr
    assert not output.exists()
    assert [name.split("-")[1] for name in leftovers(output)] == ["old", "tmp"]

    break_content(content)
    with pytest.raises(BuildFailed):
        build(content, output)
    assert digest(output) == before
    assert leftovers(output) == []
    assert "portal_output: output/ was missing after an interrupted build; put the previous site back from .output-old-" \
        in capfd.readouterr().err


def test_a_kill_right_after_the_exchange_leaves_the_new_site_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    add_article(content)
    killed = run_pelican(tmp_path, content, output, patch="""
        from portal_output import swap
        _exchange = swap.exchange
        def exchange(a, b):
            _exchange(a, b)
            os._exit(9)  # killed before the previous site is removed
        swap.exchange = exchange
    """)
    assert killed.returncode == 9, killed.stderr
    assert (output / "2024/02/bai-moi-moi-dang.html").exists()
    assert len(leftovers(output)) == 1  # the previous site, under the temporary name
    build(content, output)
    assert leftovers(output) == []


def test_two_builds_started_together_both_succeed_in_turn_and_output_is_always_whole(tmp_path: Path) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    first = start_pelican(tmp_path, content, output, SLOW_WORKERS)
    wait_for(tmp_path / "marker", first)  # the first build holds the lock and is writing
    second = start_pelican(tmp_path, content, output)
    missing = 0
    while first.poll() is None or second.poll() is None:
        if not (output / "index.html").exists() or not (output / "rss.xml").exists():
            missing += 1
        time.sleep(0.005)
    results = [process.communicate() for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    assert missing == 0
    assert re.search(rf"portal_output: waiting for the build of pid {first.pid} on \S+ \(driver-\d+\.py .*, "
                     r"started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\) to finish with output/", results[1][1])
    assert leftovers(output) == []


def test_a_build_gives_up_waiting_for_the_lock_after_its_timeout_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    holder = OutputLock(str(tmp_path / ".output.lock"))
    holder.acquire(1, "output/")
    try:
        with pytest.raises(BuildFailed) as failure:
            build(content, output, PORTAL_OUTPUT_LOCK_TIMEOUT=0.3)
    finally:
        holder.release()
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == failure.value.fault
    assert re.fullmatch(rf"cannot write output/: the build of pid {os.getpid()} on \S+ \(.*\) has held it for more "
                        r"than 0.3 s \(PORTAL_OUTPUT_LOCK_TIMEOUT\); wait for it to finish, or stop it", err[-2])
    assert err[-1] == SUMMARY
    assert digest(output) == before
    assert leftovers(output) == []


# == 2. workers die with the build ===========================================================


def test_writer_workers_die_when_the_build_is_killed(tmp_path: Path) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    # Three writing processes: the build's own and two forked page workers.
    process = start_pelican(tmp_path, content, output, SLOW_FORKED_WORKERS, writers=3)
    wait_for(tmp_path / "marker", process)
    workers = descendants(process.pid)
    assert len(workers) >= 2
    process.kill()  # kill -9: no handler, no atexit in the build
    process.wait(timeout=30)  # (reading its pipes would wait for every worker holding them)
    left = gone_within(workers, 5)
    for pid in left:  # do not leave them blocked for ever if the test fails
        os.kill(pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert left == set()


# == 3. published files are world-readable, and not the cache's ==========================


def test_every_published_file_is_world_readable_whatever_the_umask(tmp_path: Path) -> None:
    content, output = small_site(tmp_path, photo=True), tmp_path / "output"
    previous = os.umask(0o077)
    try:
        build(content, output, PORTAL_IMAGE_PROCESSES=1)
        assert os.umask(0o077) == 0o077  # the build gives the operator's umask back
    finally:
        os.umask(previous)
    modes = {str(p.relative_to(output)): oct(p.stat().st_mode & 0o777) for p in [output, *output.rglob("*")]}
    assert any(name.startswith("anh/") for name in modes)
    wrong = {name: mode for name, mode in modes.items() if mode != (oct(0o755) if (output / name).is_dir() else oct(0o644))}
    assert wrong == {}


def test_a_published_photo_shares_no_inode_with_the_cache(tmp_path: Path) -> None:
    content, output = small_site(tmp_path, photo=True), tmp_path / "output"
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    published = published_photo(output)
    cached = cached_copy(tmp_path, published)
    mode, data = cached.stat().st_mode, cached.read_bytes()
    assert published.read_bytes() == data
    assert published.stat().st_ino != cached.stat().st_ino
    published.chmod(0o600)
    published.write_bytes(b"hong")
    assert (cached.stat().st_mode, cached.read_bytes()) == (mode, data)


def published_photo(output: Path) -> Path:
    return next((output / "anh").rglob("*-640w-*.jpg"))


def cached_copy(tmp_path: Path, published: Path) -> Path:
    key = published.stem.rsplit("-", 1)[1]
    return next((tmp_path / ".cache/images/files").rglob(f"{key}*.jpg"))


def test_a_warm_build_links_the_previous_sites_copy_of_a_photo_not_the_cache(tmp_path: Path) -> None:
    """Copying every photo on every build would cost seconds at 1,000 photos: the copy
    published last time is linked instead, as long as it is intact."""
    content, output = small_site(tmp_path, photo=True), tmp_path / "output"
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    first = published_photo(output).stat()
    add_article(content)
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    again = published_photo(output).stat()
    assert again.st_ino == first.st_ino
    assert again.st_nlink == 1  # the previous site is gone: output/ is its only name
    assert again.st_ino != cached_copy(tmp_path, published_photo(output)).stat().st_ino


def test_a_photo_damaged_in_output_is_copied_afresh_by_the_next_build(tmp_path: Path) -> None:
    content, output = small_site(tmp_path, photo=True), tmp_path / "output"
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    published_photo(output).write_bytes(b"hong")
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    assert published_photo(output).read_bytes() == cached_copy(tmp_path, published_photo(output)).read_bytes()


def test_a_site_published_with_hard_links_into_the_cache_is_not_linked_again(tmp_path: Path) -> None:
    """output/ of a build before this change shares its photos' inodes with the cache."""
    content, output = small_site(tmp_path, photo=True), tmp_path / "output"
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    published = published_photo(output)
    published.unlink()
    os.link(cached_copy(tmp_path, published), published)
    build(content, output, PORTAL_IMAGE_PROCESSES=1)
    cached = cached_copy(tmp_path, published_photo(output))
    assert published_photo(output).stat().st_ino != cached.stat().st_ino
    assert oct(published_photo(output).stat().st_mode & 0o777) == oct(0o644)


# == 4. full disk, read-only and immutable folders ==========================================


def no_space(name: str, raised: list[str]) -> object:
    """A page writer that finds the disk full when it writes `name`."""
    from portal_output import parallel

    render = parallel._render

    def write(job):  # type: ignore[no-untyped-def]
        target, args, _kwargs = job
        if args and args[0] == name:
            raised.append(name)
            raise OSError(errno.ENOSPC, "No space left on device")
        render(job)

    return write


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "in-a-worker"])
def test_a_full_disk_while_writing_pages_is_one_sentence_and_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], workers: int
) -> None:
    from portal_output import parallel

    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    raised: list[str] = []
    monkeypatch.setattr(parallel, "_render", no_space("index.html", raised))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    capsys.readouterr()
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_WRITER_PROCESSES=workers)
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "cannot write output/: no space left on device (output/index.html); free some space and build again",
        SUMMARY,
    ]
    assert raised == ([] if workers > 1 else ["index.html"])  # a worker's list is its own
    assert digest(output) == before
    assert leftovers(output) == []


def test_a_full_image_cache_is_one_sentence_naming_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from types import SimpleNamespace

    from portal_images import cache

    content, output = small_site(tmp_path, photo=True), tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_IMAGE_PROCESSES=1)
    before = digest(output)
    shutil.rmtree(tmp_path / ".cache/images/files")

    def full(**_options: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache, "tempfile", SimpleNamespace(mkstemp=full))
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_BUILD_CACHE="", PORTAL_IMAGE_PROCESSES=1)
    err = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"cannot write \.cache/images/: no space left on device \(\.cache/images/files/\w\w/\w+\.\w+\); "
                        r"free some space and build again", err[-2]), err
    assert err[-1] == SUMMARY
    assert digest(output) == before
    assert leftovers(output) == []


def test_an_immutable_output_folder_is_one_sentence_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`chattr +i output` (which needs a privilege tests do not have): renameat2 says EPERM."""
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output, PORTAL_BUILD_MODEL=False)  # a build that swaps its tree in (not warm.py's, in place)
    before = digest(output)

    def immutable(_new: str, final: str) -> bool:
        raise PermissionError(errno.EPERM, "Operation not permitted", final)

    monkeypatch.setattr(swap, "exchange", immutable)
    add_article(content)
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_BUILD_MODEL=False)
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "cannot write output/: operation not permitted (output); the user running the build needs write access to "
        "output/ and to the folder that holds it: check their owner, permissions and attributes (ls -ld, lsattr -d)",
        SUMMARY,
    ]
    assert digest(output) == before
    assert leftovers(output) == []


def test_a_read_only_folder_holding_output_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`chmod a-w` on output/'s folder (tests run as root, who may write anyway): the lock
    file beside output/ cannot be created."""
    from portal_output import lock

    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    before = digest(output)
    real_open = os.open

    def read_only(path: str, *args: object) -> int:
        if str(path).endswith(".output.lock"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lock.os, "open", read_only)
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_BUILD_CACHE="")
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "cannot write output/: permission denied (.output.lock); the user running the build needs write access to "
        "output/ and to the folder that holds it: check their owner and permissions (ls -ld)",
        SUMMARY,
    ]
    assert digest(output) == before
    assert leftovers(output) == []


def without_root_privileges() -> list[str]:
    """A command prefix under which permissions apply: as root, drop the capabilities
    that bypass them (the files stay ours); as anyone else, nothing to do."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions would not apply")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def test_a_read_only_output_is_replaced_and_leaves_no_old_copy_behind(tmp_path: Path) -> None:
    """`chmod -R a-w output`: the new site replaces it (output/'s folder is writable), and
    the previous one, read-only folders and all, is removed, not left as .output-old-*."""
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    for folder, _dirs, files in os.walk(output, topdown=False):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
        os.chmod(folder, 0o555)
    add_article(content)
    result = run_pelican(tmp_path, content, output, prefix=without_root_privileges())
    assert result.returncode == 0, result.stderr
    assert (output / "2024/02/bai-moi-moi-dang.html").exists()
    assert leftovers(output) == []


def test_a_full_disk_from_the_command_line_prints_no_traceback(tmp_path: Path) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    result = run_pelican(tmp_path, content, output, patch="""
        from portal_output import parallel
        parallel.PARALLEL_MIN_PAGES = 1
        _render = parallel._render
        def full(job):
            if job[1] and job[1][0] == "index.html":
                raise OSError(28, "No space left on device")
            _render(job)
        parallel._render = full
    """)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [
        "cannot write output/: no space left on device (output/index.html); free some space and build again",
        SUMMARY,
    ]
    assert digest(output) == before
    assert leftovers(output) == []


def test_a_writer_process_killed_mid_build_is_one_sentence_and_publishes_nothing(tmp_path: Path) -> None:
    # As the kernel does when memory runs out: a forked page writer dies without a word.
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    result = run_pelican(tmp_path, content, output, patch="""
        from portal_output import parallel
        from portal_workers import shared
        parallel.PARALLEL_MIN_PAGES = 1
        _render = parallel._render
        def killed(job):
            if shared() is not None and os.getpid() != shared().parent:  # a forked page writer
                os._exit(9)
            _render(job)
        parallel._render = killed
    """)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[0].startswith("a worker process of the build was killed before it finished")
    assert result.stderr.splitlines()[-1] == SUMMARY
    assert digest(output) == before
    assert leftovers(output) == []


# == 5. Ctrl+C ===================================================================================


@pytest.mark.parametrize(
    ("send", "code", "sentence"),
    [
        (lambda pid: os.killpg(pid, signal.SIGINT), 130, "Đã dừng dựng trang (Ctrl+C)."),  # the terminal: the whole group
        (lambda pid: os.kill(pid, signal.SIGINT), 130, "Đã dừng dựng trang (Ctrl+C)."),  # `kill -INT` of the build only
        (lambda pid: os.kill(pid, signal.SIGTERM), 143, "Dựng trang bị dừng (SIGTERM)."),  # a CI job cancelled
    ],
    ids=["ctrl-c", "sigint-to-the-build", "sigterm"],
)
def test_ctrl_c_during_a_build_exits_non_zero_with_no_traceback_and_leaves_output_whole(
    tmp_path: Path, send: object, code: int, sentence: str
) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    add_article(content)
    process = start_pelican(tmp_path, content, output, SLOW_WORKERS, start_new_session=True)
    wait_for(tmp_path / "marker", process)
    workers = descendants(process.pid)
    assert workers
    send(process.pid)  # type: ignore[operator]
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert "Traceback" not in stdout + stderr
    assert stderr.splitlines()[-2:] == [sentence, SUMMARY]
    assert digest(output) == before
    assert leftovers(output) == []
    assert gone_within(workers, 5) == set()


def test_an_interrupt_while_output_is_being_swapped_waits_for_the_swap(tmp_path: Path) -> None:
    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    add_article(content)
    result = run_pelican(tmp_path, content, output, patch="""
        import signal
        from portal_output import swap
        _exchange = swap.exchange
        def exchange(a, b):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C in the middle of the swap
            return _exchange(a, b)
        swap.exchange = exchange
    """)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "Đã dừng dựng trang (Ctrl+C) sau khi đã thay output/: output/ là bản mới."
    assert (output / "2024/02/bai-moi-moi-dang.html").exists()
    assert leftovers(output) == []


# == 6. warnings are errors in `make publish`, reported like problems ======================


def test_make_publish_reports_an_unrecorded_address_as_a_problem_without_a_traceback(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2024/a.md": article("Bài A"),
                                    "data/url-history.yaml": "articles/2024/a.md:\n- /2023/06/bai-a.html\n"})
    build(content, tmp_path / "output", "publishconf.py")
    before = digest(tmp_path / "output")
    add_article(content, "b")
    result = subprocess.run(["make", "--no-print-directory", "publish", f"INPUTDIR={content}",
                             f"OUTPUTDIR={tmp_path / 'output'}"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    # make's own "*** Error 1" line ("make[1]:" when the tests themselves run under make).
    lines = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", line)]
    assert lines == [  # content/ outside the working folder: its paths are absolute
        f"{content}/articles/2024/b.md:2: url: địa chỉ '/2024/02/bai-b-moi-dang.html' chưa được ghi vào "
        f"{content}/data/url-history.yaml; chạy 'make urls' rồi commit {content}/data/url-history.yaml",
        "Dựng trang không thành công: 1 lỗi trong 1 tệp (bản dựng này coi cảnh báo là lỗi: PORTAL_WARNINGS_ARE_ERRORS); "
        "chưa đăng gì (bản dựng trước vẫn giữ nguyên).",
    ]
    assert digest(tmp_path / "output") == before


def test_pelicans_own_fatal_warnings_option_reports_the_same_way(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2024/a.md": article("Bài A")})
    result = subprocess.run([str(ROOT / ".venv/bin/pelican"), str(content), "-o", str(tmp_path / "output"),
                             "-s", str(ROOT / "publishconf.py"), "--fatal", "warnings"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "content/articles/2024/a.md:2: url: địa chỉ '/2023/06/bai-a.html' chưa được ghi vào "
        "content/data/url-history.yaml; chạy 'make urls' rồi commit content/data/url-history.yaml",
        "Dựng trang không thành công: 1 lỗi trong 1 tệp (bản dựng này coi cảnh báo là lỗi: PORTAL_WARNINGS_ARE_ERRORS); "
        "chưa đăng gì (bản dựng trước vẫn giữ nguyên).",
    ]
    assert not (tmp_path / "output").exists()


def test_a_warning_logged_in_a_writer_worker_fails_the_build_before_publishing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from portal_output import parallel

    content, output = small_site(tmp_path), tmp_path / "output"
    build(content, output)
    before = digest(output)
    render = parallel._render

    def warn(job):  # type: ignore[no-untyped-def]
        if job[1] and job[1][0] == "index.html":
            logging.getLogger("pelican.writers").warning("content/articles/2024/bai-0.md:3: body: a warning while writing")
        render(job)

    monkeypatch.setattr(parallel, "_render", warn)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setenv("PORTAL_WARNINGS_ARE_ERRORS", "true")
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_WRITER_PROCESSES=2)
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "content/articles/2024/bai-0.md:3: body: a warning while writing",
        "Dựng trang không thành công: 1 lỗi trong 1 tệp (bản dựng này coi cảnh báo là lỗi: PORTAL_WARNINGS_ARE_ERRORS); "
        "chưa đăng gì (bản dựng trước vẫn giữ nguyên).",
    ]
    assert digest(output) == before


def test_a_settings_problem_found_when_pelican_starts_still_fails_the_build(tmp_path: Path) -> None:
    """The guard clears problems after a run, not before: settings are checked earlier."""
    content = write_site(tmp_path, {"articles/2024/a.md": article("Bài A")})
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "output", PORTAL_IMAGE_MAX_PIXELS=-1)
    assert [str(p) for p in failure.value.problems] == [
        "pelicanconf.py: PORTAL_IMAGE_MAX_PIXELS: expected a positive number of pixels (got -1)"
    ]


def test_without_the_setting_a_warning_does_not_fail_the_build(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2024/a.md": article("Bài A")})
    build(content, tmp_path / "output", "publishconf.py")  # the address is not recorded: a warning only
    assert (tmp_path / "output/2023/06/bai-a.html").exists()


def test_nothing_in_the_makefile_uses_pelicans_fatal_warnings() -> None:
    assert "--fatal" not in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert sys.version_info >= (3, 11)


def test_ctrl_c_during_make_check_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    # The real entry point (plugins/portal_check/__main__.py) with a check that takes long
    # enough to be interrupted.
    script = (
        "import runpy, signal, sys, time\n"
        # As in a terminal: a shell running the tests in the background starts them with
        # SIGINT ignored, which a child would inherit.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        f"sys.path[:0] = [{str(ROOT / 'plugins')!r}, {str(ROOT)!r}]\n"
        "import portal_check.cli as cli\n"
        "def slow(argv=None):\n"
        "    print('checking', flush=True)\n"
        "    time.sleep(30)\n"
        "    return 0\n"
        "cli.main = slow\n"
        f"sys.argv = ['portal_check', 'check']\n"
        f"runpy.run_path({str(ROOT / 'plugins' / 'portal_check' / '__main__.py')!r}, run_name='__main__')\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "checking\n"
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == "Đã dừng (Ctrl+C).\n"
