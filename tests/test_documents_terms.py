"""Legal documents on the term pages: an official's page lists the documents they signed, a
topic's those of its field (linh_vuc), a province's those naming it — a current province also
those of the units merged into it, marked, as it lists their articles. Newest first, the
newest PORTAL_TERM_DOCUMENTS only, on the first page only, nothing when there are none; and a
rebuild after a document changed publishes what a clean build publishes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import article, build, tree_digest, write_site
from .test_documents import document

NOW = "2026-11-27T08:00:00+07:00"

DOCUMENTS = {
    # Signed by Nguyễn Xuân Phúc: the signer written in lower case and another tone placement
    # still resolves to his term (matching is the registry's, not the name's letters).
    "van-ban/61.md": document("61/2018/NĐ-CP", nguoi_ky="nguyễn xuân phúc", ngay_ban_hanh="2018-04-23",
                              ngay_hieu_luc="2018-06-21", linh_vuc="[Cải cách thủ tục hành chính]"),
    "van-ban/45.md": document("45/2020/NĐ-CP", nguoi_ky="Nguyễn Xuân Phúc", ngay_ban_hanh="2020-04-08",
                              ngay_hieu_luc="2020-05-22", het_hieu_luc="2026-01-01",
                              trich_yeu="Về thực hiện thủ tục hành chính trên môi trường điện tử.",
                              linh_vuc='["Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"]'),
    # Signed by Phạm Minh Chính.
    "van-ban/42.md": document("42/2022/NĐ-CP", nguoi_ky="Phạm Minh Chính", ngay_ban_hanh="2022-06-24",
                              ngay_hieu_luc="2022-08-01",
                              trich_yeu="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến.",
                              linh_vuc='[Cải cách thủ tục hành chính, "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"]'),
    # No signer known; in the topic's list.
    "van-ban/76.md": document("76/NQ-CP", loai="Nghị quyết", nguoi_ky=None, ngay_ban_hanh="2021-07-15",
                              ngay_hieu_luc="2021-07-15", trich_yeu="Ban hành Chương trình tổng thể cải cách hành chính.",
                              linh_vuc="[Cải cách thủ tục hành chính]"),
    # Provinces: Phú Thọ absorbed Vĩnh Phúc and Hòa Bình on 1/7/2025.
    "van-ban/vinh-phuc.md": document("10/2023/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2023-03-01", ngay_hieu_luc=None, linh_vuc=None,
                                     trich_yeu="Văn bản về Vĩnh Phúc.", provinces="[Vĩnh Phúc]"),
    "van-ban/hoa-binh.md": document("11/2024/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2024-03-01", ngay_hieu_luc=None, linh_vuc=None,
                                    trich_yeu="Văn bản về Hòa Bình.", provinces="[Hòa Bình]"),
    "van-ban/phu-tho.md": document("12/2025/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2025-08-01", ngay_hieu_luc=None,
                                   trich_yeu="Văn bản về Phú Thọ.", provinces="[Phú Thọ]",
                                   linh_vuc="[Cải cách thủ tục hành chính]"),
    # Naming a former unit and its successor: listed once on the successor, without a mark.
    "van-ban/ca-hai.md": document("13/2024/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2024-06-01", ngay_hieu_luc=None, linh_vuc=None,
                                  trich_yeu="Văn bản về Vĩnh Phúc và Phú Thọ.", provinces="[Vĩnh Phúc, Phú Thọ]"),
}

FILES = {
    **DOCUMENTS,
    "articles/2024/bai.md": article("Bài về cải cách thủ tục hành chính", slug="bai", date="2024-03-01 09:00",
                                    officials="[Nguyễn Xuân Phúc]", topics="[Cải cách thủ tục hành chính]",
                                    provinces="[Phú Thọ]"),
    "articles/2024/bai-hai.md": article("Bài hai", slug="bai-hai", date="2024-03-02 09:00",
                                        topics="[Cải cách thủ tục hành chính]"),
}


def build_site(root: Path, files: dict[str, str], **settings: object) -> Path:
    content = write_site(root, files)
    build(content, root / "output", PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1, **settings)
    return root / "output"


@pytest.fixture(scope="module")
def terms_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pelicanconf import PORTAL_TAXONOMIES

    # Topics one article a page: the topic's listing has a second page.
    declared = [dict(t, per_page=1, first_page_headlines=0, older_per_page=1) if t["name"] == "topics" else t
                for t in PORTAL_TAXONOMIES]
    return build_site(tmp_path_factory.mktemp("terms"), FILES, PORTAL_TERM_DOCUMENTS=3, PORTAL_TAXONOMIES=declared)


def section(site: Path, rel: str) -> str | None:
    """The documents' section of a term page, or None."""
    page = (site / rel).read_text(encoding="utf-8")
    found = re.findall(r'<section class="term-documents".*?</section>', page, re.S)
    assert len(found) <= 1
    return found[0] if found else None


