"""Issue 11, addresses, slugs and names: nothing an editor writes may overwrite the site's
own files, no name may make a file name the file system refuses, and no tag may vanish
or be merged with another word without a word.

Each case runs twice: the build must fail with exactly these problems (nothing published)
and `make check` must print exactly the same lines.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from vietnamese.text import SLUG_MAX, full_slug, slugify

from .conftest import article, build, write_site
from .test_check import check
from .test_publishing import build_problems

# A real headline of 320 characters: its full slug is about 270 bytes, more than a file
# name may have.
LONG_TITLE = (
    "Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương đẩy mạnh cải cách thủ tục hành chính, "
    "cắt giảm, đơn giản hóa quy định kinh doanh, nâng cao chất lượng cung cấp dịch vụ công trực tuyến "
    "toàn trình, thực hiện có hiệu quả cơ chế một cửa, một cửa liên thông và số hóa hồ sơ, kết quả "
    "giải quyết thủ tục hành chính tại tất cả các cấp chính quyền"
)


def both(tmp_path: Path, files: dict[str, str], **settings: Any) -> tuple[list[str], list[str]]:
    """(the build's problems, the lines `make check` prints before its summary)."""
    content = write_site(tmp_path, files)
    built = build_problems(content, tmp_path / "out", **settings)
    assert not (tmp_path / "out").exists()
    status, lines = check(content)
    assert status == 1
    return built, lines[:-1]


def assert_reported(tmp_path: Path, files: dict[str, str], *expected: str) -> None:
    built, checked = both(tmp_path, files)
    assert built == list(expected)
    assert checked == list(expected)


def assert_builds_and_checks(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path]:
    content = write_site(tmp_path, files)
    build(content, tmp_path / "out")
    status, lines = check(content)
    sources = len([f for f in files if f.endswith(".md")])
    assert (status, lines) == (0, [f"Kiểm tra đạt: không có lỗi (đã kiểm tra {sources} tệp)."])
    return content, tmp_path / "out"


# --- 1. addresses the site keeps for itself -----------------------------------------------

REPLACE = "đặt chuyển hướng ở đó sẽ thay mất tệp của chính trang web; hãy xóa địa chỉ này"
RESERVED_ALIASES = [
    ("/theme/css/site.css", "nằm trong theme/, thư mục của các tệp giao diện (CSS, JavaScript)"),
    ("/chuyen-muc/tin-tong-hop/rss.xml", "nằm trong chuyen-muc/, thư mục của các trang và nguồn tin của chuyên mục"),
    ("/chuyen-muc/mot-muc-cu/", "nằm trong chuyen-muc/, thư mục của các trang và nguồn tin của chuyên mục"),
    ("/can-bo/", "nằm trong can-bo/, thư mục của các trang và nguồn tin của mục 'Cán bộ, lãnh đạo'"),
    ("/tinh-thanh/gia-lai/atom.xml", "nằm trong tinh-thanh/, thư mục của các trang và nguồn tin của mục 'Tỉnh, thành phố'"),
    ("/chu-de/so-hoa/", "nằm trong chu-de/, thư mục của các trang và nguồn tin của mục 'Chủ đề cải cách hành chính'"),
    ("/tu-khoa/mot-cua/", "nằm trong tu-khoa/, thư mục của các trang và nguồn tin của mục 'Từ khóa'"),
    ("/luu-tru/2023/", "nằm trong luu-tru/, thư mục của các trang lưu trữ"),
    ("/ban-nhap/bai-cu.html", "nằm trong ban-nhap/, thư mục của các bản xem trước của bản nháp"),
    ("/anh/2023/anh.jpg", "nằm trong anh/, thư mục của các ảnh đã đăng"),
    ("/trang-2/", "nằm trong trang-2/, một thư mục chứa các trang bài cũ hơn"),
    ("/index.html", "là trang chủ"),
    ("/404.html", "là trang báo không tìm thấy trang (404)"),
    ("/robots.txt", "là tệp hướng dẫn cho máy tìm kiếm"),
    ("/sitemap.xml", "là sơ đồ trang web (sitemap)"),
    ("/redirects.map", "là bảng chuyển hướng cho nginx"),
    ("/rss.xml", "là nguồn tin RSS của trang web"),
    ("/atom.xml", "là nguồn tin Atom của trang web"),
    ("/rss.xml/", "nằm bên trong rss.xml, tức nguồn tin RSS của trang web"),
]


@pytest.mark.parametrize(("alias", "what"), RESERVED_ALIASES, ids=[a for a, _w in RESERVED_ALIASES])
def test_an_old_address_the_site_writes_itself_is_an_error_naming_what_is_there(tmp_path: Path, alias: str, what: str) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: địa chỉ cũ '{alias}' {what}: {REPLACE}",
    )


