"""Site search (issue 14): what is indexed, the search page, and the Vietnamese rules of
theme/static/js/search-vi.js (run in Node). The search itself, in Chromium:
tests/test_search_browser.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal_search import Document

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


WORDS = ["Đề", "án", "06", "Đồng", "điện", "tử", "CẢI", "cách", "hoà", "hòa", "hóa", "Thuỷ", "thủy", "Quốc", "giữ", "ưu",
         "nguyễn", "khuya", "quý", "QUÝ", "gì", "Ủy", "uỷ", "ĐẮK", "Lắk", unicodedata.normalize("NFD", "Dịch"),
         "76/NQ-CP", "42/2022/NĐ-CP", "06/QĐ-TTg", "30c/NQ-CP", "20/2023/QH15", unicodedata.normalize("NFD", "45/2020/NĐ-CP")]
# Legal documents' numbers as readers type them: each must give its document's number key.
NUMBER_QUERIES = {
    "76/NQ-CP": "76/NQ-CP", "76 NQ CP": "76/NQ-CP", "76/nq-cp": "76/NQ-CP", "76 - NQ / CP": "76/NQ-CP",
    "42/2022/NĐ-CP": "42/2022/NĐ-CP", "42 2022 ND CP": "42/2022/NĐ-CP", "42/2022/ND-CP": "42/2022/NĐ-CP",
    "42/2022/nđ-cp": "42/2022/NĐ-CP", unicodedata.normalize("NFD", "42/2022/NĐ-CP"): "42/2022/NĐ-CP",
    "06/qd-ttg": "06/QĐ-TTg", "30C NQ CP": "30c/NQ-CP", "20/2023/qh15": "20/2023/QH15",
}


def test_folding_drops_tone_and_vowel_marks_and_turns_d_stroke_into_d() -> None:
    from portal_search.words import fold, words

    nfd = unicodedata.normalize("NFD", "Dịch vụ công")
    assert [" ".join(fold(w) for w in words(t)) for t in ("Đề án 06", "Đồng Nai", nfd, "CẢI CÁCH")] == [
        "de an 06", "dong nai", "dich vu cong", "cai cach"]
    assert words("Nghị định 42/2022/NĐ-CP; “Đề án 06”") == ["nghị", "định", "42", "2022", "nđ", "cp", "đề", "án", "06"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aăâđeêioôơuưyAĐÊ hòaHOÀ\u0301\u0300\u0323_-.,;:/“”()0123456789\n\tİß\u00a0\u2003"),
               max_size=80))
def test_counting_a_body_by_pieces_gives_the_counts_of_its_words(text: str) -> None:
    """The index counts a body's words by the pieces between spaces (words.pieces,
    index.body_counts), for speed: that must give the keys of `words` exactly, as many times,
    whatever marks, punctuation, underscores or odd spaces the text holds."""
    from portal_search.index import body_counts
    from portal_search.words import fold, form, piece_words, pieces, words

    counted: Counter[str] = Counter()
    for piece in pieces(text):
        counted.update(piece_words(piece))
    assert counted == Counter(words(text))
    assert body_counts(text) == Counter((fold(word), form(word)) for word in words(text))


def test_the_index_and_the_search_page_fold_and_key_words_alike() -> None:
    """The page's rules (search-vi.js) must give the index's keys (words.py), or a query
    would look in the wrong place."""
    from portal_search.words import fold, form, words

    expected = [[fold(w), form(w)] for w in words(" ".join(WORDS))]
    assert node(f"vi.words({json.dumps(' '.join(WORDS))}).map(w => [vi.fold(w), vi.form(w)])") == expected


def test_a_number_typed_any_way_gives_its_documents_number_key_in_python_and_javascript() -> None:
    """The index keys a legal document's number once, whole (words.py `number_key`); the
    search page joins the query's folded words the same way (search-vi.js) to find it."""
    from portal_search.words import number_key

    assert number_key("42/2022/NĐ-CP") == "42 2022 nd cp" and number_key("76/NQ-CP") == "76 nq cp"
    assert number_key("76") == ""  # one word: a word, not a number key
    for typed, number in NUMBER_QUERIES.items():
        assert number_key(typed) == number_key(number), typed
    queries = list(NUMBER_QUERIES)
    assert node(f"{json.dumps(queries)}.map(q => vi.words(q).map(vi.fold).join(' '))") == [number_key(q) for q in queries]


def test_old_and_new_tone_placement_are_one_form_and_other_tones_are_not() -> None:
    from portal_search.words import form

    assert form("hoà") == form("hòa") != form("hóa")
    assert form("Thuỷ") == form("thủy") and form("uỷ") == form("Ủy")


@pytest.mark.parametrize(
    ("page", "query", "kept"),
    [
        ("Dịch", "dich", True),
        ("Dịch", "dịch", True),
        ("Dịch", "dích", False),  # typed with marks: these marks only
        ("điện", "dien", True),  # đ as d
        ("điện", "điện", True),
        ("Đồng", "Dong", True),
        ("hòa", "hoà", True),  # old tone placement in the query
        ("hoà", "hòa", True),  # old tone placement in the page
        ("hóa", "hòa", False),
        ("hoa", "hòa", True),  # the page wrote it without marks: any query matches
        ("Hoạt", "hòa", False),
        ("Di", "dien", False),
        (unicodedata.normalize("NFD", "Dịch"), "dịch", True),
        ("dịch", unicodedata.normalize("NFD", "dịch"), True),
    ],
)
def test_a_word_of_the_query_matches_a_word_of_a_page(page: str, query: str, kept: bool) -> None:
    assert node(f"(p => vi.term({json.dumps(query)}).matches(vi.fold(p), vi.form(p)))(vi.words({json.dumps(page)})[0])") is kept


@pytest.mark.parametrize(
    ("page", "query", "kept"),
    [
        ("hoạt", "hoat", True),  # the last word as it is being typed
        ("hoạt", "hoạ", True),
        ("hoạt", "hoà", False),  # another tone
        ("hoàng", "hoà", True),
        ("chính", "ch", False),  # under three letters, whole words only
    ],
)
def test_the_last_word_of_a_query_may_be_the_start_of_a_word(page: str, query: str, kept: bool) -> None:
    assert node(f"(p => vi.term({json.dumps(query)}, true).matches(vi.fold(p), vi.form(p)))(vi.words({json.dumps(page)})[0])") is kept


