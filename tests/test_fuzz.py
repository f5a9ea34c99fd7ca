"""Fuzzing the reader, `make check` and the build with random front matter and bodies (hypothesis).

Whatever an editor (or an attacker) writes:
- no exception escapes the reader, the checker or the build (a content problem is a
  `Problem`, a failed build is `BuildFailed`);
- every problem names its file and a line (`path:line: …`) and stays short;
- no forbidden markup reaches a page or a feed: no script, style, frame, form or SVG element,
  no event handler, no `javascript:`/`data:` address; plain-text fields of a feed (titles,
  RSS descriptions, Atom summaries) carry no markup at all once a feed reader decodes them;
- every feed parses with a strict XML parser.

`make test` runs a few hundred examples, derandomised so CI is repeatable; `make fuzz` runs
the dedicated profile (FUZZ_EXAMPLES, 10,000 by default there) with fresh random examples.
"""

from __future__ import annotations

import json
import os
import re
import string
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from portal_diagnostics import BuildFailed
from portal_reader.source import read_source
from portal_site.feeds import render_feed

from .conftest import build, write_site
from .test_check import check

# Examples for the reader-level properties; the site-level ones (a whole check and build per
# example) run FUZZ_SITE_EXAMPLES.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
SITE_EXAMPLES = int(os.environ.get("FUZZ_SITE_EXAMPLES", "15"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"  # make fuzz: new examples every run


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


REL = "articles/2023/bai.md"
SHOWN = "content/articles/2023/bai.md"
FILES = frozenset({REL, "articles/2022/bai-khac.md", "images/2023/x.jpg", "images/2023/x.svg",
                   "images/2023/x.htm", "images/2023/tai-lieu.pdf", "pages/gioi-thieu.md"})

# --- what may not reach a page or a feed ------------------------------------------------

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "link", "meta", "base", "svg", "math", "noscript", "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")  # what a browser reads as a scheme


# A whole page may have what the theme itself writes: <meta> and <link> in its head, its own
# script files (no inline script), its print button and structured data (JSON-LD: a data
# block the browser never runs; its text must be JSON, so nothing in it closed the element).
THEME_SCRIPT = re.compile(r"(^|/)(theme/js/[\w.-]+\.js|__livereload\.js)$")
# The theme's search form (header, 404, search page): a GET form to the search page, with its
# box, button and sort menu; content can never open one (the sanitiser drops forms).
SEARCH_FORM = re.compile(r"^(\.\.?(/\.\.)*|https?://[^/]+)?/tim-kiem/$|^$")
SEARCH_FORM_TAGS = ("input", "button", "select", "option")
# The theme's share icons (share_bar in theme/templates/_macros.html): exactly these attributes, hidden
# from assistive technology (content never writes <svg>: the sanitiser refuses it).
THEME_ICON = {("class", "share-icon"), ("aria-hidden", "true"), ("focusable", "false"), ("viewbox", "0 0 24 24"),
              ("width", "20"), ("height", "20")}


class _Markup(HTMLParser):
    def __init__(self, page: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_head = False
        self.tags: list[str] = []
        self.bad: list[str] = []
        self.in_search_form = False
        self.in_data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "head":
            self.in_head = True
        if tag == "form" and self.page and SEARCH_FORM.match(dict(attrs).get("action", "x") or "") and dict(attrs).get("role") == "search":
            self.in_search_form = True
            return
        allowed = self.page and (
            (self.in_head and tag in ("meta", "link"))
            or tag == "button"
            or (self.in_search_form and tag in SEARCH_FORM_TAGS)
            or (tag == "noscript" and not self.in_head)
            or (tag == "script" and THEME_SCRIPT.search(dict(attrs).get("src") or "") is not None)
            or (tag == "script" and dict(attrs).get("type") == "application/ld+json" and len(attrs) == 1)
            or (tag == "svg" and set(attrs) == THEME_ICON)
        )
        self.in_data_block = allowed and tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if tag in FORBIDDEN_TAGS and not allowed:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                for url in value.split(",") if name == "srcset" else [value]:
                    # Browsers drop tabs and newlines inside a URL before reading its scheme.
                    cleaned = re.sub(r"[\x00-\x20]", "", url)
                    scheme = SCHEME.match(cleaned)
                    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                        self.bad.append(f"{tag}[{name}={value[:40]!r}]")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self.in_data_block:
            try:
                json.loads(data)
            except ValueError:
                self.bad.append(f"<script type=application/ld+json> that is not JSON: {data[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_data_block = False
        if tag == "head":
            self.in_head = False
        if tag == "form":
            self.in_search_form = False


def markup(text: str, page: bool = False) -> _Markup:
    parser = _Markup(page)
    parser.feed(text)
    parser.close()
    return parser


def assert_safe_html(text: str, where: str, page: bool = False) -> None:
    bad = markup(text, page).bad
    assert not bad, f"{where}: forbidden markup {bad} in {text[:400]!r}"


def assert_no_markup(text: str, where: str) -> None:
    tags = markup(text).tags
    assert not tags, f"{where}: plain text became markup {tags} in {text[:200]!r}"


def assert_problems_are_located(problems: list[Any], shown: str = SHOWN) -> None:
    for problem in problems:
        assert problem.path == shown, problem
        assert problem.line >= 1, f"problem without a line: {problem}"
        assert len(str(problem)) < 2_000, f"message too long ({len(str(problem))} chars)"


# --- what editors and attackers write --------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "<iframe src=//evil></iframe>", "<style>*{}</style>",
    "<IMG SRC=\"jav&#x09;ascript:alert(1);\">", "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<object data=x>", "<math><mi xlink:href=javascript:alert(1)>", "<details open ontoggle=alert(1)>",
    "&lt;script&gt;", "]]>", "<![CDATA[x]]>", "<!-- -->", "<", ">", "&", "&amp;", "\"", "'",
    "{filename}/articles/2022/bai-khac.md", "{static}/images/2023/x.jpg", "{{ 7*7 }}", "{% raw %}",
]
MARKDOWN = [
    "[tài liệu](../../images/2023/x.htm)", "![ảnh](../../images/2023/x.svg)", "![ảnh](../../images/2023/x.jpg)",
    "![](../../images/2023/x.jpg)", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox)", "[x](../2022/bai-khac.md)",
    "[x](../2022/khong-co.md)", "[x](../../../../etc/passwd)", "[x](/lien-he.html)", "[x](bai.html)",
    "[pdf](../../images/2023/tai-lieu.pdf)", "![x](https://example.com/a.png)", "<https://example.com>",
    "[x]: javascript:alert(1)\n\n[x]", "| a | b |\n|---|---|\n| <script> | c |", "[^1]\n\n[^1]: chú thích",
    "# Tiêu đề", "```\n<script>\n```", "    <script>", "> trích dẫn", "- mục", "1. mục", "***", "\\",
]
CONTROL = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))] + ["\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud7ff"]
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐÂ"
EMOJI = ["🎉", "👍🏽", "🇻🇳", "\u200d", "\u0301", "\u0300", "ﬁ", "Ⅻ", "𝔘"]

