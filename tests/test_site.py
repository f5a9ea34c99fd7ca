"""The built site: pages, categories (with their parents), archives, pagination and feeds."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest

from .conftest import ROOT, article, build

N = 55  # more than one page of listings and more than FEED_MAX_ITEMS


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import write_site

    root = tmp_path_factory.mktemp("big")
    files = {}
    for i in range(N):
        category = "tin-tong-hop" if i % 5 else "chuyen-doi-so"
        day = 1 + i % 28
        month = 1 + (i // 28)
        files[f"articles/2024/bai-{i:02d}.md"] = article(
            f"Bài số {i:02d} về cải cách hành chính",
            date=f"2024-{month:02d}-{day:02d} 08:{i:02d}",
            category=category,
        )
    content = write_site(root, files)
    build(content, root / "output")
    return root / "output"


def test_parent_category_lists_its_childrens_articles(big_site: Path) -> None:
    parent = (big_site / "chuyen-muc/tin-tuc-su-kien/index.html").read_text(encoding="utf-8")
    assert "Bài số 54 về cải cách hành chính" in parent  # an article of Tin tổng hợp
    assert (big_site / "chuyen-muc/tin-tuc-su-kien/trang-2/index.html").exists()


def test_category_pages_are_paginated_by_twenty(big_site: Path) -> None:
    own = sum(1 for i in range(N) if i % 5)  # 44 in tin-tong-hop → 3 pages
    assert own == 44
    assert (big_site / "chuyen-muc/tin-tong-hop/trang-3/index.html").exists()
    assert not (big_site / "chuyen-muc/tin-tong-hop/trang-4/index.html").exists()
    page2 = (big_site / "chuyen-muc/tin-tong-hop/trang-2/index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../../../chuyen-muc/tin-tong-hop/"' in page2
    assert 'rel="next" href="../../../chuyen-muc/tin-tong-hop/trang-3/"' in page2
    page3 = (big_site / "chuyen-muc/tin-tong-hop/trang-3/index.html").read_text(encoding="utf-8")
    assert page3.count('class="card') >= 4 or page3.count("<article") >= 4


def test_archives_by_year_and_month(big_site: Path) -> None:
    assert (big_site / "luu-tru/index.html").exists()
    assert (big_site / "luu-tru/2024/index.html").exists()
    assert (big_site / "luu-tru/2024/01/index.html").exists()
    assert (big_site / "luu-tru/2024/02/index.html").exists()


def feed(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


@pytest.mark.parametrize(
    "name", ["rss.xml", "atom.xml", "chuyen-muc/tin-tong-hop/rss.xml", "chuyen-muc/tin-tuc-su-kien/atom.xml"]
)
def test_feeds_are_valid_capped_at_fifty_and_newest_first(big_site: Path, name: str) -> None:
    parsed = feed(big_site / name)
    entries = parsed.entries
    assert 0 < len(entries) <= 50
    dates = [e.published_parsed for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.get("language") == "vi" or parsed.feed.get("language") is None and name.endswith(".atom.xml")


def test_site_feed_holds_exactly_fifty_items(big_site: Path) -> None:
    assert len(feed(big_site / "rss.xml").entries) == 50
    assert len(feed(big_site / "atom.xml").entries) == 50


def test_rss_has_language_summary_english_dates_and_permalink_guids(big_site: Path) -> None:
    xml = (big_site / "rss.xml").read_text(encoding="utf-8")
    assert "<language>vi</language>" in xml
    first = feed(big_site / "rss.xml").entries[0]
    assert first.summary == "Sa-pô của bài viết."
    assert first.id == first.link and first.link.endswith(".html")
    pub_dates = re.findall(r"<pubDate>([^<]+)</pubDate>", xml)
    assert pub_dates and all(re.fullmatch(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0700", d) for d in pub_dates)
    assert parsedate_to_datetime(pub_dates[0]).utcoffset().total_seconds() == 7 * 3600


def test_atom_carries_full_content(big_site: Path) -> None:
    entry = feed(big_site / "atom.xml").entries[0]
    assert "Nội dung bài viết." in entry.content[0].value
    assert entry.summary == "Sa-pô của bài viết."


def test_every_page_links_its_feeds(big_site: Path) -> None:
    pages = list(big_site.rglob("*.html"))
    assert pages
    for page in pages:
        if "tin-cu" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        assert 'rel="alternate" type="application/rss+xml"' in text, page
        assert 'rel="alternate" type="application/atom+xml"' in text, page
    category = (big_site / "chuyen-muc/tin-tong-hop/index.html").read_text(encoding="utf-8")
    assert 'href="../../chuyen-muc/tin-tong-hop/rss.xml"' in category


def test_drafts_are_previewed_in_development_and_absent_in_production(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/nhap.md": article("Bài nháp", status="draft"), "articles/2024/a.md": article("Bài thật")})
    build(content, output)
    assert (output / "ban-nhap/bai-nhap.html").exists()
    assert "Bài nháp" not in (output / "rss.xml").read_text(encoding="utf-8")
    prod = tmp_path / "prod"
    build(content, prod, settings_file="publishconf.py")
    assert not any("bai-nhap" in str(p) for p in prod.rglob("*"))
    assert "Bài nháp" not in (prod / "rss.xml").read_text(encoding="utf-8")
    assert "https://cchc.example.vn/2023/06/bai-that.html" in (prod / "rss.xml").read_text(encoding="utf-8")


def test_a_drafts_new_tag_is_shown_without_a_link_to_a_page_that_does_not_exist(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({
        "articles/2024/nhap.md": article("Bài nháp", status="draft", tags="[một cửa, thẻ chỉ bản nháp dùng]"),
        "articles/2024/a.md": article("Bài thật", tags="[một cửa]"),
    })
    build(content, output)
    draft = (output / "ban-nhap/bai-nhap.html").read_text(encoding="utf-8")
    assert '<li><span>thẻ chỉ bản nháp dùng</span></li>' in draft
    assert 'href="../tu-khoa/mot-cua/">một cửa</a>' in draft  # a tag with a page keeps its link
    assert not (output / "tu-khoa/the-chi-ban-nhap-dung").exists()
    assert "the-chi-ban-nhap-dung" not in draft


def test_alias_redirects_to_the_article(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài mới", aliases="[/tin-cu/bai-cu.html]")})
    build(content, output)
    page = (output / "tin-cu/bai-cu.html").read_text(encoding="utf-8")
    assert 'url=../2023/06/bai-moi.html"' in page
    assert '<link rel="canonical" href="../2023/06/bai-moi.html">' in page


def test_the_contact_page_shows_the_agencys_details_from_the_one_source_the_footer_uses(site) -> None:  # type: ignore[no-untyped-def]
    from pelican.settings import read_settings

    portal = read_settings(str(ROOT / "pelicanconf.py"))["PORTAL"]
    content, output = site({
        "pages/lien-he.md": "---\ntitle: Liên hệ\nslug: lien-he\ncontact: true\n---\nGiờ làm việc: giờ hành chính.\n",
        "articles/2024/a.md": article("Bài"),
    })
    build(content, output)
    page = (output / "lien-he.html").read_text(encoding="utf-8")
    body, footer = page.split('<footer class="site-footer">', 1)
    for value in (portal["address"], portal["phone"], f'mailto:{portal["email"]}'):
        assert value in body and value in footer, value
    assert "Giờ làm việc: giờ hành chính." in body


def test_the_contact_flag_is_true_or_false(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"pages/lien-he.md": "---\ntitle: Liên hệ\ncontact: có\n---\nNội dung.\n"})
    with pytest.raises(SystemExit) as failure:
        build(content, output)
    assert "content/pages/lien-he.md:3: contact: sai kiểu giá trị (đang ghi 'có', cần true hoặc false)" in [
        str(p) for p in getattr(failure.value, "problems", [])
    ]
