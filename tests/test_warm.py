"""`make html` after an edit of articles: the saved build takes the edit (portal_build.warm,
portal_build.model) and output/ equals a clean build of the same sources, byte for byte;
anything it cannot take, or a saved build that cannot be trusted, builds in full."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, build
from .conftest import tree_digest as digest
from .test_incremental import Corpus

WARM = "Đã cập nhật bản dựng trước"
FULL = "Done: Processed"


def _record(output: Path) -> dict[str, Any]:
    from portal_build import uptodate

    return json.loads(Path(uptodate.record_path(str(output.parent / ".cache-build"), str(output))).read_text())


def _model(output: Path) -> Path:
    from portal_build import model, uptodate

    return Path(model.path_of(uptodate.record_path(str(output.parent / ".cache-build"), str(output))))


def _model_token(output: Path) -> str:
    """The token in the saved build's header (model._write: magic line, then version and token)."""
    with _model(output).open("rb") as handle:
        handle.readline()
        return handle.readline().decode().split()[1]


def _wait_for_lock(output: Path) -> None:
    """Until no process holds the lock of `output` (portal_output.lock)."""
    import fcntl

    with (output.parent / f".{output.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        fcntl.flock(handle, fcntl.LOCK_UN)


def _clean(root: Path, content: Path) -> dict[str, str]:
    clean = root / "clean"
    build(content, clean, PORTAL_READ_CACHE="", PORTAL_BUILD_CACHE="")
    return digest(clean)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Corpus, Path]:
    monkeypatch.chdir(tmp_path)  # the read cache lives in .cache/ of the working folder
    corpus = Corpus(tmp_path)
    output = tmp_path / "output"
    build(corpus.content, output)
    return corpus, output


@pytest.mark.parametrize(("kind", "value"), [
    ("body", "Nội dung mới của bài."),
    ("body", "Đoạn có [liên kết tới bài 1](bai-1.md) và **chữ đậm**."),
    # What the site lists changes: the saved build plans the site again (live.apply).
    ("title", "Một cửa liên thông"),
    ("tags", ["một cửa"]),
    ("provinces", ["Đồng Nai"]),
    ("add", "Bài mới"),
    ("delete", None),
    ("date", "2023-12-31 23:00"),
    ("status", "draft"),
    # A legal document: the pages that show it, and the articles citing it.
    ("document", "trich_yeu"),
    ("document", "add"),
])
def test_an_edit_is_applied_to_the_saved_build_and_equals_a_clean_build(
    site: tuple[Corpus, Path], capsys: pytest.CaptureFixture[str], kind: str, value: Any
) -> None:
    corpus, output = site
    capsys.readouterr()
    corpus.apply(kind, 3, value)
    build(corpus.content, output)
    shown = capsys.readouterr().out
    assert WARM in shown and FULL not in shown
    assert digest(output) == _clean(corpus.root, corpus.content)
    capsys.readouterr()
    corpus.apply("body", 4, f"Sau khi sửa {kind}.")  # the build just saved takes the next text edit
    build(corpus.content, output)
    assert WARM in capsys.readouterr().out
    assert digest(output) == _clean(corpus.root, corpus.content)


