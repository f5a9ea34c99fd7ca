"""What each output job of a build shows, as a comparable value: which jobs an edit changes.

A build's output is a list of jobs (portal_output records them): a page rendered from a
template with its arguments, or a feed. An edit applied to the build in memory (live.py)
re-plans the site and must re-run exactly the jobs whose output can differ. Hashing what a
job renders costs about as much as rendering it (measured, see bench/README.md), so a job's
`signature` is made of identities instead: each content object carries a stamp, a number
it keeps while the object lives (an edited source is read into a new object, with a new
stamp), and a job's signature lists the stamps of the contents it shows, plus the few
derived values a page shows besides them (and, in every page's header, the addresses of the
English entry page and of the legal documents' index):

- an article's or page's own page: the content, its related news, its terms (name,
  address, whether it has a feed), the targets of its links (their addresses are
  filled in when the page is rendered), the legal documents it cites (what a list shows
  of each: its text links to them) and a page's translation;
- a legal document's page: its source and status, the documents it replaces, amends or
  partly repeals and those that do so to it (what a link shows of each), and the articles
  citing it;
- a page of the documents' index or of a facet: the same digest of every document, the
  page's number and count;
- a term page: the term, its page number and count, the articles of that page (and, for a
  current province, the former unit each was filed under), the legal documents its first
  page lists;
- a category or archive listing (Pelican paginates these in one job): every article of
  it, and for archives their sidebar (the months of their year with counts, the years);
- a feed: its title, description and the articles it carries (the first `max_items`);
- anything else (the home page, the indexes, the sitemap): None, always run again.

Two signatures equal means the job writes the same bytes; tests/test_live.py checks the
whole scheme against clean builds after random edits.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from pelican.paginator import Paginator
from pelican.writers import Writer

Job = tuple[Any, tuple[Any, ...], dict[str, Any]]

_STAMP = "_portal_stamp"
_LINKS = "_portal_links"
# Stamps are kept on the contents, and so in the build that `make html` saves (model.py) and
# loads in a later process: each process numbers from its own random 64-bit base, or a
# content read in this process could get the number of a loaded one and a job showing it
# would look unchanged.
_stamps = itertools.count(int.from_bytes(os.urandom(8), "little") << 32)
# A Markdown link to another source, as portal_reader writes it: {filename}/<path>[#…]
_FILENAME_LINK = re.compile(r"\{filename\}/([^\"'#?\s<>]+)")


def stamp(content: Any) -> int:
    """The number that identifies `content` while it lives (and in a saved build loaded
    again: no other process gives it)."""
    found = content.__dict__.get(_STAMP)
    if found is None:
        found = content.__dict__[_STAMP] = next(_stamps)
    return found


def forget_links(content: Any) -> None:
    """The links of `content` are read again from its text (its body changed)."""
    content.__dict__.pop(_LINKS, None)


def linked_sources(content: Any) -> tuple[str, ...]:
    """Sources (paths relative to content/) that the text of `content` links to."""
    found = content.__dict__.get(_LINKS)
    if found is None:
        text = getattr(content, "_content", "") or ""
        found = tuple(sorted({unquote(m) for m in _FILENAME_LINK.findall(text)})) if "{filename}" in text else ()
        content.__dict__[_LINKS] = found
    return found


def job_key(job: Job) -> str:
    """What a job writes, as a key: the page's file, a feed's address, a function's name."""
    target, args, _kwargs = job
    if isinstance(target, Writer):
        return str(args[0])
    if getattr(target, "__name__", "") == "build_and_write":
        return str(args[1])
    return f"<{getattr(target, '__qualname__', repr(target))}>"


def job_files(job: Job) -> list[str]:
    """The files a job writes, relative to the output folder (a paginated listing writes
    one per page); [] for a function that writes what it decides (the sitemap)."""
    target, args, kwargs = job
    if not isinstance(target, Writer):
        return [str(args[1])] if getattr(target, "__name__", "") == "build_and_write" else []
    name = str(args[0])
    paginated = kwargs.get("paginated")
    template_name = kwargs.get("template_name")
    settings = target.settings
    if paginated and template_name in settings["PAGINATED_TEMPLATES"]:
        per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
        paginator = Paginator(name, kwargs.get("url"), next(iter(paginated.values())), settings, per_page)
        return [paginator.page(number).save_as for number in range(1, paginator.num_pages + 1)]
    return [name]


