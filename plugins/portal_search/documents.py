"""What the search index holds: one `Document` per public page worth finding, made from
the build's data (front matter, registries), never by parsing the pages written.

Indexed: public articles (not drafts, not scheduled), static pages that are not drafts, the
page of each official, province, topic and tag (its first page: later pages are lists), and
the page of each legal document (portal_documents: its type and number as the title, the
abstract as the lead, its register as the body, the number itself as one key: `number_key`).
Not indexed: listings, archives, the home page, redirect pages, the drafts index, 404."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from vietnamese.dates import iso8601, vi_date

FILTER_OF_KIND = {"officials": "can-bo", "provinces": "tinh-thanh", "topics": "chu-de"}
PAGES_CATEGORY = "Giới thiệu"
DOCUMENTS_CATEGORY = "Văn bản"


@dataclass(frozen=True)
class Document:
    url: str  # from the site's root, no leading slash: "2026/11/bai.html", "tu-khoa/x/"
    title: str
    date: str  # as shown: "09/12/2019"; "" for pages without a date
    sort: str  # ISO 8601, for newest first; "" for pages without a date
    category: str  # the category, or what the page is ("Cán bộ, lãnh đạo", "Giới thiệu")
    lead: str  # sa-pô or description: weighs more than the body; shown as the excerpt
    body_html: str  # the body as HTML: the article's own string, not a copy (read as text when indexed)
    # (filter, values): FILTER_OF_KIND's, chuyen-muc, nam; legal documents' loai-van-ban, co-quan, tinh-trang
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    number: str = ""  # a legal document's number and symbol ("76/NQ-CP"): indexed as one key too
    # The digest of the fields above (index.digest_of), once computed: kept with the
    # documents a build indexed (patch.py), so a patched index's stamp hashes only those.
    # Not an argument: dataclasses.replace() would copy it to a document it does not fit.
    digest: bytes = field(default=b"", init=False, compare=False, repr=False)


def texts_digest(values: Iterable[str], errors: str = "surrogateescape") -> bytes:
    """A 16-byte digest of `values` in order, each with its length: the digest of a
    document's fields (index.digest_of) or of the texts its words come from (kept.py)."""
    hasher = hashlib.blake2b(digest_size=16)
    for value in values:
        data = value.encode("utf-8", errors)
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.digest()


def site_documents(generators: Iterable[Any], taxonomies: Iterable[Any] = (), legal: Iterable[Any] = ()) -> Iterator[Document]:
    """Every document of a build: its generators (Pelican's), its taxonomies
    (portal_taxonomy's, empty without the taxonomy engine) and its legal documents
    (portal_documents' `Document`s, empty without any). Each article and page once, though
    two generators list it (Pelican's and portal_site's both keep `articles`)."""
    seen: set[int] = set()
    for generator in generators:
        for article in getattr(generator, "articles", ()):
            if id(article) not in seen and article.status != "draft" and not article.scheduled:
                seen.add(id(article))
                yield article_document(article, taxonomies)
        for page in getattr(generator, "pages", ()):
            if id(page) not in seen and page.status != "draft":
                seen.add(id(page))
                yield page_document(page)
    for taxonomy in taxonomies:
        for term in taxonomy.all_terms():
            if term.has_page:
                yield term_document(term)
    for document in legal:
        yield legal_document(document)


def content_documents(contents: Iterable[Any], taxonomies: Iterable[Any] = ()) -> list[Document]:
    """The documents of some articles and pages, as site_documents makes them (none for a
    draft or a scheduled article: the index leaves them out)."""
    from portal_reader import PortalArticle

    found = []
    for content in contents:
        if isinstance(content, PortalArticle):
            if content.status != "draft" and not content.scheduled:
                found.append(article_document(content, taxonomies))
        elif content.status != "draft":
            found.append(page_document(content))
    return found


# Where an article keeps its last Document, with what it was made from: an edit applied to
# the build (the dev server, `make html` on the saved build, which keeps it) makes again
# only the documents of what changed, and a kept Document keeps its digest (index.digest_of).
_KEPT = "_portal_search_document"


def article_document(article: Any, taxonomies: Iterable[Any] = ()) -> Document:
    category = article.category.name
    filters: list[tuple[str, tuple[str, ...]]] = [("chuyen-muc", (category,)), ("nam", (str(article.date.year),))]
    for taxonomy in taxonomies:
        name = FILTER_OF_KIND.get(taxonomy.spec.kind)
        terms = getattr(article, taxonomy.name, None) or ()
        if name and terms:
            filters.append((name, _names(terms)))
    made_from = (article.url, article.title, article.date, category, article.summary_text, tuple(sorted(filters)))
    body = _html(article)
    kept = article.__dict__.get(_KEPT)
    if kept is not None and kept[1].body_html is body and kept[0] == made_from:
        return kept[1]  # the body is the same object: an edited text is a new string
    url, title, date, _, lead, sorted_filters = made_from
    document = Document(url=url, title=title, date=vi_date(date), sort=iso8601(date), category=category, lead=lead,
                        body_html=body, filters=sorted_filters)
    article.__dict__[_KEPT] = (made_from, document)
    return document


