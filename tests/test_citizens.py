"""What citizens get around the pages (issue 16): share links, the HTML site map, the page
of feeds, English pages paired with their Vietnamese originals, and the messages a bad
`lang:` or `translation_of:` gives. The behaviour in a browser (copying, text size) is in
tests/test_citizens_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from portal_diagnostics import BuildFailed

from .conftest import article, build, write_site
from .test_check import check

ARTICLE_URL = "2023/06/tieu-de-bai-viet.html"


def page(title: str, **fields: str) -> str:
    lines = ["---", f'title: "{title}"', *(f"{k}: {v}" for k, v in fields.items()), "---", "Nội dung trang.\n"]
    return "\n".join(lines)


SITE = {
    "articles/2023/bai.md": article(
        officials="[Nguyễn Trọng Thừa]", provinces="[Gia Lai]", topics="[Cải cách thủ tục hành chính]",
        tags="[một cửa]",
    ),
    "articles/2023/bai-2.md": article("Bài thứ hai", date="2023-06-20 09:00", category="chuyen-doi-so"),
    "pages/gioi-thieu.md": page("Giới thiệu", slug="gioi-thieu"),
    "pages/lien-he.md": page("Liên hệ", slug="lien-he", contact="true"),
    "pages/en/about.md": page("About the portal", slug="about", lang="en", translation_of="gioi-thieu"),
    "pages/en/contact.md": page("Contact", slug="contact", lang="en", translation_of="lien-he", contact="true"),
    "pages/en/organisation.md": page("Organisation and functions", slug="organisation", lang="en"),
}


def build_site(root: Path, files: dict[str, str], **settings: Any) -> Path:
    content = write_site(root, files)
    output = root / "output"
    build(content, output, **settings)
    return output


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    monkey = pytest.MonkeyPatch()
    monkey.setenv("PORTAL_NOW", "2026-12-04T09:00:00+07:00")
    try:
        yield build_site(tmp_path_factory.mktemp("citizens"), SITE)
    finally:
        monkey.undo()


def parse(path: Path) -> Any:
    return lxml_html.fromstring(path.read_bytes())


def cls(name: str) -> str:
    """An XPath test for an element having the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def find(doc: Any, path: str) -> list[Any]:
    """Elements by XPath, where `.name` stands for "has the class name"."""
    import re

    return list(doc.xpath(re.sub(r"\[\.([\w-]+)\]", lambda m: f"[{cls(m.group(1))}]", path)))


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


# --- share -------------------------------------------------------------------------


def test_share_links_open_facebook_and_zalo_with_the_articles_encoded_absolute_address(output: Path) -> None:
    doc = parse(output / ARTICLE_URL)
    address = "http://127.0.0.1:8000/" + ARTICLE_URL  # PORTAL_DEV_SITEURL in a development build
    facebook, zalo = find(doc, "//*[.share]//a[.share-link]")
    assert facebook.get("href") == "https://www.facebook.com/sharer/sharer.php?u=" + quote(address, safe="")
    assert zalo.get("href") == "https://sp.zalo.me/share_inline?url=" + quote(address, safe="")
    for link, name in ((facebook, "Facebook"), (zalo, "Zalo")):
        assert link.get("target") == "_blank"
        assert link.get("rel") == "noopener noreferrer"
        assert text(link) == f"Chia sẻ lên {name} (mở cửa sổ mới)"
        assert link.xpath(".//*[local-name()='svg']")[0].get("aria-hidden") == "true"


def test_the_copy_button_holds_the_address_and_the_page_has_a_status_to_announce_it(output: Path) -> None:
    doc = parse(output / ARTICLE_URL)
    (button,) = find(doc, "//*[.share]//button[.copy-button]")
    assert button.get("data-copy") == "http://127.0.0.1:8000/" + ARTICLE_URL
    assert button.get("data-copied") == "Đã sao chép liên kết"
    assert text(button) == "Sao chép liên kết"
    assert doc.get_element_by_id("copy-status").get("role") == "status"


