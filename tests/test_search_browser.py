"""Site search in a real browser (issue 14): the bundled site built with the development
settings (search must work in preview), served on a loopback port, searched in headless
Chromium (Debian's package, installed by tools/install-browser.sh, which `make test` runs)
driven over the DevTools protocol (tests/browser.py): a query is typed into the header's
box of the home page and sent with Enter, as a reader does."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .browser import Browser
from .conftest import ROOT, build

DONE = "(s => s && s !== 'Đang tìm…' && s)(document.getElementById('search-status').textContent)"
RESULTS = """JSON.stringify([...document.querySelectorAll('#search-results > li')].map(li => ({
  href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,
  meta: li.querySelector('.meta')?.textContent || '', excerpt: li.querySelector('p:last-child').innerHTML})))"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("search") / "output"
    monkey = pytest.MonkeyPatch()
    monkey.setenv("PORTAL_NOW", "2026-12-04T09:00:00+07:00")
    try:
        build(ROOT / "content", output)
    finally:
        monkey.undo()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    opened = Browser()
    try:
        yield opened
    finally:
        opened.close()


def search_from_home(browser: Browser, site: str, query: str) -> tuple[str, list[dict[str, str]]]:
    """Type `query` into the header's box on the home page, press Enter, wait for the results."""
    browser.goto(f"{site}/")
    browser.evaluate("document.getElementById('q-site').focus()")
    browser.type(query)
    browser.mark_page()
    browser.press_enter()
    browser.wait_for_new_page()
    status = browser.wait_for(DONE)
    return status, json.loads(browser.evaluate(RESULTS))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dich vu cong", "/2019/12/khai-truong-cong-dich-vu-cong-quoc-gia.html"),
        ("dien tu", "/2020/04/nghi-dinh-45-2020-nd-cp-hanh-lang-phap-ly-cho-thuc-hien-thu-tuc-hanh-chinh-tren-moi-truong-dien-tu.html"),
        ("Dong Nai", "/tinh-thanh/dong-nai/"),
        ("de an 06", "/2022/01/phe-duyet-de-an-06-ve-phat-trien-ung-dung-du-lieu-dan-cu-dinh-danh-va-xac-thuc-dien-tu.html"),
        ("cai cach hanh chinh", "/2023/05/chi-so-cai-cach-hanh-chinh-cap-tinh-duoc-danh-gia-nhu-the-nao.html"),
        ("Đề án 06", "/2022/01/phe-duyet-de-an-06-ve-phat-trien-ung-dung-du-lieu-dan-cu-dinh-danh-va-xac-thuc-dien-tu.html"),
    ],
)
def test_a_query_with_or_without_marks_finds_the_article_in_the_top_three(browser: Browser, site: str, query: str, expected: str) -> None:
    status, found = search_from_home(browser, site, query)
    assert expected in [r["href"] for r in found[:3]], (status, [r["href"] for r in found[:5]])
    assert f"“{query}”" in status and "kết quả" in status
    assert browser.evaluate("document.getElementById('search-input').value") == query  # the query stays in the box
    assert browser.evaluate("new URLSearchParams(location.search).get('q')") == query  # and in the address: a link to share


def test_results_show_the_original_vietnamese_title_date_category_and_the_words_marked(browser: Browser, site: str) -> None:
    _status, found = search_from_home(browser, site, "khai truong cong dich vu cong")
    first = next(r for r in found if r["href"] == "/2019/12/khai-truong-cong-dich-vu-cong-quoc-gia.html")
    assert first["title"] == "Khai trương Cổng Dịch vụ công quốc gia"
    assert first["meta"] == "09/12/2019 · Tin tổng hợp"
    assert "<mark>" in first["excerpt"] and "Dịch" in first["excerpt"]


def test_more_results_are_shown_twenty_at_a_time_and_focus_moves_to_the_first_new_one(browser: Browser, site: str) -> None:
    status, found = search_from_home(browser, site, "cai cach hanh chinh")
    total = int(status.split(" ")[1])
    assert total > 20 and len(found) == 20 and status.endswith("đang hiển thị 20 kết quả đầu."), status
    button = "document.getElementById('search-next')"
    assert browser.evaluate(f"{button}.hidden") is False
    assert browser.evaluate(f"{button}.textContent") == f"Xem thêm {min(total - 20, 20)} kết quả"
    browser.evaluate(f"{button}.click()")
    browser.wait_for(f"document.querySelectorAll('#search-results > li').length === {min(total, 40)} || ''")
    more = json.loads(browser.evaluate(RESULTS))
    assert more[:20] == found and len({r["href"] for r in more}) == len(more)  # the first 20 kept, no repeats
    assert browser.evaluate("document.activeElement.getAttribute('href')") == more[20]["href"]  # keyboard users go on from there
    assert browser.evaluate("document.getElementById('search-status').textContent").startswith(f"Có {total} kết quả" if total > 40 else f"Tìm thấy {total} kết quả")


