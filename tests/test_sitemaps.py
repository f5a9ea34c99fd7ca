"""sitemap.xml (with lead photos, split into an index past MAX_URLS), sitemap-news.xml (the
last two days' articles) and robots.txt (plugins/portal_site/sitemap.py), read as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from portal_site import sitemap

from .conftest import article, build, tree_digest
from .ssim import camera_like
from .test_images import jpeg

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = "2026-12-04T12:00:00+07:00"
SITE = "http://127.0.0.1:8000"
LEAD = "{src: ../../images/2026/anh.jpg, alt: Quang cảnh hội nghị}"


def _at(hours_before: float) -> str:
    moment = datetime.fromisoformat(NOW) - timedelta(hours=hours_before)
    return moment.strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def news_site(site):  # type: ignore[no-untyped-def]
    """Articles 1 h, 47 h and 49 h before "now", one scheduled an hour after it, one with a photo."""
    files = {
        "articles/2026/moi.md": article("Tin mới nhất & quan trọng", date=_at(1), image=LEAD),
        "articles/2026/hom-qua.md": article("Tin hôm kia", date=_at(47)),
        "articles/2026/cu.md": article("Tin đã quá hai ngày", date=_at(49)),
        "articles/2026/hen-gio.md": article("Tin hẹn giờ", date=_at(-1)),
    }
    content, output = site(files)
    (content / "images" / "2026").mkdir(parents=True)
    (content / "images" / "2026" / "anh.jpg").write_bytes(jpeg(camera_like(900, 600, 7)))
    return content, output


def _build(content: Path, output: Path, **settings: object) -> None:
    build(content, output, "publishconf.py", PORTAL_NOW=NOW, SITEURL=SITE, PORTAL_IMAGE_PROCESSES=1,
          PORTAL_URL_HISTORY_CHECK=False, **settings)


def locs(root: ET.Element, path: str = "s:url/s:loc") -> list[str]:
    return [e.text or "" for e in root.findall(path, NS)]


def test_news_sitemap_lists_the_last_two_days_articles_newest_first_with_name_language_date_and_title(news_site) -> None:  # type: ignore[no-untyped-def]
    content, output = news_site
    _build(content, output)
    root = ET.parse(output / "sitemap-news.xml").getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    urls = root.findall("s:url", NS)
    assert [u.find("news:news/news:title", NS).text for u in urls] == ["Tin mới nhất & quan trọng", "Tin hôm kia"]  # type: ignore[union-attr]
    first = urls[0]
    assert (first.find("s:loc", NS).text or "").startswith(f"{SITE}/2026/12/")  # type: ignore[union-attr]
    assert first.find("news:news/news:publication/news:name", NS).text == "Cổng thông tin điện tử Cải cách hành chính"  # type: ignore[union-attr]
    assert first.find("news:news/news:publication/news:language", NS).text == "vi"  # type: ignore[union-attr]
    assert first.find("news:news/news:publication_date", NS).text == "2026-12-04T11:00:00+07:00"  # type: ignore[union-attr]
    robots = (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots and f"Sitemap: {SITE}/sitemap-news.xml" in robots


def test_news_sitemap_keeps_at_most_a_thousand_articles() -> None:
    now = datetime.fromisoformat(NOW)
    articles = [SimpleNamespace(date=now - timedelta(seconds=i), url=f"2026/12/bai-{i}.html", title=str(i)) for i in range(1005)]
    chosen = sitemap.news_articles(articles, now)
    assert len(chosen) == sitemap.NEWS_MAX_URLS == 1000
    assert chosen[0].url == "2026/12/bai-0.html" and chosen[-1].url == "2026/12/bai-999.html"
    root = ET.fromstring(sitemap.news_sitemap_xml(SITE, articles, now, "Cổng"))
    assert len(root.findall("s:url", NS)) == 1000


def test_sitemap_carries_the_lead_photo_of_each_article_as_an_image_entry(news_site) -> None:  # type: ignore[no-untyped-def]
    content, output = news_site
    _build(content, output)
    root = ET.parse(output / "sitemap.xml").getroot()
    with_images = {
        url.find("s:loc", NS).text: locs(url, "image:image/image:loc")  # type: ignore[union-attr]
        for url in root.findall("s:url", NS)
        if url.find("image:image", NS) is not None
    }
    assert len(with_images) == 1
    ((page, images),) = with_images.items()
    assert page and "/2026/12/" in page and len(images) == 1
    photo = output / images[0].removeprefix(f"{SITE}/")
    assert Image.open(photo).size == (900, 600)  # the largest published JPEG of the photo


def test_past_max_urls_sitemap_xml_becomes_an_index_of_numbered_parts(news_site, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    content, output = news_site
    _build(content, output)
    whole = sorted(locs(ET.parse(output / "sitemap.xml").getroot()))
    assert len(whole) > 12

    monkeypatch.setattr(sitemap, "MAX_URLS", 5)
    split = tmp_path / "split"
    _build(content, split)
    index = ET.parse(split / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts = locs(index, "s:sitemap/s:loc")
    assert parts == [f"{SITE}/sitemap-{n}.xml" for n in range(1, -(-len(whole) // 5) + 1)]
    found: list[str] = []
    for part in parts:
        urls = locs(ET.parse(split / part.removeprefix(f"{SITE}/")).getroot())
        assert 0 < len(urls) <= 5
        found += urls
    assert found == whole  # every address once, in order
    again = tmp_path / "again"
    _build(content, again)
    assert tree_digest(again) == tree_digest(split)