letters = st.text(alphabet=VIETNAMESE + string.ascii_letters + string.digits + " -_.,:;!?/()[]#*'\"", max_size=40)
fragments = st.one_of(letters, st.sampled_from(HOSTILE), st.sampled_from(CONTROL), st.sampled_from(EMOJI))
texts = st.lists(fragments, max_size=6).map("".join)
# Text with markup and symbols but no control characters: what a valid article may hold.
plain_fragments = st.one_of(letters, letters, st.sampled_from(HOSTILE), st.sampled_from(EMOJI))
plain_texts = st.lists(plain_fragments, min_size=1, max_size=6).map("".join).filter(str.strip)
long_texts = st.builds(lambda t, n: (t or "Cải cách ") * n, letters, st.sampled_from([20, 60, 400]))
dates = st.one_of(
    st.sampled_from([
        "2023-06-19", "2023-06-19 09:00", "2023-06-19T09:00:00+07:00", "9999-12-31 23:00 -12:00",
        "0001-01-01 00:00 +14:00", "2023-02-30", "2023-06-19 25:00", "2023-06-19 09:00 +99:99", "19/06/2023",
        "2023-06-19 09:00 Z", "1" * 5000, "", "hôm nay",
    ]),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    st.integers(min_value=-(10**30), max_value=10**30),
)
scalars = st.one_of(texts, long_texts, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), dates)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(letters, inner, max_size=3)), max_leaves=8)
name_lists = st.lists(st.one_of(texts, st.sampled_from(["Gia Lai", "Gia Lia", "Nguyễn Trọng Thừa", "🎉", "Cải cách", "cải cách", "CAI CACH"])), max_size=4)

