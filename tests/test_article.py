"""The typed contract between the build's steps (portal_reader/article.py): every article
and page Pelican builds from our sources is a PortalArticle or PortalPage, and after the
resolve and compute steps its fields hold the portal's types, not strings."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal_reader import PortalArticle, PortalPage
from portal_reader.origin import Origin

from .conftest import article, build, write_site


@pytest.fixture
def built(tmp_path):
    files = {
        "articles/2024/mot.md": article(
            "Bài thứ nhất",
            date="2024-03-01 08:00",
            officials="[Nguyễn Trọng Thừa]",
            provinces="[Lào Cai]",
            topics="[Chuyển đổi số]",
            tags="[một cửa]",
            aliases="[/tin-cu/bai-thu-nhat.html]",
        ),
        "articles/2024/hai.md": article("Bài thứ hai", date="2024-03-02 08:00", topics="[Chuyển đổi số]", tags="[một cửa]"),
        "articles/2099/sau.md": article("Bài hẹn giờ", date="2099-01-01 08:00"),
        "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\nsummary: Về cổng thông tin.\n---\nNội dung.\n",
    }
    content = write_site(tmp_path, files)
    build(content, tmp_path / "output", PORTAL_BUILD_CACHE="")
    from portal_build import pipeline

    assert pipeline.current is not None
    generators = pipeline.current.generators
    articles = [a for g in generators for a in getattr(g, "articles", [])]
    hidden = [a for g in generators for a in getattr(g, "hidden_articles", []) + getattr(g, "drafts", [])]
    pages = [p for g in generators for p in getattr(g, "pages", [])]
    return {a.title: a for a in articles + hidden}, pages


def test_articles_and_pages_are_typed(built):
    by_title, pages = built
    assert set(by_title) == {"Bài thứ nhất", "Bài thứ hai", "Bài hẹn giờ"}
    assert all(type(a) is PortalArticle for a in by_title.values())
    assert [type(p) for p in pages] == [PortalPage]


def test_fields_hold_the_portal_types_after_resolve_and_compute(built):
    from portal_site.categories import PortalCategory
    from portal_taxonomy.terms import Term

    by_title, pages = built
    first, second = by_title["Bài thứ nhất"], by_title["Bài thứ hai"]
    assert isinstance(first.origin, Origin) and first.origin.rel_path == "articles/2024/mot.md"
    assert isinstance(first.date, datetime) and first.updated is None
    assert isinstance(first.category, PortalCategory) and first.category.name == "Tin tổng hợp"
    for name, expected in (("officials", "Nguyễn Trọng Thừa"), ("provinces", "Lào Cai"), ("topics", "Chuyển đổi số")):
        terms = getattr(first, name)
        assert [type(t) for t in terms] == [Term] and terms[0].name == expected
    assert [str(t) for t in first.tags] == ["một cửa"]
    assert first.aliases == ["/tin-cu/bai-thu-nhat.html"]
    assert first.summary_text == "Sa-pô của bài viết."
    assert first.scheduled is False and first.image is None and first.source is None
    # related news: typed articles too (the two share a topic and a tag)
    assert first.related == [second] and second.related == [first]
    page = pages[0]
    assert isinstance(page.origin, Origin) and page.aliases == [] and page.scheduled is False and page.contact is False


def test_a_scheduled_article_says_so(built):
    by_title, _pages = built
    later = by_title["Bài hẹn giờ"]
    assert later.scheduled is True and later.status in ("draft", "hidden")
    assert later.related == []
