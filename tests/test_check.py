"""`make check` (plugins/portal_check): the build's rules without building, and the editors' extras.

Each check's exact message is in tests/fixtures/check_errors.txt (title / the text of
content/articles/2023/bai.md / the lines `make check` prints for it); every message of the
build's own fixture (tests/fixtures/errors.txt) must come out of `make check` too.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file
from PIL import Image

from portal_check.check import print_report, run_check
from portal_check.cli import main
from portal_check.project import load_project, read_settings
from portal_reader.frontmatter import split
from portal_reader.render import check_body, render

from .conftest import ROOT, article, build

FIXTURES = Path(__file__).parent / "fixtures"
BUILD_CASES = read_fixture_file(FIXTURES / "errors.txt")
CHECK_CASES = read_fixture_file(FIXTURES / "check_errors.txt")


def real_jpeg(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), (200, 40, 40)).save(path, "JPEG")


def check(content: Path, files: list[str] | None = None) -> tuple[int, list[str]]:
    """Run `make check` in-process on `content`; (exit status, printed lines)."""
    project = load_project(read_settings(str(ROOT / "pelicanconf.py"), {"PATH": str(content)}))
    out = io.StringIO()
    status = print_report(run_check(project, files, processes=1), out)
    return status, out.getvalue().rstrip("\n").split("\n")


def fixture_site(site, source: str) -> Path:  # type: ignore[no-untyped-def]
    """The site of the error fixtures: bai-khac-2.md, a real images/2023/x.jpg and bai.md."""
    content, _output = site({"articles/2022/bai-khac-2.md": article("Bài khác")})
    real_jpeg(content / "images" / "2023" / "x.jpg")
    data = source.encode("utf-8")
    if b"\\xe0" in data:  # the non-UTF-8 fixture: a Latin-1 byte
        data = data.replace(b"\\xe0", b"\xe0")
    (content / "articles" / "2023").mkdir(parents=True, exist_ok=True)
    (content / "articles" / "2023" / "bai.md").write_bytes(data)
    return content


@pytest.mark.parametrize(("line", "title", "source", "expected"), BUILD_CASES, ids=[c[1] for c in BUILD_CASES])
def test_check_reports_every_build_error_with_the_same_words(site, line: int, title: str, source: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    status, lines = check(fixture_site(site, source))
    assert status == 1
    assert lines[:-1] == expected.rstrip("\n").split("\n"), f"errors.txt:{line}: {title}"


@pytest.mark.parametrize(("line", "title", "source", "expected"), CHECK_CASES, ids=[c[1] for c in CHECK_CASES])
def test_check_message(site, line: int, title: str, source: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    content = fixture_site(site, source)
    (content / "images" / "2023" / "hong.jpg").write_bytes(b"<html>404 Not Found</html>")
    status, lines = check(content)
    assert lines[:-1] == expected.rstrip("\n").split("\n"), f"check_errors.txt:{line}: {title}"
    notices_only = all(": lưu ý: " in printed for printed in lines[:-1])  # a notice never fails the check
    assert status == (0 if notices_only else 1)


def test_a_clean_site_passes_with_a_summary(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Bài một"), "articles/2023/b.md": article("Bài hai")})
    assert check(content) == (0, ["Kiểm tra đạt: không có lỗi (đã kiểm tra 2 tệp)."])


def test_the_bundled_content_passes() -> None:
    assert check(ROOT / "content")[0] == 0


def test_duplicate_addresses_name_both_files(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Cùng tiêu đề"), "articles/2023/b.md": article("Cùng tiêu đề")})
    status, lines = check(content)
    assert lines == [
        "content/articles/2023/b.md:2: slug: trùng địa chỉ '2023/06/cung-tieu-de.html' với content/articles/2023/a.md: "
        "hãy đổi tiêu đề của một trong hai, hoặc ghi 'slug:' khác",
        "Kiểm tra không đạt: 1 lỗi trong 1 tệp (đã kiểm tra 2 tệp).",
    ]


def test_files_checks_only_the_named_files(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site(
        {
            "articles/2023/a.md": article("Một"),
            "articles/2023/b.md": article("Hai", author=None),
            "articles/2023/c.md": article("Ba", category="khong-co"),
        }
    )
    assert check(content, ["content/articles/2023/a.md"]) == (0, ["Kiểm tra đạt: không có lỗi (đã kiểm tra 1 tệp)."])
    assert check(content, ["content/articles/2023/c.md"]) == (
        1,
        [
            "content/articles/2023/c.md:4: category: không có chuyên mục này (đang ghi 'khong-co', cần một khóa trong "
            "danh bạ content/data/categories.yaml)",
            "Kiểm tra không đạt: 1 lỗi trong 1 tệp (đã kiểm tra 1 tệp).",
        ],
    )


def test_files_reports_a_clash_with_an_unnamed_file(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Cùng tiêu đề"), "articles/2023/b.md": article("Cùng tiêu đề")})
    status, lines = check(content, ["content/articles/2023/b.md"])
    assert status == 1 and lines[0].startswith("content/articles/2023/b.md:2: slug: trùng địa chỉ")
    status, lines = check(content, ["content/articles/2023/a.md"])
    assert status == 1 and "với content/articles/2023/a.md" in lines[0]


def test_files_naming_a_registry_checks_everything(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Một"), "articles/2023/b.md": article("Hai")})
    assert check(content, ["content/data/officials.yaml"])[1][-1] == "Kiểm tra đạt: không có lỗi (đã kiểm tra 2 tệp)."


def test_a_named_image_is_checked(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Một")})
    (content / "images" / "2023").mkdir(parents=True)
    (content / "images" / "2023" / "hong.jpg").write_bytes(b"")
    status, lines = check(content, ["content/images/2023/hong.jpg"])
    assert lines[0] == (
        "content/images/2023/hong.jpg: ảnh 'images/2023/hong.jpg': không phải ảnh, hoặc là định dạng cổng thông tin không đọc được (cần JPEG, PNG, WebP, GIF, TIFF hoặc AVIF)"
    )


def test_scheduled_articles_are_listed_and_drafts_are_not(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTAL_NOW", "2026-11-27T08:00:00+07:00")
    content, _ = site(
        {
            "articles/2026/a.md": article("Bài đã đăng", date="2026-11-27 07:59"),
            "articles/2026/b.md": article("Bài hẹn giờ", date="2026-12-01 08:00"),
            "articles/2026/c.md": article("Bản nháp tương lai", date="2026-12-02 08:00", status="draft"),
        }
    )
    assert check(content) == (
        0,
        [
            "Bài hẹn giờ đăng (ngày đăng sau thời điểm hiện tại, 2026-11-27 08:00 +0700): 1",
            "  2026-12-01 08:00  content/articles/2026/b.md  Bài hẹn giờ",
            "Kiểm tra đạt: không có lỗi (đã kiểm tra 3 tệp).",
        ],
    )


# --- make new ------------------------------------------------------------------------------


def test_make_new_writes_a_draft_that_passes_once_filled_in(site, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTAL_NOW", "2026-11-27T08:05:00+07:00")
    content, _ = site({})
    assert main(["--content", str(content), "new", "--title", 'Đồng Nai: "Một cửa" số', "--category", "tin-dia-phuong"]) == 0
    path = content / "articles" / "2026" / "dong-nai-mot-cua-so.md"
    assert capsys.readouterr().out == (
        "Đã tạo content/articles/2026/dong-nai-mot-cua-so.md: hãy điền sa-pô (summary) và tác giả (author), rồi chạy "
        "'make check'.\n"
    )
    text = path.read_text(encoding="utf-8")
    assert 'title: "Đồng Nai: \\"Một cửa\\" số"' in text
    assert "date: 2026-11-27 08:05 +07:00" in text and "status: draft" in text
    for field in ("officials: []", "provinces: []", "topics: []", "tags: []"):
        assert field in text
    status, lines = check(content)
    assert lines[:2] == [
        "content/articles/2026/dong-nai-mot-cua-so.md:7: summary: đang để trống (cần sa-pô dạng văn bản thường)",
        "content/articles/2026/dong-nai-mot-cua-so.md:8: author: đang để trống (cần tên tác giả)",
    ]
    path.write_text(
        text.replace('summary: ""', "summary: Sa-pô của bài.").replace('author: ""', "author: Quốc Dũng")
        .replace("provinces: []", "provinces: [Đồng Nai]"),
        encoding="utf-8",
    )
    assert check(content) == (0, ["Kiểm tra đạt: không có lỗi (đã kiểm tra 1 tệp)."])


def test_make_new_refuses_to_overwrite(site, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTAL_NOW", "2026-11-27T08:05:00+07:00")
    content, _ = site({"articles/2026/bai-moi.md": "giữ nguyên\n"})
    assert main(["--content", str(content), "new", "--title", "Bài mới", "--category", "tin-tong-hop"]) == 1
    assert capsys.readouterr().err == (
        "make new: content/articles/2026/bai-moi.md đã tồn tại: hãy mở tệp này, hoặc chọn tiêu đề khác\n"
    )
    assert (content / "articles" / "2026" / "bai-moi.md").read_text(encoding="utf-8") == "giữ nguyên\n"


def test_make_new_needs_a_title(site, capsys) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({})
    assert main(["--content", str(content), "new", "--title", "  ", "--category", "tin-tong-hop"]) == 1
    assert capsys.readouterr().err == (
        'make new: chưa có tiêu đề (TITLE): make new TITLE="Tiêu đề bài viết" CATEGORY=tin-tong-hop\n'
    )


def test_make_new_checks_the_category(site, capsys) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({})
    assert main(["--content", str(content), "new", "--title", "Bài mới", "--category", "tin-tong-hp"]) == 1
    assert capsys.readouterr().err == (
        "make new: CATEGORY: không có chuyên mục này (đang ghi 'tin-tong-hp', cần một khóa trong danh bạ "
        "content/data/categories.yaml). Có phải ý bạn là 'tin-tong-hop'?\n"
    )
    assert not (content / "articles").exists()


def test_make_new_without_a_category_lists_the_keys_with_their_names(site, capsys) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({})
    assert main(["--content", str(content), "new", "--title", "Bài mới", "--category", ""]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0] == "make new: Chưa chọn chuyên mục (CATEGORY). Chọn một khóa trong danh sách dưới đây:"
    assert "  tin-tuc-su-kien          Tin tức - Sự kiện" in lines
    assert "    tin-tong-hop           Tin tổng hợp" in lines  # a child, under its parent
    assert lines[-1] == 'Ví dụ: make new TITLE="Tiêu đề bài viết" CATEGORY=tin-tong-hop'
    assert not (content / "articles").exists()


# --- make fix ------------------------------------------------------------------------------


def test_make_fix_rewrites_nfc_and_tone_placement_only_and_reports_each_change(site, capsys) -> None:  # type: ignore[no-untyped-def]
    nfd = unicodedata.normalize("NFD", "Thừa")
    source = article(
        "Thanh Hoá  làm  việc",
        provinces="[Thanh Hoá, Hoà Bình]",
        body=f"Ông Nguyễn Trọng {nfd} đến Hoà Bình.\r\nhoà  bình và thuỷ lợi giữ nguyên.\r\n",
    )
    content, _ = site({"articles/2023/a.md": source})
    path = content / "articles" / "2023" / "a.md"
    assert main(["--content", str(content), "fix"]) == 0
    assert capsys.readouterr().out.split("\n") == [
        'content/articles/2023/a.md:2: "Thanh Hoá" → "Thanh Hóa" (đặt dấu thanh như trong danh bạ)',
        'content/articles/2023/a.md:7: "Thanh Hoá" → "Thanh Hóa" (đặt dấu thanh như trong danh bạ)',
        'content/articles/2023/a.md:7: "Hoà Bình" → "Hòa Bình" (đặt dấu thanh như trong danh bạ)',
        'content/articles/2023/a.md:9: "Thừa" → "Thừa" (chuẩn hoá dấu: trông như cũ, nhưng dấu đang là ký tự gõ rời, nay ghép vào chữ – Unicode NFC)',
        'content/articles/2023/a.md:9: "Hoà Bình" → "Hòa Bình" (đặt dấu thanh như trong danh bạ)',
        "Đã sửa 5 chỗ trong 1 tệp (đã xem 1 tệp); chạy 'make check' để kiểm tra phần còn lại.",
        "",
    ]
    expected = (
        source.replace("Thanh Hoá", "Thanh Hóa").replace("Hoà Bình", "Hòa Bình").replace(nfd, "Thừa")
    ).encode("utf-8")
    assert path.read_bytes() == expected  # spacing, CRLF, "hoà  bình" and "thuỷ" untouched
    assert main(["--content", str(content), "fix"]) == 0  # idempotent
    assert capsys.readouterr().out == "Đã sửa 0 chỗ trong 0 tệp (đã xem 1 tệp); chạy 'make check' để kiểm tra phần còn lại.\n"
    assert path.read_bytes() == expected
    assert check(content)[0] == 0


def test_make_fix_with_files_touches_only_those(site, capsys) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Thanh Hoá"), "articles/2023/b.md": article("Hoà Bình")})
    assert main(["--content", str(content), "fix", "content/articles/2023/b.md"]) == 0
    assert "Thanh Hoá" in (content / "articles/2023/a.md").read_text(encoding="utf-8")
    assert "Hòa Bình" in (content / "articles/2023/b.md").read_text(encoding="utf-8")


# --- the body check is the renderer's check --------------------------------------------------


MARKDOWN_CASES = read_fixture_file(FIXTURES / "markdown.txt")
BODIES = [c[2] for c in MARKDOWN_CASES] + [split(c[2])[2] for c in BUILD_CASES if c[2].startswith("---\n") and "\n---\n" in c[2]]


@pytest.mark.parametrize("body", BODIES)
def test_checking_a_body_finds_what_rendering_it_finds(body: str) -> None:
    files = frozenset({"articles/2023/a.md", "articles/2022/bai-khac-2.md", "images/2023/x.jpg"})
    _html, rendered = render(body, "articles/2023/a.md", files, 5)
    checked, _images, _links = check_body(body, "articles/2023/a.md", files, 5)
    assert sorted(checked) == sorted(rendered)


# --- the cache of results between runs --------------------------------------------------------


def test_a_second_check_reuses_results_and_sees_every_change(site, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Một"), "articles/2023/b.md": article("Hai")})
    cache = tmp_path / "cache"

    def run() -> list[str]:
        status = main(["--content", str(content), "check", "--cache-dir", str(cache)])
        lines = capsys.readouterr().out.rstrip("\n").split("\n")
        assert status == (1 if len(lines) > 1 else 0)
        return lines

    assert run() == ["Kiểm tra đạt: không có lỗi (đã kiểm tra 2 tệp)."]
    assert len(list(cache.glob("check-*.pickle"))) == 1
    assert run() == ["Kiểm tra đạt: không có lỗi (đã kiểm tra 2 tệp)."]
    (content / "articles/2023/b.md").write_text(article("Hai", officials="[Nguyễn Văn Khác]"), encoding="utf-8")
    assert run()[0].startswith("content/articles/2023/b.md:7: officials: 'Nguyễn Văn Khác' không có trong danh bạ cán bộ")
    # A new registry entry changes the cache's key: b.md is checked again against it.
    officials = content / "data" / "officials.yaml"
    officials.write_text(officials.read_text(encoding="utf-8") + "\n- key: nguyen-van-khac\n  name: Nguyễn Văn Khác\n", encoding="utf-8")
    assert run() == ["Kiểm tra đạt: không có lỗi (đã kiểm tra 2 tệp)."]
    # Images are checked on every run, cached or not.
    real_jpeg(content / "images/2023/x.jpg")
    (content / "articles/2023/a.md").write_text(article("Một", body="![Ảnh](../../images/2023/x.jpg)\n"), encoding="utf-8")
    assert run() == ["Kiểm tra đạt: không có lỗi (đã kiểm tra 2 tệp)."]
    (content / "images/2023/x.jpg").write_bytes(b"not an image")
    assert run()[0] == (
        "content/articles/2023/a.md:8: body: ảnh 'images/2023/x.jpg': không phải ảnh, hoặc là định dạng cổng thông "
        "tin không đọc được (cần JPEG, PNG, WebP, GIF, TIFF hoặc AVIF)"
    )
    assert len(list(cache.glob("check-*.pickle"))) == 1
    # FILES= with the cache: a duplicate address with an unchanged, cached file is still found.
    (content / "articles/2023/b.md").write_text(article("Một"), encoding="utf-8")
    status = main(["--content", str(content), "check", "--cache-dir", str(cache), "content/articles/2023/b.md"])
    assert status == 1
    assert "b.md:2: slug: trùng địa chỉ '2023/06/mot.html' với content/articles/2023/a.md" in capsys.readouterr().out


def test_the_url_history_is_checked_too(site) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Một")})
    (content / "data" / "url-history.yaml").write_text(
        "articles/2023/da-xoa.md:\n  - /2023/06/da-xoa.html\n", encoding="utf-8"
    )
    status, lines = check(content)
    assert status == 1 and lines[0].startswith("content/data/url-history.yaml:1: ")
    assert "da-xoa.md" in lines[0]


def test_a_malformed_portal_now_is_refused(site, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTAL_NOW", "hôm nay")
    content, _ = site({"articles/2023/a.md": article("Một")})
    assert main(["--content", str(content), "check", "--no-cache"]) == 2
    assert capsys.readouterr().err.startswith("PORTAL_NOW: PORTAL_NOW must be an ISO 8601 date")


def test_a_public_link_to_a_draft_or_a_scheduled_article_is_reported_as_make_publish_does(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_diagnostics import BuildFailed

    from .conftest import build

    monkeypatch.setenv("PORTAL_NOW", "2026-11-27T08:00:00+07:00")
    content, output = site(
        {
            "articles/2026/a.md": article("Bài đã đăng", date="2026-11-20", body="Xem [nháp](b.md) và [sắp đăng](c.md).\n"),
            "articles/2026/b.md": article("Bản nháp", date="2026-11-21", status="draft"),
            "articles/2026/c.md": article("Bài hẹn giờ", date="2026-12-01 07:00"),
            "articles/2026/d.md": article("Bài hẹn giờ khác", date="2026-12-02", body="Xem [nháp](b.md).\n"),
        }
    )
    expected = [
        "content/articles/2026/a.md:8: body: liên kết đến articles/2026/b.md, một bản nháp: trang web công khai không "
        "có bài đó (hãy đăng bài đó trước, hoặc xóa liên kết)",
        "content/articles/2026/a.md:8: body: liên kết đến articles/2026/c.md, bài hẹn giờ đăng lúc Thứ Ba, 01/12/2026 "
        "07:00: trang web công khai chưa có bài đó (hãy hẹn giờ đăng bài này không sớm hơn, hoặc xóa liên kết)",
    ]
    status, lines = check(content)
    assert lines[:2] == expected and status == 1
    assert check(content, ["content/articles/2026/a.md"])[1][:2] == expected
    assert check(content, ["content/articles/2026/d.md"])[0] == 0  # d.md is not public yet itself
    with pytest.raises(BuildFailed) as failure:
        build(content, output, "publishconf.py")
    assert [str(p) for p in failure.value.problems] == expected


@pytest.mark.parametrize("defect", ["truncated", "not-an-image", "too-many-pixels"])
def test_check_and_build_give_the_same_image_message(site, tmp_path: Path, defect: str) -> None:  # type: ignore[no-untyped-def]
    """make check asks the image pipeline itself: the same words as the build, same line."""
    from portal_diagnostics import BuildFailed

    from .conftest import build

    content, output = site({"articles/2023/a.md": article("Một", body="Mở đầu.\n\n![Ảnh hội nghị](../../images/2023/x.jpg)\n")})
    path = content / "images/2023/x.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 40).convert("RGB").save(buffer, "JPEG")
    data = {"truncated": buffer.getvalue()[:2000], "not-an-image": b"<html>404</html>",
            "too-many-pixels": buffer.getvalue()}[defect]
    path.write_bytes(data)
    limit = 50_000 if defect == "too-many-pixels" else 50_000_000
    project = load_project(read_settings(str(ROOT / "pelicanconf.py"), {"PATH": str(content), "PORTAL_IMAGE_MAX_PIXELS": limit}))
    out = io.StringIO()
    assert print_report(run_check(project, None, processes=1), out) == 1
    checked = out.getvalue().splitlines()[0]
    assert checked.startswith("content/articles/2023/a.md:10: body: ảnh 'images/2023/x.jpg': ")
    with pytest.raises(BuildFailed) as failed:
        build(content, output, PORTAL_IMAGE_MAX_PIXELS=limit, PORTAL_IMAGE_CACHE=str(tmp_path / "cache"))
    assert [str(p) for p in failed.value.problems] == [checked]


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_named_file_that_is_missing_or_outside_content_is_a_usage_error(site, capsys, command: str) -> None:  # type: ignore[no-untyped-def]
    content, _ = site({"articles/2023/a.md": article("Bài một")})
    missing = str(content / "articles/2023/khong-co.md")
    outside = str(content.parent / "ghi-chu.md")
    (content.parent / "ghi-chu.md").write_text("x", encoding="utf-8")
    assert main(["--content", str(content), command, missing, outside]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"make {command}: FILES: '{missing}' không tồn tại (cần một tệp có thật, ví dụ content/articles/2026/bai.md)",
        f"make {command}: FILES: '{outside}' không nằm trong content/ (cần một tệp trong đó, ví dụ "
        "content/articles/2026/bai.md)",
    ]
    assert main(["--content", str(content), command, str(content / "articles/2023/a.md")]) == 0


def test_markdown_in_the_summary_is_reported_with_the_plain_text_to_write(site, capsys) -> None:  # type: ignore[no-untyped-def]
    summary = '"**Từ** ngày 1/7, [Gia Lai](https://gialai.gov.vn) áp dụng `một cửa` số."'
    content, output = site({"articles/2024/bai.md": article("Bài có sa-pô lỗi", summary=summary)})
    expected = (
        "content/articles/2024/bai.md:5: summary: sa-pô là văn bản thường, không dùng Markdown (gặp '**', '`', "
        "'[…](…)': trên trang sẽ hiện nguyên các ký hiệu); hãy viết: 'Từ ngày 1/7, Gia Lai áp dụng một cửa số.'"
    )
    status, lines = check(content)
    assert status == 1 and expected in lines
    capsys.readouterr()
    with pytest.raises(SystemExit):  # the build reports the same problem
        build(content, output)
    assert expected in capsys.readouterr().err.splitlines()
    plain = article("Bài có sa-pô đúng", summary="Từ ngày 1/7, Gia Lai áp dụng một cửa số (2*3 = 6).")
    (content / "articles/2024/bai.md").write_text(plain, encoding="utf-8")
    assert check(content)[0] == 0  # a lone asterisk is text


# --- the URL history at commit time ------------------------------------------------------


def test_check_lists_new_addresses_and_the_hook_records_and_stages_them(site, capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from .conftest import build

    content, _ = site({
        "articles/2024/cu.md": article("Bài đã có địa chỉ", date="2024-01-02 08:00"),
        "data/url-history.yaml": "articles/2024/cu.md:\n- /2024/01/bai-da-co-dia-chi.html\n",
    })
    repo = content.parent
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (content / "articles/2024/moi.md").write_text(article("Bài mới", date="2024-02-03 08:00"), encoding="utf-8")
    (content / "articles/2024/nhap.md").write_text(article("Bản nháp", status="draft"), encoding="utf-8")

    status, lines = check(content)
    assert status == 0
    assert lines[-3:] == [
        "Địa chỉ mới, chưa có trong content/data/url-history.yaml (commit sẽ tự ghi vào; hoặc chạy make urls): 1",
        "  /2024/02/bai-moi.html  content/articles/2024/moi.md",
        "Kiểm tra đạt: không có lỗi (đã kiểm tra 3 tệp).",
    ]
    # make publish refuses an unrecorded address: the reason for recording it at commit time.
    monkeypatch.setenv("PORTAL_WARNINGS_ARE_ERRORS", "true")  # as make publish runs it
    with pytest.raises(SystemExit):
        build(content, tmp_path / "before", settings_file="publishconf.py")

    files = [str(content / "articles/2024/moi.md"), str(content / "articles/2024/nhap.md")]
    capsys.readouterr()
    assert main(["--content", str(content), "check", "--no-cache", "--record-urls", *files]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[-1] == "Đã ghi 1 địa chỉ mới vào content/data/url-history.yaml và thêm tệp này vào commit."
    history = (content / "data/url-history.yaml").read_text(encoding="utf-8")
    assert "articles/2024/moi.md:\n- /2024/02/bai-moi.html\n" in history
    assert "articles/2024/cu.md:\n- /2024/01/bai-da-co-dia-chi.html\n" in history  # kept
    assert "nhap" not in history  # a draft has no public address yet
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=repo, capture_output=True, text=True).stdout
    assert "content/data/url-history.yaml" in staged.split()
    build(content, tmp_path / "after", settings_file="publishconf.py")  # now it publishes
    assert check(content)[1] == ["Kiểm tra đạt: không có lỗi (đã kiểm tra 3 tệp)."]  # nothing left to record


def test_a_summary_of_a_million_brackets_is_checked_at_once(site) -> None:  # type: ignore[no-untyped-def]
    """The Markdown-link pattern must not backtrack over every '[' (it took 2.3 s for 20,000)."""
    from portal_reader.schema import ARTICLE_FIELDS, validate

    fields, issues = validate({"summary": "[" * 1_000_000 + " (" * 1000 + "](" * 1000}, {"summary": ARTICLE_FIELDS["summary"]})
    assert issues == [] and fields["summary"].startswith("[[[")