def test_text_edits_are_saved_apart_until_an_edit_of_the_listings_saves_the_build(
    site: tuple[Corpus, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, output = site
    first = _record(output)["model"]
    model_bytes = _model(output).read_bytes()
    for step, (kind, value) in enumerate([("body", "Một."), ("body", "Hai."), ("title", "Chính quyền số"), ("body", "Ba.")]):
        corpus.apply(kind, step, value)
        build(corpus.content, output)
        record = _record(output)
        if kind == "body":  # the texts only; the build saved before them is kept as it was
            assert record["model_delta"] and _model(output).with_suffix(".model.delta").is_file()
        else:
            assert record["model"] != first and record["model_delta"] is None
        if step < 2:
            assert record["model"] == first and _model(output).read_bytes() == model_bytes
    assert capsys.readouterr().out.count(WARM) == 4  # the title too: applied, then the build saved whole
    assert digest(output) == _clean(corpus.root, corpus.content)


@pytest.mark.parametrize("kind", ["title", "tags", "add"])
def test_a_build_saved_after_an_edit_of_the_listings_keeps_signatures_a_new_process_would_give(
    site: tuple[Corpus, Path], kind: str
) -> None:
    """The saved build keeps the signatures of what output/ shows (live.apply signs the
    present output from them): loaded as another process would, they equal the signatures
    of the loaded build signed afresh, and name no object of the process that saved them."""
    from portal_build import live, model, pipeline
    from portal_site.generator import PortalGenerator

    corpus, output = site
    corpus.apply(kind, 3, {"title": "Chính quyền số", "tags": ["một cửa"], "add": "Bài mới"}[kind])
    build(corpus.content, output)
    saved = model.load(str(_model(output)), _record(output)["model"])
    loaded, generators = saved
    model.set_up_generators(generators)
    assert loaded.signed is not None
    signatures, files, terms = loaded.signed
    assert " at 0x" not in repr(loaded.signed)
    site_generator = next(g for g in loaded.generators if isinstance(g, PortalGenerator))
    previous, pipeline.current = pipeline.current, loaded
    try:
        fresh = live._sign(loaded, list(site_generator.articles), str(output), site_generator.settings)
    finally:
        pipeline.current = previous
    assert fresh == (signatures, files, terms)


@pytest.mark.parametrize("damage", ["truncated", "another build's", "missing", "texts truncated"])
def test_a_saved_build_that_cannot_be_trusted_builds_in_full(
    site: tuple[Corpus, Path], capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    corpus, output = site
    saved = _model(output)
    if damage == "texts truncated":
        corpus.apply("body", 1, "Một.")
        build(corpus.content, output)
        delta = saved.with_suffix(".model.delta")
        delta.write_bytes(delta.read_bytes()[:100])
    elif damage == "truncated":
        saved.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    elif damage == "another build's":  # a valid model, but not the one the record names
        other = corpus.root / "other"
        build(corpus.content, other)
        saved.write_bytes(_model(other).read_bytes())
    else:
        saved.unlink()
    capsys.readouterr()
    corpus.apply("body", 2, "Nội dung sau khi hỏng.")
    build(corpus.content, output)
    shown = capsys.readouterr().out
    assert FULL in shown and WARM not in shown
    if damage != "missing":
        assert "Dựng lại toàn bộ: bản dựng đã lưu không dùng được" in shown
    assert digest(output) == _clean(corpus.root, corpus.content)
    capsys.readouterr()
    corpus.apply("body", 2, "Lần sau: bản dựng mới đã được lưu.")
    build(corpus.content, output)
    assert WARM in capsys.readouterr().out
    assert digest(output) == _clean(corpus.root, corpus.content)


def test_a_problem_in_the_edit_is_reported_by_the_full_build_and_output_is_kept(
    site: tuple[Corpus, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, output = site
    before = digest(output)
    capsys.readouterr()
    corpus.articles["articles/2024/bai-2.md"]["provinces"] = "[Gia Lia]"
    corpus.write("articles/2024/bai-2.md")
    with pytest.raises(SystemExit):
        build(corpus.content, output)
    shown = capsys.readouterr()
    assert "Có phải ý bạn là 'Gia Lai'" in shown.out + shown.err
    assert digest(output) == before
    corpus.articles["articles/2024/bai-2.md"]["provinces"] = "[Gia Lai]"
    corpus.write("articles/2024/bai-2.md")
    build(corpus.content, output)
    assert digest(output) == _clean(corpus.root, corpus.content)


def test_a_change_beside_the_markdown_sources_builds_in_full(
    site: tuple[Corpus, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, output = site
    registry = corpus.content / "data" / "officials.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("Thứ trưởng", "Thứ trưởng thường trực", 1), encoding="utf-8")
    corpus.apply("body", 0, "Cùng lúc với danh bạ.")
    capsys.readouterr()
    build(corpus.content, output)
    shown = capsys.readouterr().out
    assert FULL in shown and WARM not in shown
    assert digest(output) == _clean(corpus.root, corpus.content)


def test_a_build_that_precompresses_saves_no_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = Corpus(tmp_path)
    output = tmp_path / "output"
    build(corpus.content, output, PORTAL_PRECOMPRESS=True)
    assert _record(output)["model"] is None and not _model(output).exists()


def _command(tmp_path: Path, corpus: Corpus, output: Path) -> tuple[list[str], dict[str, str]]:
    """The `pelican` command of `make html` for `corpus`, as a new process, and its environment."""
    command = [str(Path(sys.executable).parent / "pelican"), str(corpus.content), "-o", str(output),
               "-s", str(ROOT / "pelicanconf.py"), "-e", f'PORTAL_BUILD_CACHE="{tmp_path / ".cache-build"}"',
               f'PORTAL_READ_CACHE="{tmp_path / ".cache-read"}"']
    return command, {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}


def test_the_pelican_command_applies_an_edit_and_exits_cleanly(tmp_path: Path) -> None:
    """The command ends without freeing the loaded build (warm._exit_if_command): its
    message and exit status are whole, output/ equals a clean build."""
    corpus = Corpus(tmp_path)
    output = tmp_path / "output"
    command, environment = _command(tmp_path, corpus, output)
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment, timeout=300)
    assert first.returncode == 0, first.stderr
    corpus.apply("body", 4, "Sửa bằng lệnh pelican.")
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment, timeout=300)
    assert second.returncode == 0, second.stderr
    assert WARM in second.stdout and FULL not in second.stdout
    assert second.stdout.rstrip().endswith("giây.")
    assert digest(output) == _clean(tmp_path, corpus.content)


def test_edits_in_successive_pelican_commands_equal_a_clean_build(tmp_path: Path) -> None:
    """Each `make html` is a new process that loads what an earlier one saved: nothing kept
    on the saved contents may mean something else in this one. A tag added then removed
    again rewrote the feeds of the article's other terms only if the stamp of the article
    read now differed from the one saved (plan.stamp: each process numbered from 1, so
    they met). Each step: applied to the saved build, the same bytes as a clean build."""
    corpus = Corpus(tmp_path)
    output = tmp_path / "output"
    command, environment = _command(tmp_path, corpus, output)
    assert subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment, timeout=300).returncode == 0
    tags = corpus.articles["articles/2024/bai-3.md"]["tags"]
    for step, (kind, value) in enumerate([("tags", ["một cửa", "thử nghiệm"]), ("tags", None), ("title", "Chính quyền số"),
                                          ("add", "Bài mới"), ("delete", None)]):
        if kind == "tags" and value is None:
            corpus.articles["articles/2024/bai-3.md"]["tags"] = tags
            corpus.write("articles/2024/bai-3.md")
        else:
            corpus.apply(kind, 3, value)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment, timeout=300)
        assert done.returncode == 0, done.stderr
        assert WARM in done.stdout and FULL not in done.stdout, (step, done.stdout)
        assert digest(output) == _clean(tmp_path, corpus.content), (step, kind)
        # The build is saved by a child that holds the output's lock (warm._finish): once
        # the lock is free, the saved build is the one the record names.
        _wait_for_lock(output)
        assert _model_token(output) == _record(output)["model"], (step, kind)
