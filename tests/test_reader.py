"""What the reader makes of valid articles: normalisation, dates, slugs, fields."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from portal_diagnostics import BuildFailed
from portal_reader.schema import parse_datetime
from portal_reader.source import read_source

from .conftest import article, build

VN = timezone(timedelta(hours=7))


def read(tmp_path: Path, text: str, files: frozenset[str] = frozenset()) -> object:
    path = tmp_path / "bai.md"
    path.write_text(text, encoding="utf-8")
    return read_source(str(path), "articles/2023/bai.md", files, is_page=False)


def test_decomposed_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    text = unicodedata.normalize("NFD", article("Thừa Thiên Huế cải cách", body="Đoạn văn Thừa Thiên Huế."))
    result = read(tmp_path, text)
    assert result.ok, result.problems
    assert result.fields["title"] == unicodedata.normalize("NFC", "Thừa Thiên Huế cải cách")
    assert unicodedata.is_normalized("NFC", result.html)
    assert "Thừa Thiên Huế" in result.html


def test_slug_comes_from_the_title_unless_given(tmp_path: Path) -> None:
    assert read(tmp_path, article("Đồng Nai đổi mới")).fields["slug"] == "dong-nai-doi-moi"
    assert read(tmp_path, article("Đồng Nai đổi mới", slug="dong-nai")).fields["slug"] == "dong-nai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06-19", datetime(2023, 6, 19, 0, 0, tzinfo=VN)),
        ("2023-06-19 09:00", datetime(2023, 6, 19, 9, 0, tzinfo=VN)),
        ("2023-06-19T09:00:30", datetime(2023, 6, 19, 9, 0, 30, tzinfo=VN)),
        ("2023-06-19T02:00:00Z", datetime(2023, 6, 19, 9, 0, tzinfo=VN)),
        ("2023-06-19T09:00:00+07:00", datetime(2023, 6, 19, 9, 0, tzinfo=VN)),
    ],
)
def test_dates_default_to_midnight_and_vietnam_time(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("2026-12-02 16h17", "2026-12-02 16:17"),
        ("ngày 2 tháng 12 năm 2026", "2026-12-02"),
        ("Ngày 02 tháng 12 năm 2026, 16 giờ 17", "2026-12-02 16:17"),
        ("ngày 2 tháng 12 năm 2026 lúc 8:30", "2026-12-02 08:30"),
        ("2/12/2026 8:00", "2026-12-02 08:00"),
        ("02/12/2026", "2026-12-02"),
        ("02.12.2026 16h", "2026-12-02 16:00"),
        ("2026-12-2", "2026-12-02"),
        ("31/2/2026", None),  # no such day: no suggestion
        ("2/12/2026 25:00", None),
    ],
)
def test_dates_written_as_editors_write_them_get_the_iso_form_suggested(text: str, suggestion: str | None) -> None:
    with pytest.raises(ValueError) as failure:
        parse_datetime(text)
    message = str(failure.value)
    assert message.startswith(
        f"ngày chưa đúng dạng năm-tháng-ngày (đang ghi '{text}', cần năm-tháng-ngày, ví dụ 2023-06-19 hoặc "
        "2023-06-19 09:00)"
    )
    if suggestion:
        assert message.endswith(f". Có phải ý bạn là '{suggestion}'?")
    else:
        assert "Có phải ý bạn là" not in message


def test_summary_is_plain_text_and_escaped_for_html(tmp_path: Path) -> None:
    result = read(tmp_path, article(summary="'Chỉ số <PAR INDEX> & SIPAS'"))
    assert result.fields["summary_text"] == "Chỉ số <PAR INDEX> & SIPAS"


def test_two_articles_with_the_same_url_are_an_error_naming_both(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site(
        {
            "articles/2023/mot.md": article("Cùng một tiêu đề"),
            "articles/2023/hai.md": article("Cùng một tiêu đề"),
        }
    )
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    assert [str(p) for p in failure.value.problems] == [
        "content/articles/2023/mot.md:2: slug: trùng địa chỉ '2023/06/cung-mot-tieu-de.html' với "
        "content/articles/2023/hai.md: hãy đổi tiêu đề của một trong hai, hoặc ghi 'slug:' khác"
    ]


def test_problems_in_several_files_are_all_reported_once(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site(
        {
            "articles/2023/a.md": article(date="hôm qua"),
            "articles/2023/b.md": article("Bài B", category="khong-co"),
            "articles/2023/c.md": article("Bài C"),
        }
    )
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    assert [(p.path, p.line, p.field) for p in failure.value.problems] == [
        ("content/articles/2023/a.md", 3, "date"),
        ("content/articles/2023/b.md", 4, "category"),
    ]


def test_category_registry_errors_name_their_line(site) -> None:  # type: ignore[no-untyped-def]
    registry = "- key: tin-tuc\n  name: Tin tức\n- key: Tin Tức\n  name: Trùng\n- key: tin-tuc\n  name: Lại trùng\n"
    content, output = site({"articles/2023/a.md": article(category="tin-tuc")}, categories=registry)
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    assert [str(p) for p in failure.value.problems] == [
        "content/data/categories.yaml:3: key: khóa không hợp lệ (đang ghi 'Tin Tức', cần chữ thường a-z không dấu, "
        "chữ số và dấu gạch ngang). Có phải ý bạn là 'tin-tuc'?",
        "content/data/categories.yaml:5: key: khóa 'tin-tuc' bị trùng: mỗi chuyên mục cần một khóa riêng",
    ]
