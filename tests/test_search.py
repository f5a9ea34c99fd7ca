"""Site search (issue 14): what is indexed, the search page, and the Vietnamese rules of
theme/static/js/search-vi.js (run in Node). The search itself, in Chromium:
tests/test_search_browser.py."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from .conftest import ROOT, article, build, tree_digest, write_site

SEARCH_VI = (ROOT / "theme" / "static" / "js" / "search-vi.js").as_uri()
NOW = "2026-11-27T08:00:00+07:00"


def node(expression: str) -> object:
    """The value of a JavaScript expression over search-vi.js's exports, computed by Node."""
    assert shutil.which("node"), "Node.js is needed to test the search page's script"
    code = f"import * as vi from {json.dumps(SEARCH_VI)}; console.log(JSON.stringify({expression}));"
    done = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- the Vietnamese rules of the query (search-vi.js) -------------------------------------


def test_folding_drops_tone_and_vowel_marks_and_turns_d_stroke_into_d() -> None:
    nfd = unicodedata.normalize("NFD", "Dịch vụ công")
    assert node(f'[vi.fold("Đề án 06"), vi.fold("Đồng Nai"), vi.fold({json.dumps(nfd)}), vi.fold("CẢI CÁCH")]') == [
        "de an 06", "dong nai", "dich vu cong", "cai cach"]


def test_a_word_typed_with_a_plain_d_is_also_tried_with_d_stroke() -> None:
    assert node('vi.dVariants("dien tu")') == ["dien tu", "đien tu"]
    assert node('vi.dVariants("De an 06")') == ["De an 06", "Đe an 06"]
    assert node('vi.dVariants("Dong Nai dien tu")') == ["Dong Nai dien tu", "Đong Nai dien tu", "Dong Nai đien tu", "Đong Nai đien tu"]
    assert node('vi.dVariants("dịch vụ công")') == ["dịch vụ công"]  # typed with marks: the editor chose d
    assert node('vi.dVariants("  ")') == []


def test_nfd_queries_are_put_in_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "dịch vụ công")
    assert node(f"vi.dVariants({json.dumps(nfd)})") == [unicodedata.normalize("NFC", nfd)]


def test_old_and_new_tone_placement_are_one_word_and_other_tones_are_not() -> None:
    assert node('[vi.toneKey("hoà") === vi.toneKey("hòa"), vi.toneKey("hóa") === vi.toneKey("hòa"), vi.toneKey("Thuỷ") === vi.toneKey("thủy")]') == [
        True, False, True]


@pytest.mark.parametrize(
    ("text", "query", "kept"),
    [
        ("Cổng Dịch vụ công quốc gia", "dich vu cong", True),
        ("Cổng Dịch vụ công quốc gia", "dịch vụ công", True),
        ("Chính phủ điện tử", "dien tu", True),
        ("Chính phủ điện tử", "điện tử", True),
        ("Phê duyệt Đề án 06", "de an 06", True),
        ("Tỉnh Đồng Nai", "Dong Nai", True),
        ("Hòa nhập cộng đồng", "hoà nhập", True),  # old tone placement in the query
        ("Hoà nhập cộng đồng", "hòa nhập", True),  # old tone placement in the page
        ("Hoạt động", "hòa", False),  # Pagefind's prefix match, refused: another word
        ("Di cư", "dien", False),  # Pagefind's fallback to a shorter word, refused
        ("Ủy ban nhân dân", "dich vu cong", False),
        ("Cải cách hành chính", "cai cach hanh ch", True),  # the last word as it is being typed
        (unicodedata.normalize("NFD", "Dịch vụ công"), "dịch vụ công", True),
    ],
)
def test_a_hit_is_kept_only_if_its_words_really_match(text: str, query: str, kept: bool) -> None:
    assert node(f"vi.matches({json.dumps(text)}, {json.dumps(query)})") is kept


# --- what is indexed ---------------------------------------------------------------------------


