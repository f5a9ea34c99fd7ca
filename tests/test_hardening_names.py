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
    assert (status, lines) == (0, [f"Check passed: no problems ({sources} file{'s' if sources > 1 else ''} checked)."])
    return content, tmp_path / "out"


# --- 1. addresses the site keeps for itself -----------------------------------------------

REPLACE = "a redirect there would replace the site's own file; remove this address"
RESERVED_ALIASES = [
    ("/theme/css/site.css", "is in theme/, the folder of the theme's files (styles, scripts)"),
    ("/chuyen-muc/tin-tong-hop/rss.xml", "is in chuyen-muc/, the folder of the category pages and feeds"),
    ("/chuyen-muc/mot-muc-cu/", "is in chuyen-muc/, the folder of the category pages and feeds"),
    ("/can-bo/", "is in can-bo/, the folder of the pages and feeds of the officials"),
    ("/tinh-thanh/gia-lai/atom.xml", "is in tinh-thanh/, the folder of the pages and feeds of the provinces"),
    ("/chu-de/so-hoa/", "is in chu-de/, the folder of the pages and feeds of the topics"),
    ("/tu-khoa/mot-cua/", "is in tu-khoa/, the folder of the pages and feeds of the tags"),
    ("/luu-tru/2023/", "is in luu-tru/, the folder of the archives"),
    ("/ban-nhap/bai-cu.html", "is in ban-nhap/, the folder of the drafts' previews"),
    ("/anh/2023/anh.jpg", "is in anh/, the folder of the published photos"),
    ("/trang-2/", "is in trang-2/, a folder of the pages of older articles"),
    ("/index.html", "is the home page"),
    ("/404.html", "is the 'page not found' page"),
    ("/robots.txt", "is the instructions for search engines"),
    ("/sitemap.xml", "is the sitemap"),
    ("/redirects.map", "is the redirect map for nginx"),
    ("/rss.xml", "is the site's RSS feed"),
    ("/atom.xml", "is the site's Atom feed"),
    ("/rss.xml/", "is inside rss.xml, the site's RSS feed"),
]


@pytest.mark.parametrize(("alias", "what"), RESERVED_ALIASES, ids=[a for a, _w in RESERVED_ALIASES])
def test_an_old_address_the_site_writes_itself_is_an_error_naming_what_is_there(tmp_path: Path, alias: str, what: str) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: old address '{alias}' {what}: {REPLACE}",
    )


@pytest.mark.parametrize("alias", ["/.htaccess", "/.well-known/security.txt", "/tin-cu/.git/config"])
def test_an_old_address_with_a_hidden_part_is_an_error(tmp_path: Path, alias: str) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: old address '{alias}' has a part starting with '.' (hidden files "
        "such as .htaccess configure the web server); remove this address",
    )


@pytest.mark.parametrize(("alias", "owner"), [("/2023/06/bai-b.html/", "articles/2023/b.md"), ("/gioi-thieu.html/cu", "pages/gioi-thieu.md")])
def test_an_old_address_inside_the_file_of_a_page_is_an_error(tmp_path: Path, alias: str, owner: str) -> None:
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]"), "articles/2023/b.md": article("Bài B"),
         "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nNội dung.\n"},
        f"content/articles/2023/a.md:7: aliases: old address '{alias}' is inside the address of content/{owner}, which "
        "is a file, not a folder; remove this address",
    )


def test_a_page_with_slug_404_would_replace_the_not_found_page(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/loi.md": '---\ntitle: Trang lỗi\nslug: "404"\n---\nNội dung.\n'},
        "content/pages/loi.md:3: slug: address '404.html' is the 'page not found' page: choose another 'slug:'",
    )


def test_a_page_with_slug_index_would_be_lost_behind_the_home_page(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/trang-chu.md": "---\ntitle: Trang chủ\nslug: index\n---\nNội dung.\n"},
        "content/pages/trang-chu.md:3: slug: address 'index.html' is the home page: choose another 'slug:'",
    )


def test_a_page_titled_index_without_a_slug_is_reported_on_its_title(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/index.md": "---\ntitle: Index\n---\nNội dung.\n"},
        "content/pages/index.md:2: slug: address 'index.html' is the home page: choose another 'slug:'",
    )


def test_a_draft_page_is_checked_at_the_address_it_will_have_once_published(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"pages/loi.md": '---\ntitle: Trang lỗi\nstatus: draft\nslug: "404"\n---\nĐang soạn.\n'},
        "content/pages/loi.md:4: slug: address '404.html' is the 'page not found' page: choose another 'slug:'",
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
        f"content/articles/2023/b.md:2: slug: same address '2023/06/{slug}.html' as content/articles/2023/a.md: "
        "give one of them another title or a 'slug:'",
    )


def test_an_explicit_slug_that_is_too_long_is_an_error_with_the_cut_one(tmp_path: Path) -> None:
    long_slug = "-".join(["cai-cach-hanh-chinh"] * 10)  # 199 characters
    cut = "-".join(["cai-cach-hanh-chinh"] * 7) + "-cai-cach"
    assert len(cut) <= SLUG_MAX < len(cut) + len("-hanh")
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", slug=long_slug)},
        f"content/articles/2023/a.md:7: slug: too long (got 199 characters, expected at most {SLUG_MAX}: it becomes "
        f"a file name). Did you mean '{cut}'?",
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
        f"content/articles/2023/a.md:7: aliases: old address '{alias[:57]}…' has a part of 305 bytes (expected at "
        "most 255: each part becomes a file or folder name); shorten it or remove this address",
    )