FIELD_VALUES: dict[str, Any] = {
    "title": st.one_of(texts, long_texts, values),
    "date": dates,
    "updated": dates,
    "category": st.one_of(st.sampled_from(["tin-tong-hop", "tin-tong-hp", ""]), values),
    "summary": st.one_of(texts, values),
    "author": st.one_of(texts, values),
    "officials": st.one_of(name_lists, values),
    "provinces": st.one_of(name_lists, values),
    "topics": st.one_of(name_lists, values),
    "tags": st.one_of(name_lists, values),
    "source": st.one_of(st.fixed_dictionaries({"name": texts, "url": st.sampled_from(["https://a.vn/", "javascript:alert(1)", "a.vn"])}), values),
    "image": st.one_of(
        st.fixed_dictionaries({
            "src": st.sampled_from(["../../images/2023/x.jpg", "../../images/2023/x.svg", "../../images/2023/x.htm", "/etc/passwd", "https://e.com/a.jpg"]),
            "alt": texts,
        }),
        values,
    ),
    "status": st.one_of(st.sampled_from(["published", "draft", "skip"]), values),
    "slug": st.one_of(st.sampled_from(["404", "index", "a" * 300, "bai-viet", "../x"]), texts, values),
    "aliases": st.one_of(
        st.lists(st.sampled_from(["/theme/css/site.css", "/.htaccess", "/tin-tuc/bai-cu.html", "/" + "a" * 300, "//evil.com/x", "/../x"]), max_size=3),
        values,
    ),
}
VALID = {"title": "Tiêu đề bài viết", "date": "2023-06-19 09:00", "category": "tin-tong-hop", "summary": "Sa-pô.", "author": "Quốc Dũng"}


@st.composite
def front_matters(draw: Any, style: str | None = None) -> str:
    """YAML text of a front matter: a complete one with hostile texts, well-formed YAML of
    random fields, or broken text."""
    style = style or draw(st.sampled_from(["dump", "dump", "raw"]))
    if style == "raw":
        lines = draw(st.lists(st.one_of(texts, st.sampled_from([
            "title: a: b", "\ttitle: x", "title: “Cải cách”", "tags: &a [x, *a]", "a: &a [1]\nb: [*a, *a]",
            "title: !!python/object:os.system x", "- x", "title:", "? [a]\n: b", "%YAML 1.1", "title: 'x",
            "title: x\ntitle: y",
        ])), max_size=6))
        return "\n".join(lines)
    if style == "valid":  # a complete front matter whose texts are hostile: most of these build
        valid = dict(VALID)
        for key in draw(st.lists(st.sampled_from(["title", "summary", "author", "tags"]), unique=True, max_size=3)):
            valid[key] = draw(st.lists(plain_texts, min_size=1, max_size=3, unique=True) if key == "tags" else plain_texts)
        return yaml.safe_dump(valid, allow_unicode=draw(st.booleans()), sort_keys=False, width=80)
    data: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), unique=True, max_size=8)):
        data[key] = draw(FIELD_VALUES[key])
    base = {k: v for k, v in VALID.items() if draw(st.booleans()) or k in ("title", "date")}
    base.update(data)
    if draw(st.booleans()):
        base[draw(letters) or "x"] = draw(values)
    return yaml.safe_dump(base, allow_unicode=draw(st.booleans()), sort_keys=False, width=80)