def indexed(output: Path) -> set[str]:
    """The addresses of the pages in the search index (from Pagefind's fragments)."""
    urls = set()
    for fragment in (output / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


SITE = {
    "articles/2026/cong.md": article("Dịch vụ công trực tuyến toàn trình", date="2026-11-20 09:00", tags="[dịch vụ công]",
                                     provinces="[Đồng Nai]", aliases="[/tin-cu/dich-vu-cong.html]"),
    "articles/2026/nhap.md": article("Bản nháp bí mật về dịch vụ công", date="2026-11-21 09:00", status="draft"),
    "articles/2026/hen.md": article("Bài hẹn giờ bí mật về dịch vụ công", date="2026-12-25 09:00"),
    "pages/gioi-thieu.md": "---\ntitle: Giới thiệu cổng thông tin\n---\nCổng thông tin về cải cách hành chính.\n",
}


@pytest.fixture
def searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PORTAL_NOW", NOW)
    content = write_site(tmp_path, SITE)
    build(content, tmp_path / "output")
    return tmp_path / "output"


def test_public_articles_pages_and_term_pages_are_indexed_and_nothing_else(searched: Path) -> None:
    urls = indexed(searched)
    assert "/2026/11/dich-vu-cong-truc-tuyen-toan-trinh.html" in urls
    assert "/gioi-thieu-cong-thong-tin.html" in urls
    assert {"/tu-khoa/dich-vu-cong/", "/tinh-thanh/dong-nai/"} <= urls
    text = json.dumps(sorted(urls))
    assert "bi-mat" not in text and "ban-nhap" not in text  # no draft, no scheduled article
    assert not urls & {"/", "/404.html", "/tim-kiem/", "/tin-cu/dich-vu-cong.html", "/luu-tru/", "/tu-khoa/"}
    assert not [u for u in urls if "/trang-" in u or u.startswith("/chuyen-muc/")]  # listings are not


def test_the_index_is_the_same_bytes_for_the_same_site(searched: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_NOW", NOW)
    build(tmp_path / "content", tmp_path / "again")
    # chuyen-muc, nam, tinh-thanh: written in random order by Pagefind, put in order by portal_search
    assert len(list((searched / "pagefind" / "filter").iterdir())) == 3
    assert tree_digest(searched / "pagefind") == tree_digest(tmp_path / "again" / "pagefind")
    assert not list((searched / "pagefind").glob("*-ui.*"))  # Pagefind's own interfaces are not published


def test_every_page_has_a_plain_search_form_and_only_the_search_page_loads_the_script(searched: Path) -> None:
    for page in ("index.html", "2026/11/dich-vu-cong-truc-tuyen-toan-trinh.html", "404.html", "tu-khoa/dich-vu-cong/index.html"):
        html = (searched / page).read_text(encoding="utf-8")
        assert 'role="search" action="' in html and '/tim-kiem/" method="get">' in html, page
        assert '<label class="visually-hidden" for="q-site">Tìm kiếm trên cổng thông tin</label>' in html, page
        assert "search.js" not in html and "pagefind/" not in html, page
    search = (searched / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="../theme/js/search.js" data-bundle="../pagefind/" data-site="../"></script>' in search
    assert '<p id="search-status" class="search-status" role="status" aria-live="polite"></p>' in search


def test_without_javascript_the_search_page_says_so_and_offers_the_indexes(searched: Path) -> None:
    search = (searched / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert ("<noscript>\n<p class=\"search-noscript\">Trang tìm kiếm cần JavaScript, nhưng trình duyệt của bạn đang tắt "
            "JavaScript. Bạn vẫn có thể tìm tin bài qua:</p>\n<ul class=\"link-list search-browse\">") in search
    for link in ('href="../luu-tru/">Lưu trữ tin bài theo tháng', 'href="../can-bo/">Cán bộ, lãnh đạo',
                 'href="../tinh-thanh/">Tỉnh, thành phố', 'href="../chu-de/">Chủ đề cải cách hành chính'):
        assert link in search


def test_an_alias_cannot_take_the_search_page_or_the_index(site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from .test_check import check

    content, _output = site({"articles/2026/a.md": article("Bài A", aliases="[/tim-kiem/index.html, /pagefind/pagefind.js]")})
    status, lines = check(content)
    assert status == 1
    assert any("trang tìm kiếm" in line for line in lines) and any("chỉ mục tìm kiếm" in line for line in lines), lines


def test_the_dev_server_refreshes_the_index_in_place_after_an_edit(searched: Path) -> None:
    """tools/devserver.py calls portal_search.refresh after an edit applied in memory (the
    edit is shown first; the index follows): a new page becomes searchable, and the old
    index stays whole until the new one replaces it."""
    import portal_search

    new = searched / "2026" / "11" / "bai-moi.html"
    new.write_text('<!DOCTYPE html><html lang="vi"><head><title>Bài mới</title></head><body>'
                   "<article data-pagefind-body><h1>Bài mới về Đề án 06</h1><p>Nội dung.</p></article></body></html>",
                   encoding="utf-8")
    assert "/2026/11/bai-moi.html" not in indexed(searched)
    portal_search.refresh(str(searched))
    assert "/2026/11/bai-moi.html" in indexed(searched)
    assert sorted(p.name for p in searched.iterdir() if p.name.startswith("pagefind")) == ["pagefind"]


def test_the_dev_servers_refresher_runs_in_the_background_and_catches_up(searched: Path) -> None:
    import portal_search

    refresher = portal_search.Refresher(str(searched))
    for number in range(3):  # three edits in a row: the last state is indexed
        (searched / "2026" / "11" / f"bai-{number}.html").write_text(
            f'<!DOCTYPE html><html lang="vi"><head><title>Bài {number}</title></head><body>'
            f"<article data-pagefind-body><h1>Bài số {number}</h1></article></body></html>", encoding="utf-8")
        refresher.request()
    assert refresher.wait(120)
    assert {f"/2026/11/bai-{n}.html" for n in range(3)} <= indexed(searched)


def test_a_background_refresh_gives_way_at_once_to_a_newer_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from portal_search import index

    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(index, "executable", lambda: str(slow))

    class Newer:  # a newer request arrives 0.3 s after the refresh started
        started = time.monotonic()

        def wanted(self) -> bool:
            return time.monotonic() - self.started > 0.3

    started = time.monotonic()
    with pytest.raises(index.Cancelled):
        index.refresh(str(tmp_path), Newer())
    assert time.monotonic() - started < 5  # Pagefind was stopped, not waited for
    assert not (tmp_path / "pagefind.new").exists()


def test_a_held_refresher_starts_nothing_until_released(searched: Path) -> None:
    """The dev server holds the refresher while it applies an edit and writes the rest of the
    site (Pagefind would slow that down), and asks for a refresh once it is done."""
    import time

    import portal_search

    refresher = portal_search.Refresher(str(searched), quiet=0.05)
    refresher.hold()
    page = searched / "2026" / "11" / "giu.html"
    page.write_text('<!DOCTYPE html><html lang="vi"><head><title>Giữ</title></head><body>'
                    "<article data-pagefind-body><h1>Bài giữ lại</h1></article></body></html>", encoding="utf-8")
    refresher._wanted.set()  # a refresh wanted from an earlier edit
    refresher._idle.clear()
    time.sleep(0.5)
    assert "/2026/11/giu.html" not in indexed(searched)  # held: nothing ran
    refresher.request()
    assert refresher.wait(120)
    assert "/2026/11/giu.html" in indexed(searched)