def test_a_production_build_shares_the_public_address(tmp_path: Path) -> None:
    out = build_site(tmp_path, {"articles/2023/bai.md": article()}, SITEURL="https://cchc.example.vn",
                     RELATIVE_URLS=False)
    doc = parse(out / ARTICLE_URL)
    (button,) = find(doc, "//*[.share]//button[.copy-button]")
    assert button.get("data-copy") == "https://cchc.example.vn/" + ARTICLE_URL
    facebook = find(doc, "//a[.share-facebook]")[0]
    assert facebook.get("href").endswith("u=https%3A%2F%2Fcchc.example.vn%2F2023%2F06%2Ftieu-de-bai-viet.html")


def test_pages_load_the_text_size_script_in_the_head_and_no_inline_script(output: Path) -> None:
    for name in (ARTICLE_URL, "index.html", "about.html", "rss/index.html", "so-do-cong-thong-tin/index.html"):
        doc = parse(output / name)
        head_scripts = [s.get("src") for s in doc.head.iter("script")]
        assert any(src.endswith("/theme/js/prefs.js") for src in head_scripts), name
        prefs = next(s for s in doc.head.iter("script") if s.get("src").endswith("prefs.js"))
        assert prefs.get("defer") is None and prefs.get("async") is None, "must run before the first paint"
        assert all(s.get("src") for s in doc.iter("script") if s.get("type") != "application/ld+json"), name
        assert not doc.xpath("//*[@style]"), name


# --- site map and feeds page -------------------------------------------------------


def test_the_site_map_lists_sections_pages_and_terms_but_not_articles(output: Path) -> None:
    doc = parse(output / "so-do-cong-thong-tin" / "index.html")
    assert text(doc.xpath("//h1")[0]) == "Sơ đồ cổng thông tin"
    links = {text(a): a.get("href") for a in find(doc, "//*[.site-map]//a")}
    assert links["Trang chủ"] == "../"
    assert links["Kênh RSS"] == "../rss/"
    assert links["Tin tổng hợp"] == "../chuyen-muc/tin-tong-hop/"
    assert "../chuyen-muc/chuyen-doi-so/" in [a.get("href") for a in find(doc, "//*[.site-map]//a")]
    assert links["Giới thiệu"] == "../gioi-thieu.html"
    assert links["About the portal"] == "../about.html"
    assert links["Nguyễn Trọng Thừa"] == "../can-bo/nguyen-trong-thua/"
    assert links["Gia Lai"] == "../tinh-thanh/gia-lai/"
    assert links["Cải cách thủ tục hành chính"] == "../chu-de/cai-cach-thu-tuc-hanh-chinh/"
    assert links["Xem tất cả từ khóa"] == "../tu-khoa/"
    assert "một cửa" not in links, "tags: the index only"
    assert not [h for h in links.values() if h.startswith("../2023/")], "no article is listed"
    english = doc.xpath('//*[@id="main"]//a[@href="../about.html"]')[0]
    assert english.get("lang") == "en" and english.get("hreflang") == "en"


def test_the_feeds_page_lists_every_feed_the_build_writes_with_its_address(output: Path) -> None:
    doc = parse(output / "rss" / "index.html")
    assert text(doc.xpath("//h1")[0]) == "Kênh RSS"
    listed = [code.text for code in find(doc, "//code[.feed-url]")]
    buttons = [b.get("data-copy") for b in find(doc, "//button[.copy-button]")]
    assert listed == buttons
    prefix = "http://127.0.0.1:8000/"
    assert all(address.startswith(prefix) for address in listed)
    paths = {address[len(prefix):] for address in listed}
    assert {"rss.xml", "atom.xml", "chuyen-muc/tin-tong-hop/rss.xml", "chuyen-muc/tin-tong-hop/atom.xml",
            "can-bo/nguyen-trong-thua/rss.xml", "tinh-thanh/gia-lai/atom.xml",
            "chu-de/cai-cach-thu-tuc-hanh-chinh/rss.xml"} <= paths
    for path in paths:
        assert (output / path).is_file(), f"{path} is listed but not written"
    written = {str(p.relative_to(output)) for p in output.rglob("*.xml")
               if p.name in ("rss.xml", "atom.xml") and not str(p.relative_to(output)).startswith("tu-khoa/")}
    assert written == paths, "every feed but the tags' is listed"
    names = [text(p) for p in find(doc, "//*[.feed-name]")]
    assert names[:2] == ["Tất cả tin bài", "Tin tức - Sự kiện"]
    assert "Gia Lai" in names
    label = doc.xpath('//button[@data-copy="http://127.0.0.1:8000/rss.xml"]')[0].get("aria-label")
    assert label == "Sao chép địa chỉ RSS: Tất cả tin bài"