def _names(terms: Iterable[Any]) -> tuple[str, ...]:
    """The names of terms as a filter's values; a former province counts as the unit it merged into."""
    return tuple(sorted({(t.extra.get("merged_into") or t).name for t in terms}))


def legal_document(document: Any) -> Document:
    """A legal document's page (theme/templates/document.html): "Nghị quyết 76/NQ-CP" as the
    title, the abstract as the lead, the register's rows as the body (so "Nghị quyết số
    76/NQ-CP" or the signer's name find it), the issue day as the date; filtered by type,
    issuing body, issue year, status, and the signer, topics and provinces it names."""
    filters: list[tuple[str, tuple[str, ...]]] = [
        ("loai-van-ban", (document.loai.name,)), ("co-quan", (document.co_quan.name,)),
        ("nam", (str(document.year),)), ("tinh-trang", (document.status.label,)),
    ]
    if document.nguoi_ky is not None:
        filters.append(("can-bo", (document.nguoi_ky.name,)))
    if document.linh_vuc:
        filters.append(("chu-de", _names(document.linh_vuc)))
    if document.provinces:
        filters.append(("tinh-thanh", _names(document.provinces)))
    signer = ""
    if document.nguoi_ky is not None:
        signer = f"{document.chuc_vu} {document.nguoi_ky.name}".strip()
    rows = [("Số hiệu", document.so_hieu), ("Loại văn bản", document.loai.name), ("Cơ quan ban hành", document.co_quan.name),
            ("Người ký", signer), ("Tình trạng", document.status.label),
            ("Lĩnh vực", "; ".join(t.name for t in document.linh_vuc)), ("Địa phương", "; ".join(t.name for t in document.provinces))]
    body = "".join(f"<p>{label}: {html.escape(value)}</p>" for label, value in rows if value)
    return Document(
        url=document.url,
        title=document.title,
        date=vi_date(document.issued),
        sort=iso8601(document.issued),
        category=DOCUMENTS_CATEGORY,
        lead=document.trich_yeu,
        body_html=body,
        filters=tuple(sorted(filters)),
        number=document.so_hieu,
    )


def page_document(page: Any) -> Document:
    return Document(url=page.url, title=page.title, date="", sort="", category=PAGES_CATEGORY, lead="", body_html=_html(page))


def term_document(term: Any) -> Document:
    """A term's page as its template shows it (theme/templates/official.html, province.html,
    topic.html, tag.html): the heading, the position or description, the biography."""
    spec, extra = term.taxonomy, term.extra
    title, lead, body_html = term.name, "", ""
    if spec.term_template == "province":
        title = ("Thành phố " if extra.get("type") == "thành phố" else "Tỉnh ") + term.name
        merged = extra.get("merged_into")
        if merged is not None:
            lead = f"Từ ngày {extra.get('merged_on')}, {term.name} là một phần của {merged.name}."
        elif extra.get("absorbed"):
            lead = f"Hợp nhất {term.name} với {', '.join(f.name for f in extra['absorbed'])}."
    elif spec.term_template == "tag":
        title = f"Từ khóa: {term.name}"
    elif spec.kind == "officials":
        latest = extra.get("latest_position")
        if latest is not None:
            qualifier = latest.get("qualifier")
            lead = f"{qualifier + ' ' if qualifier else ''}{latest.get('title', '')}, {latest.get('organisation', '')}"
        body_html = str(extra.get("bio_html") or "")
    elif spec.kind == "topics":
        lead = extra.get("description_text") or ""
    return Document(url=term.url, title=title, date="", sort="", category=spec.title, lead=lead, body_html=body_html)


_TAGS = re.compile(r"<[^>]*>")


def text_of(markup: str) -> str:
    """The text of HTML: tags removed, entities decoded (spaces as they come)."""
    return html.unescape(_TAGS.sub(" ", markup))


def plain(markup: str) -> str:
    """The text of HTML: tags removed, entities decoded, spaces collapsed."""
    return " ".join(text_of(markup).split())


def _html(content: Any) -> str:
    """An article's or page's body as the reader made it (Pelican's `_content`: `content`
    would rewrite its links for each call)."""
    return getattr(content, "_content", None) or ""