def test_newest_first_sorts_the_results_by_date(browser: Browser, site: str) -> None:
    search_from_home(browser, site, "cai cach")
    browser.evaluate("document.getElementById('search-status').textContent = ''")
    browser.evaluate("(s => { s.value = 'moi-nhat'; s.dispatchEvent(new Event('change')); })(document.getElementById('search-sort'))")
    browser.wait_for(DONE)
    found = json.loads(browser.evaluate(RESULTS))
    dates = [tuple(reversed(r["meta"].split(" · ")[0].split("/"))) for r in found if r["meta"]]
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)
    assert browser.evaluate("new URLSearchParams(location.search).get('sap-xep')") == "moi-nhat"


def test_a_draft_never_appears(browser: Browser, site: str) -> None:
    _status, found = search_from_home(browser, site, "so tay huong dan su dung dich vu cong truc tuyen")
    assert not [r["href"] for r in found if "ban-nhap" in r["href"] or "so-tay-huong-dan" in r["href"]]


def test_a_query_that_matches_nothing_says_so(browser: Browser, site: str) -> None:
    status, found = search_from_home(browser, site, "xyzzy quokka")
    assert (status, found) == ("Không tìm thấy kết quả nào cho “xyzzy quokka”. Hãy thử từ khóa khác, ngắn hơn.", [])