def test_the_footer_links_the_site_map_and_the_feeds_page(output: Path) -> None:
    doc = parse(output / ARTICLE_URL)
    footer = {text(a): a.get("href") for a in find(doc, "//*[.footer-links]//a")}
    assert footer["Sơ đồ cổng thông tin"] == "../../so-do-cong-thong-tin/"
    assert footer["Kênh RSS"] == "../../rss/"
    assert "About the portal" not in footer, "English pages are not in the Vietnamese footer"


# --- English pages -----------------------------------------------------------------


def alternates(doc: Any) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in doc.xpath('//link[@rel="alternate"][@hreflang]')}


def test_a_page_and_its_translation_name_each_other_with_hreflang(output: Path) -> None:
    expected = {
        "vi": "http://127.0.0.1:8000/gioi-thieu.html",
        "en": "http://127.0.0.1:8000/about.html",
        "x-default": "http://127.0.0.1:8000/gioi-thieu.html",
    }
    vi, en = parse(output / "gioi-thieu.html"), parse(output / "about.html")
    assert vi.get("lang") == "vi" and en.get("lang") == "en"
    assert alternates(vi) == expected == alternates(en)
    assert alternates(parse(output / "contact.html"))["vi"] == "http://127.0.0.1:8000/lien-he.html"
    assert alternates(parse(output / "organisation.html")) == {}, "a page without a translation has none"


def test_the_language_switch_leads_to_the_translation_or_the_other_languages_entry(output: Path) -> None:
    def switch(name: str) -> tuple[str, str, str]:
        (link,) = find(parse(output / name), "//a[.lang-switch]")
        return text(link), link.get("href"), link.get("lang")

    assert switch("gioi-thieu.html") == ("English", "./about.html", "en")
    assert switch("about.html") == ("Tiếng Việt", "./gioi-thieu.html", "vi")
    assert switch("lien-he.html") == ("English", "./contact.html", "en")
    assert switch(ARTICLE_URL) == ("English", "../../about.html", "en")  # PORTAL_ENGLISH_HOME
    assert switch("organisation.html") == ("Tiếng Việt", "./", "vi")


def test_english_pages_have_english_chrome_and_mark_what_stays_vietnamese(output: Path) -> None:
    doc = parse(output / "contact.html")
    assert text(find(doc, "//a[.skip-link]")[0]) == "Skip to main content"
    assert find(doc, "//*[.text-size]")[0].get("aria-label") == "Text size"
    assert find(doc, "//header[.site-header]/div[@lang='vi']"), "the Vietnamese brand and menu are marked"
    assert find(doc, "//*[.footer-grid]")[0].get("lang") == "vi"
    assert find(doc, "//*[.footer-links]")[0].get("lang") == "en"
    assert find(doc, "//nav[.breadcrumb]")[0].get("aria-label") == "Breadcrumb"
    address = text(find(doc, "//*[.contact-details]//address")[0])
    assert address.startswith("Address: ") and "Telephone: " in address and "Email: " in address
    assert doc.xpath("//title")[0].text.endswith("– Public Administration Reform Portal")
    assert doc.xpath('//meta[@property="og:locale"]')[0].get("content") == "en_US"
    footer = {text(a) for a in find(doc, "//*[.footer-links]//a")}
    assert {"About the portal", "Contact", "Organisation and functions"} <= footer
    assert "Giới thiệu" not in footer


# --- messages ----------------------------------------------------------------------