def listed(site: Path, rel: str) -> list[tuple[str, str, str, str, str]]:
    """(address, type and number, issue day as shown, status, abstract) of each document listed."""
    box = section(site, rel)
    assert box is not None
    items = re.findall(r"<li>(.*?)</li>", box, re.S)
    out = []
    for item in items:
        href, title = re.search(r'<a href="([^"]+)">([^<]+)</a>', item).groups()  # type: ignore[union-attr]
        day = re.search(r"<time datetime=\"[^\"]+\">([^<]+)</time>", item).group(1)  # type: ignore[union-attr]
        status = re.search(r'<span class="doc-status[^"]*"><span class="visually-hidden">Tình trạng: </span>([^<]+)</span>',
                           item).group(1)  # type: ignore[union-attr]
        abstract = re.search(r"<p>([^<]+)</p>", item).group(1)  # type: ignore[union-attr]
        out.append((href, title, day, status, abstract))
    return out


def numbers(site: Path, rel: str) -> list[str]:
    return [title.split(" ", 2)[-1] for _href, title, _day, _status, _abstract in listed(site, rel)]


def test_an_official_lists_the_documents_they_signed_newest_first(terms_site: Path) -> None:
    rel = "can-bo/nguyen-xuan-phuc/index.html"
    box = section(terms_site, rel)
    assert box is not None and '<h2 id="van-ban-da-ky">Văn bản đã ký</h2>' in box
    assert listed(terms_site, rel) == [
        ("../../van-ban/45-2020-nd-cp.html", "Nghị định 45/2020/NĐ-CP", "08/04/2020", "Hết hiệu lực",
         "Về thực hiện thủ tục hành chính trên môi trường điện tử."),
        ("../../van-ban/61-2018-nd-cp.html", "Nghị định 61/2018/NĐ-CP", "23/04/2018", "Còn hiệu lực",
         "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính."),
    ]
    assert '<time datetime="2020-04-08">08/04/2020</time>' in box
    assert "more-documents" not in box  # all of them are listed
    assert numbers(terms_site, "can-bo/pham-minh-chinh/index.html") == ["42/2022/NĐ-CP"]


def test_the_documents_come_between_the_career_and_the_news_as_a_second_level_section(terms_site: Path) -> None:
    page = (terms_site / "can-bo/nguyen-xuan-phuc/index.html").read_text(encoding="utf-8")
    order = [page.index(marker) for marker in ('id="qua-trinh-cong-tac"', 'id="van-ban-da-ky"', 'id="tin-bai"')]
    assert order == sorted(order)
    assert page.count("<h1") == 1 and "<script>" not in page and " style=" not in page


def test_a_topic_lists_its_documents_newest_first_capped_with_a_link_to_the_index(terms_site: Path) -> None:
    rel = "chu-de/cai-cach-thu-tuc-hanh-chinh/index.html"
    box = section(terms_site, rel)
    assert box is not None and '<h2 id="van-ban-chu-de">Văn bản về chủ đề này</h2>' in box
    # Four documents, PORTAL_TERM_DOCUMENTS = 3: the three newest, and where to find the others.
    assert numbers(terms_site, rel) == ["12/2025/NĐ-CP", "42/2022/NĐ-CP", "76/NQ-CP"]
    assert ('<p class="more-documents">Trên đây là 3 văn bản mới nhất trong số 4 văn bản. '
            '<a href="../../van-ban/">Tra cứu tất cả văn bản</a></p>') in box
    assert (terms_site / "van-ban/index.html").is_file()  # the link's target is published
    assert numbers(terms_site, "chu-de/chinh-phu-dien-tu-chinh-phu-so/index.html") == ["42/2022/NĐ-CP", "45/2020/NĐ-CP"]


def test_only_the_first_page_of_a_term_lists_documents(terms_site: Path) -> None:
    folder = terms_site / "chu-de/cai-cach-thu-tuc-hanh-chinh"
    assert (folder / "trang-2/index.html").is_file()
    assert section(terms_site, "chu-de/cai-cach-thu-tuc-hanh-chinh/trang-2/index.html") is None


def test_a_current_province_lists_the_documents_of_the_units_merged_into_it_marked(terms_site: Path) -> None:
    rel = "tinh-thanh/phu-tho/index.html"
    box = section(terms_site, rel)
    assert box is not None and '<h2 id="van-ban-dia-phuong">Văn bản về địa phương này</h2>' in box
    assert numbers(terms_site, rel) == ["12/2025/NĐ-CP", "13/2024/NĐ-CP", "11/2024/NĐ-CP"]  # capped at 3 of 4
    items = re.findall(r"<li>(.*?)</li>", box, re.S)
    marks = [re.findall(r'<p class="former-mark">([^<]+)</p>', item) for item in items]
    # The one naming Phú Thọ too is its own; Hòa Bình's is marked, as its articles are.
    assert marks == [[], [], ["Văn bản về Hòa Bình (trước khi sáp nhập)"]]
    assert "Trên đây là 3 văn bản mới nhất trong số 4 văn bản." in box