def test_a_vietnamese_old_address_is_measured_in_bytes(tmp_path: Path) -> None:
    alias = "/tin-cu/" + "đ" * 128 + ".html"  # 128 characters, 261 bytes
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: old address '{alias[:57]}…' has a part of 261 bytes (expected at "
        "most 255: each part becomes a file or folder name); shorten it or remove this address",
    )


def test_a_five_megabyte_title_is_one_short_line_of_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "Cải cách hành chính " * 262_144  # 5 MB
    assert_reported(
        tmp_path, {"articles/2023/a.md": article(title.strip())},
        "content/articles/2023/a.md:2: title: too long (got 5,242,879 characters, expected at most 500: a headline; "
        "the rest belongs in 'summary' or the body)",
    )
    printed = capsys.readouterr()
    assert len(printed.out) + len(printed.err) < 2_000


def test_a_registry_key_too_long_for_a_file_name_is_an_error(tmp_path: Path) -> None:
    key = "-".join(["cai-cach-hanh-chinh"] * 10)
    topics = f"- key: {key}\n  name: Cải cách hành chính\n  kind: chu-de\n"
    cut = "-".join(["cai-cach-hanh-chinh"] * 7) + "-cai-cach"
    assert_reported(
        tmp_path, {"data/topics.yaml": topics, "articles/2023/a.md": article("Bài A")},
        f"content/data/topics.yaml:1: key: too long (got 199 characters, expected at most {SLUG_MAX}: it becomes a "
        f"file name). Did you mean '{cut}'?",
    )


# --- 3. names with nothing to make an address from -----------------------------------------


def test_an_emoji_tag_is_reported_instead_of_vanishing(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", tags="[một cửa, 🎉, '!!!']")},
        "content/articles/2023/a.md:7: tags: item 2 '🎉' has no letters or digits to make an address from; write it "
        "in words or remove it",
        "content/articles/2023/a.md:7: tags: item 3 '!!!' has no letters or digits to make an address from; write it "
        "in words or remove it",
    )


def test_an_emoji_official_is_an_unknown_name(tmp_path: Path) -> None:
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", officials="[🎉]")},
        "content/articles/2023/a.md:7: officials: unknown official '🎉' (expected a name from content/data/officials.yaml)",
    )


# --- 4. tags written differently ------------------------------------------------------------


def test_a_tag_without_its_marks_is_reported_against_the_marked_spelling(tmp_path: Path) -> None:
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article("Bài A", tags="[Cải cách]"), "articles/2023/b.md": article("Bài B", tags="[cai cach]"),
         "articles/2023/c.md": article("Bài C", tags="[cai cach]")},
        "content/articles/2023/b.md:7: tags: 'cai cach' would share the page tu-khoa/cai-cach/ with 'Cải cách' "
        "(content/articles/2023/a.md): write 'Cải cách' if it is the same keyword, otherwise reword it",
        "content/articles/2023/c.md:7: tags: 'cai cach' would share the page tu-khoa/cai-cach/ with 'Cải cách' "
        "(content/articles/2023/a.md): write 'Cải cách' if it is the same keyword, otherwise reword it",
    )


def test_two_words_with_one_address_are_reported_on_the_less_used_one(tmp_path: Path) -> None:
    assert_reported(
        tmp_path,
        {"articles/2023/a.md": article("Bài A", tags="[thuế]"), "articles/2023/b.md": article("Bài B", tags="[thuế]"),
         "articles/2023/c.md": article("Bài C", tags="[thuê]")},
        "content/articles/2023/c.md:7: tags: 'thuê' would share the page tu-khoa/thue/ with 'thuế' "
        "(content/articles/2023/a.md and 1 more): write 'thuế' if it is the same keyword, otherwise reword it",
    )


def test_two_long_tags_alike_in_their_first_words_are_reported(tmp_path: Path) -> None:
    first = " ".join(["cải cách hành chính"] * 9) + " một"
    second = " ".join(["cải cách hành chính"] * 9) + " hai"
    slug = slugify(first)
    assert slug == slugify(second) and len(slug) <= SLUG_MAX
    shown = f"'{first[:57]}…'"
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", tags=f"[{first}]"), "articles/2023/b.md": article("Bài B", tags=f"[{second}]")},
        f"content/articles/2023/a.md:7: tags: {shown} would share the page tu-khoa/{slug}/ with {shown} "
        f"(content/articles/2023/b.md): addresses keep the first {SLUG_MAX} characters of a name; shorten one of them",
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
    assert (status, lines[0]) == (1, "content/articles/2023/b.md:7: tags: 'cai cach' would share the page "
                                     "tu-khoa/cai-cach/ with 'Cải cách' (content/articles/2023/a.md): write 'Cải cách' "
                                     "if it is the same keyword, otherwise reword it")
    assert check(content, [str(content / "articles/2023/a.md")])[0] == 0
