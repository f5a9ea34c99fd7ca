"""What the search index holds: one `Document` per public page worth finding, made from
the build's data (front matter, registries), never by parsing the pages written.

Indexed: public articles (not drafts, not scheduled), static pages that are not drafts, and
the page of each official, province, topic and tag (its first page: later pages are lists).
Not indexed: listings, archives, the home page, redirect pages, the drafts index, 404."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from vietnamese.dates import iso8601, vi_date

FILTER_OF_KIND = {"officials": "can-bo", "provinces": "tinh-thanh", "topics": "chu-de"}
PAGES_CATEGORY = "Giới thiệu"


@dataclass(frozen=True)
class Document:
    url: str  # from the site's root, no leading slash: "2026/11/bai.html", "tu-khoa/x/"
    title: str
    date: str  # as shown: "09/12/2019"; "" for pages without a date
    sort: str  # ISO 8601, for newest first; "" for pages without a date
    category: str  # the category, or what the page is ("Cán bộ, lãnh đạo", "Giới thiệu")
    lead: str  # sa-pô or description: weighs more than the body; shown as the excerpt
    body_html: str  # the body as HTML: the article's own string, not a copy (read as text when indexed)
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (filter, values): FILTER_OF_KIND's, chuyen-muc, nam


def site_documents(generators: Iterable[Any], taxonomies: Iterable[Any] = ()) -> Iterator[Document]:
    """Every document of a build: its generators (Pelican's) and its taxonomies
    (portal_taxonomy's, empty without the taxonomy engine)."""
    for generator in generators:
        for article in getattr(generator, "articles", ()):
            if article.status != "draft" and not article.scheduled:
                yield article_document(article, taxonomies)
        for page in getattr(generator, "pages", ()):
            if page.status != "draft":
                yield page_document(page)
    for taxonomy in taxonomies:
        for term in taxonomy.all_terms():
            if term.has_page:
                yield term_document(term)


def article_document(article: Any, taxonomies: Iterable[Any] = ()) -> Document:
    filters: list[tuple[str, tuple[str, ...]]] = [("chuyen-muc", (article.category.name,)), ("nam", (str(article.date.year),))]
    for taxonomy in taxonomies:
        name = FILTER_OF_KIND.get(taxonomy.spec.kind)
        terms = getattr(article, taxonomy.name, None) or ()
        if name and terms:
            # a former province counts as the unit it merged into
            filters.append((name, tuple(sorted({(t.extra.get("merged_into") or t).name for t in terms}))))
    return Document(
        url=article.url,
        title=article.title,
        date=vi_date(article.date),
        sort=iso8601(article.date),
        category=article.category.name,
        lead=article.summary_text,
        body_html=_html(article),
        filters=tuple(sorted(filters)),
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


def plain(markup: str) -> str:
    """The text of HTML: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def _html(content: Any) -> str:
    """An article's or page's body as the reader made it (Pelican's `_content`: `content`
    would rewrite its links for each call)."""
    return getattr(content, "_content", None) or ""
