"""Robust output: deterministic builds, atomic swaps, clean failures from the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from portal_diagnostics import BuildFailed

from .conftest import ROOT, article, build
from .conftest import tree_digest as digest
from .golden import CONTENT


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    build(CONTENT, tmp_path / "one")
    build(CONTENT, tmp_path / "two")
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert len(one) > 30
    assert one == two


def test_parallel_and_serial_reading_give_the_same_site(tmp_path: Path) -> None:
    from portal_reader import reader

    files = {f"articles/2024/bai-{i}.md": article(f"Bài {i} cải cách", date=f"2024-01-{1 + i % 28:02d}") for i in range(80)}
    from .conftest import write_site

    content = write_site(tmp_path, files)
    assert len(files) >= reader.PARALLEL_THRESHOLD
    build(content, tmp_path / "serial", PORTAL_READER_PROCESSES=1)
    build(content, tmp_path / "parallel", PORTAL_READER_PROCESSES=2)
    assert digest(tmp_path / "serial") == digest(tmp_path / "parallel")


def test_a_failed_build_leaves_the_previous_output_untouched(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài tốt")})
    build(content, output)
    before = digest(output)
    assert before
    (content / "articles/2024/b.md").write_text(article("Bài lỗi", date="không rõ"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(content, output)
    assert digest(output) == before
    leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(".output-")]
    assert leftovers == []


def test_a_crash_while_writing_leaves_the_previous_output_untouched(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài tốt")})
    build(content, output, PORTAL_BUILD_CACHE="")
    before = digest(output)
    from portal_site.generator import PortalGenerator

    def explode(self, writer):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(PortalGenerator, "generate_output", explode)
    with pytest.raises(RuntimeError):
        build(content, output, PORTAL_BUILD_CACHE="")
    assert digest(output) == before


def nothing_beside() -> bool:
    """The last build left no process writing beside it (joined, or stopped on failure)."""
    from portal_build import pipeline

    build = pipeline.current
    return build is not None and build.output is not None and build.output.beside.running == []


def test_feeds_written_beside_the_build_are_the_same_as_written_in_place(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_output import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)  # the bundled site has fewer feeds than the threshold
    calls = []
    monkeypatch.setattr(parallel, "Beside", lambda jobs, _cls=parallel.Beside: calls.append(len(jobs)) or _cls(jobs))
    build(CONTENT, tmp_path / "beside")
    term_feeds = [p for d in ("can-bo", "tinh-thanh", "chu-de", "tu-khoa") for p in (tmp_path / "beside" / d).rglob("*.xml")]
    assert calls == [len(term_feeds)] and len(term_feeds) >= 10  # every term feed went to the forked process
    build(CONTENT, tmp_path / "in-place", PORTAL_WRITER_PROCESSES=1)
    assert len(calls) == 1
    assert digest(tmp_path / "beside") == digest(tmp_path / "in-place")


def test_the_simpler_design_without_processes_beside_the_build_gives_the_same_site(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # PORTAL_BESIDE = False: related news ranked by the generator, term feeds written in the
    # writer pool with the pages (the design issue 12 measures the "beside" protocol against).
    from portal_output import parallel
    from portal_taxonomy import related

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)  # the early worker starts on the bundled site
    started = []
    monkeypatch.setattr(related, "PendingRelated", lambda *a, _cls=related.PendingRelated: started.append(1) or _cls(*a))
    build(CONTENT, tmp_path / "beside", PORTAL_WRITER_PROCESSES=2)
    assert started == [1]
    build(CONTENT, tmp_path / "simple", PORTAL_WRITER_PROCESSES=2, PORTAL_BESIDE=False)
    assert started == [1] and nothing_beside()  # no early worker, nothing beside
    assert digest(tmp_path / "beside") == digest(tmp_path / "simple")


def test_a_feed_that_fails_beside_the_build_fails_it_and_publishes_nothing(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_output import parallel
    from portal_taxonomy import generator

    content, output = site({"articles/2024/a.md": article("Bài tốt", topics="[Chuyển đổi số]")})
    build(content, output, PORTAL_BUILD_CACHE="")
    before = digest(output)

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(generator, "build_and_write", broken)
    with pytest.raises(RuntimeError, match="OSError: disk full"):
        build(content, output, PORTAL_BUILD_CACHE="")
    assert digest(output) == before
    assert nothing_beside()


def without_lead_photos(root: Path) -> Path:
    """A copy of the bundled content whose articles have no image (no `image:`, no picture
    in the body): only then does the related-news worker write the term feeds (their items
    carry the photos' renditions, known once the images are processed, after that worker
    has forked)."""
    import re
    import shutil

    content = root / "no-photos"
    shutil.copytree(CONTENT, content)
    for path in (content / "articles").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^image:\n(?:  .*\n)+", "", text)
        path.write_text(re.sub(r"(?m)^!\[.*\n", "", text), encoding="utf-8")
    return content


def test_with_lead_photos_the_term_feeds_wait_for_the_images_and_carry_them(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_taxonomy import related

    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)
    started = []
    monkeypatch.setattr(related, "PendingRelated", lambda *a, _cls=related.PendingRelated: started.append(a[2]) or _cls(*a))
    build(CONTENT, tmp_path / "early", PORTAL_WRITER_PROCESSES=2)
    assert len(started) == 1 and started[0] is None  # the worker only ranks
    build(CONTENT, tmp_path / "in-place", PORTAL_WRITER_PROCESSES=1)
    assert digest(tmp_path / "early") == digest(tmp_path / "in-place")
    feeds = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "early" / "chu-de").rglob("rss.xml"))
    assert "<enclosure " in feeds


def test_term_feeds_written_by_the_related_news_worker_are_the_same_as_written_in_place(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_output import parallel
    from portal_taxonomy import related

    content = without_lead_photos(tmp_path)

    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)  # the bundled site is smaller than the threshold
    started = []
    monkeypatch.setattr(related, "PendingRelated", lambda *a, _cls=related.PendingRelated: started.append(a[2]) or _cls(*a))
    besides = []
    monkeypatch.setattr(parallel, "Beside", lambda jobs, _cls=parallel.Beside: besides.append(len(jobs)) or _cls(jobs))
    build(content, tmp_path / "early", PORTAL_WRITER_PROCESSES=2)  # the early worker needs two cores
    assert len(started) == 1 and started[0] is not None  # the worker was given the feeds to write
    assert besides == []  # so they were not written again beside the build
    assert nothing_beside()  # and the flush waited for it
    term_feeds = [p for d in ("can-bo", "tinh-thanh", "chu-de", "tu-khoa") for p in (tmp_path / "early" / d).rglob("*.xml")]
    assert len(term_feeds) >= 10
    build(content, tmp_path / "in-place", PORTAL_WRITER_PROCESSES=1)
    assert digest(tmp_path / "early") == digest(tmp_path / "in-place")


def test_an_early_worker_for_other_articles_is_dropped_with_its_feeds(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_taxonomy import generator, related

    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)
    # The worker is left to finish (its feeds are written) before its answer is refused.
    monkeypatch.setattr(related.PendingRelated, "matches", lambda self, articles: self.join() or False)
    found = []

    def remove_feeds(taxonomies, output_path):  # type: ignore[no-untyped-def]
        found.append(len(list(Path(output_path).rglob("rss.xml"))))
        original(taxonomies, output_path)
        found.append(len(list(Path(output_path).rglob("rss.xml"))))

    original = generator.remove_feeds
    monkeypatch.setattr(generator, "remove_feeds", remove_feeds)
    content = without_lead_photos(tmp_path)
    build(content, tmp_path / "dropped", PORTAL_WRITER_PROCESSES=2)
    assert found[0] >= 5 and found[1] == 0  # the worker's feeds were there, and were removed
    build(content, tmp_path / "in-place", PORTAL_WRITER_PROCESSES=1)
    assert digest(tmp_path / "dropped") == digest(tmp_path / "in-place")


def test_removing_a_dropped_workers_feeds_keeps_what_else_is_in_their_folders(tmp_path: Path) -> None:
    from portal_taxonomy.generator import remove_feeds

    class Term:
        def __init__(self, url: str) -> None:
            self.url, self.rss_url, self.atom_url = url, url + "rss.xml", url + "atom.xml"

    class Taxonomy:
        def __init__(self, *terms: Term) -> None:
            self.terms = list(terms)

        def all_terms(self) -> list[Term]:
            return self.terms

    for name in ("tu-khoa/a/rss.xml", "tu-khoa/a/atom.xml", "tu-khoa/b/rss.xml", "tu-khoa/b/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    remove_feeds([Taxonomy(Term("tu-khoa/a/"), Term("tu-khoa/b/"), Term("tu-khoa/c/"))], str(tmp_path))  # type: ignore[list-item]
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["tu-khoa", "tu-khoa/b", "tu-khoa/b/index.html"]


@pytest.mark.parametrize("failure", ["raise", "die"])
def test_a_feed_that_fails_in_the_related_news_worker_fails_the_build_and_publishes_nothing(site, monkeypatch, failure: str) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    from portal_taxonomy import generator, related

    content, output = site({"articles/2024/a.md": article("Bài tốt", topics="[Chuyển đổi số]")})
    build(content, output)
    before = digest(output)

    build_here, here = generator.build_and_write, os.getpid()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() == here:  # the build itself (it would write the feeds if the worker died too soon)
            return build_here(*args, **kwargs)
        if failure == "die":
            time.sleep(0.3)  # the ranking has left through the pipe by then
            os._exit(9)  # killed, as by the kernel when memory runs out
        raise OSError("disk full")

    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(generator, "build_and_write", broken)
    message = "OSError: disk full" if failure == "raise" else r"ended without reporting \(exit code 9\)"
    with pytest.raises(RuntimeError, match=message):
        build(content, output, PORTAL_WRITER_PROCESSES=2)
    assert digest(output) == before
    assert nothing_beside() and multiprocessing.active_children() == []
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".output-")] == []


def test_a_problem_found_after_the_early_worker_started_stops_it_and_publishes_nothing(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    from portal_taxonomy import related

    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)
    started = []
    monkeypatch.setattr(related, "PendingRelated", lambda *a, _cls=related.PendingRelated: started.append(1) or _cls(*a))
    # Two articles with one address: found by the portal's generator, after the worker started.
    content, output = site({
        "articles/2024/a.md": article("Cùng một tiêu đề", topics="[Chuyển đổi số]"),
        "articles/2024/b.md": article("Cùng một tiêu đề", topics="[Chuyển đổi số]"),
    })
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_WRITER_PROCESSES=2)
    assert started == [1]
    assert nothing_beside() and multiprocessing.active_children() == []
    assert not output.exists()
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".output-")] == []


def _big_second_value() -> Any:
    yield 1
    yield "x" * 2_000_000  # more than a pipe holds


def _two_values(fail: str = "") -> Any:
    yield 1
    if fail == "raise":
        raise ValueError("broken after the first value")
    if fail == "die":
        os._exit(3)
    yield 2


def test_a_forked_generator_sends_each_value_and_its_end_or_its_failure() -> None:
    import multiprocessing

    from portal_workers.forked import Forked, ForkFailed

    forked = Forked(_two_values)
    assert forked.receive() == 1 and forked.receive() == 2
    forked.join()  # the end came
    assert Forked(_two_values).result() == 1  # the first value, and the process is waited for
    assert Forked(_big_second_value).result() == 1  # what follows is read and dropped, not left blocking
    for fail, message in (("raise", "ValueError: broken after the first value"), ("die", r"ended without reporting \(exit code 3\)")):
        forked = Forked(_two_values, fail)
        with pytest.raises(ForkFailed, match=message):
            # (a process that dies may not have sent the value it had yielded either)
            assert forked.receive() == 1
            forked.join()
    forked = Forked(_two_values)
    forked.stop()
    forked.stop()  # stopping twice is harmless
    assert multiprocessing.active_children() == []


def run_cli(content: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".venv/bin/pelican"), str(content), "-o", str(output), "-s", str(ROOT / "pelicanconf.py"), *extra],
        capture_output=True,
        text=True,
        cwd=content.parent,
        timeout=120,
    )


def test_command_line_failure_prints_each_problem_and_no_traceback(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site(
        {
            "articles/2024/a.md": article("Bài A", category="tin-tong-hp"),
            "articles/2024/b.md": article("Bài B", dat="2024-01-01", date=None),
        }
    )
    result = run_cli(content, output)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [
        "content/articles/2024/a.md:4: category: không có chuyên mục này (đang ghi 'tin-tong-hp', cần một khóa "
        "trong danh bạ content/data/categories.yaml). Có phải ý bạn là 'tin-tong-hop'?",
        "content/articles/2024/b.md:1: date: thiếu trường bắt buộc (cần ngày đăng)",
        "content/articles/2024/b.md:6: dat: không có trường này (cần một trong các trường: title, date, updated, "
        "category, summary, officials, provinces, topics, tags, author, source, image, status, slug, aliases). "
        "Có phải ý bạn là 'date'?",
        "Dựng trang không thành công: 3 lỗi trong 2 tệp; chưa đăng gì (bản dựng trước vẫn giữ nguyên).",
    ]
    assert not output.exists()


def test_command_line_build_succeeds_strictly_on_the_bundled_content(tmp_path: Path) -> None:
    """The real content/ builds with warnings treated as errors (as CI and `make publish` do)."""
    result = subprocess.run(
        [str(ROOT / ".venv/bin/pelican"), str(ROOT / "content"), "-o", str(tmp_path / "out"),
         "-s", str(ROOT / "publishconf.py"), "--fatal", "warnings"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "index.html").exists()
    assert sys.version_info >= (3, 11)


def test_an_empty_feed_takes_its_date_from_source_date_epoch(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài A")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(content, output)
    empty = (output / "chuyen-muc/mo-hinh-sang-kien/rss.xml").read_text(encoding="utf-8")
    assert "<item>" not in empty
    assert "<lastBuildDate>Wed, 15 Nov 2023 05:13:20 +0700</lastBuildDate>" in empty


def test_symbolic_links_out_of_content_are_refused_and_nothing_behind_them_is_published(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No path may escape content/, not even through a symbolic link (file or folder)."""
    from PIL import Image

    from portal_check.check import print_report, run_check
    from portal_check.project import load_project, read_settings

    outside = tmp_path / "ngoai"
    (outside / "bai").mkdir(parents=True)
    Image.new("RGB", (64, 48), (10, 120, 60)).save(outside / "anh.jpg", "JPEG")
    (outside / "bai" / "bi-mat.md").write_text(article("Bài bí mật ngoài content"), encoding="utf-8")
    content, output = site({"articles/2023/a.md": article("Bài một", body="Mở đầu.\n\n![Ảnh](../../images/2023/anh.jpg)\n")})
    (content / "images/2023").mkdir(parents=True)
    (content / "images/2023/anh.jpg").symlink_to(outside / "anh.jpg")
    (content / "articles/2024").symlink_to(outside / "bai", target_is_directory=True)
    with pytest.raises(BuildFailed) as failed:
        build(content, output)
    messages = [str(p) for p in failed.value.problems]
    link_message = (
        "nằm ngoài content/ (không có gì ngoài content/ được đọc hay đăng): hãy chép tệp vào content/ thay vì "
        "liên kết tới nó"
    )
    symbolic = "là liên kết tượng trưng (symbolic link) tới"
    assert f"content/articles/2024: {symbolic} {outside / 'bai'}, {link_message}" in messages
    assert f"content/images/2023/anh.jpg: {symbolic} {outside / 'anh.jpg'}, {link_message}" in messages
    assert not output.exists()
    project = load_project(read_settings(str(ROOT / "pelicanconf.py"), {"PATH": str(content)}))
    report = io.StringIO()
    assert print_report(run_check(project, None, processes=1), report) == 1
    assert f"content/images/2023/anh.jpg: {symbolic} {outside / 'anh.jpg'}, {link_message}" in report.getvalue()