def test_the_words_of_the_query_are_marked_in_the_excerpt() -> None:
    parts = node('vi.highlight("Cổng Dịch vụ công quốc gia, (dịch) vụ", "dich vu")')
    assert "".join(text for text, _ in parts) == "Cổng Dịch vụ công quốc gia, (dịch) vụ"  # the original text
    assert [text for text, marked in parts if marked] == ["Dịch vụ", "dịch", "vụ"]  # side by side: one mark


def test_the_binary_files_read_back_the_same_in_python_and_javascript() -> None:
    from portal_search.index import decode, encode

    entries = [("dich", [("dịch", ([0, 1, 300, 70_000], [3, 0, 7, 2])), ("đích", ([5], [1]))]), ("dich vu", [("", ([2], [4]))])]
    data = encode(entries)
    assert decode(data) == [(k, [(f, ids, w) for f, (ids, w) in forms]) for k, forms in entries]
    js = node(f"[...vi.decode(new Uint8Array({json.dumps(list(data))}).buffer)].map(([k, fs]) => [k, fs.map(f => [f.form, [...f.ids], [...f.weights]])])")
    assert js == [[k, [[f, ids, w] for f, (ids, w) in forms]] for k, forms in entries]


# --- what is indexed ---------------------------------------------------------------------------


def indexed(output: Path) -> set[str]:
    """The addresses of the pages in the search index (from its bai/ files)."""
    urls = set()
    for chunk in (output / "tim-kiem" / "chi-muc" / "bai").iterdir():
        urls.update("/" + record[0] for record in json.loads(chunk.read_text(encoding="utf-8")))
    return urls


def search(output: Path, query: str, **options: object) -> list[str]:
    """The addresses search-vi.js finds for `query` in the index of `output`, best first."""
    folder = (output / "tim-kiem" / "chi-muc").as_uri() + "/"
    code = f"""
import * as vi from {json.dumps(SEARCH_VI)};
import {{ readFile }} from "node:fs/promises";
import {{ fileURLToPath }} from "node:url";
const index = new vi.SearchIndex({json.dumps(folder)}, async (url, kind) => {{
  const data = await readFile(fileURLToPath(url.split("?")[0]));
  return kind === "json" ? JSON.parse(data) : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
}});
const ids = await index.search({json.dumps(query)}, {json.dumps(options)});
console.log(JSON.stringify((await index.documents(ids)).map(d => "/" + d.url)));
"""
    done = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


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
    index = searched / "tim-kiem" / "chi-muc"
    assert sorted(p.name for p in (index / "loc").iterdir()) == ["chuyen-muc.bin", "nam.bin", "tinh-thanh.bin"]
    assert tree_digest(index) == tree_digest(tmp_path / "again" / "tim-kiem" / "chi-muc")


def test_the_search_page_finds_with_or_without_marks_and_never_a_draft(searched: Path) -> None:
    article_url = "/2026/11/dich-vu-cong-truc-tuyen-toan-trinh.html"
    for query in ("dich vu cong", "Dịch vụ công", unicodedata.normalize("NFD", "dịch vụ công"), "DICH VU", "truc tuyen toan tri"):
        found = search(searched, query)
        assert article_url in found[:2], (query, found)
        assert not [url for url in found if "bi-mat" in url or "ban-nhap" in url], found  # no draft, no scheduled article
    assert "/tu-khoa/dich-vu-cong/" in search(searched, "dich vu cong")
    assert search(searched, "dong nai")[:1] == ["/tinh-thanh/dong-nai/"]
    assert search(searched, "dích vụ") == []  # other marks: another word
    assert search(searched, "bi mat") == []


def test_filters_and_newest_first(searched: Path) -> None:
    article_url = "/2026/11/dich-vu-cong-truc-tuyen-toan-trinh.html"
    assert search(searched, "", filters={"tinh-thanh": "Đồng Nai"}) == [article_url]
    assert search(searched, "dich vu", filters={"nam": "2026"}) == [article_url]
    assert search(searched, "dich vu", filters={"nam": "2025"}) == []
    assert search(searched, "cong", sort="newest")[0] == article_url  # dated pages first, newest first