bodies = st.lists(st.one_of(texts, st.sampled_from(MARKDOWN), st.sampled_from(HOSTILE)), max_size=8).map(
    lambda parts: "\n".join(parts)
)


# Paragraphs of text with at most one link, image or piece of raw HTML: about half of them
# are refused, the others must come out safe.
mild_bodies = st.builds(
    lambda text, risky, at: "\n\n".join(text[:at] + risky + text[at:]),
    st.lists(letters, max_size=4),
    st.lists(st.sampled_from(MARKDOWN + HOSTILE), max_size=1),
    st.integers(0, 4),
)


@st.composite
def sources(draw: Any) -> bytes:
    """Half of the files are complete articles with hostile text (most of them build), half
    anything at all (most of them are refused)."""
    if draw(st.booleans()):
        text = "---\n" + draw(front_matters("valid")) + "\n---\n" + draw(mild_bodies)
    else:
        text = "---\n" + draw(front_matters()) + "\n---\n" + draw(bodies)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 20)) == 0:
        data += b"\xe0\x80"  # not UTF-8
    return data


# --- properties -------------------------------------------------------------------------


@given(sources(), st.booleans())
@fuzz_settings(EXAMPLES)
def test_the_reader_never_raises_and_locates_every_problem(data: bytes, is_page: bool) -> None:
    rel = "pages/trang.md" if is_page else REL
    shown = "content/" + rel
    for render_html in (True, False):
        result = read_source("/nonexistent/" + rel, rel, FILES, is_page, data=data, render_html=render_html, shown=shown)
        if render_html:
            event("read" if result.ok else "refused")
        assert_problems_are_located(result.problems, shown)
        if render_html and result.ok:
            assert_safe_html(result.html, "body")


def fake_article(fields: dict[str, Any], body: str) -> Any:
    date = fields.get("date") or datetime(2023, 6, 19, tzinfo=UTC)
    return SimpleNamespace(
        title=fields.get("title", "x"),
        summary_text=fields.get("summary", ""),
        author=fields.get("author", "x"),
        category=SimpleNamespace(name=fields.get("category", "x")),
        tags=fields.get("tags", []),
        url="2023/06/" + fields.get("slug", "x") + ".html",
        date=date,
        updated=fields.get("updated"),
        get_content=lambda _site_url: body,
    )


def assert_feed_is_safe(xml_text: str, where: str) -> None:
    root = ET.fromstring(xml_text.encode("utf-8"))  # strict XML: raises on any invalid character
    atom = "{http://www.w3.org/2005/Atom}"
    for element in root.iter():
        tag = element.tag.replace(atom, "").replace("{http://purl.org/dc/elements/1.1/}", "dc:")
        text = element.text or ""
        if tag == "content" or element.get("type") == "html":
            assert_safe_html(text, f"{where} <{tag}>")
        elif root.tag == "rss" and tag in ("title", "description", "dc:creator", "category"):
            # RSS has no type attribute and readers decode these as HTML: plain text must
            # reach them with its '<' escaped twice.
            assert_no_markup(text, f"{where} <{tag}>")
    # What a feed reader shows: feedparser decodes what it takes for HTML and sanitises it.
    parsed = feedparser.parse(xml_text)
    assert not parsed.bozo, f"{where}: {parsed.bozo_exception}"
    for entry in parsed.entries:
        for key in ("title", "summary"):
            detail = entry.get(f"{key}_detail") or {}
            if detail.get("type") == "text/html":
                assert_no_markup(entry.get(key, ""), f"{where}: a feed reader's {key}")


