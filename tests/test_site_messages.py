"""Editor-facing messages of portal_site, portal_images, portal_check, portal_diagnostics and
the dev server that no other test names word for word (issue 13: they are Vietnamese).

Values are quoted with schema.describe(), as the messages themselves quote them.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from portal_check.check import CheckRun, print_report
from portal_check.images import image_problem
from portal_diagnostics import Problem, ProblemCollector
from portal_diagnostics.problems import ContentProblems
from portal_reader.schema import describe

from .conftest import ROOT, article, build, write_site
from .test_check import check
from .test_publishing import build_problems

CATEGORIES = "content/data/categories.yaml"
HISTORY = "content/data/url-history.yaml"


def test_category_registry_entries_are_explained_in_vietnamese(tmp_path: Path) -> None:
    registry = (
        "- key: tin-tuc\n"  # 1
        "  name: Tin tức\n"
        "  ghi_chu_rieng: x\n"  # 3
        "  description: [a]\n"  # 4
        "  children: khong\n"  # 5
        "- 5\n"  # 6
        "- key: chua-co-ten\n"  # 7
    )
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài A", category="tin-tuc")}, categories=registry)
    status, lines = check(content)
    assert status == 1
    assert lines[:-1] == [
        f"{CATEGORIES}:3: ghi_chu_rieng: không có trường này (cần một trong: key, name, description, children)",
        f"{CATEGORIES}:4: description: cần một đoạn chữ (đang ghi {describe(['a'])})",
        f"{CATEGORIES}:5: children: cần danh sách chuyên mục con (đang ghi 'khong')",
        f"{CATEGORIES}:6: cần một chuyên mục dạng 'key: …, name: …' (đang ghi {describe(5)})",
        f"{CATEGORIES}:7: name: cần tên chuyên mục (đang ghi {describe(None)})",
    ]
    assert lines[-1] == "Kiểm tra không đạt: 5 lỗi trong 1 tệp (đã kiểm tra 1 tệp)."


def test_a_missing_category_registry_says_what_to_create(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài A")}, categories=None)
    assert check(content)[1] == [
        "content/articles/2023/a.md:4: category: không có chuyên mục này (đang ghi 'tin-tong-hop', cần một khóa trong "
        f"danh bạ {CATEGORIES})",
        f"{CATEGORIES}: chưa có danh bạ chuyên mục: hãy tạo tệp này, với ít nhất một chuyên mục (key, name)",
        "Kiểm tra không đạt: 2 lỗi trong 2 tệp (đã kiểm tra 1 tệp).",
    ]


def test_url_history_that_is_not_a_mapping_shows_the_form_to_type(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài A"), "data/url-history.yaml": "- /2023/06/a.html\n"})
    assert check(content)[1][0] == (
        f"{HISTORY}:1: cần các mục dạng 'tệp nguồn: [địa chỉ]', ví dụ articles/2023/bai.md: [/2023/06/bai.html]"
    )


def test_url_history_entries_that_are_not_site_addresses(tmp_path: Path) -> None:
    history = "articles/2023/a.md: 5\narticles/2023/cu.md:\n- https://example.vn/cu.html\n"
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài A"), "data/url-history.yaml": history})
    assert check(content)[1][:-1] == [
        f"{HISTORY}:1: articles/2023/a.md: cần danh sách địa chỉ trên trang web, ví dụ /2023/06/bai.html",
        f"{HISTORY}:2: articles/2023/cu.md: tệp này không còn nữa, nhưng các địa chỉ của nó đã được đăng (không có "
        "địa chỉ nào). Nếu bạn đã chuyển hoặc đổi tên tệp, hãy sửa khóa này thành đường dẫn mới; nếu bạn cố ý xóa "
        "tệp, hãy xóa mục này",
        f"{HISTORY}:3: articles/2023/cu.md: không phải địa chỉ trên trang web (đang ghi 'https://example.vn/cu.html', "
        "cần đường dẫn tính từ gốc trang web, ví dụ /2023/06/bai.html)",
    ]


def test_a_recorded_old_address_that_is_a_page_of_the_site_names_that_page(tmp_path: Path) -> None:
    history = (
        "articles/2023/a.md:\n"
        "- /chuyen-muc/tin-tong-hop/\n"  # 2
        "- /can-bo/\n"  # 3
        "- /luu-tru/2023/\n"  # 4
        "- /rss.xml\n"  # 5
        "- /tin-cu/chung.html\n"  # 6
    )
    content = write_site(tmp_path, {
        "articles/2023/a.md": article("Bài A"),
        "articles/2023/b.md": article("Bài B", aliases="[/tin-cu/chung.html]"),
        "data/url-history.yaml": history,
    })
    replace = "đặt chuyển hướng ở đó sẽ thay mất trang ấy; hãy xóa địa chỉ này"
    assert build_problems(content, tmp_path / "out") == [
        f"{HISTORY}:2: articles/2023/a.md: địa chỉ cũ '/chuyen-muc/tin-tong-hop/' đang là một trang của trang web "
        f"(chuyên mục 'tin-tong-hop'): {replace}",
        f"{HISTORY}:3: articles/2023/a.md: địa chỉ cũ '/can-bo/' đang là một trang của trang web (trang mục lục "
        f"'Cán bộ, lãnh đạo'): {replace}",
        f"{HISTORY}:4: articles/2023/a.md: địa chỉ cũ '/luu-tru/2023/' đang là một trang của trang web (một trang lưu "
        f"trữ): {replace}",
        f"{HISTORY}:5: articles/2023/a.md: địa chỉ cũ '/rss.xml' đang là một trang của trang web (một trang của trang "
        f"web): {replace}",
        f"{HISTORY}:6: articles/2023/a.md: địa chỉ cũ '/tin-cu/chung.html' đã chuyển hướng đến "
        "content/articles/2023/b.md (content/articles/2023/b.md:7); chỉ giữ địa chỉ này ở một nơi",
    ]


def test_make_urls_says_what_it_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài A")})
    build(content, tmp_path / "out", settings_file="publishconf.py", PORTAL_URL_HISTORY_UPDATE=True)
    assert "content/articles/2023/a.md: đã ghi /2023/06/bai-a.html" in capsys.readouterr().out.splitlines()


def test_many_unrecorded_addresses_end_with_a_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"articles/2023/a{n:02d}.md": article(f"Bài số {n}") for n in range(12)}
    content = write_site(tmp_path, files)
    monkeypatch.setenv("PORTAL_WARNINGS_ARE_ERRORS", "true")
    problems = build_problems(content, tmp_path / "out", settings_file="publishconf.py")
    assert len(problems) == 11
    # A warning without a line is not tied to a file: it comes first.
    assert problems[0] == f"{HISTORY}: url: … và 2 địa chỉ khác chưa được ghi; chạy 'make urls'"
    assert problems[1] == (
        "content/articles/2023/a00.md:2: url: địa chỉ '/2023/06/bai-so-0.html' chưa được ghi vào "
        f"{HISTORY}; chạy 'make urls' rồi commit {HISTORY}"
    )


def test_check_summaries_write_numbers_the_vietnamese_way() -> None:
    now = datetime(2026, 11, 27, 8, 0)
    out = io.StringIO()
    assert print_report(CheckRun(10_002, [], [], now), out) == 0
    assert out.getvalue() == "Kiểm tra đạt: không có lỗi (đã kiểm tra 10.002 tệp).\n"
    problems = [Problem("content/articles/2023/a.md", line, "body", "lỗi") for line in range(1, 1235)]
    out = io.StringIO()
    assert print_report(CheckRun(10_002, problems, [], now), out) == 1
    assert out.getvalue().splitlines()[-1] == "Kiểm tra không đạt: 1.234 lỗi trong 1 tệp (đã kiểm tra 10.002 tệp)."


def test_build_summary_without_files_and_the_dev_server_variant() -> None:
    problems = [Problem("", 0, "", "một"), Problem("", 0, "", "hai")]
    out = io.StringIO()
    ProblemCollector(problems=list(problems)).report(out)
    assert out.getvalue().splitlines()[-1] == "Dựng trang không thành công: 2 lỗi; chưa đăng gì (bản dựng trước vẫn giữ nguyên)."
    assert str(ContentProblems(problems)) == "2 lỗi nội dung; hãy sửa rồi lưu tệp lại"


def test_a_missing_image_is_said_not_to_exist(tmp_path: Path) -> None:
    assert image_problem(str(tmp_path / "khong-co.jpg")) == "không tồn tại"


class _Connection:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def recv(self) -> dict[str, Any]:
        return self.answer


def test_the_dev_servers_terminal_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from devserver import Builder, State, parse_args

    builder = Builder(parse_args(["--root", str(tmp_path)]), "http://127.0.0.1:8000", State())
    answers: list[dict[str, Any]] = [
        {"ok": False, "lines": ["content/articles/2023/a.md:4: category: …"]},
        {"ok": False, "lines": ["content/articles/2023/a.md:4: category: …"]},
        {"ok": False, "lines": []},
        {"ok": True, "mode": "full", "warnings": [], "why_full": "không có gì thay đổi"},
        {"ok": True, "mode": "live", "files": 1234, "rest": True},
        {"ok": True, "mode": "live", "files": 3, "rest": True},
    ]
    rest = [{"ok": True, "files": 2345}, {"ok": False}]
    builder.ask = lambda changed: answers.pop(0)  # type: ignore[method-assign]
    reason = " sau thay đổi ở content/articles/2023/a.md"
    for _ in range(6):
        builder.connection = _Connection(rest[0] if len(answers) == 2 else rest[-1])
        builder.build(reason)
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[:3] == [
        f"devserver: dựng trang không thành công{reason}; vẫn hiển thị bản dựng thành công gần nhất",
        f"devserver: vẫn lỗi{reason} (như 1 dòng ở trên)",
        f"devserver: dựng trang không thành công{reason}; vẫn hiển thị bản dựng thành công gần nhất",
    ]
    assert "pelican dừng mà không báo lỗi gì" in out.err.splitlines()
    assert re.fullmatch(rf"devserver: đã dựng lại toàn bộ{reason} trong \d+,\d giây \(không có gì thay đổi\)", lines[3])
    assert re.fullmatch(
        rf"devserver: đã cập nhật 1\.234 tệp{reason} trong \d+,\d\d giây; các trang khác cập nhật tiếp sau", lines[4]
    )
    assert re.fullmatch(r"devserver: mọi tệp đã cập nhật \(thêm 2\.345 tệp\) \d+,\d\d giây sau thay đổi", lines[5])
    assert lines[7] == "devserver: các trang khác chưa được cập nhật; lần thay đổi tới sẽ dựng lại toàn bộ"
