"""Robust output: deterministic builds, atomic swaps, clean failures from the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

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


def no_workers_left() -> bool:
    import multiprocessing

    return multiprocessing.active_children() == []


def test_term_feeds_and_search_index_written_beside_the_page_workers_are_the_same_as_written_in_place(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Related news ranked in forked workers, term feeds written by the page writers' pool:
    # the same site as one process writing everything.
    from portal_output import parallel
    from portal_taxonomy import related

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)  # the bundled site is smaller than the thresholds
    monkeypatch.setattr(parallel, "ALONGSIDE_MIN_PAGES", 1)  # the search index beside the page workers
    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)
    build(CONTENT, tmp_path / "pool", PORTAL_WRITER_PROCESSES=2)
    from portal_build import pipeline

    assert pipeline.current is not None and pipeline.current.output is not None
    written = [job for job in pipeline.current.output.jobs if getattr(job[0], "__name__", "") == "build_and_write"]
    term_feeds = [p for d in ("can-bo", "tinh-thanh", "chu-de", "tu-khoa") for p in (tmp_path / "pool" / d).rglob("*.xml")]
    assert len(term_feeds) >= 10
    assert {str(job[1][1]) for job in written} >= {str(p.relative_to(tmp_path / "pool")) for p in term_feeds}  # jobs of the pool
    feeds = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "pool" / "chu-de").rglob("rss.xml"))
    assert "<enclosure " in feeds  # the items carry their lead photos' renditions
    build(CONTENT, tmp_path / "in-place", PORTAL_WRITER_PROCESSES=1)
    assert digest(tmp_path / "pool") == digest(tmp_path / "in-place")
    assert no_workers_left()


@pytest.mark.parametrize("failure", ["raise", "die"])
def test_a_feed_that_fails_in_a_writer_process_fails_the_build_and_publishes_nothing(site, monkeypatch, failure: str) -> None:  # type: ignore[no-untyped-def]
    from portal_output import parallel
    from portal_taxonomy import generator

    content, output = site({"articles/2024/a.md": article("Bài tốt", topics="[Chuyển đổi số]")})
    build(content, output)
    before = digest(output)
    here = os.getpid()
    build_here = generator.build_and_write

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() == here:  # the build's own process takes some jobs too
            return build_here(*args, **kwargs)
        if failure == "die":
            os._exit(9)  # killed, as by the kernel when memory runs out
        raise OSError("disk full")

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(generator, "build_and_write", broken)
    # Every job in the workers: the build's own process takes jobs from the end while they
    # start, and under load it could take them all before a worker forked (no failure).
    fork_map = parallel.fork_map
    monkeypatch.setattr(parallel, "fork_map", lambda *args, **kwargs: fork_map(*args, **{**kwargs, "parent_works": False}))
    if failure == "raise":
        with pytest.raises(RuntimeError, match="OSError: disk full"):
            build(content, output, PORTAL_WRITER_PROCESSES=2)
    else:
        with pytest.raises(BuildFailed, match="worker process of the build was killed"):
            build(content, output, PORTAL_WRITER_PROCESSES=2)
    assert digest(output) == before
    assert no_workers_left()
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".output-")] == []


def test_a_search_index_that_cannot_be_written_beside_the_page_workers_is_one_sentence_and_publishes_nothing(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_output import parallel
    from portal_search import index

    content, output = site({"articles/2024/a.md": article("Bài tốt", topics="[Chuyển đổi số]")})
    build(content, output)
    before = digest(output)

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "ALONGSIDE_MIN_PAGES", 1)
    monkeypatch.setattr(index, "write_index", broken)
    with pytest.raises(BuildFailed, match="the search index could not be written: .*Input/output error"):
        build(content, output, PORTAL_WRITER_PROCESSES=2, PORTAL_BUILD_CACHE="")
    assert digest(output) == before
    assert no_workers_left()
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".output-")] == []


def test_a_problem_found_after_the_articles_are_read_publishes_nothing_and_leaves_no_worker(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_taxonomy import related

    monkeypatch.setattr(related, "PARALLEL_MIN_ARTICLES", 1)
    # Two articles with one address: found by the portal's generator.
    content, output = site({
        "articles/2024/a.md": article("Cùng một tiêu đề", topics="[Chuyển đổi số]"),
        "articles/2024/b.md": article("Cùng một tiêu đề", topics="[Chuyển đổi số]"),
    })
    with pytest.raises(BuildFailed):
        build(content, output, PORTAL_WRITER_PROCESSES=2)
    assert no_workers_left()
    assert not output.exists()
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".output-")] == []


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
