"""Feeds carry the lead photo and Atom the full article, as a feed reader (feedparser) sees them."""

from __future__ import annotations

import feedparser
import pytest

from .conftest import article, build
from .ssim import camera_like
from .test_images import jpeg

SITE = "https://cchc.example.vn"
LEAD = "{src: ../../images/2023/anh.jpg, alt: Quang cảnh hội nghị}"
BODY = "Đoạn mở đầu.\n\nĐoạn thứ hai của **toàn văn** chỉ có trong bài.\n"


@pytest.fixture
def feeds(site):  # type: ignore[no-untyped-def]
    content, output = site({
        "articles/2023/co-anh.md": article("Bài có ảnh", date="2023-06-19 09:00", image=LEAD, body=BODY),
        "articles/2023/khong-anh.md": article("Bài không ảnh", date="2023-06-18 09:00"),
    })
    (content / "images" / "2023").mkdir(parents=True)
    (content / "images" / "2023" / "anh.jpg").write_bytes(jpeg(camera_like(900, 600, 5)))
    build(content, output, "publishconf.py", SITEURL=SITE, PORTAL_IMAGE_PROCESSES=1, PORTAL_URL_HISTORY_CHECK=False)
    return output


def parsed(output, name):  # type: ignore[no-untyped-def]
    result = feedparser.parse((output / name).read_bytes())
    assert not result.bozo, result.bozo_exception
    return {entry.title: entry for entry in result.entries}


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "chuyen-muc/tin-tong-hop/rss.xml", "chuyen-muc/tin-tong-hop/atom.xml"])
def test_the_lead_photo_is_an_enclosure_with_its_real_type_and_size(feeds, name) -> None:  # type: ignore[no-untyped-def]
    entries = parsed(feeds, name)
    (enclosure,) = entries["Bài có ảnh"].enclosures
    assert enclosure.href.startswith(f"{SITE}/anh/2023/anh-1200x630-") and enclosure.href.endswith(".jpg")
    assert enclosure.type == "image/jpeg"
    photo = feeds / enclosure.href.removeprefix(f"{SITE}/")
    assert int(enclosure.length) == photo.stat().st_size > 0
    assert entries["Bài không ảnh"].enclosures == []


def test_rss_carries_the_photo_as_media_content_with_its_pixels(feeds) -> None:  # type: ignore[no-untyped-def]
    entries = parsed(feeds, "rss.xml")
    (media,) = entries["Bài có ảnh"].media_content
    assert media["url"] == entries["Bài có ảnh"].enclosures[0].href
    assert (media["medium"], media["width"], media["height"], media["type"]) == ("image", "1200", "630", "image/jpeg")
    assert "media_content" not in entries["Bài không ảnh"]


def test_atom_carries_the_full_article_and_rss_the_sa_po(feeds) -> None:  # type: ignore[no-untyped-def]
    atom = parsed(feeds, "atom.xml")["Bài có ảnh"]
    (content,) = atom.content
    assert content.type == "text/html"
    assert "<strong>toàn văn</strong> chỉ có trong bài" in content.value and "Đoạn mở đầu." in content.value
    rss = parsed(feeds, "rss.xml")["Bài có ảnh"]
    assert "toàn văn" not in rss.summary and rss.summary == "Sa-pô của bài viết."


def test_the_full_text_in_atom_opens_with_the_lead_photo(feeds) -> None:  # type: ignore[no-untyped-def]
    """Readers that show a picture from the content (most do; a text reader shows a link to
    it) show the lead photo: the 1200×630 rendition with its alt text, before the body."""
    entries = parsed(feeds, "atom.xml")
    (content,) = entries["Bài có ảnh"].content
    href = entries["Bài có ảnh"].enclosures[0].href
    figure = content.value[: content.value.index("</figure>")]  # feedparser sorts the attributes
    assert figure.startswith("<figure><img ") and content.value.index("</figure>") < content.value.index("Đoạn mở đầu.")
    for attribute in (f'src="{href}"', 'alt="Quang cảnh hội nghị"', 'width="1200"', 'height="630"'):
        assert attribute in figure
    (plain,) = entries["Bài không ảnh"].content
    assert "<img" not in plain.value