def test_a_former_unit_lists_its_own_documents_unmarked(terms_site: Path) -> None:
    rel = "tinh-thanh/vinh-phuc/index.html"
    assert numbers(terms_site, rel) == ["13/2024/NĐ-CP", "10/2023/NĐ-CP"]
    assert "former-mark" not in (section(terms_site, rel) or "")


@pytest.mark.parametrize("rel", [
    "can-bo/nguyen-trong-thua/index.html",  # signed nothing
    "chu-de/cai-cach-the-che/index.html",  # a topic no document names
    "tinh-thanh/gia-lai/index.html",  # a province no document names
])
def test_a_term_no_document_names_shows_no_documents_section(terms_site: Path, rel: str) -> None:
    page = (terms_site / rel).read_text(encoding="utf-8")
    assert section(terms_site, rel) is None and "Văn bản đã ký" not in page and "Văn bản về" not in page


def test_without_documents_term_pages_show_no_section(tmp_path: Path) -> None:
    files = {rel: text for rel, text in FILES.items() if rel.startswith("articles/")}
    site = build_site(tmp_path, files)
    for rel in ("can-bo/nguyen-xuan-phuc/index.html", "chu-de/cai-cach-thu-tuc-hanh-chinh/index.html",
                "tinh-thanh/phu-tho/index.html"):
        assert section(site, rel) is None


def test_ten_documents_are_listed_by_default() -> None:
    from portal_taxonomy.config import TaxonomySpec
    from portal_taxonomy.generator import term_documents
    from portal_taxonomy.terms import Term

    term = Term(TaxonomySpec("topics", "chu-de", "topics", "Chủ đề", "Chủ đề", "data/topics.yaml"), "x", "X")
    assert term_documents(term, {}) == ([], 0)
    term.extra["documents"] = list(range(12))
    assert term_documents(term, {}) == (list(range(10)), 12)
    assert term_documents(term, {"PORTAL_TERM_DOCUMENTS": 2}) == ([0, 1], 12)


def test_a_rebuild_after_a_document_changed_publishes_what_a_clean_build_publishes(tmp_path: Path) -> None:
    """Documents are inputs of the pages that show them (portal_build.uptodate lists each
    among the sources; plan.py signs the pages with what they show of it): a changed
    document renders the term pages listing it again, and the rebuild equals a clean build."""
    from pelican.settings import read_settings

    from portal_build import uptodate

    from .conftest import ROOT

    files = {rel: text for rel, text in FILES.items() if rel in ("van-ban/61.md", "van-ban/45.md", "articles/2024/bai.md")}
    site = build_site(tmp_path / "a", files)
    content = tmp_path / "a" / "content"
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    before = uptodate.inputs(settings)
    assert {"van-ban/61.md", "van-ban/45.md"} <= set(before.sources or {})

    # An article edited: its pages are rendered again, the others kept (reuse.py).
    (content / "articles/2024/bai.md").write_text(FILES["articles/2024/bai.md"].replace("Nội dung bài viết.", "Nội dung mới."),
                                                  encoding="utf-8")
    build(content, site, PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    # The abstract of a document the official's page lists changed.
    changed = files["van-ban/61.md"].replace("Về thực hiện cơ chế một cửa", "Về cơ chế một cửa")
    (content / "van-ban/61.md").write_text(changed, encoding="utf-8")
    after = uptodate.inputs(settings)
    assert after.environment == before.environment  # the pages that do not show it are kept
    assert after.sources["van-ban/61.md"] != before.sources["van-ban/61.md"]  # type: ignore[index]
    build(content, site, PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    assert "Về cơ chế một cửa, một cửa liên thông" in section(site, "can-bo/nguyen-xuan-phuc/index.html")  # type: ignore[operator]

    clean_content = tmp_path / "b" / "content"
    shutil.copytree(content, clean_content)
    build(clean_content, tmp_path / "b" / "output", PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    assert tree_digest(site) == tree_digest(tmp_path / "b" / "output")


def test_a_terms_sitemap_lastmod_counts_the_documents_it_lists(terms_site: Path) -> None:
    """Nguyễn Xuân Phúc's page lists 45/2020/NĐ-CP, out of force since 1/1/2026: his page
    changed then, after his newest article (2024)."""
    import re

    sitemap = (terms_site / "sitemap.xml").read_text(encoding="utf-8")
    found = re.search(r"<loc>[^<]*/can-bo/nguyen-xuan-phuc/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert found is not None, sitemap[:500]
    assert found.group(1).startswith("2026-01-01")
    topic = re.search(r"<loc>[^<]*/chu-de/cai-cach-thu-tuc-hanh-chinh/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert topic is not None and topic.group(1) >= "2025-08-01"  # 12/2025/NĐ-CP, issued then, is listed
