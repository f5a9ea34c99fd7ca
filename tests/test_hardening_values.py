"""Hostile values (issue 11): YAML anchors and aliases, control characters, dates at the
edges, huge numbers and values, and plain text that must not become markup in feeds.

Each bad input gives one exact line, `path:line: field: problem`, from the build (which
then fails without publishing) and the same line from `make check`.
"""

from __future__ import annotations

import html
import subprocess
import sys
import textwrap
import time
import xml.dom.minidom
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from types import SimpleNamespace

import feedparser
import pytest

from portal_reader.controls import XML_INVALID_RE
from portal_site.feeds import render_feed, rss_html, rss_text
from portal_site.redirects import dump_history, load_history

from .conftest import CATEGORIES, REGISTRIES, ROOT, article, build
from .test_check import check
from .test_publishing import build_problems

BAI = "content/articles/2023/bai.md"
PUBLISH_NOW = {"PORTAL_NOW": "2101-06-01T00:00:00+07:00"}


def refused(site, files: dict[str, str], **registries: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The problems of a build that must fail and the lines `make check` prints (summary left out)."""
    content, output = site(files)
    for name, text in registries.items():
        (content / "data" / name).write_text(text, encoding="utf-8")
    built = build_problems(content, output)
    assert not output.exists(), "a failed build published something"
    status, lines = check(content)
    assert status == 1
    return built, lines[:-1]


def assert_refused(site, files: dict[str, str], expected: list[str], **registries: str) -> None:  # type: ignore[no-untyped-def]
    built, checked = refused(site, files, **registries)
    assert built == expected
    assert checked == expected


# --- YAML anchors and aliases ------------------------------------------------------------

ALIAS_MESSAGE = (
    "không được dùng neo và bí danh của YAML (& và * ở đầu giá trị): hãy viết đầy đủ giá trị, "
    "hoặc đặt giá trị trong ngoặc kép"
)
# 9 levels of 9 aliases: 700 bytes that expand to 9^9 (387 million) strings.
ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
)


def test_a_self_referencing_alias_in_tags_is_refused_at_its_line(site) -> None:  # type: ignore[no-untyped-def]
    assert_refused(site, {"articles/2023/bai.md": article(tags="&a [x, *a]")}, [f"{BAI}:7: {ALIAS_MESSAGE}"])


def test_an_anchor_alone_is_refused_too(site) -> None:  # type: ignore[no-untyped-def]
    assert_refused(site, {"articles/2023/bai.md": article(author="&tac-gia Quốc Dũng")}, [f"{BAI}:6: {ALIAS_MESSAGE}"])


def test_stars_and_ampersands_inside_text_are_not_aliases(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2023/bai.md": article("Đầu tư & Phát triển *mới*", summary="A & B * C")})
    build(content, output)
    assert "Đầu tư &amp; Phát triển *mới*" in (output / "2023/06/dau-tu-phat-trien-moi.html").read_text(encoding="utf-8")


def test_an_alias_in_the_category_registry_is_refused_at_its_line(site) -> None:  # type: ignore[no-untyped-def]
    categories = CATEGORIES + "- &goc\n  key: goc\n  name: Gốc\n- *goc\n"
    line = CATEGORIES.count("\n") + 1
    assert_refused(
        site, {"articles/2023/bai.md": article()},
        [  # an unreadable registry has no categories at all
            f"{BAI}:4: category: không có chuyên mục này (đang ghi 'tin-tong-hop', cần một khóa trong danh bạ "
            "content/data/categories.yaml)",
            f"content/data/categories.yaml:{line}: {ALIAS_MESSAGE}",
        ],
        **{"categories.yaml": categories},
    )


def test_an_alias_in_a_taxonomy_registry_is_refused_at_its_line(site) -> None:  # type: ignore[no-untyped-def]
    officials = REGISTRIES["officials.yaml"] + "\n- key: mot\n  name: Một\n  positions: &p []\n"
    line = officials.count("\n")
    assert_refused(
        site, {"articles/2023/bai.md": article()},
        [f"content/data/officials.yaml:{line}: {ALIAS_MESSAGE}"],
        **{"officials.yaml": officials},
    )


def test_an_alias_in_the_url_history_is_refused_at_its_line(site) -> None:  # type: ignore[no-untyped-def]
    history = "articles/2023/bai.md: &cu [/2023/06/cu.html]\narticles/2023/khac.md: *cu\n"
    assert_refused(
        site, {"articles/2023/bai.md": article()},
        [f"content/data/url-history.yaml:1: {ALIAS_MESSAGE}"],
        **{"url-history.yaml": history},
    )


def test_values_nested_fifty_levels_deep_are_refused_without_a_recursion_error(site) -> None:  # type: ignore[no-untyped-def]
    deep = "[" * 60 + "]" * 60
    assert_refused(
        site, {"articles/2023/bai.md": article(tags=deep)},
        [f"{BAI}:7: tags: lồng nhau quá 50 cấp; hãy viết giá trị đơn giản hơn"],
    )


BOMB_SCRIPT = textwrap.dedent(
    """
    import resource, subprocess, sys, time
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GB, inherited by the commands
    root, content = Path(sys.argv[1]), sys.argv[2]
    python = sys.executable
    commands = {
        "build": [python, "-c", "import sys; sys.path[:0] = [sys.argv[1]]; "
                  "from tests.conftest import build; build(*map(__import__('pathlib').Path, sys.argv[2:]))",
                  str(root), content, content + "/../output"],
        "check": [python, str(root / "plugins/portal_check"), "--content", content, "check", "--no-cache"],
        # what the pre-commit hook runs: the check of the staged files
        "hook": [python, str(root / "plugins/portal_check"), "--content", content, "check", "--no-cache",
                 content + "/articles/2023/bai.md"],
    }
    for name, command in commands.items():
        start = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        print(name, done.returncode, round(time.monotonic() - start, 1), repr(done.stderr + done.stdout))
    """
)


def test_a_700_byte_alias_bomb_is_refused_quickly_in_1_gb_by_build_check_and_hook(site) -> None:  # type: ignore[no-untyped-def]
    assert len(ALIAS_BOMB) < 700
    content, _output = site({"articles/2023/bai.md": article(body="Nội dung.\n").replace("---\n", "---\n" + ALIAS_BOMB + "\n", 1)})
    done = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(ROOT), str(content)], capture_output=True, text=True, timeout=400, cwd=content.parent
    )
    assert done.returncode == 0, done.stderr
    results = {line.split()[0]: line.split(maxsplit=3)[1:] for line in done.stdout.splitlines()}
    assert set(results) == {"build", "check", "hook"}
    for name, (status, seconds, output) in results.items():
        assert status == "1", (name, output)
        assert f"bai.md:2: {ALIAS_MESSAGE}" in output, (name, output)
        assert "Traceback" not in output and "MemoryError" not in output, (name, output)
        assert float(seconds) < 60, (name, seconds)


# --- control characters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\x0b", "U+000B (tab dọc: dấu xuống dòng của Word)"),
        ("\x0c", "U+000C (form feed: dấu ngắt trang của Word)"),
        ("\x00", "U+0000 (NUL, ký tự rỗng)"),
        ("\x1b", "U+001B (escape)"),
        ("\x85", "U+0085 (next line, ký tự xuống dòng)"),
        ("\x9f", "U+009F (ký tự điều khiển)"),
        ("\u2028", "U+2028 (line separator, ký tự ngăn dòng)"),
        ("\uffff", "U+FFFF (không phải ký tự)"),
    ],
)
def test_a_control_character_in_a_title_is_refused_with_its_line_and_column(site, char: str, described: str) -> None:  # type: ignore[no-untyped-def]
    assert_refused(
        site, {"articles/2023/bai.md": article(f"Cải cách{char}hành chính")},
        [f"{BAI}:2: title: có ký tự điều khiển vô hình {described} ở cột 16: hãy xóa ký tự này"],
    )


def test_control_characters_in_several_fields_are_each_reported_with_the_innermost_field(site) -> None:  # type: ignore[no-untyped-def]
    text = article(tags="[một cửa, dịch\x0bvụ]", image="{src: ../../images/a.jpg, alt: Ảnh\x00}", summary="Sa-pô\x0b\x0b.")
    assert_refused(site, {"articles/2023/bai.md": text}, [
        f"{BAI}:5: summary: có 2 ký tự điều khiển vô hình, ký tự đầu tiên là U+000B (tab dọc: dấu xuống dòng của Word) "
        "ở cột 15: hãy xóa các ký tự này",
        f"{BAI}:7: tags[1]: có ký tự điều khiển vô hình U+000B (tab dọc: dấu xuống dòng của Word) ở cột 21: hãy xóa ký tự này",
        f"{BAI}:8: image.alt: có ký tự điều khiển vô hình U+0000 (NUL, ký tự rỗng) ở cột 42: hãy xóa ký tự này",
    ])


def test_a_control_character_written_as_a_yaml_escape_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    assert_refused(
        site, {"articles/2023/bai.md": article('"Cải cách\\vhành chính"')},
        [f"{BAI}:2: title: có ký tự điều khiển vô hình U+000B (tab dọc: dấu xuống dòng của Word): hãy xóa ký tự này"],
    )


def test_a_control_character_in_a_registry_value_is_refused_with_its_field(site) -> None:  # type: ignore[no-untyped-def]
    categories = CATEGORIES.replace("name: Tin tức - Sự kiện", "name: Tin tức\x0b- Sự kiện", 1)
    line = CATEGORIES[: CATEGORIES.index("name: Tin tức - Sự kiện")].count("\n") + 1
    assert_refused(site, {"articles/2023/bai.md": article()}, [
        f"{BAI}:4: category: không có chuyên mục này (đang ghi 'tin-tong-hop', cần một khóa trong danh bạ "
        "content/data/categories.yaml)",
        f"content/data/categories.yaml:{line}: name: có ký tự điều khiển vô hình U+000B (tab dọc: dấu xuống dòng của Word) "
        "ở cột 16: hãy xóa ký tự này",
    ], **{"categories.yaml": categories})


def test_a_control_character_in_the_body_is_refused_with_its_line(site) -> None:  # type: ignore[no-untyped-def]
    body = "Đoạn một.\n\nDòng một\x0bdòng hai.\n"
    assert_refused(
        site, {"articles/2023/bai.md": article(body=body)},
        [f"{BAI}:10: body: có ký tự điều khiển vô hình U+000B (tab dọc: dấu xuống dòng của Word) ở cột 9: hãy xóa ký tự này"],
    )


def test_a_file_full_of_control_characters_reports_ten_lines(site) -> None:  # type: ignore[no-untyped-def]
    built, checked = refused(site, {"articles/2023/bai.md": article(body="\x00\n" * 10_000)})
    assert len(built) == len(checked) == 10
    assert built[0] == f"{BAI}:8: body: có ký tự điều khiển vô hình U+0000 (NUL, ký tự rỗng) ở cột 1: hãy xóa ký tự này"


def fake_article(title: str, summary: str, body: str = "<p>Nội dung.</p>") -> SimpleNamespace:
    date = datetime.fromisoformat("2023-06-19T09:00:00+07:00")
    return SimpleNamespace(
        title=title, summary_text=summary, url="2023/06/bai.html", author="Quốc Dũng", date=date, updated=None,
        category=SimpleNamespace(name="Tin tổng hợp"), tags=["một cửa"], get_content=lambda _site_url: body,
    )


def test_the_feed_writer_never_emits_characters_xml_cannot_carry() -> None:
    controls = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
    item = fake_article(f"Tiêu đề{controls}", f"Sa-pô{controls}", f"<p>Nội dung{controls}</p>")
    for kind in ("rss", "atom"):
        feed = render_feed(
            kind, title=f"Cổng{controls}", site_url="https://cchc.example.vn", page_url="", feed_url=f"{kind}.xml",
            description=f"Mô tả{controls}", articles=[item], max_items=10, fallback_date=item.date,
        )
        assert XML_INVALID_RE.search(feed) is None
        xml.dom.minidom.parseString(feed.encode("utf-8"))  # a strict parser: raises on any invalid character
        assert "Tiêu đề" in feed and "Sa-pô" in feed and ("Nội dung" in feed or kind == "rss")


def test_every_feed_of_a_site_with_hostile_text_parses_as_strict_xml(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2023/bai.md": article("A & B < C > D ]]> \"E\"", summary="<![CDATA[ x ]]> &amp; &#0; ' \"")})
    build(content, output)
    feeds = sorted(output.rglob("*.xml"))
    assert len(feeds) > 10
    for path in feeds:
        ElementTree.parse(path)  # raises on anything that is not well-formed XML


# --- dates and numbers at the edges --------------------------------------------------------

DATE_EXPECTED = "cần năm-tháng-ngày, ví dụ 2023-06-19 hoặc 2023-06-19 09:00"
FIVE_THOUSAND_DIGITS = "9" * 5000


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"date": "9999-12-31 23:00 -12:00"},
         "3: date: năm nằm ngoài khoảng cho phép (đang ghi '9999-12-31 23:00 -12:00', cần năm từ 1900 đến 2100)"),
        ({"date": "0001-01-01 00:00 +14:00"},
         "3: date: năm nằm ngoài khoảng cho phép (đang ghi '0001-01-01 00:00 +14:00', cần năm từ 1900 đến 2100)"),
        ({"date": "1899-12-31 23:59"},
         "3: date: năm nằm ngoài khoảng cho phép (đang ghi '1899-12-31 23:59', cần năm từ 1900 đến 2100)"),
        ({"updated": "2101-01-01"},
         "7: updated: năm nằm ngoài khoảng cho phép (đang ghi '2101-01-01', cần năm từ 1900 đến 2100)"),
        ({"date": "2023-06-19 09:00 +99:99"},
         "3: date: múi giờ không hợp lệ (đang ghi '2023-06-19 09:00 +99:99', cần độ lệch từ -12:00 đến +14:00, "
         "ví dụ +07:00, hoặc không ghi múi giờ để dùng giờ Việt Nam)"),
        ({"date": "2023-06-19 09:00 -13:00"},
         "3: date: múi giờ không hợp lệ (đang ghi '2023-06-19 09:00 -13:00', cần độ lệch từ -12:00 đến +14:00, "
         "ví dụ +07:00, hoặc không ghi múi giờ để dùng giờ Việt Nam)"),
        ({"date": FIVE_THOUSAND_DIGITS}, f"3: date: không phải ngày tháng (đang ghi một số có 5.000 chữ số, {DATE_EXPECTED})"),
        ({"date": f'"{FIVE_THOUSAND_DIGITS}"'},
         f"3: date: ngày chưa đúng dạng năm-tháng-ngày (đang ghi '{'9' * 57}…', {DATE_EXPECTED})"),
        ({"author": FIVE_THOUSAND_DIGITS},
         "6: author: sai kiểu giá trị (đang ghi một số có 5.000 chữ số, cần tên tác giả)"),
        ({"tags": f"[{FIVE_THOUSAND_DIGITS}]"},
         "7: tags: mục 1 sai kiểu giá trị (đang ghi một số có 5.000 chữ số, cần thẻ (từ khóa))"),
        ({"author": "0x" + "f" * 5000}, "6: author: sai kiểu giá trị (đang ghi một số có 5.002 chữ số, cần tên tác giả)"),
    ],
    ids=["9999 -12:00", "0001 +14:00", "1899", "updated 2101", "+99:99", "-13:00", "5000-digit number",
         "5000-digit text", "5000-digit author", "5000-digit tag", "5000-digit hex"],
)
def test_dates_and_numbers_at_the_edges_get_a_plain_message_with_the_expected_form(site, fields, expected) -> None:  # type: ignore[no-untyped-def]
    assert_refused(site, {"articles/2023/bai.md": article(**fields)}, [f"{BAI}:{expected}"])


def test_the_first_and_last_years_build_into_feeds_sitemap_and_archives(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({
        "articles/1900/dau.md": article("Bài đầu", date="1900-01-01 00:00 +14:00"),
        "articles/2100/cuoi.md": article("Bài cuối", date="2100-12-31 23:59 -12:00"),
    })
    build(content, output, **PUBLISH_NOW)
    assert (output / "1899/12/bai-dau.html").is_file()  # 00:00 at +14:00 is the evening before in Vietnam
    assert (output / "2101/01/bai-cuoi.html").is_file()
    assert (output / "luu-tru/1899/index.html").is_file() and (output / "luu-tru/2101/01/index.html").is_file()
    rss = feedparser.parse((output / "rss.xml").read_bytes())
    assert [e.published for e in rss.entries] == ["Sat, 01 Jan 2101 18:59:00 +0700", "Sun, 31 Dec 1899 17:00:00 +0700"]
    for name in ("atom.xml", "sitemap.xml"):
        ElementTree.parse(output / name)
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2101-01-01T18:59:00+07:00</lastmod>" in sitemap and "<lastmod>1899-12-31T17:00:00+07:00</lastmod>" in sitemap


def test_a_registry_date_out_of_range_is_a_problem_not_a_traceback(site) -> None:  # type: ignore[no-untyped-def]
    officials = REGISTRIES["officials.yaml"] + (
        "\n- key: mot\n  name: Một\n  positions:\n    - {title: Cán bộ, organisation: Bộ, from: 1800}\n"
        f"    - {{title: Cán bộ, organisation: Bộ, from: 2020-13, to: {FIVE_THOUSAND_DIGITS}}}\n"
    )
    line = officials.count("\n") - 1
    assert_refused(site, {"articles/2023/bai.md": article()}, [
        f"content/data/officials.yaml:{line}: positions[0].from: năm nằm ngoài khoảng cho phép (đang ghi 1800, cần năm từ 1900 đến 2100)",
        f"content/data/officials.yaml:{line + 1}: positions[1].from: không phải ngày có thật (đang ghi '2020-13': tháng phải từ 1 đến 12)",
        f"content/data/officials.yaml:{line + 1}: positions[1].to: không phải ngày tháng (đang ghi một số có 5.000 chữ số, "
        "cần năm-tháng-ngày, ví dụ 2021, 2021-04, 2023-06-19 09:00)",
    ], **{"officials.yaml": officials})


# --- plain text in feeds -------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)> Tom & Jerry <b>đậm</b> &lt;i&gt;"
# RSS titles escape "&" once (see feeds.rss_text): a reader that takes them for HTML shows the
# literal text "&lt;i&gt;" as "<i>" - as text, never as a tag - so titles are tested without it.
HOSTILE_TITLE = HOSTILE.removesuffix(" &lt;i&gt;")


def reads_as_text(detail: dict[str, str], value: str, original: str) -> bool:
    """What a feed reader shows is the original text, and no tag can come out of it."""
    if detail["type"] == "text/plain":
        return value == original
    return "<" not in value and html.unescape(value) == original


def test_plain_text_reaches_rss_and_atom_as_text_no_feed_reader_turns_into_markup(site) -> None:  # type: ignore[no-untyped-def]
    categories = CATEGORIES.replace(
        "description: Tin tổng hợp về cải cách hành chính từ các bộ, ngành và địa phương.",
        f"description: \"{HOSTILE}\"", 1,
    )
    content, output = site({"articles/2023/bai.md": article(
        f'"{HOSTILE_TITLE}"', summary=f'"{HOSTILE}"', author=f'"{HOSTILE_TITLE}"', tags='["<script>x</script>"]',
    )})
    (content / "data" / "categories.yaml").write_text(categories, encoding="utf-8")
    build(content, output)
    raw = (output / "rss.xml").read_text(encoding="utf-8")
    assert "<description>&amp;lt;img src=x onerror=alert(1)&amp;gt; Tom &amp;amp; Jerry" in raw
    assert "<title>&amp;lt;img src=x onerror=alert(1)&amp;gt; Tom &amp; Jerry" in raw
    for name in ("rss.xml", "atom.xml", "chuyen-muc/tin-tong-hop/rss.xml", "chuyen-muc/tin-tong-hop/atom.xml",
                 "tu-khoa/script-x-script/rss.xml", "tu-khoa/script-x-script/atom.xml"):
        parsed = feedparser.parse((output / name).read_bytes())
        assert not parsed.bozo, (name, parsed.bozo_exception)
        entry = parsed.entries[0]
        assert reads_as_text(entry.title_detail, entry.title, HOSTILE_TITLE), (name, entry.title)
        assert reads_as_text(entry.summary_detail, entry.summary, HOSTILE), (name, entry.summary)
        # RSS has no types for these: HTML-escaped so that no reader sees a tag; Atom's are text.
        untyped = {"type": "text/html" if name.endswith("rss.xml") else "text/plain"}
        assert reads_as_text(untyped, entry.author, HOSTILE_TITLE), (name, entry.author)
        for tag, original in zip(entry.tags, ["Tin tổng hợp", "<script>x</script>"], strict=True):
            assert reads_as_text(untyped, tag.term, original), (name, tag.term)
        if name.startswith("chuyen-muc"):
            assert reads_as_text(parsed.feed.subtitle_detail, parsed.feed.subtitle, HOSTILE), (name, parsed.feed.subtitle)
        if name.endswith("atom.xml"):  # Atom says "text": escaped once, read as text
            assert entry.title_detail.type == entry.summary_detail.type == "text/plain"
            assert (entry.title, entry.summary) == (HOSTILE_TITLE, HOSTILE)


def test_rss_escapes_plain_text_for_html_then_for_xml() -> None:
    assert rss_html("a < b & c") == "a &amp;lt; b &amp;amp; c"
    assert rss_text("a < b & c") == "a &amp;lt; b &amp; c"
    assert rss_text("Cải cách hành chính") == "Cải cách hành chính"


# --- huge values -----------------------------------------------------------------------------


def test_five_megabyte_values_give_short_messages_quickly(site) -> None:  # type: ignore[no-untyped-def]
    huge = "Cải cách hành chính " * 250_000  # 5.3 MB of UTF-8
    files = {
        "articles/2023/bai.md": article(f'"{huge}"', category=f'"{huge}"', date=f'"{huge}"', slug=f'"{huge}"'),
        "articles/2023/khac.md": article(officials=f'["{huge}"]'),
    }
    start = time.monotonic()
    built, checked = refused(site, files)
    assert time.monotonic() - start < 60
    shown = "Cải cách hành chính Cải cách hành chính Cải cách hành chính"
    assert built == checked == [
        f"{BAI}:2: title: quá dài (đang ghi 4.999.999 ký tự, cần tối đa 500 ký tự cho một tiêu đề; phần còn lại "
        "đưa vào 'summary' hoặc thân bài)",
        f"{BAI}:3: date: ngày chưa đúng dạng năm-tháng-ngày (đang ghi '{shown[:57]}…', {DATE_EXPECTED})",
        f"{BAI}:4: category: không có chuyên mục này (đang ghi '{shown[:57]}…', cần một khóa trong danh bạ "
        "content/data/categories.yaml)",
        f"{BAI}:7: slug: không phải đường dẫn hợp lệ (đang ghi '{shown[:57]}…', cần chữ thường a-z không dấu, chữ số "
        f"và dấu gạch ngang). Có phải ý bạn là '{'cai-cach-hanh-chinh-' * 7}cai-cach'?",  # cut at a word to 150 characters
        f"content/articles/2023/khac.md:7: officials: '{shown[:57]}…' không có trong danh bạ cán bộ "
        "(content/data/officials.yaml)",
    ]


def test_a_five_megabyte_field_name_gives_a_short_message(site) -> None:  # type: ignore[no-untyped-def]
    text = article().replace("---\n", "---\n" + "x" * 5_000_000 + ": 1\n", 1)
    assert_refused(site, {"articles/2023/bai.md": text}, [
        f"{BAI}:2: lỗi cú pháp YAML ở cột 5.000.001: dấu hai chấm ': ' đặt sai chỗ: mỗi trường là 'tên: giá trị' "
        "trên một dòng riêng; nếu giá trị có ': ' thì đặt cả giá trị trong ngoặc kép"
    ])


def test_a_five_megabyte_title_with_a_control_character_gives_one_short_message(site) -> None:  # type: ignore[no-untyped-def]
    huge = "Cải cách hành chính " * 250_000
    start = time.monotonic()
    assert_refused(site, {"articles/2023/bai.md": article(f"{huge}\x0b")}, [
        f"{BAI}:2: title: có ký tự điều khiển vô hình U+000B (tab dọc: dấu xuống dòng của Word) ở cột 5.000.008: "
        "hãy xóa ký tự này"
    ])
    assert time.monotonic() - start < 60


def test_a_portal_now_past_the_last_representable_day_is_a_problem_not_an_overflow(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2023/bai.md": article()})
    assert build_problems(content, output, PORTAL_NOW="9999-12-31T23:00:00-12:00") == [
        "PORTAL_NOW: PORTAL_NOW is out of range (got '9999-12-31T23:00:00-12:00', expected a date such as "
        "2026-11-27T08:00:00+07:00)"
    ]


def test_make_urls_never_writes_an_alias_its_own_reader_would_refuse(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shared = ["/2023/06/bai.html"]
    text = dump_history({"articles/2023/a.md": shared, "articles/2023/b.md": shared})
    assert "&" not in text and "*" not in text
    (tmp_path / "url-history.yaml").write_text(text, encoding="utf-8")
    history, problems = load_history(str(tmp_path / "url-history.yaml"))
    assert problems == [] and history.addresses("articles/2023/b.md") == shared


# --- found after the first round: spoofing, operator input, unbounded echoes ---------------


def test_a_right_to_left_override_in_a_title_is_refused_like_a_control_character(site) -> None:  # type: ignore[no-untyped-def]
    # "Trojan Source": U+202E shows 'Quyết định lmth.exe' as 'Quyết định exe.html'.
    assert_refused(site, {"articles/2023/bai.md": article("Quyết định \u202elmth.exe")}, [
        f"{BAI}:2: title: có ký tự điều khiển vô hình U+202E (right-to-left override, ký tự đảo chiều chữ) ở cột 19: "
        "hãy xóa ký tự này"
    ])


def test_a_bidirectional_isolate_in_a_tag_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    assert_refused(site, {"articles/2023/bai.md": article(tags="[\"cải \u2067cách\"]")}, [
        f"{BAI}:7: tags[0]: có ký tự điều khiển vô hình U+2067 (ký tự điều khiển chiều chữ) ở cột 13: hãy xóa ký tự này"
    ])


def test_a_tag_longer_than_a_headline_is_refused_with_its_length(site) -> None:  # type: ignore[no-untyped-def]
    long_tag = "cải cách " * 100
    assert_refused(site, {"articles/2023/bai.md": article(tags=f'["{long_tag}"]')}, [
        f"{BAI}:7: tags: mục 1 '{'cải cách ' * 6}cải…' quá dài (899 ký tự, cần tối đa 500 ký tự cho một từ khóa); "
        "hãy rút ngắn"
    ])


def test_a_repeated_huge_tag_is_echoed_at_most_sixty_characters(site) -> None:  # type: ignore[no-untyped-def]
    huge = "x" * 400
    assert_refused(site, {"articles/2023/bai.md": article(tags=f"[{huge}, {huge}]")}, [
        f"{BAI}:7: tags: mục 2 lặp lại '{'x' * 57}…'; chỉ ghi một lần"
    ])


@pytest.mark.parametrize("epoch", ["9" * 30, "１２３", "-5", "1e9"])
def test_a_malformed_source_date_epoch_is_ignored_not_an_overflow(site, monkeypatch, epoch: str) -> None:  # type: ignore[no-untyped-def]
    from portal_site.feeds import fallback_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert fallback_date([]).year == 2015  # the fixed fallback, as without the variable
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert fallback_date([]).isoformat() == "2023-11-15T05:13:20+07:00"