@pytest.mark.parametrize("alias", ["/.htaccess", "/.well-known/security.txt", "/tin-cu/.git/config"])
def test_an_old_address_with_a_hidden_part_is_an_error(tmp_path: Path, alias: str) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: địa chỉ cũ '{alias}' có phần bắt đầu bằng '.' (tệp ẩn như "
        ".htaccess dùng để cấu hình máy chủ web); hãy xóa địa chỉ này",
    )


@pytest.mark.parametrize(("alias", "owner"), [("/2023/06/bai-b.html/", "articles/2023/b.md"), ("/gioi-thieu.html/cu", "pages/gioi-thieu.md")])
def test_an_old_address_inside_the_file_of_a_page_is_an_error(tmp_path: Path, alias: str, owner: str) -> None:
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]"), "articles/2023/b.md": article("Bài B"),
         "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nNội dung.\n"},
        f"content/articles/2023/a.md:7: aliases: địa chỉ cũ '{alias}' nằm bên trong địa chỉ của content/{owner}, vốn "
        "là một tệp, không phải thư mục; hãy xóa địa chỉ này",
    )


def test_a_page_with_slug_404_would_replace_the_not_found_page(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/loi.md": '---\ntitle: Trang lỗi\nslug: "404"\n---\nNội dung.\n'},
        "content/pages/loi.md:3: slug: địa chỉ '404.html' là trang báo không tìm thấy trang (404): hãy chọn 'slug:' khác",
    )


def test_a_page_with_slug_index_would_be_lost_behind_the_home_page(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/trang-chu.md": "---\ntitle: Trang chủ\nslug: index\n---\nNội dung.\n"},
        "content/pages/trang-chu.md:3: slug: địa chỉ 'index.html' là trang chủ: hãy chọn 'slug:' khác",
    )


def test_a_page_titled_index_without_a_slug_is_reported_on_its_title(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/index.md": "---\ntitle: Index\n---\nNội dung.\n"},
        "content/pages/index.md:2: slug: địa chỉ 'index.html' là trang chủ: hãy chọn 'slug:' khác",
    )


def test_a_draft_page_is_checked_at_the_address_it_will_have_once_published(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/loi.md": '---\ntitle: Trang lỗi\nstatus: draft\nslug: "404"\n---\nĐang soạn.\n'},
        "content/pages/loi.md:4: slug: địa chỉ '404.html' là trang báo không tìm thấy trang (404): hãy chọn 'slug:' khác",
    )


def test_an_old_address_of_the_old_portal_outside_reserved_folders_still_redirects(tmp_path: Path) -> None:
    _content, output = assert_builds_and_checks(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases="[/tin-tuc/trang-2/, /chuyen-muc.html, /theme.html]")}
    )
    for page in ("tin-tuc/trang-2/index.html", "chuyen-muc.html", "theme.html"):
        assert "2023/06/bai-a.html" in (output / page).read_text(encoding="utf-8")


# --- 2. long names ---------------------------------------------------------------------------


def longest_name(output: Path) -> int:
    return max(len(name.encode("utf-8")) for _folder, dirs, files in os.walk(output) for name in dirs + files)


def test_a_320_character_title_gets_a_slug_cut_at_a_word(tmp_path: Path) -> None:
    assert len(LONG_TITLE) >= 320
    full = full_slug(LONG_TITLE)
    assert len(full.encode()) > 255
    slug = slugify(LONG_TITLE)
    assert len(slug) <= SLUG_MAX and full.startswith(slug + "-")
    _content, output = assert_builds_and_checks(tmp_path, {"articles/2023/dai.md": article(LONG_TITLE)})
    assert (output / "2023" / "06" / f"{slug}.html").exists()
    assert longest_name(output) < 255


