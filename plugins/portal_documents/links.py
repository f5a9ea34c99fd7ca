"""Document numbers written in the news link to the documents' pages.

An article's body (the reader's HTML) is read with an HTML tokenizer: in its text nodes, a
number of the collection (`76/NQ-CP`, `42/2022/NĐ-CP`, `09/2015/QĐ-TTg`) becomes a link to
the document's page; a number the collection does not have stays plain text. Only whole
numbers count: not one inside a longer number (`176/NQ-CP`, `76/NQ-CPX`, `76/NQ-CP-1`), nor
a bare `76`. Text is compared in NFC with the look-alikes of Đ/đ (Icelandic Ð/ð, D/d with a
combining stroke) read as Đ/đ; a text node that gets a link is written back in that form.

Not linked: text inside <a> (an editor's own link), <code>, <pre>, <kbd>, <samp>, <script>,
<style>, <textarea> and headings (<h1>…<h6>: a heading stays one phrase, and links in
headings read badly in the table of contents and in screen readers' heading lists). The
title and the sa-pô are plain text fields and stay plain.

What an article cites (`PortalArticle.cited_documents`: every document of the collection its
body names, in order of first mention, headings and editors' links included, code excluded)
and what cites a document (`Document.cited_by`: the public articles, newest first) are set
per build by `link_articles` (pipeline: content_read), never kept in the read cache: they
depend on the collection.

The link is Pelican's `{static}` form pointing at the document's source file, which
`DocumentsGenerator.generate_context` lists in the context's `static_content` with the
page's address: Pelican writes the address relative to the page (RELATIVE_URLS) or absolute
(feeds, production) like every other intra-site link.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from .model import Document

# A document number: number (with a letter: 30c, 36a), an optional year, the symbol.
_NUMBER = re.compile(
    r"(?<![\w/.\-])"
    r"(\d+[a-zđ]?(?:/\d{4})?/[A-ZĐa-zđ0-9]+(?:-[A-ZĐa-zđ0-9]+)*)"
    r"(?![\w/]|-\w|\.\w)"
)
_LOOKALIKES = {"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"}
# Every number has a digit, "/", then the symbol's capital: text without one is not read further.
# Written to start with the "/" (the digit is looked behind): the regular expression engine
# then scans for that one character, ten times faster over 10,000 bodies (0.3 → 0.03 s).
_HINT = re.compile("/(?<=\\d/)[A-Z\u0110\u00d0\u0189]")
_STROKED = re.compile("([Dd])[\u0335\u0336]")

# Elements whose text is never linked (headings: see the module's docstring).
NO_LINK = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math",
                     "template", "h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text does not cite (not prose).
NO_CITE = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "template", "svg", "math"})


def canonical(text: str) -> str:
    """`text` in NFC, with the look-alikes of Đ/đ read as Đ/đ."""
    text = unicodedata.normalize("NFC", text)
    if "\u0335" in text or "\u0336" in text:
        text = _STROKED.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)
    for lookalike, letter in _LOOKALIKES.items():
        if lookalike in text:
            text = text.replace(lookalike, letter)
    return text


def find_numbers(text: str, known: dict[str, Document]) -> list[tuple[int, int, Document]]:
    """(start, end, document) of every number of `known` in `text` (already canonical)."""
    found = []
    for match in _NUMBER.finditer(text):
        document = known.get(match.group(1))
        if document is not None:
            found.append((match.start(1), match.end(1), document))
    return found


# How a link of this module starts (the dev server tells them from an editor's {static} files).
LINK_START = '<a class="doc-ref" href="{static}/'


def link_key(document: Document) -> str:
    """The key of `document` in the context's static_content (its source file)."""
    return document.source


class _Linker(HTMLParser):
    """Copies HTML token by token; text runs outside NO_LINK get their numbers linked."""

    def __init__(self, known: dict[str, Document]) -> None:
        super().__init__(convert_charrefs=False)
        self.known = known
        self.out: list[str] = []
        self.run: list[str] = []  # raw pieces of the current text run (data and character references)
        self.open: dict[str, int] = {}  # NO_LINK / NO_CITE elements open, by name
        self.cited: list[Document] = []

    def _flush(self) -> None:
        if not self.run:
            return
        raw = "".join(self.run)
        self.run = []
        if any(self.open.get(name) for name in NO_CITE):
            self.out.append(raw)
            return
        text = canonical(html.unescape(raw))
        found = find_numbers(text, self.known)
        for _start, _end, document in found:
            if document not in self.cited:
                self.cited.append(document)
        if not found or any(self.open.get(name) for name in NO_LINK):
            self.out.append(raw)
            return
        pieces, at = [], 0
        for start, end, document in found:
            pieces.append(html.escape(text[at:start], quote=False))
            pieces.append(f'{LINK_START}{html.escape(link_key(document))}">{html.escape(text[start:end], quote=False)}</a>')
            at = end
        pieces.append(html.escape(text[at:], quote=False))
        self.out.append("".join(pieces))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if tag in NO_LINK or tag in NO_CITE:
            self.open[tag] = self.open.get(tag, 0) + 1
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if self.open.get(tag):
            self.open[tag] -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.run.append(data)

    def handle_entityref(self, name: str) -> None:
        self.run.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.run.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._flush()
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._flush()
        self.out.append(f"<![{data}]>")

    def close(self) -> None:
        super().close()
        self._flush()


def link_html(body: str, known: dict[str, Document]) -> tuple[str, list[Document]]:
    """`body` with the numbers of `known` linked, and the documents it cites in order of
    first mention. Without a number of the collection the body comes back unchanged."""
    if not known or not body or not _HINT.search(body):
        return body, []
    if not find_numbers(canonical(body), known):  # most bodies: no HTML parsing at all
        return body, []
    parser = _Linker(known)
    parser.feed(body)
    parser.close()
    if not parser.cited:
        return body, []
    return "".join(parser.out), parser.cited


def _forget_rendered(article: Any) -> None:
    """Pelican's memoized renderings of `article`, made before its text changed."""
    from pelican.contents import Content

    for method in (Content.get_content, Content.get_summary):
        cache = getattr(method, "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if isinstance(k, tuple) and k and k[0] is article]:
                del cache[key]


def link_articles(generators: Iterable[Any], documents: list[Document]) -> None:
    """Link the numbers in every article's body and record citations both ways (see the
    module's docstring). Runs once per build, after all content is read."""
    from pelican.generators import ArticlesGenerator

    for document in documents:
        document.cited_by = []
    known = {document.so_hieu: document for document in documents}
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        public = {id(a) for a in generator.articles}
        everything = [*generator.articles, *generator.translations, *generator.drafts,
                      *generator.drafts_translations, *getattr(generator, "hidden_articles", [])]
        seen: set[int] = set()
        for article in everything:
            if id(article) in seen:
                continue
            seen.add(id(article))
            body = getattr(article, "_content", "") or ""
            linked, cited = link_html(body, known)
            article.cited_documents = cited
            if linked != body:
                article._content = linked
                _forget_rendered(article)
            if id(article) in public:
                for document in cited:
                    document.cited_by.append(article)
    for document in documents:
        document.cited_by.sort(key=lambda a: (a.date, a.get_relative_source_path()), reverse=True)
