"""The editors' guide (docs/huong-dan-bien-tap.md) is tested: its examples are real.

Fenced blocks carry a marker after the language:
- ```markdown vi-du=<path>``: an example article; all of them together, with the registry
  additions, must pass `make check` and build;
- ```yaml danh-ba=<path>``: an addition to a registry (appended to it);
- ```markdown loi=<path>`` and ```text ket-qua=<path>``: a broken article and the exact output
  of `make check FILES=content/<path>`;
- ```text thong-bao``: a message explained in the guide; it must be one the checker really
  prints (a line of a ket-qua block, or of the fixtures the checker is tested against);
- ```sh``: commands; every `make …` line is run (new, check and fix on a copy of the site,
  the others as `make -n`, since they build or serve).
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from markdown_it.utils import read_fixture_file
from PIL import Image

from .conftest import ROOT, article, build, write_site
from .test_check import check

GUIDE = ROOT / "docs" / "huong-dan-bien-tap.md"
_BLOCK = re.compile(r"^```(\w+)(?: ([\w-]+)(?:=(\S+))?)?\n(.*?)^```$", re.M | re.S)
# A page the first example links to, so the example's link resolves.
LINKED = {"articles/2024/gia-lai-ket-qua-cai-cach-hanh-chinh-2024.md": article("Kết quả cải cách hành chính năm 2024 của Gia Lai")}


def blocks(marker: str) -> list[tuple[str | None, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    return [(m.group(3), m.group(4)) for m in _BLOCK.finditer(text) if (m.group(2) or m.group(1)) == marker]


def example_site(root: Path) -> Path:
    content = write_site(root, {**LINKED, **{path: text for path, text in blocks("vi-du")}})
    for path, text in blocks("danh-ba"):
        registry = content / path
        registry.write_text(registry.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    for _path, text in blocks("vi-du"):
        for image in re.findall(r"images/[\w/.-]+\.jpg", text):
            (content / image).parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (16, 9), (30, 90, 160)).save(content / image, "JPEG")
    return content


def test_the_guide_has_examples_of_each_kind() -> None:
    for marker in ("vi-du", "danh-ba", "loi", "ket-qua", "thong-bao", "sh"):
        assert blocks(marker), marker


def test_the_example_articles_pass_the_check_and_build(tmp_path: Path) -> None:
    content = example_site(tmp_path)
    assert check(content) == (0, [f"Kiểm tra đạt: không có lỗi (đã kiểm tra {len(blocks('vi-du')) + len(LINKED)} tệp)."])
    build(content, tmp_path / "output")
    assert (tmp_path / "output" / "2025" / "03" / "gia-lai-trung-tam-phuc-vu-hanh-chinh-cong-tiep-nhan-hon-1-000-ho-so.html").exists()


def test_the_broken_example_gives_exactly_the_output_shown(tmp_path: Path) -> None:
    content = example_site(tmp_path)
    expected = dict(blocks("ket-qua"))
    for path, text in blocks("loi"):
        assert path is not None
        (content / path).write_text(text, encoding="utf-8")
        status, lines = check(content, [f"content/{path}"])
        assert status == 1
        assert lines == expected[path].rstrip("\n").split("\n"), path


def real_messages(tmp_path: Path) -> set[str]:
    """Lines the checker is tested to print: ket-qua blocks and the checker's fixtures."""
    lines = {line for _p, text in blocks("ket-qua") for line in text.splitlines()}
    for name in ("errors.txt", "check_errors.txt"):
        for _line, _title, _source, expected in read_fixture_file(ROOT / "tests" / "fixtures" / name):
            lines.update(expected.splitlines())
    content = write_site(tmp_path, {
        "articles/2023/a.md": article("Cùng tiêu đề"),
        "articles/2023/b.md": article("Cùng tiêu đề"),
        "articles/2023/c.md": article("Bài có địa chỉ cũ", aliases="[/2023/06/bai-moi.html]"),
        "articles/2023/d.md": article("Bài mới"),
    })
    lines.update(check(content)[1])
    return lines


def test_every_message_the_guide_explains_is_one_the_checker_prints(tmp_path: Path) -> None:
    real = real_messages(tmp_path)
    shown = [line for _p, text in blocks("thong-bao") for line in text.splitlines()]
    assert len(shown) >= 10
    assert [line for line in shown if line not in real] == []


