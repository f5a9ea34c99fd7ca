"""Vietnamese text helpers: folding, slugs, suggestions and date display."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone

from vietnamese import fold, iso8601, slugify, suggest, vi_date, vi_datetime, vi_month_year

VN = timezone(timedelta(hours=7))


def test_slug_strips_tones_and_maps_d_stroke() -> None:
    assert slugify("Đồng Nai đổi mới") == "dong-nai-doi-moi"


def test_slug_of_a_full_headline() -> None:
    title = "Thứ trưởng Bộ Nội vụ Nguyễn Trọng Thừa: Nâng cao trách nhiệm người đứng đầu"
    assert slugify(title) == "thu-truong-bo-noi-vu-nguyen-trong-thua-nang-cao-trach-nhiem-nguoi-dung-dau"


def test_slug_of_decomposed_text_equals_slug_of_composed_text() -> None:
    composed = "Thừa Thiên Huế"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert slugify(decomposed) == slugify(composed) == "thua-thien-hue"


def test_fold_ignores_case_and_tone_placement() -> None:
    assert fold("Thanh Hoá") == fold("thanh hóa") == "thanh hoa"
    assert fold("Hoà Bình") == fold("Hòa Bình")
    assert fold("ĐƯỜNG") == "duong"


def test_suggest_finds_the_nearest_name_ignoring_diacritics() -> None:
    assert suggest("Gia Lia", ["Gia Lai", "Lào Cai", "Hà Giang"]) == ["Gia Lai"]


def test_date_display_is_vietnamese_without_locale() -> None:
    monday = datetime(2023, 6, 19, 9, 0, tzinfo=VN)
    assert vi_datetime(monday) == "Thứ Hai, 19/06/2023 09:00"
    assert vi_datetime(monday + timedelta(days=6)) == "Chủ Nhật, 25/06/2023 09:00"
    assert vi_date(monday) == "19/06/2023"
    assert vi_month_year(monday) == "Tháng 6/2023"
    assert iso8601(monday) == "2023-06-19T09:00:00+07:00"


def test_old_and_modern_tone_placement_match() -> None:
    from vietnamese.text import match_key, modern_tone_placement

    assert modern_tone_placement("Hoà Bình") == "Hòa Bình"
    assert modern_tone_placement("Thuỷ") == "Thủy"
    assert modern_tone_placement("quý") == "quý"  # qu + vowel: both styles agree
    assert modern_tone_placement("Huỳnh") == "Huỳnh"  # tone not on a final oa/oe/uy
    assert match_key("Thanh Hoá") == match_key("THANH HÓA")
    assert match_key("Nguyen Trong Thua") != match_key("Nguyễn Trọng Thừa")


def test_vietnamese_alphabetical_order() -> None:
    from vietnamese.collation import sort_key

    names = ["Đà Nẵng", "Bắc Ninh", "An Giang", "Âu Cơ", "Ăn Uống", "Yên Bái", "Điện Biên", "Cà Mau"]
    assert sorted(names, key=sort_key) == [
        "An Giang", "Ăn Uống", "Âu Cơ", "Bắc Ninh", "Cà Mau", "Đà Nẵng", "Điện Biên", "Yên Bái",
    ]
    # Tones are secondary, in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["má", "mạ", "mà", "ma", "mả", "mã"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_people_sort_by_given_name() -> None:
    from vietnamese.collation import given_name_key

    people = ["Trần Thị Bình", "Nguyễn Trọng Thừa", "Đỗ Văn Ánh", "Lê Văn Bình", "Nguyễn Văn An"]
    assert sorted(people, key=given_name_key) == [
        "Nguyễn Văn An", "Đỗ Văn Ánh", "Lê Văn Bình", "Trần Thị Bình", "Nguyễn Trọng Thừa",
    ]


# --- legacy encodings and tone placement (make check's text hygiene) ---------------------------

import pytest  # noqa: E402

from vietnamese.legacy import find_garbled  # noqa: E402
from vietnamese.text import modern_tone_placement, old_tone_placement  # noqa: E402


@pytest.mark.parametrize(
    ("text", "encoding", "words"),
    [
        ("TiÕng ViÖt", "TCVN3 (ABC)", ("TiÕng", "ViÖt")),
        ("§iÒu chØnh thñ tôc", "TCVN3 (ABC)", ("§iÒu", "chØnh", "thñ")),
        ("Tieáng Vieät", "VNI", ("Tieáng", "Vieät")),
        ("Coâng vaên cuûa UBND tænh", "VNI", ("Coâng", "vaên", "cuûa", "tænh")),
        ("Tiáº¿ng Viá»‡t", "UTF-8 read as Windows-1252", ("Tiáº¿ng", "Viá»‡t")),
    ],
)
def test_legacy_encodings_are_recognised(text: str, encoding: str, words: tuple[str, ...]) -> None:
    [found] = find_garbled(f"Dòng đầu đúng.\n{text}")
    assert (found.line, found.encoding, found.words[: len(words)]) == (2, encoding, words)


@pytest.mark.parametrize(
    "text",
    [
        "Tiếng Việt: Thuế, thuê, khoá, hoà, quá, giúp, già, tiêu, thuỷ, Huế, Nguyễn, Đắk Lắk.",
        "NGÕ HẺM, ÔNG, Ủy ban; «tiêu đề»; Công ty ABC®; nhiệt độ 25°C, diện tích 5 m²; ½ số hồ sơ.",
        "Zürich, São Paulo, café, Citroën.",  # one foreign mark per word, and words in other languages
        "naïve",
    ],
)
def test_correct_vietnamese_and_a_foreign_word_are_not_taken_for_a_legacy_encoding(text: str) -> None:
    assert find_garbled(text) == []


def test_old_tone_placement_is_the_inverse_of_modern() -> None:
    for modern, old in [("Hòa Bình", "Hoà Bình"), ("Thanh Hóa", "Thanh Hoá"), ("thủy", "thuỷ"), ("khỏe", "khoẻ")]:
        assert old_tone_placement(modern) == old and modern_tone_placement(old) == modern
    for word in ("Quý", "hoàn", "Thuận", "hoặc", "khuya", "Nguyễn"):
        assert old_tone_placement(word) == word and modern_tone_placement(word) == word