@given(sources())
@fuzz_settings(EXAMPLES)
def test_feeds_of_any_readable_article_are_strict_xml_and_carry_no_markup(data: bytes) -> None:
    result = read_source("/nonexistent/" + REL, REL, FILES, False, data=data, shown=SHOWN)
    if not result.ok:
        return
    article = fake_article(result.fields, result.html)
    for kind in ("rss", "atom"):
        xml_text = render_feed(
            kind, title="Cổng <b>CCHC</b>", site_url="https://cchc.example.vn", page_url="", feed_url=f"{kind}.xml",
            description=result.fields.get("summary", "mô tả"), articles=[article], max_items=10,
            fallback_date=datetime(2023, 1, 1, tzinfo=UTC),
        )
        assert_feed_is_safe(xml_text, kind)


# Content files an article may link to: active content that must never be published as is.
ACTIVE = {
    "images/2023/x.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
    "images/2023/x.htm": b"<html><script>alert(1)</script></html>",
}


def _site_example(tmp_path: Path, data: bytes, run: int) -> tuple[Path, Path]:
    from PIL import Image

    root = tmp_path / f"run-{run}"
    other = {**VALID, "title": "Bài khác", "date": "2022-05-04 08:00"}  # an address of its own
    content = write_site(root, {"articles/2022/bai-khac.md": "---\n" + yaml.safe_dump(other, allow_unicode=True) + "---\nNội dung.\n"})
    for rel, active in ACTIVE.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(active)
    Image.new("RGB", (32, 18), (30, 90, 160)).save(content / "images/2023/x.jpg", "JPEG")
    (content / "images/2023/tai-lieu.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (content / "articles" / "2023").mkdir(parents=True, exist_ok=True)
    (content / REL).write_bytes(data)
    return content, root / "output"


@given(sources())
@fuzz_settings(SITE_EXAMPLES)
def test_check_and_build_fail_cleanly_or_publish_safe_pages_and_feeds(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    tmp_path = tmp_path_factory.mktemp("fuzz")
    content, output = _site_example(tmp_path, data, 0)
    os.chdir(tmp_path / "run-0")
    status, lines = check(content)
    assert status in (0, 1)
    for line in lines[:-1]:
        assert re.match(r"^content/articles/2023/bai\.md:\d+: ", line), line
    assert lines[-1].startswith(("Kiểm tra đạt", "Kiểm tra không đạt")), lines[-1]
    try:
        build(content, output)
    except BuildFailed as failed:
        event("refused")
        assert failed.problems
        assert_problems_are_located([p for p in failed.problems if "bai-khac" not in p.path])
        assert not output.exists(), "a failed build published something"
        # The checker reports every problem the build reports (it may report more: text
        # hygiene, scheduling), word for word.
        assert status == 1, f"make check passed a file the build refused: {failed.problems[:3]}"
        missing = [str(p) for p in failed.problems if str(p) not in lines]
        assert not missing, f"the build reported what make check did not: {missing}"
        return
    event("built")
    for path in output.rglob("*"):
        if path.suffix == ".html":
            assert_safe_html(path.read_text(encoding="utf-8"), str(path.relative_to(output)), page=True)
        elif path.suffix == ".xml" and path.name != "sitemap.xml":
            assert_feed_is_safe(path.read_text(encoding="utf-8"), str(path.relative_to(output)))
        elif path.suffix == ".xml":
            ET.fromstring(path.read_bytes())
        elif path.suffix == ".json":
            # data (the search index): read as text by its script; no markup left raw in it
            json.loads(path.read_bytes())
            assert not re.search(rb"[<>]", path.read_bytes()), f"{path} holds raw markup"
        if path.is_file():
            assert b"alert(1)" not in path.read_bytes() or path.suffix in (".html", ".xml", ".json"), (
                f"{path} published active content"
            )