def test_without_javascript_the_page_says_so_and_links_the_indexes(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/tim-kiem/?q=dich+vu+cong", script=False)
    text = browser.evaluate("document.body.innerText")
    assert "Trang tìm kiếm cần JavaScript, nhưng trình duyệt của bạn đang tắt JavaScript." in text
    assert browser.evaluate("document.querySelectorAll('#search-results > li').length") == 0
    links = browser.evaluate("[...document.querySelectorAll('.search-browse a')].map(a => a.textContent)")
    assert links == ["Lưu trữ tin bài theo tháng", "Cán bộ, lãnh đạo", "Tỉnh, thành phố", "Chủ đề cải cách hành chính", "Từ khóa"]
    browser.goto(f"{site}/")  # scripts on again for the next test


def show_filters(browser: Browser) -> None:
    """Open the "Lọc và sắp xếp" box (its choices load then) and wait for the choices."""
    browser.evaluate("document.querySelector('.search-more > summary').click()")
    # Each filter's choices come from its own file: wait until every filter is filled (or
    # hidden, when the site has no value for it).
    browser.wait_for("document.querySelector('.search-more').open && [...document.querySelectorAll('.search-filter select')]"
                     ".every(s => s.closest('.search-filter').hidden || s.options.length > 1)")


def choose(browser: Browser, select_id: str, value: str) -> None:
    """Open "Lọc và sắp xếp" and pick `value` in a select as a reader does (the change
    event), then wait for the results."""
    show_filters(browser)
    browser.evaluate("document.getElementById('search-status').textContent = ''")
    browser.evaluate(f"(s => {{ s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})"
                     f"(document.getElementById({json.dumps(select_id)}))")
    browser.wait_for(DONE)


def test_the_filters_list_the_portals_own_values_with_counts_in_vietnamese_order(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/tim-kiem/")
    assert browser.evaluate("document.getElementById('loc-tinh-thanh').options.length") == 1  # not loaded until shown
    show_filters(browser)
    labels = {name: browser.evaluate(f"[...document.getElementById('{name}').labels].map(l => l.textContent)")
              for name in ("loc-chuyen-muc", "loc-tinh-thanh", "loc-chu-de", "loc-can-bo", "loc-nam", "search-sort")}
    assert labels == {"loc-chuyen-muc": ["Chuyên mục"], "loc-tinh-thanh": ["Tỉnh, thành phố"], "loc-chu-de": ["Chủ đề"],
                      "loc-can-bo": ["Cán bộ"], "loc-nam": ["Năm"], "search-sort": ["Sắp xếp"]}
    provinces = browser.evaluate("[...document.getElementById('loc-tinh-thanh').options].map(o => o.value)")
    assert provinces[0] == "" and "Gia Lai" in provinces and "Bình Định" not in provinces  # former units count as their successor
    assert browser.evaluate("[...document.getElementById('loc-tinh-thanh').options].map(o => o.value).slice(1)"
                            ".every((v, i, a) => i === 0 || a[i - 1].localeCompare(v, 'vi') <= 0)")
    years = browser.evaluate("[...document.getElementById('loc-nam').options].map(o => o.value).slice(1)")
    assert years == sorted(years, reverse=True) and "2025" in years
    assert browser.evaluate("document.getElementById('loc-tinh-thanh').options[1].textContent").endswith(")")  # a count


def test_a_province_filter_finds_articles_of_the_units_merged_into_it(browser: Browser, site: str) -> None:
    _status, found = search_from_home(browser, site, "ky so van ban dien tu")
    choose(browser, "loc-tinh-thanh", "Gia Lai")
    found = json.loads(browser.evaluate(RESULTS))
    # Tagged "Bình Định" only (merged into Gia Lai on 1 July 2025): found under Gia Lai.
    assert "/2023/09/binh-dinh-ky-so-van-ban-dien-tu-tro-thanh-thoi-quen-cua-can-bo-cong-chuc.html" in [r["href"] for r in found], found
    for result in found:  # every result names Gia Lai or a unit merged into it
        page = browser.evaluate(f"fetch({json.dumps(result['href'])}).then(r => r.text())")
        assert re.search(r'href="[./]*/tinh-thanh/(gia-lai|binh-dinh)/"', page), result["href"]
    assert browser.evaluate("new URLSearchParams(location.search).get('tinh-thanh')") == "Gia Lai"


def test_a_year_filter_alone_lists_that_years_articles_newest_first(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/tim-kiem/?nam=2019&sap-xep=moi-nhat")
    status = browser.wait_for(DONE)
    found = json.loads(browser.evaluate(RESULTS))
    assert found and status.startswith(("Tìm thấy", "Có ")) and "theo bộ lọc đã chọn" in status
    dates = [r["meta"].split(" · ")[0] for r in found]
    assert all(d.endswith("/2019") for d in dates), dates
    assert [tuple(reversed(d.split("/"))) for d in dates] == sorted((tuple(reversed(d.split("/"))) for d in dates), reverse=True)
    assert browser.evaluate("document.getElementById('loc-nam').value") == "2019"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("76/NQ-CP", "/van-ban/76-nq-cp.html"),
        ("76 NQ CP", "/van-ban/76-nq-cp.html"),
        ("76/nq-cp", "/van-ban/76-nq-cp.html"),
        ("42/2022/NĐ-CP", "/van-ban/42-2022-nd-cp.html"),
        ("42 2022 ND CP", "/van-ban/42-2022-nd-cp.html"),
        ("42/2022/ND-CP", "/van-ban/42-2022-nd-cp.html"),
    ],
)
def test_a_query_by_number_shows_the_legal_document_first(browser: Browser, site: str, query: str, expected: str) -> None:
    """Issue 15: a reader who types a document's number, with or without marks or
    punctuation, finds its page first, above the news that mention it."""
    status, found = search_from_home(browser, site, query)
    assert [r["href"] for r in found[:1]] == [expected], (status, [r["href"] for r in found[:5]])
    assert len(found) > 1  # the news that mention it follow
    assert found[0]["meta"].endswith(" · Văn bản") and found[0]["title"].endswith(("76/NQ-CP", "42/2022/NĐ-CP"))


def test_the_filters_offer_the_legal_documents_type_body_and_status_with_counts(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/tim-kiem/")
    show_filters(browser)
    labels = {name: browser.evaluate(f"[...document.getElementById('{name}').labels].map(l => l.textContent)")
              for name in ("loc-loai-van-ban", "loc-co-quan", "loc-tinh-trang")}
    assert labels == {"loc-loai-van-ban": ["Loại văn bản"], "loc-co-quan": ["Cơ quan ban hành"],
                      "loc-tinh-trang": ["Tình trạng hiệu lực"]}
    options = {name: browser.evaluate(f"[...document.getElementById('{name}').options].map(o => [o.value, o.textContent])")
               for name in ("loc-loai-van-ban", "loc-co-quan", "loc-tinh-trang")}
    for name, listed in options.items():
        assert listed[0] == ["", "Tất cả"], name
        assert all(re.fullmatch(re.escape(value) + r" \(\d+\)", text) for value, text in listed[1:]), listed
        values = [value for value, _ in listed[1:]]
        assert browser.evaluate(f"{json.dumps(values)}.every((v, i, a) => i === 0 || a[i - 1].localeCompare(v, 'vi') <= 0)"), values
    assert {"Nghị quyết", "Nghị định", "Quyết định", "Luật"} <= {value for value, _ in options["loc-loai-van-ban"]}
    assert {"Chính phủ", "Quốc hội", "Thủ tướng Chính phủ"} <= {value for value, _ in options["loc-co-quan"]}
    assert {"Còn hiệu lực", "Hết hiệu lực"} <= {value for value, _ in options["loc-tinh-trang"]}
    assert not browser.evaluate("document.getElementById('loc-tinh-trang').closest('.search-filter').hidden")


def test_a_type_filter_alone_lists_that_types_documents(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/tim-kiem/")
    choose(browser, "loc-loai-van-ban", "Nghị định")  # opens "Lọc và sắp xếp" first
    count = int(re.search(r"\((\d+)\)$", browser.evaluate(
        "[...document.getElementById('loc-loai-van-ban').options].find(o => o.value === 'Nghị định').textContent"))[1])
    found = json.loads(browser.evaluate(RESULTS))
    assert len(found) == count and all(r["href"].startswith("/van-ban/") and r["title"].startswith("Nghị định ") for r in found)
    assert browser.evaluate("new URLSearchParams(location.search).get('loai-van-ban')") == "Nghị định"