def test_two_long_titles_alike_in_their_first_words_are_a_clash_with_the_fix(tmp_path: Path) -> None:
    slug = slugify(LONG_TITLE + " một")
    assert slug == slugify(LONG_TITLE + " hai")
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article(LONG_TITLE + " một"), "articles/2023/b.md": article(LONG_TITLE + " hai")},
        f"content/articles/2023/b.md:2: slug: trùng địa chỉ '2023/06/{slug}.html' với content/articles/2023/a.md: "
        "hãy đổi tiêu đề của một trong hai, hoặc ghi 'slug:' khác",
    )


def test_an_explicit_slug_that_is_too_long_is_an_error_with_the_cut_one(tmp_path: Path) -> None:
    long_slug = "-".join(["cai-cach-hanh-chinh"] * 10)  # 199 characters
    cut = "-".join(["cai-cach-hanh-chinh"] * 7) + "-cai-cach"
    assert len(cut) <= SLUG_MAX < len(cut) + len("-hanh")
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", slug=long_slug)},
        f"content/articles/2023/a.md:7: slug: quá dài (đang ghi 199 ký tự, cần tối đa {SLUG_MAX} ký tự vì nó trở "
        f"thành tên tệp). Có phải ý bạn là '{cut}'?",
    )


def test_a_300_character_tag_gets_a_page_whose_name_is_cut_at_a_word(tmp_path: Path) -> None:
    tag = " ".join(["cải cách hành chính"] * 16)[:300].rstrip()
    _content, output = assert_builds_and_checks(tmp_path, {"articles/2023/a.md": article("Bài A", tags=f"[{tag}]")})
    slug = slugify(tag)
    assert len(slug) <= SLUG_MAX and full_slug(tag).startswith(slug + "-")
    assert (output / "tu-khoa" / slug / "index.html").exists()
    assert (output / "tu-khoa" / slug / "rss.xml").exists()
    assert longest_name(output) < 255


def test_an_old_address_with_a_part_longer_than_a_file_name_may_be_is_an_error(tmp_path: Path) -> None:
    alias = "/tin-cu/" + "bai-" * 75 + ".html"  # 305 bytes in one part
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: địa chỉ cũ '{alias[:57]}…' có một phần dài 305 byte (cần tối đa "
        "255 byte vì mỗi phần trở thành tên một tệp hay thư mục); hãy rút ngắn hoặc xóa địa chỉ này",
    )


def test_a_vietnamese_old_address_is_measured_in_bytes(tmp_path: Path) -> None:
    alias = "/tin-cu/" + "đ" * 128 + ".html"  # 128 characters, 261 bytes
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: địa chỉ cũ '{alias[:57]}…' có một phần dài 261 byte (cần tối đa "
        "255 byte vì mỗi phần trở thành tên một tệp hay thư mục); hãy rút ngắn hoặc xóa địa chỉ này",
    )


def test_a_five_megabyte_title_is_one_short_line_of_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "Cải cách hành chính " * 262_144  # 5 MB
    assert_reported(
        tmp_path, {"articles/2023/a.md": article(title.strip())},
        "content/articles/2023/a.md:2: title: quá dài (đang ghi 5.242.879 ký tự, cần tối đa 500 ký tự cho một tiêu "
        "đề; phần còn lại đưa vào 'summary' hoặc thân bài)",
    )
    printed = capsys.readouterr()
    assert len(printed.out) + len(printed.err) < 2_000


def test_a_registry_key_too_long_for_a_file_name_is_an_error(tmp_path: Path) -> None:
    key = "-".join(["cai-cach-hanh-chinh"] * 10)
    topics = f"- key: {key}\n  name: Cải cách hành chính\n  kind: chu-de\n"
    cut = "-".join(["cai-cach-hanh-chinh"] * 7) + "-cai-cach"
    assert_reported(
        tmp_path, {"data/topics.yaml": topics, "articles/2023/a.md": article("Bài A")},
        f"content/data/topics.yaml:1: key: quá dài (đang ghi 199 ký tự, cần tối đa {SLUG_MAX} ký tự vì nó trở "
        f"thành tên tệp). Có phải ý bạn là '{cut}'?",
    )


# --- 3. names with nothing to make an address from -----------------------------------------


def test_an_emoji_tag_is_reported_instead_of_vanishing(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", tags="[một cửa, 🎉, '!!!']")},
        "content/articles/2023/a.md:7: tags: mục 2 '🎉' không có chữ cái hay chữ số nào để làm địa chỉ; hãy viết "
        "bằng chữ hoặc xóa thẻ này",
        "content/articles/2023/a.md:7: tags: mục 3 '!!!' không có chữ cái hay chữ số nào để làm địa chỉ; hãy viết "
        "bằng chữ hoặc xóa thẻ này",
    )


