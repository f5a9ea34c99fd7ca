"""Documents linked from the news: numbers in an article's body link to the document's page
(look-alikes do not), "Văn bản liên quan" on the article, "Tin bài liên quan" on the document,
Legislation JSON-LD, the sitemap and the reserved folder. One small site, built once."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from portal_documents.links import canonical, link_html

from .conftest import article, build, write_site
from .test_documents import document
from .test_hardening_names import REPLACE, assert_reported
from .test_structured_data import SDO, blocks_of, problems, read_page, to_graph, vocabulary

NOW = "2026-11-27T08:00:00+07:00"

DOCUMENTS = {
    "van-ban/76.md": document("76/NQ-CP", loai="Nghị quyết", nguoi_ky=None, ngay_ban_hanh="2021-07-15",
                              ngay_hieu_luc="2021-07-15", trich_yeu="Ban hành Chương trình tổng thể cải cách hành chính.",
                              linh_vuc=None),
    "van-ban/42.md": document("42/2022/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2022-06-24", ngay_hieu_luc="2022-08-01",
                              trich_yeu="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến.", linh_vuc=None,
                              thay_the="[{so_hieu: 43/2011/NĐ-CP, ngoai: true}]"),
    "van-ban/06.md": document("06/QĐ-TTg", loai="Quyết định", co_quan="Thủ tướng Chính phủ", nguoi_ky=None,
                              ngay_ban_hanh="2022-01-06", ngay_hieu_luc="2022-01-06", linh_vuc=None,
                              trich_yeu="Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư."),
    "van-ban/45.md": document("45/2020/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2020-04-08", ngay_hieu_luc="2020-05-22",
                              trich_yeu="Về thực hiện thủ tục hành chính trên môi trường điện tử.", linh_vuc=None,
                              het_hieu_luc="2026-01-01"),
}

BODY = """Chính phủ ban hành Nghị quyết số 76/NQ-CP và Nghị định 42/2022/NĐ-CP; lại nhắc Nghị quyết 76/NQ-CP.

Không phải văn bản: 176/NQ-CP, 76/NQ-CPX, 76/NQ-CP-1, 99/NQ-CP, số 76 và ND 42/2022/ND-CP.

Đã có liên kết: [Nghị quyết 76/NQ-CP](https://vanban.chinhphu.vn/76) và mã `76/NQ-CP`.

```
Quyết định 06/QĐ-TTg
```

## Thực hiện Quyết định 06/QĐ-TTg
"""

FILES = {
    **DOCUMENTS,
    "articles/2023/bai-mot.md": article("Triển khai Nghị quyết 76/NQ-CP", slug="bai-mot",
                                        summary="Sa-pô nhắc Nghị định 42/2022/NĐ-CP.", body=BODY),
    # NFD text, Đ written with a look-alike (U+00D0): links all the same, first mention first.
    "articles/2024/bai-hai.md": article("Bài hai", slug="bai-hai", date="2024-01-10 08:00",
                                        body=unicodedata.normalize("NFD", "Theo Quyết định số 06/Q\u00d0-TTg và Nghị "
                                                                          "quyết 76/NQ-CP, người dân được phục vụ tốt hơn.\n")),
    "articles/2024/bai-ba.md": article("Bài ba", slug="bai-ba", date="2024-02-01 08:00",
                                       body="Nghị quyết 99/NQ-CP chưa có trên cổng.\n"),
    "articles/2024/nhap.md": article("Bài nháp", slug="bai-nhap", status="draft", body="Nghị quyết 76/NQ-CP.\n"),
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("links")
    content = write_site(root, FILES)
    build(content, root / "output", PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    return root / "output"


def page_of(site: Path, slug: str) -> tuple[str, str]:
    """(relative path, HTML) of the article with `slug`."""
    (found,) = [p for p in site.rglob(f"{slug}.html") if "ban-nhap" not in p.parts]
    return str(found.relative_to(site)), found.read_text(encoding="utf-8")


def body_of(page: str) -> str:
    return page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]


def doc_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="doc-ref" href="([^"]+)">([^<]+)</a>', html)


def test_numbers_of_the_collection_link_and_look_alikes_do_not(linked: Path) -> None:
    rel, page = page_of(linked, "bai-mot")
    up = "../" * rel.count("/")
    body = body_of(page)
    assert doc_links(body) == [(f"{up}van-ban/76-nq-cp.html", "76/NQ-CP"), (f"{up}van-ban/42-2022-nd-cp.html", "42/2022/NĐ-CP"),
                               (f"{up}van-ban/76-nq-cp.html", "76/NQ-CP")]
    assert "Không phải văn bản: 176/NQ-CP, 76/NQ-CPX, 76/NQ-CP-1, 99/NQ-CP, số 76 và ND 42/2022/ND-CP." in body
    assert '<a href="https://vanban.chinhphu.vn/76">Nghị quyết 76/NQ-CP</a>' in body  # no link inside a link
    assert "<code>76/NQ-CP</code>" in body
    assert "<code>Quyết định 06/QĐ-TTg\n</code>" in body
    assert re.search(r"<h2[^>]*>Thực hiện Quyết định 06/QĐ-TTg</h2>", body)  # headings are not linked
    # Title and sa-pô are plain text fields.
    assert "<h1>Triển khai Nghị quyết 76/NQ-CP</h1>" in page
    assert '<p class="sapo">Sa-pô nhắc Nghị định 42/2022/NĐ-CP.</p>' in page


def test_nfd_text_and_a_look_alike_of_d_stroke_still_link(linked: Path) -> None:
    rel, page = page_of(linked, "bai-hai")
    up = "../" * rel.count("/")
    body = body_of(page)
    assert doc_links(body) == [(f"{up}van-ban/06-qd-ttg.html", "06/QĐ-TTg"), (f"{up}van-ban/76-nq-cp.html", "76/NQ-CP")]
    assert "Theo Quyết định số <a" in body  # the linked text node is written back in NFC


def test_unknown_numbers_stay_plain_and_no_box_is_shown(linked: Path) -> None:
    _rel, page = page_of(linked, "bai-ba")
    assert "Nghị quyết 99/NQ-CP chưa có trên cổng." in body_of(page)
    assert "doc-ref" not in page and "Văn bản liên quan" not in page


def related_box(page: str) -> list[str]:
    """The cited documents' entries in "Văn bản liên quan", as text."""
    box = page.split('<section class="cited-documents"', 1)[1].split("</section>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", box, re.S)]