class Signer:
    """Signatures of the jobs of one state of the build (see the module's docstring)."""

    def __init__(self, context: dict[str, Any], taxonomy_names: Iterable[str]) -> None:
        self.generated = context.get("generated_content", {})
        self.names = tuple(taxonomy_names)
        self.archive_menu = _frozen(context.get("archive_years"))
        # Shown in every page's header besides the job's contents: the address of the English
        # entry page (the "English" link, portal_site/translations.py) and of the legal
        # documents' index, once the collection has a document (portal_documents).
        self.chrome = (getattr(context.get("english_home"), "url", None), context.get("documents_url"))
        # Signatures of the objects met so far (they live as long as this signer).
        self._contents: dict[int, tuple[Any, ...]] = {}
        self._terms: dict[int, tuple[Any, ...]] = {}
        self.context = context
        self._documents: str | None = None  # a digest of every legal document, once

    def content(self, content: Any) -> tuple[Any, ...]:
        key = id(content)
        found = self._contents.get(key)
        if found is not None:
            return found
        own = self.own(content)
        links = linked_sources(content)
        if not links:
            found = (own,)
        else:
            targets = []
            for path in links:
                target = self.generated.get(path)
                targets.append(self.own(target) if target is not None else path)
            found = (own, tuple(targets))
        self._contents[key] = found
        return found

    def text(self, content: Any) -> tuple[Any, ...]:
        """A content whose text is shown (its page, a full-text feed): `content` with the
        legal documents its text links to (numbers linked per build from the collection),
        which its page also lists ("Văn bản liên quan")."""
        cited = getattr(content, "cited_documents", None)
        found = self.content(content)
        return (*found, tuple(map(document_item, cited))) if cited else found

    def document_page(self, document: Any) -> tuple[Any, ...]:
        """What a document's page shows: the document (its source, its status on the build's
        day), what it replaces, amends or partly repeals and what does so to it (what a
        link shows of each), and the articles that cite it."""
        d = document
        names = tuple((r.so_hieu, document_item(r.document) if r.document is not None else None)
                      for r in (*d.thay_the, *d.sua_doi, *d.bai_bo_mot_phan))
        named_by = tuple(tuple(map(document_item, group))
                         for group in (d.bi_thay_the_boi, d.duoc_sua_doi_boi, d.bi_bai_bo_mot_phan_boi))
        return (self.document_source(d), document_item(d), d.status.since, names, named_by,
                tuple(map(self.content, getattr(d, "cited_by", None) or ())))

    def documents_state(self) -> str:
        """One digest of every legal document (its source, what lists show of it, its
        status): what the documents' pages and listings depend on, beside their own."""
        if self._documents is None:  # one digest, not a thousand documents in each page's signature
            legal = self.context.get("legal_documents") or ()
            self._documents = _hash(repr(tuple((self.document_source(d), document_item(d), d.status.since) for d in legal)))
        return self._documents

    def document_source(self, document: Any) -> Any:
        """What identifies a legal document's source (PersistentSigner: its digest): here its
        fields as read (a document read again is a new object with the same fields)."""
        d = document
        return (d.source, d.so_hieu, d.slug, d.loai.key, d.co_quan.key, d.ngay_ban_hanh, d.ngay_hieu_luc, d.het_hieu_luc,
                getattr(d.nguoi_ky, "name", None), d.chuc_vu, tuple(t.name for t in d.linh_vuc),
                tuple(t.name for t in d.provinces), tuple((a.path, a.label, a.kind, a.size) for a in d.tep), d.lien_ket,
                d.trich_yeu, tuple(r.so_hieu for r in (*d.thay_the, *d.sua_doi, *d.bai_bo_mot_phan)))

    def own(self, content: Any) -> Any:
        """What identifies `content` itself: its stamp (PersistentSigner: its source)."""
        return content.__dict__.get(_STAMP) or stamp(content)

    def ident(self, value: Any) -> Any:
        """What identifies a taxonomy or a category: its kind, name, slug and address (the
        same in another process: a signed build is saved with its signatures, model.py)."""
        if value is None:
            return None
        return (type(value).__name__, getattr(value, "name", None), getattr(value, "slug", None), getattr(value, "url", None))

    def contents(self, items: Any) -> tuple[Any, ...]:
        return tuple(map(self.content, items))

    def own_page(self, content: Any) -> tuple[Any, ...]:
        sign, term = self.content, self.term
        related = getattr(content, "related", None) or ()
        terms = tuple(tuple(map(term, getattr(content, n, None) or ())) for n in self.names)
        # A page with a translation shows its address (hreflang, the language switch).
        translation = getattr(content, "translation", None)
        pair = (sign(translation),) if translation is not None else ()
        return (self.text(content), tuple(map(sign, related)), terms, *pair)

    def archive_side(self, year: Any) -> tuple[Any, ...]:
        """What a period archive's sidebar shows: the months of its year with their counts,
        and the other years."""
        menu = self.archive_menu or ()
        return (tuple(y for y, _months in menu), tuple(months for y, months in menu if y == year))

    def term(self, term: Any) -> tuple[Any, ...]:
        if isinstance(term, str):
            return (term,)
        key = id(term)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = (self.term_key(term), term.name, term.url, term.has_feed, term.has_page)
        return found

    def term_key(self, term: Any) -> Any:
        """What identifies a term: its taxonomy and key (what it shows is in `term`)."""
        return (term.taxonomy.name, term.key)

    def signature(self, job: Job) -> Any:
        """A value equal for two jobs that write the same bytes; None: always run."""
        target, args, kwargs = job
        if not isinstance(target, Writer):
            if getattr(target, "__name__", "") != "build_and_write":
                return None
            articles = kwargs.get("articles") or []
            shown = articles[: kwargs.get("max_items", len(articles))]
            options = tuple(sorted((k, v) for k, v in kwargs.items() if k != "articles"))
            return ("feed", args[1:], options, tuple(self.text(a) for a in shown))
        head = (str(args[0]), getattr(args[1], "name", None), kwargs.get("relative_urls"), kwargs.get("url"), self.chrome)
        if "article" in kwargs:
            return (*head, "article", self.own_page(kwargs["article"]))
        if "page" in kwargs:
            return (*head, "page", self.own_page(kwargs["page"]))
        if "document" in kwargs:
            return (*head, "document", self.document_page(kwargs["document"]))
        if "documents_title" in kwargs:  # the documents' index or a facet: a page of it, and the facets' counts
            page, paginator, facet = kwargs.get("articles_page"), kwargs.get("articles_paginator"), kwargs.get("facet")
            if page is None or paginator is None:
                return None
            return (*head, "documents", kwargs["documents_title"], kwargs.get("documents_lede"),
                    getattr(facet, "url", None), getattr(facet, "label", None), page.number, paginator.num_pages,
                    len(kwargs.get("listed") or ()), self.documents_state())
        if "term" in kwargs:
            term, page = kwargs["term"], kwargs.get("articles_page")
            paginator = kwargs.get("articles_paginator")
            if page is None or paginator is None:
                return None
            shown = page.object_list
            former = (term.extra.get("former_name") or {}) if hasattr(term, "extra") else {}
            marks = tuple(former.get(a) for a in shown) if former else ()
            # The legal documents its first page lists (portal_documents): what the list shows of each.
            listed = tuple(map(document_item, kwargs.get("term_documents") or ()))
            return (*head, "term", self.term(term), self.ident(kwargs.get("taxonomy")), page.number, paginator.num_pages,
                    tuple(self.content(a) for a in shown), marks, listed, kwargs.get("term_documents_total"))
        if "category" in kwargs or kwargs.get("template_name") == "period_archives":
            menu = self.archive_side(kwargs.get("archive_year")) if kwargs.get("template_name") == "period_archives" else None
            listing = (*head, "listing", self.ident(kwargs.get("category")), kwargs.get("archive_title"), menu)
            page, paginator = kwargs.get("articles_page"), kwargs.get("articles_paginator")
            if page is not None and paginator is not None:  # one page of a listing
                return (*listing, page.number, paginator.num_pages, self.contents(page.object_list))
            paginated = kwargs.get("paginated")
            if paginated:  # every page in one job
                return (*listing, self.contents(next(iter(paginated.values()))))
        return None


