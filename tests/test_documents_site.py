"""The documents' pages as built: register table, relations both ways, facet pages and their
counts, pagination, feeds and attachments. One small site, built once for the module."""

from __future__ import annotations

import os
import re
from pathlib import Path

import feedparser
import pytest

from .conftest import article, build, write_site
from .test_documents import CHAIN, document

NOW = "2026-11-27T08:00:00+07:00"


@pytest.fixture(scope="module")
def documents_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("documents")
    files = {
        **CHAIN,
        "van-ban/luat-20.md": document("20/2023/QH15", loai="Luật", co_quan="Quốc hội", nguoi_ky="Vương Đình Huệ",
                                       ngay_ban_hanh="2023-06-22", ngay_hieu_luc="2024-07-01",
                                       trich_yeu="Luật Giao dịch điện tử.",
                                       linh_vuc='["Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"]',
                                       tep="[{src: tep/luat-20.pdf, ten: Toàn văn Luật}]"),
        "van-ban/tep/luat-20.pdf": "%PDF-1.4\n" + "x" * 3000,
        "articles/2023/bai.md": article("Bài viết"),
    }
    content = write_site(root, files)
    previous = os.environ.get("PORTAL_NOW")
    os.environ["PORTAL_NOW"] = NOW
    try:
        build(content, root / "output", PORTAL_DOCUMENTS_PER_PAGE=2)
    finally:
        if previous is None:
            os.environ.pop("PORTAL_NOW", None)
        else:
            os.environ["PORTAL_NOW"] = previous
    return root / "output"


def text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def register(page: str) -> dict[str, str]:
    """The register table of a document page: {row heading: cell text}."""
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', page)
    return {head: " ".join(re.sub(r"<[^>]+>", "", cell).split()) for head, cell in rows}


def test_document_page_shows_the_register_as_official_registers_do(documents_site: Path) -> None:
    page = text(documents_site, "van-ban/61-2018-nd-cp.html")
    assert "<caption>Thông tin văn bản</caption>" in page
    assert register(page) == {
        "Số hiệu": "61/2018/NĐ-CP",
        "Loại văn bản": "Nghị định",
        "Cơ quan ban hành": "Chính phủ",
        "Người ký": "Thủ tướng Chính phủ Nguyễn Xuân Phúc",
        "Ngày ban hành": "23/04/2018",
        "Ngày hiệu lực": "21/06/2018",
        "Tình trạng": "Được sửa đổi, bổ sung (từ 06/12/2021)",
        "Lĩnh vực": "Cải cách thủ tục hành chính",
    }
    assert 'href="../can-bo/nguyen-xuan-phuc/"' in page
    assert 'href="../chu-de/cai-cach-thu-tuc-hanh-chinh/"' in page


def test_a_field_left_out_is_shown_as_not_yet_known(documents_site: Path) -> None:
    rows = register(text(documents_site, "van-ban/107-2021-nd-cp.html"))
    assert (rows["Người ký"], rows["Ngày hiệu lực"]) == ("Chưa cập nhật", "Chưa cập nhật")


def test_replacement_and_amendment_are_shown_in_both_directions(documents_site: Path) -> None:
    def section(rel: str, heading: str) -> list[str]:
        page = text(documents_site, rel)
        found = re.search(rf"<h3>{heading}</h3>\n<ul>\n(.*?)</ul>", page, re.S)
        return re.findall(r'<a href="([^"]+)">', found.group(1)) if found else []

    assert section("van-ban/61-2018-nd-cp.html", "Thay thế") == ["../van-ban/09-2015-qd-ttg.html"]
    assert section("van-ban/09-2015-qd-ttg.html", "Bị thay thế bởi") == ["../van-ban/61-2018-nd-cp.html"]
    assert section("van-ban/107-2021-nd-cp.html", "Sửa đổi, bổ sung") == ["../van-ban/61-2018-nd-cp.html"]
    assert section("van-ban/61-2018-nd-cp.html", "Được sửa đổi, bổ sung bởi") == ["../van-ban/107-2021-nd-cp.html"]


def test_attachment_is_published_and_shown_with_its_type_and_size(documents_site: Path) -> None:
    assert (documents_site / "van-ban/tep/luat-20.pdf").stat().st_size == 3009
    page = text(documents_site, "van-ban/20-2023-qh15.html")
    assert re.search(r'<a href="../van-ban/tep/luat-20.pdf" type="application/pdf" download>Toàn văn Luật</a> '
                     r'<span class="meta">\(PDF, 3 KB\)</span>', page)
    assert register(page)["Người ký"] == "Chủ tịch Quốc hội Vương Đình Huệ"