def test_every_make_command_in_the_guide_runs(tmp_path: Path) -> None:
    content = example_site(tmp_path)
    for path, text in blocks("loi"):
        (content / path).write_text(text, encoding="utf-8")
    env = {"PORTAL_NOW": "2026-11-27T09:00:00+07:00", "PATH": "/usr/bin:/bin", "PORTAL_CHECK_CACHE": str(tmp_path / "cache")}
    commands = [line for _p, text in blocks("sh") for line in text.splitlines() if line.startswith("make ")]
    assert {shlex.split(c)[1] for c in commands} >= {"new", "check", "fix", "devserver", "venv"}
    for command in commands:
        # Paths under content/ point at the copy of the site.
        args = [a.replace("FILES=content/", f"FILES={content}/") for a in shlex.split(command)[1:]]
        target = args[0]
        if target in ("new", "check", "fix"):
            run = subprocess.run(
                ["make", "-s", *args, f"CONTENT={content}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
            )
            said = run.stdout + run.stderr
            if target == "new":
                assert run.returncode == 0 and "Đã tạo " in said, said
            elif target == "check":
                assert re.search(r"^Kiểm tra (đạt|không đạt): .*\(đã kiểm tra [1-9][\d.]* tệp\)\.$", said, re.M), said
            else:
                assert run.returncode == 0 and "Đã sửa " in said, said
        else:
            run = subprocess.run(["make", "-n", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
            assert run.returncode == 0, command + run.stderr


def test_the_category_keys_the_guide_lists_exist() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    listed = re.search(r"`CATEGORY` là một khóa.*?\n\n", text, re.S)
    assert listed
    keys = re.findall(r"`([a-z0-9-]+)`", listed.group(0))
    registry = (ROOT / "content" / "data" / "categories.yaml").read_text(encoding="utf-8")
    assert len(keys) >= 5
    assert [k for k in keys if f"key: {k}\n" not in registry] == []


def test_the_guide_lists_every_message_of_the_checkers_fixtures() -> None:
    """Every message the checker's fixtures pin (tests/fixtures/errors.txt, check_errors.txt:
    one case per kind of content problem) is in a thong-bao block of the guide, so a new
    kind of message cannot be added without the guide saying what it means."""
    shown = {line for _p, text in blocks("thong-bao") for line in text.splitlines()}
    pinned = [
        line
        for name in ("errors.txt", "check_errors.txt")
        for _line, _title, _source, expected in read_fixture_file(ROOT / "tests" / "fixtures" / name)
        for line in expected.splitlines()
    ]
    assert [line for line in pinned if line not in shown] == []


def test_a_failed_make_check_ends_with_our_summary_not_makes_error_line(tmp_path: Path) -> None:
    content = example_site(tmp_path)
    for path, text in blocks("loi"):
        (content / path).write_text(text, encoding="utf-8")
    env = {"PORTAL_NOW": "2026-11-27T09:00:00+07:00", "PATH": "/usr/bin:/bin", "PORTAL_CHECK_CACHE": str(tmp_path / "cache")}
    run = subprocess.run(["make", "check", f"CONTENT={content}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0  # still a failure for scripts (make stops itself with SIGINT: -2 here, 130 in a shell)
    said = (run.stdout + run.stderr).rstrip("\n").split("\n")
    assert said[-1].startswith("Kiểm tra không đạt: ") and said[-1].endswith(" tệp).")
    assert not [line for line in said if line.startswith("make")]


def test_a_failed_make_check_still_fails_where_make_ignores_sigint(tmp_path: Path) -> None:
    """Started in the background by a script, make ignores SIGINT, so the quiet stop (a
    SIGINT to make) would do nothing and the failure would exit 0: the recipe fails then."""
    import signal

    content = example_site(tmp_path)
    for path, text in blocks("loi"):
        (content / path).write_text(text, encoding="utf-8")
    env = {"PORTAL_NOW": "2026-11-27T09:00:00+07:00", "PATH": "/usr/bin:/bin", "PORTAL_CHECK_CACHE": str(tmp_path / "cache")}
    run = subprocess.run(["make", "check", f"CONTENT={content}"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert run.returncode == 2, run.stdout + run.stderr  # make's status for a failed recipe
    assert "Kiểm tra không đạt: " in run.stdout