def test_every_page_has_a_plain_search_form_and_only_the_search_page_loads_the_script(searched: Path) -> None:
    for page in ("index.html", "2026/11/dich-vu-cong-truc-tuyen-toan-trinh.html", "404.html", "tu-khoa/dich-vu-cong/index.html"):
        html = (searched / page).read_text(encoding="utf-8")
        assert 'role="search" action="' in html and '/tim-kiem/" method="get">' in html, page
        assert '<label class="visually-hidden" for="q-site">Tìm kiếm trên cổng thông tin</label>' in html, page
        assert "search.js" not in html and "chi-muc" not in html, page
    search_page = (searched / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="../theme/js/search.js" data-index="../tim-kiem/chi-muc/" data-site="../"></script>' in search_page
    assert '<p id="search-status" class="search-status" role="status" aria-live="polite"></p>' in search_page


def test_without_javascript_the_search_page_says_so_and_offers_the_indexes(searched: Path) -> None:
    search_page = (searched / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert ("<noscript>\n<p class=\"search-noscript\">Trang tìm kiếm cần JavaScript, nhưng trình duyệt của bạn đang tắt "
            "JavaScript. Bạn vẫn có thể tìm tin bài qua:</p>\n<ul class=\"link-list search-browse\">") in search_page
    for link in ('href="../luu-tru/">Lưu trữ tin bài theo tháng', 'href="../can-bo/">Cán bộ, lãnh đạo',
                 'href="../tinh-thanh/">Tỉnh, thành phố', 'href="../chu-de/">Chủ đề cải cách hành chính'):
        assert link in search_page


def test_an_alias_cannot_take_the_search_page_or_the_index(site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from .test_check import check

    content, _output = site({"articles/2026/a.md": article("Bài A", aliases="[/tim-kiem/index.html, /tim-kiem/chi-muc/muc-luc.json]")})
    status, lines = check(content)
    assert status == 1
    assert len([line for line in lines if "trang tìm kiếm" in line]) == 2, lines


def _document(url: str, title: str) -> Document:
    return Document(url=url, title=title, date="27/11/2026", sort="2026-11-27T08:00:00+07:00", category="Tin tổng hợp",
                    lead="", body_html="<p>Nội dung.</p>")


def test_a_refresh_replaces_the_index_whole(searched: Path) -> None:
    """tools/devserver.py refreshes the index after an edit applied in memory (the edit is
    shown first; the index follows): the new index is written beside the old one and takes
    its place (tests/test_live.py checks it equals a clean build's after each kind of edit)."""
    import portal_search

    portal_search.refresh(str(searched), lambda: [_document("2026/11/bai-moi.html", "Bài mới về Đề án 06")])
    assert indexed(searched) == {"/2026/11/bai-moi.html"}
    assert search(searched, "de an 06") == ["/2026/11/bai-moi.html"]
    assert sorted(p.name for p in (searched / "tim-kiem").iterdir()) == ["chi-muc", "index.html"]


def test_the_dev_servers_refresher_runs_in_the_background_and_catches_up(searched: Path) -> None:
    import portal_search

    site: list[Document] = []
    refresher = portal_search.Refresher(str(searched), lambda: list(site))
    for number in range(3):  # three edits in a row: the last state is indexed
        site.append(_document(f"2026/11/bai-{number}.html", f"Bài số {number}"))
        refresher.request()
    assert refresher.wait(120)
    assert indexed(searched) == {f"/2026/11/bai-{n}.html" for n in range(3)}


def test_a_background_refresh_gives_way_at_once_to_a_newer_edit(searched: Path) -> None:
    from portal_search import index

    before = tree_digest(searched / "tim-kiem" / "chi-muc")

    class Newer:  # a newer request arrived
        def wanted(self) -> bool:
            return True

    with pytest.raises(index.Cancelled):
        index.refresh(str(searched), lambda: [_document("2026/11/moi.html", "Bài mới")] * 500, Newer())
    assert tree_digest(searched / "tim-kiem" / "chi-muc") == before  # the old index, whole
    assert sorted(p.name for p in (searched / "tim-kiem").iterdir()) == ["chi-muc", "index.html"]


def test_a_held_refresher_starts_nothing_until_released(searched: Path) -> None:
    """The dev server holds the refresher while it applies an edit and writes the rest of the
    site (the build in memory changes meanwhile), and asks for a refresh once it is done."""
    import time

    import portal_search

    refresher = portal_search.Refresher(str(searched), lambda: [_document("2026/11/giu.html", "Bài giữ lại")], quiet=0.05)
    refresher.hold()
    refresher._wanted.set()  # a refresh wanted from an earlier edit
    refresher._idle.clear()
    time.sleep(0.5)
    assert "/2026/11/giu.html" not in indexed(searched)  # held: nothing ran
    refresher.request()
    assert refresher.wait(120)
    assert indexed(searched) == {"/2026/11/giu.html"}


def test_the_index_is_the_same_bytes_written_on_every_core_or_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with many documents indexes them in forked workers (one range each), then
    joins their lists in order."""
    from portal_search import index

    docs = [Document(url=f"2026/11/bai-{n}.html", title=f"Bài {n} về dịch vụ công", date="27/11/2026",
                     sort=f"2026-11-27T08:{n % 60:02d}:00+07:00", category="Tin tổng hợp", lead="Sa-pô về cải cách.",
                     body_html=f"<p>Đề án 06, hồ sơ số {n}, điện tử.</p>", filters=(("nam", ("2026",)),)) for n in range(300)]
    index.write_index(str(tmp_path / "one"), docs, processes=1)
    monkeypatch.setattr(index, "PARALLEL_MIN_DOCUMENTS", 2)
    index.write_index(str(tmp_path / "every"), docs, processes=2)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "every")


def _sixty_documents() -> list[Document]:
    from portal_search import index

    return index.ordered(Document(url=f"2026/11/bai-{n}.html", title=f"Bài {n} về dịch vụ công", date="27/11/2026",
                                  sort=f"2026-11-27T08:{n:02d}:00+07:00", category="Tin tổng hợp",
                                  lead="" if n % 2 else "Sa-pô về cải cách.",
                                  body_html=f"<p>Đề án 06, hồ sơ số {n}.</p>", filters=(("nam", ("2026",)),)) for n in range(60))


def _indexed_sixty(tmp_path: Path, folder: str) -> tuple[list[Document], str, int]:
    """Sixty documents indexed into `tmp_path/folder` and kept in a cache: the documents, the
    cache's path and the size of its bodies file."""
    from portal_search import index, patch

    docs = _sixty_documents()
    cache = str(tmp_path / "cache" / "search-x.pickle")
    index.write_index(str(tmp_path / folder), docs)
    patch.save(cache, docs)
    return docs, cache, Path(patch.bodies_path(cache)).stat().st_size


def test_the_kept_documents_read_only_the_bodies_an_edit_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents a build indexed are kept as rows (every field but the body) and a file
    of bodies (portal_search.patch): a text edit reads the edited documents' old bodies and
    the excerpts of their bai/ file, appends the new bodies and writes the rows again; the
    index is the same bytes as one written whole, and so is the cache's content."""
    from dataclasses import replace

    from portal_search import index, patch

    docs, cache, size = _indexed_sixty(tmp_path, "before")
    read: list[int] = []
    real_read = patch.Cached._read
    monkeypatch.setattr(patch.Cached, "_read", lambda self, n, handle: (read.append(n), real_read(self, n, handle))[1])
    cached = patch.load(cache)
    assert cached is not None and len(cached) == 60 and not read
    at = {doc.url: number for number, doc in enumerate(docs)}
    new = replace(docs[at["2026/11/bai-9.html"]], body_html="<p>Quokka mới.</p>")
    edited = patch.with_replaced(cached, [new])
    assert edited is not None and patch.changed_numbers(cached, edited) == [at["2026/11/bai-9.html"]]
    assert patch.index_with_cache(str(tmp_path / "patched"), edited, cache, str(tmp_path / "before"), None, cached)
    whole = [new if doc.url == new.url else doc for doc in docs]
    index.write_index(str(tmp_path / "whole"), whole)
    assert tree_digest(tmp_path / "patched") == tree_digest(tmp_path / "whole")
    chunk = at[new.url] // index.CHUNK
    # The old body of the edited document (its old words), the others of its bai/ file (excerpts): once each.
    assert sorted(read) == list(range(chunk * index.CHUNK, (chunk + 1) * index.CHUNK))
    assert Path(patch.bodies_path(cache)).stat().st_size == size + len(new.body_html.encode())  # appended
    again = patch.load(cache)
    assert again is not None and again.documents() == whole
    # A new date renumbers the documents: no view of the cache, the build's documents are indexed.
    assert patch.with_replaced(again, [replace(new, sort="2027-01-01T00:00:00+07:00")]) is None


def test_a_new_article_then_the_newest_removed_are_patched_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents are numbered oldest first: a new article is added after the others and the
    newest removed from the end without renumbering any: the index is patched (most of its
    files stay links to the previous one's), the same bytes as written whole, and the kept
    documents grow and shrink by an appended body and the rows."""
    from dataclasses import replace

    from portal_search import index, patch

    docs, cache, size = _indexed_sixty(tmp_path, "0")
    wrote: list[int] = []
    monkeypatch.setattr(patch, "save", lambda *args, real=patch.save: (wrote.append(len(args)), real(*args))[1])
    newest = replace(docs[-1], url="2026/12/bai-moi.html", title="Bài mới về hộ tịch", sort="2026-12-01T08:00:00+07:00",
                     body_html="<p>Hộ tịch điện tử toàn trình.</p>")
    steps = [("1", index.ordered([*docs, newest])), ("2", docs)]
    for (name, new), before in zip(steps, ["0", "1"], strict=True):
        assert patch.index_with_cache(str(tmp_path / name), new, cache, str(tmp_path / before), None)
        index.write_index(str(tmp_path / f"{name}-whole"), new)
        assert tree_digest(tmp_path / name) == tree_digest(tmp_path / f"{name}-whole")
        linked = [p for p in (tmp_path / name / "tu").iterdir() if p.stat().st_nlink > 1]
        assert len(linked) > len(list((tmp_path / name / "tu").iterdir())) // 2  # most shards untouched
        kept = patch.load(cache)
        assert kept is not None and kept.documents() == new
    assert wrote == [4, 4]  # patched: the rows written again, the bodies appended
    assert Path(patch.bodies_path(cache)).stat().st_size == size + len(newest.body_html.encode())


def test_a_kept_body_that_changed_on_disk_is_never_indexed(tmp_path: Path) -> None:
    """A body in the cache's file that is not the one saved (damage, an editor's tool) is
    caught by its row's digest: the index is made from the build's documents, whole."""
    from dataclasses import replace

    from portal_search import index, patch

    docs = _sixty_documents()
    site = tmp_path / "site"
    cache = str(tmp_path / "cache" / "search-x.pickle")
    index.index_site(str(site), docs, cache=cache)
    bodies = Path(patch.bodies_path(cache))
    data = bodies.read_bytes()
    number = 5  # an edited document's old body, then a body its bai/ file shows
    bodies.write_bytes(data.replace(docs[number].body_html.encode(), docs[number].body_html.replace("06", "07").encode()))
    edited = [replace(docs[number], body_html="<p>Bài đã sửa.</p>")] + [docs[number + 1]]
    index.refresh(str(site), lambda: [edited[0] if d.url == edited[0].url else d for d in docs], cache=cache, replaced=edited)
    whole = [edited[0] if d.url == edited[0].url else d for d in docs]
    index.write_index(str(tmp_path / "whole"), whole)
    assert tree_digest(site / index.FOLDER) == tree_digest(tmp_path / "whole")
    again = patch.load(cache)
    assert again is not None and again.documents() == whole  # written whole again, from the build


@pytest.mark.parametrize("damage", ["token", "cut short", "no bodies"])
def test_a_cache_whose_bodies_file_does_not_match_is_not_used(tmp_path: Path, damage: str) -> None:
    from portal_search import patch

    docs = _sixty_documents()
    cache = str(tmp_path / "search-x.pickle")
    patch.save(cache, docs)
    bodies = Path(patch.bodies_path(cache))
    if damage == "token":
        bodies.write_bytes(b"x" * 16 + bodies.read_bytes()[16:])
    elif damage == "cut short":
        bodies.write_bytes(bodies.read_bytes()[:-3])
    else:
        bodies.unlink()
    assert patch.load(cache) is None


def test_the_bodies_file_is_written_whole_again_once_it_holds_more_replaced_text_than_kept(tmp_path: Path) -> None:
    from dataclasses import replace

    from portal_search import patch

    docs = _sixty_documents()
    cache = str(tmp_path / "search-x.pickle")
    patch.save(cache, docs)
    big = "<p>" + "Cải cách hành chính. " * 20_000 + "</p>"  # about 520 kB of UTF-8, appended at each edit
    sizes = []
    for edit in range(8):
        old = patch.load(cache)
        assert old is not None
        docs = [replace(docs[0], body_html=big + str(edit)), *docs[1:]]
        patch.save(cache, docs, old, [0])
        sizes.append(Path(patch.bodies_path(cache)).stat().st_size)
        assert patch.load(cache).documents() == docs  # type: ignore[union-attr]
    live = sum(len(doc.body_html.encode()) for doc in docs)
    assert max(sizes) <= 16 + 2 * live + (1 << 20) + len(docs[0].body_html.encode())  # one append past the limit at most
    assert any(after < before for before, after in zip(sizes, sizes[1:], strict=False))  # written whole again


def test_a_patched_index_is_the_same_bytes_as_one_written_whole(tmp_path: Path) -> None:
    """make html after a small edit patches the previous index (portal_search.patch): words
    added (a new shard) and removed (a shard that empties), a changed title, filters."""
    from dataclasses import replace

    from portal_search import index, patch

    docs = index.ordered(Document(url=f"2026/11/bai-{n}.html", title=f"Bài {n} về dịch vụ công", date="27/11/2026",
                                  sort=f"2026-11-27T08:{n:02d}:00+07:00", category="Tin tổng hợp", lead="Sa-pô về cải cách.",
                                  body_html=f"<p>Đề án 06, hồ sơ số {n}.</p>" + ("<p>Xyzzy độc nhất.</p>" if n == 3 else ""),
                                  filters=(("nam", ("2026",)),), number="76/NQ-CP" if n == 5 else "") for n in range(60))
    index.write_index(str(tmp_path / "before"), docs)
    edited = list(docs)
    at = {doc.url: number for number, doc in enumerate(docs)}
    edited[at["2026/11/bai-3.html"]] = replace(docs[at["2026/11/bai-3.html"]], body_html="<p>Không còn từ lạ.</p>")  # xyzzy gone
    edited[at["2026/11/bai-7.html"]] = replace(docs[at["2026/11/bai-7.html"]], title="Quokka tiêu đề mới",
                                               filters=(("nam", ("2026",)), ("tinh-thanh", ("Gia Lai",))))
    edited[at["2026/11/bai-5.html"]] = replace(docs[at["2026/11/bai-5.html"]], number="77/NQ-CP",
                                               filters=(("loai-van-ban", ("Nghị quyết",)), ("nam", ("2026",))))  # a number key moves
    changed = patch.changed_numbers(docs, edited)
    assert changed is not None and len(changed) == 3
    patch.patch_index(str(tmp_path / "patched"), str(tmp_path / "before"), docs, edited, changed)
    index.write_index(str(tmp_path / "whole"), edited)
    assert tree_digest(tmp_path / "patched") == tree_digest(tmp_path / "whole")
    assert not (tmp_path / "whole" / "tu" / "xyz.bin").exists() and (tmp_path / "whole" / "tu" / "quo.bin").exists()
    keys = [key for key, _forms in index.decode((tmp_path / "whole" / "tu" / "77.bin").read_bytes())]
    assert "77 nq cp" in keys and not (tmp_path / "whole" / "tu" / "76.bin").exists()
    # A retitled document (a new address) keeps its number: patched like any changed one.
    retitled = [replace(docs[0], url="2026/11/bai-doi-ten.html", title="Bài đổi tên"), *docs[1:]]
    changed = patch.changed_numbers(docs, retitled)
    assert changed == [0]
    patch.patch_index(str(tmp_path / "retitled"), str(tmp_path / "before"), docs, retitled, changed)
    index.write_index(str(tmp_path / "retitled-whole"), retitled)
    assert tree_digest(tmp_path / "retitled") == tree_digest(tmp_path / "retitled-whole")
    # Documents are numbered oldest first: a new article (the newest) takes the next number
    # and the newest one removed leaves the end; both are patched, the same bytes as whole.
    newest = replace(docs[-1], url="2026/11/bai-moi.html", title="Bài mới nhất về hộ tịch", sort="2026-12-01T08:00:00+07:00")
    grown = index.ordered([*docs, newest])
    assert grown[-1] is newest and patch.changed_numbers(docs, grown) == [len(docs)]
    shrunk = docs[:-1]
    assert patch.changed_numbers(docs, shrunk) == [len(docs) - 1]
    for name, new in (("grown", grown), ("shrunk", shrunk)):
        patch.patch_index(str(tmp_path / name), str(tmp_path / "before"), docs, new, patch.changed_numbers(docs, new) or [])
        index.write_index(str(tmp_path / f"{name}-whole"), new)
        assert tree_digest(tmp_path / name) == tree_digest(tmp_path / f"{name}-whole"), name
    # One added among older ones, or a new date that moves the oldest past the others,
    # renumbers those after it: written whole.
    assert patch.changed_numbers(docs, index.ordered([*docs, replace(newest, sort="2020-01-01T00:00:00+07:00")])) is None
    assert patch.changed_numbers(docs, index.ordered([replace(docs[0], sort="2027-01-01T00:00:00+07:00"), *docs[1:]])) is None
    assert patch.changed_numbers(docs, [*edited, replace(docs[0], url="moi.html")]) is None  # 3 edits and 1 added: too many


# --- legal documents (issue 15) -----------------------------------------------------------


def _legal_site() -> dict[str, str]:
    from .test_documents import CHAIN, document

    return {
        **CHAIN,
        "van-ban/76.md": document("76/NQ-CP", loai="Nghị quyết", nguoi_ky="Phạm Minh Chính", ngay_ban_hanh="2021-07-15",
                                  ngay_hieu_luc="2021-07-15", linh_vuc="[Cải cách thể chế]",
                                  trich_yeu="Ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030."),
        "van-ban/42.md": document("42/2022/NĐ-CP", nguoi_ky="Vũ Đức Đam", ngay_ban_hanh="2022-06-24", ngay_hieu_luc="2022-08-01",
                                  trich_yeu="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà "
                                            "nước trên môi trường mạng."),
        # Articles that mention the numbers, in their titles too: the documents still come first.
        "articles/2021/nq76.md": article("Triển khai Nghị quyết 76/NQ-CP về cải cách hành chính", date="2021-08-01 09:00",
                                         summary="Nghị quyết số 76/NQ-CP của Chính phủ.",
                                         body="Thực hiện Nghị quyết 76/NQ-CP, bộ ngành hành động. 76/NQ-CP, NQ-CP 76.\n"),
        "articles/2022/nd42.md": article("Nghị định 42/2022/NĐ-CP về dịch vụ công trực tuyến", date="2022-07-01 09:00",
                                         summary="Nghị định 42/2022/NĐ-CP quy định dịch vụ công trực tuyến.",
                                         body="Theo Nghị định 42/2022/NĐ-CP và Nghị định 42/2022/ND-CP (viết thiếu dấu).\n"),
        "articles/2022/so.md": article("Số liệu 76 hồ sơ, 2022 NQ CP và 42 ND", date="2022-08-01 09:00"),  # the words, not the number
    }


@pytest.fixture(scope="module")
def legal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("legal")
    monkey = pytest.MonkeyPatch()
    monkey.setenv("PORTAL_NOW", NOW)
    try:
        build(write_site(root, _legal_site()), root / "output")
    finally:
        monkey.undo()
    return root / "output"


def shown(output: Path) -> dict[str, list[str]]:
    """{address: [title, date, category, excerpt]} of the index's bai/ files."""
    records = {}
    for chunk in (output / "tim-kiem" / "chi-muc" / "bai").iterdir():
        records.update({"/" + r[0]: r[1:] for r in json.loads(chunk.read_text(encoding="utf-8"))})
    return records


def filter_counts(output: Path, name: str) -> dict[str, int]:
    from portal_search.index import decode

    data = (output / "tim-kiem" / "chi-muc" / "loc" / f"{name}.bin").read_bytes()
    return {value: len(forms[0][1]) for value, forms in decode(data)}


def test_every_legal_document_is_in_the_index_as_its_page_shows_it(legal: Path) -> None:
    records = shown(legal)
    assert {url for url in records if url.startswith("/van-ban/")} == {
        "/van-ban/76-nq-cp.html", "/van-ban/42-2022-nd-cp.html", "/van-ban/61-2018-nd-cp.html", "/van-ban/107-2021-nd-cp.html",
        "/van-ban/09-2015-qd-ttg.html", "/van-ban/93-2007-qd-ttg.html"}  # the pages, not the listings or facet pages
    assert records["/van-ban/76-nq-cp.html"] == [
        "Nghị quyết 76/NQ-CP", "15/07/2021", "Văn bản", "Ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030."]
    manifest = json.loads((legal / "tim-kiem" / "chi-muc" / "muc-luc.json").read_text(encoding="utf-8"))
    assert {"loai-van-ban", "co-quan", "tinh-trang", "nam", "can-bo", "chu-de"} <= set(manifest["filters"])


def test_legal_documents_have_their_type_body_year_and_status_as_filters(legal: Path) -> None:
    assert filter_counts(legal, "loai-van-ban") == {"Nghị quyết": 1, "Nghị định": 3, "Quyết định": 2}
    assert filter_counts(legal, "co-quan") == {"Chính phủ": 4, "Thủ tướng Chính phủ": 2}
    assert filter_counts(legal, "tinh-trang") == {"Còn hiệu lực": 3, "Được sửa đổi, bổ sung": 1, "Hết hiệu lực": 2}
    years = filter_counts(legal, "nam")  # the issue year, with the articles' years
    assert years["2021"] == 3 and years["2007"] == 1 and years["2022"] == 3  # 2021: NQ 76, NĐ 107 and an article
    assert search(legal, "", filters={"tinh-trang": "Hết hiệu lực"}) == ["/van-ban/09-2015-qd-ttg.html", "/van-ban/93-2007-qd-ttg.html"]
    assert search(legal, "", filters={"loai-van-ban": "Nghị định", "nam": "2022"}) == ["/van-ban/42-2022-nd-cp.html"]
    # "một cửa": every document of the chain; the Government's are the decrees, not the PM's decisions
    assert sorted(search(legal, "mot cua", filters={"co-quan": "Chính phủ"})) == ["/van-ban/107-2021-nd-cp.html",
                                                                                 "/van-ban/61-2018-nd-cp.html"]
    assert search(legal, "", filters={"can-bo": "Vũ Đức Đam"}) == ["/van-ban/42-2022-nd-cp.html"]  # the signer
    assert "/van-ban/76-nq-cp.html" in search(legal, "", filters={"chu-de": "Cải cách thể chế"})


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("76/NQ-CP", "/van-ban/76-nq-cp.html"),
        ("76 NQ CP", "/van-ban/76-nq-cp.html"),
        ("76/nq-cp", "/van-ban/76-nq-cp.html"),
        ("Nghị quyết số 76/NQ-CP", "/van-ban/76-nq-cp.html"),  # "số": the register's "Số hiệu"
        ("42/2022/NĐ-CP", "/van-ban/42-2022-nd-cp.html"),
        ("42 2022 ND CP", "/van-ban/42-2022-nd-cp.html"),
        ("42/2022/ND-CP", "/van-ban/42-2022-nd-cp.html"),
        ("nghi dinh 42/2022/nd-cp", "/van-ban/42-2022-nd-cp.html"),
        ("09/2015/QĐ-TTg", "/van-ban/09-2015-qd-ttg.html"),
    ],
)
def test_a_query_by_number_finds_the_document_before_the_articles_that_mention_it(legal: Path, query: str, document: str) -> None:
    found = search(legal, query)
    assert found[0] == document, found
    assert len(found) > 1 or query.startswith("09"), found  # the articles that mention it are found too, after it


def test_a_number_query_with_other_marks_or_other_words_is_not_the_number(legal: Path) -> None:
    found = search(legal, "76 NQ CP")
    assert "/2021/08/trien-khai-nghi-quyet-76-nq-cp-ve-cai-cach-hanh-chinh.html" in found
    assert search(legal, "42/2022/NĐ-CP")[:1] == ["/van-ban/42-2022-nd-cp.html"]
    assert "/van-ban/42-2022-nd-cp.html" not in search(legal, "42/2022/NĐ-QH")  # not its number: not all words
    assert search(legal, "2022 NQ CP")[:1] != ["/van-ban/76-nq-cp.html"]


def test_a_changed_document_gives_the_same_index_as_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """make html after a document changes (portal_search.patch, or the index whole when the
    numbering changes): the same bytes as a clean build; and the dev server's refresh
    (tools/devserver.py: pipeline.search_documents of the build in memory) too."""
    import portal_search
    from portal_build import pipeline
    from portal_search import patch

    from .test_documents import document

    monkeypatch.setenv("PORTAL_NOW", NOW)
    files = _legal_site()
    content = write_site(tmp_path / "site", files)
    build(content, tmp_path / "site" / "output")
    edits = [
        # An article's body: the index (documents' number keys and filters with it) is patched.
        ("articles/2021/nq76.md", files["articles/2021/nq76.md"].replace("bộ ngành hành động", "các bộ, ngành hành động")),
        # A document (an input of the pages showing it, portal_build.plan): patched too.
        ("van-ban/76.md", files["van-ban/76.md"].replace("giai đoạn 2021 - 2030", "giai đoạn 2021 – 2030 (sửa)")),
        ("van-ban/45.md", document("45/2020/NĐ-CP", ngay_ban_hanh="2020-04-08", ngay_hieu_luc="2020-05-22",
                                   trich_yeu="Về thực hiện thủ tục hành chính trên môi trường điện tử.")),  # new: renumbered
    ]
    patched: list[int] = []
    original = patch.patch_index
    monkeypatch.setattr(patch, "patch_index", lambda *args: (patched.append(len(args[4])), original(*args))[1])
    for number, (rel, text) in enumerate(edits):
        (content / rel).write_text(text, encoding="utf-8")
        build(content, tmp_path / "site" / "output")
        assert patched == [1] * min(number + 1, 2), patched  # the article's and the document's edits were patched
        files[rel] = text
        clean = tmp_path / f"clean-{number}"
        build(write_site(clean, files), clean / "output")
        assert tree_digest(tmp_path / "site" / "output" / "tim-kiem" / "chi-muc") == tree_digest(clean / "output" / "tim-kiem" / "chi-muc")
    assert search(tmp_path / "site" / "output", "45/2020/ND-CP")[:1] == ["/van-ban/45-2020-nd-cp.html"]
    before = tree_digest(clean / "output" / "tim-kiem" / "chi-muc")
    portal_search.refresh(str(clean / "output"), pipeline.search_documents)  # the last build is the one in memory
    assert tree_digest(clean / "output" / "tim-kiem" / "chi-muc") == before


def test_terms_counted_ahead_in_the_background_give_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build counts the words of the sources it read in a background process
    (portal_search.counted) and the index takes them for every document whose title, lead
    and body are still those strings; a document changed since is counted again. Same bytes
    as an index counted here (in one process or two, a legal document's number among the
    counted terms), and the counts taken are really used."""
    from dataclasses import replace

    from portal_search import index
    from portal_search.counted import Counted, count_terms
    from portal_workers import start

    docs = [Document(url=f"2026/11/bai-{n}.html", title=f"Bài {n} về dịch vụ công", date="27/11/2026",
                     sort=f"2026-11-27T08:{n % 60:02d}:00+07:00", category="Tin tổng hợp", lead=f"Sa-pô {n} về cải cách.",
                     body_html=f"<p>Đề án 06, hồ sơ số {n}, điện tử.</p>" + "<p>Hoà hợp, hòa nhập.</p>" * (n % 300),
                     filters=(("nam", ("2026",)),)) for n in range(400)]
    sources = [(doc.title, doc.lead, doc.body_html) for doc in docs]
    # After reading: a body changed (a document number linked), a title changed, and a
    # body replaced by an equal string that is another object.
    docs[3] = replace(docs[3], body_html=docs[3].body_html.replace("Đề án 06", '<a href="/van-ban/x.html">Đề án</a> 06'))
    docs[4] = replace(docs[4], title="Tiêu đề mới hoàn toàn")
    docs[5] = replace(docs[5], body_html="".join(list(docs[5].body_html)))
    docs[7] = replace(docs[7], number="76/NQ-CP")  # its strings as counted: the number key added to them
    counted = Counted(sources, start(count_terms, sources))
    taken = [counted.terms_of(doc) is not None for doc in docs]
    assert taken.count(False) == 3 and not taken[3] and not taken[4] and not taken[5]
    for doc in docs:
        assert index.document_terms(doc, counted) == index.document_terms(doc)
    index.write_index(str(tmp_path / "here"), docs)
    index.write_index(str(tmp_path / "ahead"), docs, counted=counted)
    assert tree_digest(tmp_path / "here") == tree_digest(tmp_path / "ahead")
    monkeypatch.setattr(index, "PARALLEL_MIN_DOCUMENTS", 100)
    index.write_index(str(tmp_path / "ahead-two"), docs, processes=2, counted=counted)
    assert tree_digest(tmp_path / "here") == tree_digest(tmp_path / "ahead-two")
    assert "76 nq cp" in [key for key, _forms in index.decode((tmp_path / "ahead" / "tu" / "76.bin").read_bytes())]
    counted.close()
    failed = Counted(sources, start(_fails))  # a task that failed: everything is counted here
    assert failed.terms_of(docs[0]) is None
    index.write_index(str(tmp_path / "failed"), docs, counted=failed)
    assert tree_digest(tmp_path / "here") == tree_digest(tmp_path / "failed")


def _fails() -> None:
    raise RuntimeError("the task failed")


def test_a_large_build_counts_its_search_terms_ahead_and_indexes_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """portal_build.pipeline starts the background count from COUNT_AHEAD_MIN sources, on
    two cores or more: the site's index is the same as without it."""
    from portal_build import pipeline
    from portal_search.counted import Counted

    monkeypatch.setenv("PORTAL_NOW", NOW)
    content = write_site(tmp_path, SITE)
    build(content, tmp_path / "plain")
    used: list[bool] = []
    packed_of = Counted.packed_of
    monkeypatch.setattr(Counted, "packed_of", lambda self, doc: used.append(packed_of(self, doc) is not None) or packed_of(self, doc))
    monkeypatch.setattr(pipeline, "COUNT_AHEAD_MIN", 1)
    build(content, tmp_path / "ahead", PORTAL_WRITER_PROCESSES=2, PORTAL_BUILD_CACHE="")
    assert True in used  # the public article and the page were taken from the count
    index = Path("tim-kiem") / "chi-muc"
    assert tree_digest(tmp_path / "plain" / index) == tree_digest(tmp_path / "ahead" / index)


def test_a_full_build_keeps_the_words_it_counted_beside_its_search_cache(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The background count of a build with an up-to-date record keeps its terms beside the
    search cache (portal_search/kept.py), for a later index written whole; one without a
    record keeps nothing."""
    from portal_build import pipeline
    from portal_search import kept

    monkeypatch.setenv("PORTAL_NOW", NOW)
    content = write_site(tmp_path, SITE)
    monkeypatch.setattr(pipeline, "COUNT_AHEAD_MIN", 1)
    build(content, tmp_path / "out", PORTAL_WRITER_PROCESSES=2)
    found = list((tmp_path / ".cache-build").glob("search-*.terms"))
    assert len(found) == 1
    loaded = kept.load(str(found[0]))
    assert loaded is not None and loaded.table
    texts = [(doc.title, doc.lead, doc.body_html) for doc in pipeline.search_documents()]
    assert any(loaded.packed_of(Document(url="", title=t, date="", sort="", category="", lead=lead, body_html=b))
               is not None for t, lead, b in texts)
    build(content, tmp_path / "plain" / "out", PORTAL_WRITER_PROCESSES=2, PORTAL_BUILD_CACHE="")
    assert not list((tmp_path / "plain").rglob("*.terms"))


def test_an_article_keeps_its_search_document_until_what_it_shows_changes() -> None:
    """An edit applied to the build makes again only the documents of what changed
    (documents._KEPT): the same article gives the same Document, with its digest; a new
    body, title or term name gives a new one, equal to one made from scratch."""
    from datetime import datetime
    from types import SimpleNamespace

    from portal_search.documents import article_document
    from portal_search.index import digest_of

    official = SimpleNamespace(name="Nguyễn Văn A", extra={})
    taxonomy = SimpleNamespace(name="officials", spec=SimpleNamespace(kind="officials"))

    def new_article() -> SimpleNamespace:
        return SimpleNamespace(url="2026/12/bai.html", title="Một cửa", date=datetime(2026, 12, 5, 9, 0),
                               category=SimpleNamespace(name="Tin tổng hợp"), summary_text="Sa-pô.",
                               _content="<p>Thân bài.</p>", officials=[official])

    item = new_article()
    first = article_document(item, [taxonomy])
    digest = digest_of(first)
    assert article_document(item, [taxonomy]) is first and first.digest == digest
    item._content = "<p>Thân bài đã sửa.</p>"
    second = article_document(item, [taxonomy])
    assert second is not first and second.body_html == item._content
    item.title = "Một cửa liên thông"
    third = article_document(item, [taxonomy])
    assert third is not second and third.title == item.title
    official.name = "Nguyễn Văn B"
    fourth = article_document(item, [taxonomy])
    assert ("can-bo", ("Nguyễn Văn B",)) in fourth.filters
    fresh = new_article()
    fresh.title, fresh._content, fresh.officials = item.title, item._content, [official]
    assert article_document(fresh, [taxonomy]) == fourth and digest_of(fourth) != digest


def _renumbered(docs: list[Document]) -> list[Document]:
    """`docs` with an older document added before them all and one body edited: the
    documents after the new one are renumbered, so the index is written whole."""
    from dataclasses import replace

    from portal_search import index

    older = replace(docs[0], url="2026/10/bai-cu.html", title="Bài cũ về hộ tịch", sort="2026-10-01T08:00:00+07:00",
                    body_html="<p>Hộ tịch điện tử, quokka.</p>")
    edited = replace(docs[10], body_html="<p>Thân bài đã sửa: liên thông.</p>")
    return index.ordered([older, *[edited if doc.url == edited.url else doc for doc in docs]])


def test_a_whole_index_counts_only_the_documents_whose_terms_were_not_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The background count of a full build keeps its terms beside the search cache
    (portal_search/kept.py); an index written whole later (a new term page, an older article
    deleted: the documents renumbered) counts the words of the new and edited documents
    only. Same bytes as counted afresh; a legal document's number key too."""
    from dataclasses import replace

    from portal_search import index, kept
    from portal_search.counted import count_terms

    docs = _sixty_documents()
    docs[20] = replace(docs[20], number="76/NQ-CP")
    cache = str(tmp_path / "cache" / "search-x.pickle")
    count_terms([(doc.title, doc.lead, doc.body_html) for doc in docs], kept.terms_path(cache))
    assert Path(kept.terms_path(cache)).is_file()
    counting: list[str] = []
    real = index.document_words
    monkeypatch.setattr(index, "document_words", lambda doc: (counting.append(doc.url), real(doc))[1])
    index.index_site(str(tmp_path / "one"), docs, cache=cache)
    assert counting == []  # every document's terms were kept
    index.write_index(str(tmp_path / "one-whole"), docs)
    assert tree_digest(tmp_path / "one" / index.FOLDER) == tree_digest(tmp_path / "one-whole")
    counting.clear()  # (the index written afresh counted them all)
    new = _renumbered(docs)
    index.index_site(str(tmp_path / "two"), new, cache=cache, previous=str(tmp_path / "one"))
    assert sorted(counting) == ["2026/10/bai-cu.html", "2026/11/bai-10.html"]  # the new and the edited
    counting.clear()
    index.write_index(str(tmp_path / "two-whole"), new)
    assert tree_digest(tmp_path / "two" / index.FOLDER) == tree_digest(tmp_path / "two-whole")
    index.write_index(str(tmp_path / "two-kept"), new, processes=2, counted=kept.load(kept.terms_path(cache)))
    assert tree_digest(tmp_path / "two-kept") == tree_digest(tmp_path / "two-whole")


@pytest.mark.parametrize("damage", ["a byte of the terms", "another code", "cut short", "not a file"])
def test_kept_terms_that_cannot_be_trusted_are_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          damage: str) -> None:
    """Kept terms whose payload is not the one written, or that another version of the
    index's code wrote, are ignored: every word is counted again and the index is the same
    bytes."""
    from portal_search import index, kept
    from portal_search.counted import count_terms

    docs = _sixty_documents()
    cache = str(tmp_path / "cache" / "search-x.pickle")
    index.index_site(str(tmp_path / "one"), docs, cache=cache)
    count_terms([(doc.title, doc.lead, doc.body_html) for doc in docs], kept.terms_path(cache))
    path = Path(kept.terms_path(cache))
    assert kept.load(str(path)) is not None
    data = path.read_bytes()
    if damage == "a byte of the terms":
        path.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
    elif damage == "another code":
        monkeypatch.setattr(kept, "fingerprint", lambda: b"0" * 64)
    elif damage == "cut short":
        path.write_bytes(data[: len(data) // 2])
    else:
        path.unlink()
        path.mkdir()
    assert kept.load(str(path)) is None
    counting: list[str] = []
    real = index.document_words
    monkeypatch.setattr(index, "document_words", lambda doc: (counting.append(doc.url), real(doc))[1])
    new = _renumbered(docs)
    index.index_site(str(tmp_path / "two"), new, cache=cache, previous=str(tmp_path / "one"))
    assert len(counting) == len(new)  # every document counted again
    index.write_index(str(tmp_path / "two-whole"), new)
    assert tree_digest(tmp_path / "two" / index.FOLDER) == tree_digest(tmp_path / "two-whole")


def test_kept_terms_are_never_written_from_keys_they_could_not_read_back(tmp_path: Path) -> None:
    """The kept table is text, a key a line and a tab before its form: a key holding a tab
    or a line break (none does: words are cut at spaces) is refused, and no file is left."""
    from array import array

    from portal_search import kept

    path = str(tmp_path / "search-x.terms")
    packed = (array("B", [0, 1]), array("B", [1, 8]))
    kept.write(path, [("Tiêu đề", "", "<p>Thân</p>")], [("tieu", "tiêu"), ("de", "đề")], [packed])
    loaded = kept.load(path)
    assert loaded is not None and loaded.table == [("tieu", "tiêu"), ("de", "đề")]
    kept.write(path, [("Tiêu đề", "", "<p>Thân</p>")], [("tieu\tx", "tiêu"), ("de", "đề")], [packed])
    assert not Path(path).exists()
