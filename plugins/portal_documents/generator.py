"""DocumentsGenerator: the documents' pages, listings, facet pages and feeds.

Writes, under /van-ban/ (PORTAL_DOCUMENTS_PATH):
- one page per document: `van-ban/<slug>.html` (slug from the number: 42/2022/NĐ-CP →
  42-2022-nd-cp);
- the index `van-ban/`, newest first by issue day, paginated like the other listings
  (PAGINATION_PATTERNS: `van-ban/trang-2/`, …);
- static facet pages, each paginated the same way: by type `van-ban/loai/<key>/`, issuing
  body `van-ban/co-quan/<key>/`, year `van-ban/nam/<year>/` and status
  `van-ban/tinh-trang/<key>/` — only facets that have documents;
- RSS 2.0 and Atom feeds of new documents, site-wide (`van-ban/rss.xml`, `atom.xml`) and per
  type (`van-ban/loai/<key>/rss.xml`, …), through portal_site's feed code;
and hands the attached files to Pelican's static generator (published at the same path).
Nothing is written when content/van-ban/ holds no document. The officials', topics' and
provinces' pages list the documents naming them (`list_on_terms`, called when the collection
is read; portal_taxonomy's generator writes those pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pelican.generators import Generator
from pelican.paginator import Paginator

from portal_reader.schema import VN_TZ
from portal_site.feeds import build_and_write, fallback_date

from .links import link_key
from .load import Collection, setting
from .model import STATUSES, Document, newest_first


@dataclass(frozen=True)
class Facet:
    """One value of a facet (a type, a body, a year, a status) and its page."""

    group: str  # "loai", "co-quan", "nam", "tinh-trang"
    key: str
    label: str
    url: str
    documents: tuple[Document, ...]

    @property
    def count(self) -> int:
        return len(self.documents)


# Facet groups, in the order the listings show them: (key, heading).
GROUPS = (
    ("loai", "Loại văn bản"),
    ("co-quan", "Cơ quan ban hành"),
    ("nam", "Năm ban hành"),
    ("tinh-trang", "Tình trạng hiệu lực"),
)


def facets(collection: Collection, base: str) -> dict[str, list[Facet]]:
    """Every facet value that has documents, by group, in the registries' order (years
    newest first, statuses as STATUSES lists them)."""
    documents = collection.documents
    out: dict[str, list[Facet]] = {group: [] for group, _ in GROUPS}
    for name, registry in (("loai", collection.types), ("co-quan", collection.bodies)):
        for entry in registry.entries.values() if registry else []:
            if entry.documents:
                out[name].append(Facet(name, entry.key, entry.name, f"{base}{name}/{entry.key}/", tuple(entry.documents)))
    for year in sorted({d.year for d in documents}, reverse=True):
        listed = tuple(d for d in documents if d.year == year)
        out["nam"].append(Facet("nam", str(year), str(year), f"{base}nam/{year}/", listed))
    for key, label in STATUSES.items():
        listed = tuple(d for d in documents if d.status.key == key)
        if listed:
            out["tinh-trang"].append(Facet("tinh-trang", key, label, f"{base}tinh-trang/{key}/", listed))
    return out


class FeedItem:
    """A document as portal_site's feed code reads an article: the type and number as the
    title, the abstract as the description, the issuing body as the author, the issue day
    as the date, the type and topics as categories."""

    image = None
    updated = None

    def __init__(self, document: Document) -> None:
        self.url = document.url
        self.title = f"{document.title}: {document.trich_yeu}"
        self.summary_text = document.trich_yeu
        self.author = document.co_quan.name
        self.date = document.issued
        self.category = document.loai
        self.tags = [t.name for t in document.linh_vuc]


def list_on_terms(documents: list[Document]) -> None:
    """Each term a document names lists it on its page: the signer (`nguoi_ky`, the
    officials' term it resolved to), its topics (`linh_vuc`) and its provinces. Sets
    `term.documents` (newest first, the collection's order) on every such term, and on a
    current province the documents of the units merged into it too, with the former unit
    each concerns in `term.document_former_name` ({document: name}), as its page lists
    their articles (portal_taxonomy.generator._merge_former_units). The taxonomy's
    generator shows the newest of them on a term's first page. Terms are made anew for
    each build: nothing is reset here."""
    named: dict[Any, list[Document]] = {}
    for document in documents:  # newest first
        for term in dict.fromkeys([document.nguoi_ky, *document.linh_vuc, *document.provinces]):
            if term is not None:
                named.setdefault(term, []).append(document)
    for term, listed in named.items():
        term.extra["documents"] = listed
    successors = {term.extra.get("merged_into") for term in named if term.taxonomy.kind == "provinces"}
    for term in successors:
        if term is None or term.extra.get("status") != "current" or not term.extra.get("absorbed"):
            continue
        own = named.get(term, [])
        kept = set(own)
        marks = {d: f.name for f in term.extra["absorbed"] for d in named.get(f, []) if d not in kept}
        term.extra["documents"] = newest_first([*own, *marks])
        term.extra["document_former_name"] = marks


def register_pages(context: dict[str, Any], documents: list[Any]) -> None:
    """A document's source file stands for its page in intra-site links (`{static}/van-ban/
    76-nq-cp.md`, written by links.py in the news): Pelican writes the page's address. Done
    when the links are made, before any feed renders the text that holds them."""
    static = context.setdefault("static_content", {})
    for document in documents:
        static[link_key(document)] = document


class DocumentsGenerator(Generator):
    collection: Collection = Collection()  # set by portal_documents.begin_build for each build

    def generate_context(self) -> None:
        collection = self.collection
        if not collection.documents:
            return
        base = str(setting(self.settings, "PORTAL_DOCUMENTS_PATH")).strip("/") + "/"
        self.context["documents_url"] = base
        self.context["document_facets"] = facets(collection, base)
        self.context["legal_documents"] = collection.documents
        # Attached files are copied by Pelican's static generator (it runs last), through
        # portal_reader's gate, which lets documents (PDF, DOCX, XLSX) through.
        self.context["static_links"] |= set(collection.attachments)
        register_pages(self.context, collection.documents)

    def generate_output(self, writer: Any) -> None:
        collection = self.collection
        if not collection.documents:
            return
        base = self.context["documents_url"]
        groups = self.context["document_facets"]
        relative = self.settings["RELATIVE_URLS"]
        page_template = self.get_template("document")
        for document in collection.documents:
            writer.write_file(document.save_as, page_template, self.context, relative_urls=relative,
                              document=document, page_name=document.url.removesuffix(".html"))
        listing = self.get_template("documents")
        self._listing(writer, listing, base, "Văn bản", "Tra cứu văn bản quy phạm pháp luật, chỉ đạo, điều hành về "
                      "cải cách hành chính", collection.documents, None, relative)
        for group, _heading in GROUPS:
            for facet in groups[group]:
                self._listing(writer, listing, facet.url, _facet_title(facet), "", list(facet.documents), facet, relative)
        self._feeds(writer, base, groups["loai"])

    def _listing(self, writer: Any, template: Any, url: str, title: str, lede: str, documents: list[Document],
                 facet: Facet | None, relative: bool) -> None:
        per_page = int(setting(self.settings, "PORTAL_DOCUMENTS_PER_PAGE"))
        paginator = Paginator(url + "index.html", url, documents, self.settings, per_page)
        paginator.orphans = 0  # pages follow the page size exactly, whatever DEFAULT_ORPHANS says
        for number in range(1, paginator.num_pages + 1):
            page = paginator.page(number)
            writer.write_file(page.save_as, template, self.context, relative_urls=relative, paginated={}, url=page.url,
                              documents_title=title, documents_lede=lede, facet=facet, listed=documents,
                              articles_page=page, articles_paginator=paginator, page_name=url.rstrip("/"))

    def _feeds(self, writer: Any, base: str, types: list[Facet]) -> None:
        settings = self.settings
        site_url = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or settings["PORTAL_DEV_SITEURL"]
        items = {id(d): FeedItem(d) for d in self.collection.documents}
        every = [items[id(d)] for d in self.collection.documents]
        fallback = fallback_date(every)
        feeds = [(base, "Văn bản mới", "Văn bản mới ban hành", every)]
        feeds += [(f.url, f"Văn bản mới – {f.label}", f"{f.label} mới ban hành", [items[id(d)] for d in f.documents])
                  for f in types]
        for url, title, description, listed in feeds:
            for kind in ("rss", "atom"):
                options = dict(title=f"{settings['SITENAME']} – {title}", site_url=site_url, page_url=url,
                               feed_url=f"{url}{kind}.xml", description=description, articles=listed,
                               max_items=settings["FEED_MAX_ITEMS"], fallback_date=fallback, full_content=False)
                args = (self.output_path, f"{url}{kind}.xml", kind)
                if hasattr(writer, "defer"):  # portal_output's writer: in its pool, with the pages
                    writer.defer(build_and_write, *args, **options)
                else:  # pragma: no cover - Pelican's own writer
                    build_and_write(*args, **options)


def last_changed(document: Document, today: date) -> datetime:
    """The last day (00:00 +07:00) on or before `today` that changed what the document's
    page shows: its issue day, the days its status changed (taking effect, ending, first
    amended), the issue days of the documents of the collection that replace or amend it,
    and the newest article citing it (with its time)."""
    days = [document.ngay_ban_hanh, document.ngay_hieu_luc, document.het_hieu_luc, document.status.since]
    days += [other.ngay_ban_hanh for other in [*document.bi_thay_the_boi, *document.duoc_sua_doi_boi,
                                               *document.bi_bai_bo_mot_phan_boi]]
    moments = [datetime.combine(day, time(), VN_TZ) for day in days if day is not None and day <= today]
    moments += [a.date for a in document.cited_by[:1]]
    return max(moments, default=document.issued)


def newest_change(documents: list[Document], today: date) -> datetime | None:
    """The last change (last_changed) among `documents`, or None: the lastmod a page listing
    them takes from them (a term's page)."""
    return max((last_changed(d, today) for d in documents), default=None)


def sitemap_entries(context: dict[str, Any], today: date) -> list[tuple[str, datetime]]:
    """(address, lastmod) of the documents' pages, the index and the first page of every
    facet, for portal_site's sitemap; [] without documents."""
    documents: list[Document] = context.get("legal_documents") or []
    if not documents:
        return []
    changed = {id(d): last_changed(d, today) for d in documents}
    entries = [(d.url, changed[id(d)]) for d in documents]
    entries.append((context["documents_url"], max(changed.values())))
    for group in context.get("document_facets", {}).values():
        entries += [(facet.url, max(changed[id(d)] for d in facet.documents)) for facet in group]
    return entries


def _facet_title(facet: Facet) -> str:
    if facet.group == "nam":
        return f"Văn bản ban hành năm {facet.label}"
    if facet.group == "co-quan":
        return f"Văn bản của {facet.label}"
    if facet.group == "tinh-trang":
        return f"Văn bản {facet.label[0].lower()}{facet.label[1:]}"
    return facet.label