def listed(site: Path, rel: str) -> list[str]:
    """The numbers a listing page shows, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', text(site, rel))


def test_index_is_newest_first_and_paginated_like_other_listings(documents_site: Path) -> None:
    assert listed(documents_site, "van-ban/index.html") == ["20/2023/QH15", "107/2021/NĐ-CP"]
    assert listed(documents_site, "van-ban/trang-2/index.html") == ["61/2018/NĐ-CP", "09/2015/QĐ-TTg"]
    assert listed(documents_site, "van-ban/trang-3/index.html") == ["93/2007/QĐ-TTg"]
    assert not (documents_site / "van-ban/trang-4").exists()
    first = text(documents_site, "van-ban/index.html")
    assert '<a rel="next" href="../van-ban/trang-2/">' in first
    assert "<caption>Văn bản, trang 1/3</caption>" in first


@pytest.mark.parametrize(
    ("rel", "numbers"),
    [
        ("van-ban/loai/nghi-dinh/", ["107/2021/NĐ-CP", "61/2018/NĐ-CP"]),
        ("van-ban/loai/quyet-dinh/", ["09/2015/QĐ-TTg", "93/2007/QĐ-TTg"]),
        ("van-ban/co-quan/quoc-hoi/", ["20/2023/QH15"]),
        ("van-ban/nam/2018/", ["61/2018/NĐ-CP"]),
        ("van-ban/tinh-trang/het-hieu-luc/", ["09/2015/QĐ-TTg", "93/2007/QĐ-TTg"]),
        ("van-ban/tinh-trang/duoc-sua-doi-bo-sung/", ["61/2018/NĐ-CP"]),
        ("van-ban/tinh-trang/con-hieu-luc/", ["20/2023/QH15", "107/2021/NĐ-CP"]),
    ],
)
def test_facet_pages_list_their_documents(documents_site: Path, rel: str, numbers: list[str]) -> None:
    assert listed(documents_site, rel + "index.html") == numbers


def test_facets_are_listed_with_their_counts_and_only_when_they_have_documents(documents_site: Path) -> None:
    page = text(documents_site, "van-ban/index.html")
    facets = dict(re.findall(r'<li><a href="../(van-ban/[^"]+)">[^<]+</a> <span class="meta">\((\d+)\)</span></li>', page))
    assert facets == {
        "van-ban/loai/luat/": "1", "van-ban/loai/nghi-dinh/": "2", "van-ban/loai/quyet-dinh/": "2",
        "van-ban/co-quan/quoc-hoi/": "1", "van-ban/co-quan/chinh-phu/": "2", "van-ban/co-quan/thu-tuong-chinh-phu/": "2",
        "van-ban/nam/2023/": "1", "van-ban/nam/2021/": "1", "van-ban/nam/2018/": "1", "van-ban/nam/2015/": "1",
        "van-ban/nam/2007/": "1",
        "van-ban/tinh-trang/con-hieu-luc/": "2", "van-ban/tinh-trang/duoc-sua-doi-bo-sung/": "1",
        "van-ban/tinh-trang/het-hieu-luc/": "2",
    }
    assert not (documents_site / "van-ban/loai/chi-thi").exists()
    facet = text(documents_site, "van-ban/loai/nghi-dinh/index.html")
    assert '<span aria-current="page">Nghị định</span>' in facet


@pytest.mark.parametrize(
    ("folder", "titles"),
    [
        ("van-ban/", ["Luật 20/2023/QH15", "Nghị định 107/2021/NĐ-CP", "Nghị định 61/2018/NĐ-CP",
                      "Quyết định 09/2015/QĐ-TTg", "Quyết định 93/2007/QĐ-TTg"]),
        ("van-ban/loai/nghi-dinh/", ["Nghị định 107/2021/NĐ-CP", "Nghị định 61/2018/NĐ-CP"]),
    ],
)
def test_document_feeds_are_valid_and_newest_first(documents_site: Path, folder: str, titles: list[str]) -> None:
    for kind in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((documents_site / folder / kind).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [e.title.split(":")[0] for e in parsed.entries] == titles
        assert parsed.entries[0].link == "http://127.0.0.1:8000/" + {
            "van-ban/": "van-ban/20-2023-qh15.html", "van-ban/loai/nghi-dinh/": "van-ban/107-2021-nd-cp.html"}[folder]


def test_navigation_and_footer_link_the_documents_section(documents_site: Path) -> None:
    home = text(documents_site, "2023/06/bai-viet.html")
    assert '<li class="nav-item"><a href="../../van-ban/">Tra cứu văn bản</a></li>' in home
    assert '<li><a href="../../van-ban/">Văn bản</a></li>' in home