def test_an_article_lists_the_documents_it_cites_in_order_of_first_mention(linked: Path) -> None:
    _rel, page = page_of(linked, "bai-mot")
    assert '<h2 id="van-ban-lien-quan">Văn bản liên quan</h2>' in page
    # Headings cite (06/QĐ-TTg) though they do not link; code does not; title and sa-pô are not read.
    assert related_box(page) == [
        "Nghị quyết 76/NQ-CP (ban hành 15/07/2021) Ban hành Chương trình tổng thể cải cách hành chính.",
        "Nghị định 42/2022/NĐ-CP (ban hành 24/06/2022) Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến.",
        "Quyết định 06/QĐ-TTg (ban hành 06/01/2022) Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư.",
    ]
    _rel, second = page_of(linked, "bai-hai")
    assert [entry.split(" (")[0] for entry in related_box(second)] == ["Quyết định 06/QĐ-TTg", "Nghị quyết 76/NQ-CP"]


def cited_by(site: Path, rel: str) -> list[str]:
    page = (site / rel).read_text(encoding="utf-8")
    if "tin-bai-lien-quan" not in page:
        return []
    section = page.split('<h2 id="tin-bai-lien-quan">Tin bài liên quan</h2>', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a>", section)


def test_a_document_lists_the_public_news_citing_it_newest_first(linked: Path) -> None:
    assert cited_by(linked, "van-ban/76-nq-cp.html") == ["Bài hai", "Triển khai Nghị quyết 76/NQ-CP"]  # not the draft
    assert cited_by(linked, "van-ban/06-qd-ttg.html") == ["Bài hai", "Triển khai Nghị quyết 76/NQ-CP"]
    assert cited_by(linked, "van-ban/42-2022-nd-cp.html") == ["Triển khai Nghị quyết 76/NQ-CP"]
    assert cited_by(linked, "van-ban/45-2020-nd-cp.html") == []
    page = (linked / "van-ban/76-nq-cp.html").read_text(encoding="utf-8")
    assert re.search(r'<li><a href="\.\./[^"]*bai-hai\.html">Bài hai</a> <span class="meta"><time datetime="2024-01-10', page)


def legislation(site: Path, rel: str) -> dict[str, object]:
    (block,) = [b for b in blocks_of(read_page((site / rel).read_text(encoding="utf-8"))) if b["@type"] == "Legislation"]
    return block


def test_document_pages_carry_legislation_valid_by_the_vocabulary(linked: Path) -> None:
    vocab = vocabulary()
    for rel in ("van-ban/76-nq-cp.html", "van-ban/42-2022-nd-cp.html", "van-ban/06-qd-ttg.html", "van-ban/45-2020-nd-cp.html"):
        block = legislation(linked, rel)
        graph = to_graph(block)
        assert problems(graph, vocab) == [], (rel, block)
        # The status is a member of schema.org's LegalForceStatus enumeration.
        (force,) = graph.objects(None, SDO.legislationLegalForce)
        assert (force, rdflib.RDF.type, SDO.LegalForceStatus) in vocab
    assert legislation(linked, "van-ban/42-2022-nd-cp.html") == {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": "Nghị định 42/2022/NĐ-CP",
        "url": "http://127.0.0.1:8000/van-ban/42-2022-nd-cp.html",
        "legislationIdentifier": "42/2022/NĐ-CP",
        "legislationType": "Nghị định",
        "description": "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến.",
        "legislationDate": "2022-06-24",
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": "Chính phủ"},
        "legislationJurisdiction": {"@type": "Country", "name": "Việt Nam"},
        "legislationLegalForce": {"@id": "schema:InForce"},
        "inLanguage": "vi",
        "legislationChanges": [{"@type": "Legislation", "legislationIdentifier": "43/2011/NĐ-CP"}],
    }
    ended = legislation(linked, "van-ban/45-2020-nd-cp.html")
    assert (ended["legislationLegalForce"], ended["expires"]) == ({"@id": "schema:NotInForce"}, "2026-01-01")


def test_documents_are_in_the_sitemap_with_their_last_change(linked: Path) -> None:
    sitemap = (linked / "sitemap.xml").read_text(encoding="utf-8")
    found = dict(re.findall(r"<loc>http://127\.0\.0\.1:8000/(van-ban/[^<]*)</loc><lastmod>([^<]+)</lastmod>", sitemap))
    # 76/NQ-CP: cited by an article of 2024-01-10 08:00; 42: in force since 2022-08-01; 45: ended 2026-01-01.
    assert found["van-ban/76-nq-cp.html"] == "2024-01-10T08:00:00+07:00"
    assert found["van-ban/42-2022-nd-cp.html"] == "2023-06-19T09:00:00+07:00"
    assert found["van-ban/45-2020-nd-cp.html"] == "2026-01-01T00:00:00+07:00"
    assert found["van-ban/"] == "2026-01-01T00:00:00+07:00"
    assert found["van-ban/loai/quyet-dinh/"] == "2024-01-10T08:00:00+07:00"
    assert "van-ban/trang-2/" not in sitemap


def test_an_old_address_inside_the_documents_folder_is_refused(tmp_path: Path) -> None:
    alias = "/van-ban/76-nq-cp.html"
    assert_reported(
        tmp_path, {"articles/2023/a.md": article("Bài A", aliases=f"[{alias}]")},
        f"content/articles/2023/a.md:7: aliases: địa chỉ cũ '{alias}' nằm trong van-ban/, thư mục của các trang tra "
        f"cứu văn bản: {REPLACE}",
    )


def test_the_link_pass_reads_html_not_text() -> None:
    class Doc:
        so_hieu, source = "76/NQ-CP", "van-ban/76.md"

    known = {"76/NQ-CP": Doc()}
    html = '<p title="76/NQ-CP">x</p><!-- 76/NQ-CP --><script>var a = "76/NQ-CP";</script><pre>76/NQ-CP</pre>'
    assert link_html(html, known) == (html, [])
    assert link_html("<p>76/NQ-CP &amp; 1</p>", known) == (
        '<p><a class="doc-ref" href="{static}/van-ban/76.md">76/NQ-CP</a> &amp; 1</p>', [known["76/NQ-CP"]])
    assert link_html("<p>&#49;76/NQ-CP</p>", known)[1] == []  # 176/NQ-CP once the reference is read
    assert canonical("N\u0110") == canonical("ND\u0335") == canonical("N\u00d0") == "NĐ"
    assert json.dumps(canonical(unicodedata.normalize("NFD", "Nghị"))) == json.dumps("Nghị")


def test_the_dev_server_applies_edits_with_links_equal_to_a_clean_build(tmp_path: Path) -> None:
    from portal_build import live

    from .test_live import clean, edit_body, tree

    files = {**DOCUMENTS, "articles/2023/bai-mot.md": article("Bài một", slug="bai-mot", body="Theo Nghị quyết 76/NQ-CP.\n"),
             "articles/2023/bai-hai.md": article("Bài hai", slug="bai-hai", date="2023-07-01 08:00", body="Nội dung.\n")}
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    # The text alone changes, the same documents cited: applied in memory, links kept.
    edit_body(content / "articles/2023/bai-mot.md", "Theo Nghị quyết", "Thực hiện Nghị quyết")
    live.apply([str(content / "articles/2023/bai-mot.md")])
    assert tree(output) == clean(content, tmp_path)
    _rel, page = page_of(output, "bai-mot")
    assert "Thực hiện Nghị quyết <a class=\"doc-ref\"" in page
    # A body that cites another document changes the documents' pages: the site is re-planned
    # in memory (as for an edit of the listings).
    edit_body(content / "articles/2023/bai-hai.md", "Nội dung.", "Nội dung theo Nghị định 42/2022/NĐ-CP.")
    applied = live.apply([str(content / "articles/2023/bai-hai.md")])
    assert "van-ban/42-2022-nd-cp.html" in applied.ran
    assert tree(output) == clean(content, tmp_path)
    assert cited_by(output, "van-ban/42-2022-nd-cp.html") == ["Bài hai"]
    edit_body(content / "articles/2023/bai-hai.md", "Nội dung theo Nghị định 42/2022/NĐ-CP.", "Nội dung.")
    live.apply([str(content / "articles/2023/bai-hai.md")])  # and no longer cites it
    assert tree(output) == clean(content, tmp_path)
    assert cited_by(output, "van-ban/42-2022-nd-cp.html") == []
    edit_body(content / "articles/2023/bai-hai.md", "Nội dung.", "Nội dung theo Nghị định 42/2022/NĐ-CP.")
    live.apply([str(content / "articles/2023/bai-hai.md")])
    # A front matter edit re-plans the site: the new text is linked and cited on both sides.
    edit_body(content / "articles/2023/bai-hai.md", "title: Bài hai", "title: Bài hai (sửa)")
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    edit_body(content / "articles/2023/bai-hai.md", "title: Bài hai (sửa)", "title: Bài hai, sửa lần nữa")
    edit_body(content / "articles/2023/bai-hai.md", "Nghị định 42/2022/NĐ-CP.", "Nghị định 42/2022/NĐ-CP, Quyết định 06/QĐ-TTg.")
    live.apply([str(content / "articles/2023/bai-hai.md")])
    assert tree(output) == clean(content, tmp_path)
    assert cited_by(output, "van-ban/06-qd-ttg.html") == ["Bài hai, sửa lần nữa"]


def test_a_partly_repealed_document_shows_both_directions_its_facet_and_partially_in_force(tmp_path: Path) -> None:
    content = write_site(tmp_path, {
        "van-ban/nd-61.md": document(),
        "van-ban/nd-12.md": document("12/2024/NĐ-CP", nguoi_ky="Phạm Minh Chính", ngay_ban_hanh="2024-03-01",
                                     ngay_hieu_luc="2024-04-15", bai_bo_mot_phan="[61/2018/NĐ-CP]"),
        "articles/2024/bai.md": article("Bài viết", date="2024-05-02 08:00"),
    })
    output = tmp_path / "output"
    build(content, output, PORTAL_NOW="2026-11-27T08:00:00+07:00", PORTAL_BUILD_CACHE="")
    target = (output / "van-ban/61-2018-nd-cp.html").read_text(encoding="utf-8")
    assert "<h3>Bị bãi bỏ một phần bởi</h3>" in target and 'href="../van-ban/12-2024-nd-cp.html"' in target
    assert "Hết hiệu lực một phần" in target
    assert "<h3>Bãi bỏ một phần</h3>" in (output / "van-ban/12-2024-nd-cp.html").read_text(encoding="utf-8")
    facet = (output / "van-ban/tinh-trang/het-hieu-luc-mot-phan/index.html").read_text(encoding="utf-8")
    assert "61/2018/NĐ-CP" in facet and "12/2024/NĐ-CP" not in facet
    vocab = vocabulary()
    block = legislation(output, "van-ban/61-2018-nd-cp.html")
    graph = to_graph(block)
    assert problems(graph, vocab) == [], block
    (force,) = graph.objects(None, SDO.legislationLegalForce)
    assert force == SDO.PartiallyInForce and (force, rdflib.RDF.type, SDO.LegalForceStatus) in vocab
    changes = legislation(output, "van-ban/12-2024-nd-cp.html")["legislationChanges"]
    assert changes == [{"@type": "Legislation", "legislationIdentifier": "61/2018/NĐ-CP", "name": "Nghị định 61/2018/NĐ-CP",
                        "url": "http://127.0.0.1:8000/van-ban/61-2018-nd-cp.html"}]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789/ADĐÐƉaxyđ-<> \u0335"), max_size=14))
def test_the_quick_look_for_a_number_finds_what_a_digit_slash_capital_pattern_finds(text: str) -> None:
    """links._HINT decides which bodies are read token by token; it is written to start with
    the "/" (for speed) and must find exactly what `digit / capital` finds."""
    from portal_documents.links import _HINT

    assert bool(_HINT.search(text)) == bool(re.search("\\d/[A-Z\u0110\u00d0\u0189]", text))
