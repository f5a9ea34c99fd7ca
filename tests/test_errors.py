"""Every content error message, exactly, from tests/fixtures/errors.txt.

Each block is: a title, the text of content/articles/2023/bai.md, and the exact lines the
build must print. The site also holds images/2023/x.jpg and articles/2022/bai-khac-2.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from portal_diagnostics import BuildFailed

from .conftest import article, build

FIXTURES = Path(__file__).parent / "fixtures" / "errors.txt"
CASES = read_fixture_file(FIXTURES)


@pytest.mark.parametrize(("line", "title", "source", "expected"), CASES, ids=[c[1] for c in CASES])
def test_error_message(site, line: int, title: str, source: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2022/bai-khac-2.md": article("Bài khác")})
    (content / "images" / "2023").mkdir(parents=True)
    (content / "images" / "2023" / "x.jpg").write_bytes(b"\xff\xd8\xff")
    data = source.encode("utf-8")
    if b"\\xe0" in data:  # the non-UTF-8 fixture: a Latin-1 byte
        data = data.replace(b"\\xe0", b"\xe0")
    (content / "articles" / "2023").mkdir(parents=True, exist_ok=True)
    (content / "articles" / "2023" / "bai.md").write_bytes(data)
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    got = [str(p) for p in failure.value.problems]
    assert got == expected.rstrip("\n").split("\n"), f"{FIXTURES.name}:{line}: {title}"
    assert not output.exists(), "a failed build must not create output/"


def test_an_article_saved_with_another_extension_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article(), "articles/2024/ghi-chu.rst": "Title: x\n"})
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    assert [str(p) for p in failure.value.problems] == [
        "content/articles/2024/ghi-chu.rst: không phải tệp Markdown: bài và trang là tệp .md có phần đầu bài "
        "(đổi tên thành ghi-chu.md, chuyển nội dung sang Markdown nếu cần)"
    ]