def problems(tmp_path: Path, files: dict[str, str], **settings: Any) -> list[str]:
    content = write_site(tmp_path, {"articles/2023/bai.md": article(), **files})
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "output", **settings)
    return [str(p) for p in failure.value.problems]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"lang": "en", "translation_of": "gioi-thieuu"},
         "content/pages/en/about.md:5: translation_of: không có trang nào có địa chỉ này (đang ghi 'gioi-thieuu', "
         "cần 'slug' của một trang trong content/pages/). Có phải ý bạn là 'gioi-thieu'?"),
        ({"lang": "en", "translation_of": "about"},
         "content/pages/en/about.md:5: translation_of: trang không thể là bản dịch của chính nó (đang ghi 'about', "
         "cần 'slug' của trang gốc viết bằng ngôn ngữ khác)"),
        ({"translation_of": "gioi-thieu"},
         "content/pages/en/about.md:4: translation_of: trang 'gioi-thieu' cũng viết bằng tiếng Việt (cần trang gốc "
         "viết bằng ngôn ngữ khác; trang dịch ghi thêm 'lang: en' nếu là tiếng Anh)"),
        ({"lang": "en", "translation_of": "../gioi-thieu.md"},
         "content/pages/en/about.md:5: translation_of: không phải địa chỉ của một trang (đang ghi '../gioi-thieu.md', "
         "cần phần 'slug' của trang gốc, ví dụ gioi-thieu). Có phải ý bạn là 'gioi-thieu'?"),
        ({"lang": "eng", "translation_of": "gioi-thieu"},
         "content/pages/en/about.md:4: lang: không có ngôn ngữ này (đang ghi 'eng', cần 'vi' (tiếng Việt) hoặc "
         "'en' (tiếng Anh)). Có phải ý bạn là 'en'?"),
    ],
    ids=["unknown page", "itself", "same language", "a file name", "unknown language"],
)
def test_a_bad_translation_field_names_its_line_and_the_fix(tmp_path: Path, fields: dict[str, str], expected: str) -> None:
    files = {
        "pages/gioi-thieu.md": page("Giới thiệu", slug="gioi-thieu"),
        "pages/en/about.md": page("About", slug="about", **fields),
    }
    assert problems(tmp_path, files) == [expected]
    status, lines = check(tmp_path / "content")
    assert status == 1 and lines[0] == expected, "make check prints the build's message"


def test_a_translation_of_a_translation_and_a_second_translation_are_refused(tmp_path: Path) -> None:
    files = {
        "pages/gioi-thieu.md": page("Giới thiệu", slug="gioi-thieu"),
        "pages/en/about.md": page("About", slug="about", lang="en", translation_of="gioi-thieu"),
        "pages/en/about-2.md": page("About again", slug="about-2", lang="en", translation_of="gioi-thieu"),
        "pages/gioi-thieu-2.md": page("Giới thiệu lại", slug="gioi-thieu-2", translation_of="about"),
    }
    expected = [
        "content/pages/en/about.md:5: translation_of: trang 'gioi-thieu' đã có bản tiếng Anh là "
        "content/pages/en/about-2.md; mỗi trang chỉ có một bản dịch cho mỗi ngôn ngữ",
        "content/pages/gioi-thieu-2.md:4: translation_of: trang 'about' đã là bản dịch của trang 'gioi-thieu'; "
        "hãy ghi translation_of: gioi-thieu",
    ]
    assert problems(tmp_path, files) == expected
    assert check(tmp_path / "content") == (1, [*expected, "Kiểm tra không đạt: 2 lỗi trong 2 tệp (đã kiểm tra 5 tệp)."])


def test_an_english_home_that_names_no_english_page_is_a_settings_problem(tmp_path: Path) -> None:
    files = {"pages/en/about.md": page("About", slug="about", lang="en")}
    assert problems(tmp_path, files, PORTAL_ENGLISH_HOME="english") == [
        "pelicanconf.py: PORTAL_ENGLISH_HOME: no English page has the slug 'english' (expected one of: about)"
    ]


def test_an_old_address_inside_the_site_map_folder_is_refused(tmp_path: Path) -> None:
    files = {"pages/gioi-thieu.md": page("Giới thiệu", slug="gioi-thieu", aliases="[/so-do-cong-thong-tin/cu.html]")}
    (message,) = problems(tmp_path, files)
    assert message.startswith("content/pages/gioi-thieu.md:4: aliases: địa chỉ cũ '/so-do-cong-thong-tin/cu.html' "
                              "nằm trong so-do-cong-thong-tin/, thư mục của trang sơ đồ cổng thông tin")