class PersistentSigner(Signer):
    """Signatures that mean the same in another process (a later `make html`): a content is
    its source (path relative to content/, digest of its bytes) with what the build derived
    from outside it (address, status, scheduling); a term, taxonomy or category its name.
    The rest of the build's inputs (registries, images, theme, settings, code) is one digest
    that must match as a whole (reuse.py). A content without a known source: None."""

    def __init__(self, context: dict[str, Any], taxonomy_names: Iterable[str], sources: dict[str, str]) -> None:
        super().__init__(context, taxonomy_names)
        self.sources = sources

    def own(self, content: Any) -> Any:
        rel = getattr(content, "relative_source_path", None)  # set by Pelican, posix
        digest = self.sources.get(rel) if rel else None
        if digest is None:
            raise _Unknown(str(rel))
        own = (rel, digest, content.url, content.save_as, getattr(content, "status", None),
               bool(getattr(content, "scheduled", False)))
        # One short digest: a listing's signature holds twenty of them, and `digest` below
        # hashes the text of 13,500 signatures at 10,000 articles.
        return _hash(repr(own))

    def document_source(self, document: Any) -> Any:
        digest = self.sources.get(document.source)
        if digest is None:
            raise _Unknown(document.source)
        return (document.source, digest)

    def digest(self, job: Job) -> str | None:
        """A digest of the job's signature, or None: the job runs (no signature, a content
        without a known source, or a value that names an object of this process)."""
        try:
            signature = self.signature(job)
        except _Unknown:
            return None
        if signature is None:
            return None
        text = repr(signature)
        if " at 0x" in text:
            return None
        return _hash(text)


def document_item(document: Any) -> tuple[Any, ...]:
    """What a list or a link shows of a legal document (portal_documents.Document)."""
    return (document.so_hieu, document.title, document.url, document.status.key, document.status.label,
            document.trich_yeu, str(document.ngay_ban_hanh))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class _Unknown(Exception):
    """A content whose source the build's digest of inputs does not list."""


def _frozen(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def signatures(jobs: Iterable[Job], signer: Signer) -> dict[str, Any]:
    """{job key: signature} of `jobs`."""
    return {job_key(job): signer.signature(job) for job in jobs}
