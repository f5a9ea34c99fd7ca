"""TaxonomyGenerator: an index page per taxonomy, a page and feeds per term, related news.

Runs after PortalGenerator (PLUGINS order), when every article is read and its names
resolved to terms. `generate_context` fills each term's article list (a current province
also lists the articles of the units merged into it), settles free-form tag names,
computes related news, and publishes `taxonomies` to the templates.

A term's first page also lists the legal documents naming it (`term.documents`, set by
portal_documents: those an official signed, those of a topic or a province — a current
province with those of the units merged into it): the newest PORTAL_TERM_DOCUMENTS of them
(`term_documents`, with their number `term_documents_total`), none on the later pages.
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from portal_diagnostics.timing import timed
from portal_site.feeds import build_and_write, fallback_date
from portal_site.generator import article_sort_key
from vietnamese.collation import given_name_key, sort_key

from .config import TaxonomySpec
from .paging import TermPaginator
from .related import LIMIT, RelatedIndex, compute_related
from .resolve import FreeTerms, all_article_terms
from .terms import Term, TermIndex

# Legal documents listed on a term's first page, newest first (PORTAL_TERM_DOCUMENTS).
TERM_DOCUMENTS = 10


def term_documents(term: Term, settings: dict[str, Any]) -> tuple[list[Any], int]:
    """(the documents a term's first page lists, how many name the term)."""
    documents = term.extra.get("documents") or []
    return documents[: int(settings.get("PORTAL_TERM_DOCUMENTS", TERM_DOCUMENTS))], len(documents)


class Taxonomy:
    """A declared taxonomy with its terms, as templates see it."""

    def __init__(self, spec: TaxonomySpec, lookup: TermIndex | FreeTerms) -> None:
        self.spec = spec
        self.lookup = lookup
        self.name = spec.name
        self.title = spec.title
        self.label = spec.label
        self.url = spec.index_url
        self.terms: list[Term] = []  # in index order

    def all_terms(self) -> list[Term]:
        return list(self.lookup.terms.values())

    def page_files(self, term: Term, settings: dict[str, Any]) -> list[str]:
        """The files of a term's listing, first page and pages of older articles."""
        return [page.save_as for page in term_paginator(term, self.spec, settings).pages()]


def index_order(taxonomy: Taxonomy) -> list[Term]:
    """Officials by given name, tags by frequency, the rest alphabetically (Vietnamese order)."""
    terms = [t for t in taxonomy.all_terms() if t.articles or taxonomy.spec.kind != "free"]
    kind = taxonomy.spec.kind
    if kind == "officials":
        return sorted(terms, key=lambda t: given_name_key(t.name))
    if kind == "free":
        return sorted(terms, key=lambda t: (-len(t.articles), sort_key(t.name)))
    return sorted(terms, key=lambda t: sort_key(t.name))


def term_paginator(term: Term, spec: TaxonomySpec, settings: dict[str, Any]) -> TermPaginator:
    """The pages of a term: `per_page` cards and `first_page_headlines` headlines first,
    then `older_per_page` headlines a page."""
    return TermPaginator(
        term.save_as, term.url, term.listed_articles, settings, spec.per_page, spec.older_per_page, spec.first_page_headlines
    )


def processes(settings: dict[str, Any]) -> int:
    from portal_workers import processes as count

    return count(settings.get("PORTAL_WRITER_PROCESSES"))


def assign_articles(taxonomies: list[Taxonomy], articles: list[Any]) -> None:
    """Each term's articles (`articles` in the portal's order), free-form names settled, a
    current province's articles joined with those of the units merged into it, and each
    taxonomy's index order."""
    for taxonomy in taxonomies:
        for term in taxonomy.all_terms():
            term.articles = []
    for article in articles:
        for taxonomy in taxonomies:
            for term in getattr(article, taxonomy.name, None) or []:
                term.articles.append(article)
    for taxonomy in taxonomies:
        if isinstance(taxonomy.lookup, FreeTerms):
            taxonomy.lookup.settle_names()
        if taxonomy.spec.kind == "provinces":
            _merge_former_units(taxonomy)
        taxonomy.terms = index_order(taxonomy)


def _merge_former_units(taxonomy: Taxonomy) -> None:
    """A current province lists its own articles and those of the units merged into it."""
    for term in taxonomy.all_terms():
        term.extra["all_articles"] = term.articles
        term.extra["former_name"] = {}
        if term.status != "current" or not term.absorbed:
            continue
        own = set(term.articles)
        marks = {a: f.name for f in term.absorbed for a in f.articles if a not in own}
        term.extra["former_name"] = marks
        term.extra["all_articles"] = sorted(own | set(marks), key=article_sort_key)


def rank_scheduled(published: list[Any], hidden: list[Any], specs: list[TaxonomySpec]) -> list[Any]:
    """Related news of the scheduled articles a preview shows (they are `hidden` there), as
    they would have among the published ones: ranked in one index with all of them, other
    scheduled articles left out of each list. Published articles never list them. Returns
    the scheduled articles."""
    scheduled = [a for a in hidden if a.scheduled]
    if not scheduled:
        return []
    together = sorted([*published, *scheduled], key=article_sort_key)
    ids = {id(a) for a in scheduled}
    index = RelatedIndex(together, all_article_terms(together, specs), limit=LIMIT + len(scheduled))
    for position, article in enumerate(together):
        if id(article) in ids:
            article.related = [a for a in index.rank(position) if id(a) not in ids][:LIMIT]
    return scheduled


def feed_jobs(
    taxonomies: list[Taxonomy], articles: list[Any], output_path: str, settings: dict[str, Any]
) -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    """RSS and Atom per term with articles, as (function, args, kwargs) writes: the newest
    `feed_items` articles (at most FEED_MAX_ITEMS; fewer than the site-wide feeds' fifty, as
    an article is in about seven term feeds), with the sa-pô in RSS and the full text in
    Atom, as the site-wide and category feeds carry it (issue 16)."""
    fallback = fallback_date(articles)  # the date of a feed without articles
    site_url = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or settings["PORTAL_DEV_SITEURL"]
    jobs = []
    for taxonomy in taxonomies:
        if not taxonomy.spec.feeds:
            continue
        for term in taxonomy.all_terms():
            if not term.has_feed:
                continue  # no articles, no feed (the term page does not announce one)
            listed = term.listed_articles
            title = f"{settings['SITENAME']} – {taxonomy.title}: {term.name}"
            for kind, url in (("rss", term.rss_url), ("atom", term.atom_url)):
                options = dict(
                    title=title,
                    site_url=site_url,
                    page_url=term.url,
                    feed_url=url,
                    description=f"Tin bài về {term.name}",
                    articles=listed,
                    max_items=min(taxonomy.spec.feed_items, settings["FEED_MAX_ITEMS"]),
                    fallback_date=fallback,
                    full_content=True,  # Atom carries the full article, as the site feeds do (issue 16)
                )
                jobs.append((build_and_write, (output_path, url, kind), options))
    return jobs


class TaxonomyGenerator(Generator):
    taxonomies: list[Taxonomy] = []  # set by the plugin before each build

    def generate_context(self) -> None:
        articles = sorted(self.context.get("articles", []), key=article_sort_key)
        specs = [t.spec for t in self.taxonomies]
        assign_articles(self.taxonomies, articles)
        with timed("related_news"):
            related = compute_related(articles, all_article_terms(articles, specs), processes=processes(self.settings))
        for article, items in zip(articles, related, strict=True):
            article.related = items
        rank_scheduled(articles, self.context.get("hidden_articles", []), specs)
        self.context["taxonomies"] = {t.name: t for t in self.taxonomies}
        self.context["taxonomy_list"] = self.taxonomies
        # Written with the pages (generate_output), in the writer's pool.
        self.feed_jobs = feed_jobs(self.taxonomies, self.context.get("articles", []), self.output_path, self.settings)

    def generate_output(self, writer: Any) -> None:
        for function, args, kwargs in getattr(self, "feed_jobs", []):
            if hasattr(writer, "defer"):  # portal_output's writer: in its pool, with the pages
                writer.defer(function, *args, **kwargs)
            else:  # pragma: no cover - Pelican's own writer
                function(*args, **kwargs)
        relative = self.settings["RELATIVE_URLS"]
        for taxonomy in self.taxonomies:
            spec = taxonomy.spec
            writer.write_file(
                spec.index_url + "index.html",
                self.get_template(spec.index_template),
                self.context,
                relative_urls=relative,
                taxonomy=taxonomy,
                page_name=spec.segment,
            )
            template = self.get_template(spec.term_template)
            for term in taxonomy.all_terms():
                listed = term.listed_articles
                if spec.kind == "free" and not listed:
                    continue
                paginator = term_paginator(term, spec, self.settings)
                documents, total = term_documents(term, self.settings)
                for page in paginator.pages():
                    # One write per page, each with its page: Pelican's own pagination
                    # has one page size, and the first page here is different.
                    writer.write_file(
                        page.save_as,
                        template,
                        self.context,
                        relative_urls=relative,
                        paginated={},
                        url=page.url,
                        taxonomy=taxonomy,
                        term=term,
                        articles=listed,
                        articles_page=page,
                        articles_paginator=paginator,
                        term_documents=documents if page.number == 1 else [],
                        term_documents_total=total,
                        page_name=term.url.rstrip("/"),
                    )