def test_an_emoji_official_is_an_unknown_name(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", officials="[🎉]")},
        "content/articles/2023/a.md:7: officials: '🎉' không có trong danh bạ cán bộ (content/data/officials.yaml)",
    )


# --- 4. tags written differently ------------------------------------------------------------


def test_a_tag_without_its_marks_is_reported_against_the_marked_spelling(tmp_path: Path) -> None:
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article("Bài A", tags="[Cải cách]"), "articles/2023/b.md": article("Bài B", tags="[cai cach]"),
         "articles/2023/c.md": article("Bài C", tags="[cai cach]")},
        "content/articles/2023/b.md:7: tags: 'cai cach' sẽ dùng chung trang /tu-khoa/cai-cach/ với 'Cải cách' "
        "(content/articles/2023/a.md): nếu cùng một từ khóa thì viết 'Cải cách', nếu không thì đổi cách viết",
        "content/articles/2023/c.md:7: tags: 'cai cach' sẽ dùng chung trang /tu-khoa/cai-cach/ với 'Cải cách' "
        "(content/articles/2023/a.md): nếu cùng một từ khóa thì viết 'Cải cách', nếu không thì đổi cách viết",
    )


def test_two_words_with_one_address_are_reported_on_the_less_used_one(tmp_path: Path) -> None:
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article("Bài A", tags="[thuế]"), "articles/2023/b.md": article("Bài B", tags="[thuế]"),
         "articles/2023/c.md": article("Bài C", tags="[thuê]")},
        "content/articles/2023/c.md:7: tags: 'thuê' sẽ dùng chung trang /tu-khoa/thue/ với 'thuế' "
        "(content/articles/2023/a.md và 1 bài khác): nếu cùng một từ khóa thì viết 'thuế', nếu không thì đổi cách viết",
    )


def test_two_long_tags_alike_in_their_first_words_are_reported(tmp_path: Path) -> None:
    first = " ".join(["cải cách hành chính"] * 9) + " một"
    second = " ".join(["cải cách hành chính"] * 9) + " hai"
    slug = slugify(first)
    assert slug == slugify(second) and len(slug) <= SLUG_MAX
    shown = f"'{first[:57]}…'"
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", tags=f"[{first}]"), "articles/2023/b.md": article("Bài B", tags=f"[{second}]")},
        f"content/articles/2023/a.md:7: tags: {shown} sẽ dùng chung trang /tu-khoa/{slug}/ với {shown} "
        f"(content/articles/2023/b.md): địa chỉ chỉ giữ {SLUG_MAX} ký tự đầu của tên: hãy rút ngắn một trong hai tên",
    )


def test_tags_differing_in_case_tone_placement_or_punctuation_are_one_tag(tmp_path: Path) -> None:
    _content, output = assert_builds_and_checks(tmp_path, {
        "articles/2023/a.md": article("Bài A", tags="[Một cửa, Hoà nhập]"),
        "articles/2023/b.md": article("Bài B", tags="[một cửa, hòa nhập]"),
        "articles/2023/c.md": article("Bài C", tags="[một-cửa, hòa nhập]"),
        "articles/2023/d.md": article("Bài D", tags="[một cửa]"),
    })
    assert "Từ khóa: một cửa" in (output / "tu-khoa" / "mot-cua" / "index.html").read_text(encoding="utf-8")
    assert "Từ khóa: hòa nhập" in (output / "tu-khoa" / "hoa-nhap" / "index.html").read_text(encoding="utf-8")


def test_make_check_of_one_file_compares_its_tags_with_every_other_file(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài A", tags="[Cải cách]"),
                                    "articles/2023/b.md": article("Bài B", tags="[cai cach]")})
    status, lines = check(content, [str(content / "articles/2023/b.md")])
    assert (status, lines[0]) == (1, "content/articles/2023/b.md:7: tags: 'cai cach' sẽ dùng chung trang "
                                     "/tu-khoa/cai-cach/ với 'Cải cách' (content/articles/2023/a.md): nếu cùng một từ "
                                     "khóa thì viết 'Cải cách', nếu không thì đổi cách viết")
    assert check(content, [str(content / "articles/2023/a.md")])[0] == 0
