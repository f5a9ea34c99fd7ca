"""The reader's messages are Vietnamese (issue 13): the pieces no build fixture shows.

tests/fixtures/errors.txt holds the whole lines an editor sees; these are the parts that
build them (how a value is described, why a date is no real date, what a YAML parser
problem means) and the messages of registries read by other plugins.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal_reader.frontmatter import FrontMatterError, load_registry_list, load_yaml
from portal_reader.schema import LongNumber, describe, parse_datetime
from vietnamese.text import did_you_mean, group_digits


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "giá trị trống"),
        (True, "yes (giá trị đúng/sai)"),
        (False, "no (giá trị đúng/sai)"),
        (5, "số 5"),
        (2.5, "số 2.5"),
        (LongNumber(5000), "một số có 5.000 chữ số"),
        ("Gia Lai", "'Gia Lai'"),
        (["a"], "một danh sách"),
        ({"a": 1}, "một nhóm trường"),
    ],
)
def test_values_are_described_in_vietnamese(value: object, shown: str) -> None:
    assert describe(value) == shown


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-13-01", "tháng phải từ 1 đến 12"),
        ("2024-02-30", "tháng 2/2024 chỉ có 29 ngày"),
        ("2023-06-00", "ngày phải từ 1 đến 30"),
        ("2023-06-19 24:00", "giờ phải từ 0 đến 23"),
        ("2023-06-19 09:60", "phút phải từ 0 đến 59"),
        ("2023-06-19 09:00:60", "giây phải từ 0 đến 59"),
    ],
)
def test_a_date_that_does_not_exist_says_why_in_vietnamese(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as failure:
        parse_datetime(text)
    assert str(failure.value) == f"không phải ngày có thật (đang ghi '{text}': {reason})"


def test_a_date_that_is_not_text_names_the_expected_form() -> None:
    with pytest.raises(ValueError) as failure:
        parse_datetime(20230619)
    assert str(failure.value) == (
        "không phải ngày tháng (đang ghi số 20230619, cần năm-tháng-ngày, ví dụ 2023-06-19 hoặc 2023-06-19 09:00)"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: Bài\ntags:\n  - a\n  b: c\n", 4,
         "lỗi cú pháp YAML ở cột 3: danh sách viết sai: mỗi mục là một dòng '- giá trị', thẳng hàng với các mục khác"),
        ("title: Bài\ndate\ncategory: x\n", 2,
         "lỗi cú pháp YAML ở cột 1: thiếu dấu hai chấm: mỗi trường là 'tên: giá trị' trên một dòng riêng"),
        ('title: "Bài\\q"\n', 1,
         "lỗi cú pháp YAML ở cột 12: trong ngoặc kép, dấu '\\' phải viết thành '\\\\' (hoặc dùng ngoặc đơn)"),
        ("title: Bài\n  date: 2023\n", 2,
         "lỗi cú pháp YAML ở cột 7: dấu hai chấm ': ' đặt sai chỗ: mỗi trường là 'tên: giá trị' trên một dòng "
         "riêng; nếu giá trị có ': ' thì đặt cả giá trị trong ngoặc kép"),
        ("title: Bài\n- date\n", 2,
         "lỗi cú pháp YAML ở cột 1: dòng này không phải một trường 'tên: giá trị' (thụt lề sai, hay có chữ sau dấu "
         "ngoặc đóng): mỗi trường là 'tên: giá trị' trên một dòng riêng"),
        ("image: {src: a.jpg, alt: x\n", 1,
         "lỗi cú pháp YAML ở cột 8: nhóm trường { … } mở ở đây viết sai hoặc chưa đóng: các trường cách nhau bằng "
         "dấu phẩy, cuối cùng là dấu '}'"),
        ("title: !ghi-chu Bài\n", 1,
         "lỗi cú pháp YAML ở cột 8: giá trị bắt đầu bằng dấu '!' (ký hiệu riêng của YAML): đặt cả giá trị trong "
         "ngoặc kép"),
        (" title: Bài\ndate: 2023\n", 2,
         "lỗi cú pháp YAML ở cột 1: thụt lề không đều: các trường cùng cấp phải bắt đầu ở cùng một cột, trường đầu "
         "tiên không thụt lề"),
    ],
    ids=["list item", "missing colon", "backslash", "indented field", "item after fields", "open group", "tag",
         "indented first field"],
)
def test_yaml_syntax_errors_are_explained_in_vietnamese_with_the_fix(text: str, line: int, message: str) -> None:
    with pytest.raises(FrontMatterError) as failure:
        load_yaml(text)
    assert (failure.value.line, failure.value.message) == (line, message)


def test_a_registry_that_is_not_a_list_says_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("key: chuyen-doi-so\nname: Chuyển đổi số\n", encoding="utf-8")
    assert load_registry_list(str(path), "thiếu")[2] == [
        (1, "danh bạ phải là một danh sách (đang ghi một nhóm trường, cần các mục dạng - key: …, name: …)")
    ]
    path.write_text("# chưa có mục nào\n", encoding="utf-8")
    assert load_registry_list(str(path), "thiếu")[2] == [
        (1, "danh bạ phải là một danh sách (đang ghi giá trị trống, cần các mục dạng - key: …, name: …)")
    ]
    assert load_registry_list(str(tmp_path / "khong-co.yaml"), "thiếu")[2] == [(0, "thiếu")]


def test_a_registry_that_is_not_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_bytes("- key: a\n  name: Chuyển đổi số\n".encode("cp1258", errors="replace"))
    problems = load_registry_list(str(path), "thiếu")[2]
    assert len(problems) == 1 and problems[0][0] == 0
    assert problems[0][1].startswith("không đọc được tệp dưới dạng văn bản UTF-8 (")
    assert problems[0][1].endswith("): hãy lưu tệp dạng UTF-8 (Unicode)")


def test_numbers_are_grouped_the_vietnamese_way_and_suggestions_are_vietnamese() -> None:
    assert [group_digits(n) for n in (5, 5000, 1_048_576)] == ["5", "5.000", "1.048.576"]
    assert did_you_mean("tag", ["tags", "title"]) == " Có phải ý bạn là 'tags'?"
    assert did_you_mean("xyz", ["tags"]) == ""
