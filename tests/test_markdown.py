"""Markdown rendering, driven by tests/fixtures/markdown.txt (title / input / expected HTML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from portal_reader.render import render

FIXTURES = Path(__file__).parent / "fixtures" / "markdown.txt"
FILES = frozenset({"articles/2023/a.md", "articles/2022/b.md", "images/2023/x.jpg"})


@pytest.mark.parametrize(
    ("line", "title", "source", "expected"),
    read_fixture_file(FIXTURES),
    ids=[f[1] for f in read_fixture_file(FIXTURES)],
)
def test_markdown_fixture(line: int, title: str, source: str, expected: str) -> None:
    html, problems = render(source, "articles/2023/a.md", FILES, body_line=1)
    assert problems == [], f"{FIXTURES.name}:{line}: {title}"
    assert html.rstrip() == expected.rstrip(), f"{FIXTURES.name}:{line}: {title}"
