"""PortalGenerator: the home page, category pages, archives, feeds, redirects and sitemap.

Runs after Pelican's article and page generators (it is added with `get_generators`), so
the shared context already holds every article. `generate_context` groups articles by
category (an article counts for its category and every ancestor) and by month, checks
that no two sources claim the same URL, and publishes the context the theme reads:
`nav_categories`, `latest_articles`, `category_blocks`, `archive_years`, `site_feeds`.

Only public content is in `articles` and `pages` (publishing.py moves drafts and scheduled
articles out), so everything written from them here - listings, feeds, redirects,
sitemap - is public by construction.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from datetime import datetime
from itertools import groupby
from typing import Any

from pelican.generators import Generator

from portal_diagnostics import Problem, ProblemsFound
from portal_reader.origin import origin_of
from portal_reader.source import display_path
from vietnamese.text import group_digits

from .categories import CategoryRegistry
from .feeds import build_and_write, fallback_date
from .publishing import hidden_link_problems
from .redirects import (
    Redirect,
    check_clashes,
    collect,
    dump_history,
    load_history,
    missing_sources,
    redirect_map,
    redirect_page,
    unrecorded,
)
from .sitemap import Entry, lead_image, newest, news_sitemap_xml, robots_txt, sitemap_files
from .translations import english_home, pair_translations
from .urls import FEEDS_PAGE_FOLDER, SITE_MAP_FOLDER, claim, reserved_addresses, reserved_clashes, url_clashes

logger = logging.getLogger(__name__)

LATEST_ON_HOME = 10
UNRECORDED_SHOWN = 10  # unrecorded addresses named one by one; the rest are counted
PER_BLOCK_ON_HOME = 5


def article_sort_key(article: Any) -> tuple[Any, ...]:
    """Newest first; ties broken by slug, then source path, so order never depends on disk order."""
    return (-article.date.timestamp(), article.slug, article.source_path)


class PortalGenerator(Generator):
    registry: CategoryRegistry  # set on the class made for each build (portal_site.load)
    now: datetime  # the build's "now" (the news sitemap's window, the documents' lastmod)
    # What the checks of the whole site found while the context was made (URL clashes,
    # links to drafts, translations, the URL history): taken by the pipeline (`problems_of`).
    problems: list[Problem]

    def generate_context(self) -> None:
        self.problems = []
        self._freeze_urls()
        articles = sorted(self.context.get("articles", []), key=article_sort_key)
        self.context["articles"] = articles
        self.articles = articles
        categories = self.registry.all()
        for category in categories:
            category.articles = []
        for article in articles:
            for category in article.category.lineage:
                category.articles.append(article)
        self.categories = categories
        self.months = self._group_by_month(articles)
        self._check_unique_urls()
        if not self.settings.get("PORTAL_SHOW_DRAFTS"):
            hidden = [*self.context.get("drafts", []), *self.context.get("draft_pages", [])]
            public = [*articles, *self.context.get("pages", [])]
            self.problems += hidden_link_problems(public, hidden)
        self._load_url_history()
        self._pair_translations()
        self.context.update(
            nav_categories=self.registry.roots,
            portal_categories=categories,
            latest_articles=articles[:LATEST_ON_HOME],
            category_blocks=[(c, c.articles[:PER_BLOCK_ON_HOME]) for c in self.registry.roots],
            archive_years=self._archive_years(),
            site_feeds={"rss": self.settings["PORTAL_FEED_RSS"], "atom": self.settings["PORTAL_FEED_ATOM"]},
            site_map_url=SITE_MAP_FOLDER + "/",
            feeds_page_url=FEEDS_PAGE_FOLDER + "/" if self.settings.get("PORTAL_FEEDS", True) else "",
        )

    def _pair_translations(self) -> None:
        """Pages and their translations (translations.py), and the English entry page."""
        pages = self.context.get("pages", [])
        hidden = [*self.context.get("draft_pages", []), *self.context.get("hidden_pages", [])]
        public_only = not self.settings.get("PORTAL_SHOW_DRAFTS")
        self.problems += pair_translations(pages, hidden, display_path, public_only)
        home, problems = english_home(pages, self.settings.get("PORTAL_ENGLISH_HOME", ""))
        self.problems += problems
        self.context["english_home"] = home

    # --- context helpers -------------------------------------------------------------

    def _freeze_urls(self) -> None:
        """Compute each content's url and save_as once.

        Pelican formats them from the URL settings on every access (a dozen times per
        article per build through listings and feeds); its `override_*` attributes make
        later accesses a plain lookup.
        """
        for key in ("articles", "pages", "drafts", "hidden_articles", "hidden_pages", "draft_pages"):
            for content in self.context.get(key, []):
                content.override_url = content.url
                content.override_save_as = content.save_as

    @staticmethod
    def _group_by_month(articles: list[Any]) -> list[tuple[tuple[int, int], list[Any]]]:
        return [
            (key, list(group))
            for key, group in groupby(articles, key=lambda a: (a.date.year, a.date.month))
        ]

    def _archive_url(self, year: int, month: int | None = None) -> str:
        if month is None:
            return self.settings["PORTAL_YEAR_ARCHIVE_URL"].format(year=year)
        return self.settings["PORTAL_MONTH_ARCHIVE_URL"].format(year=year, month=month)

    def _archive_years(self) -> list[tuple[int, list[tuple[int, int, str]]]]:
        years: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for (year, month), group in self.months:
            years[year].append((month, len(group), self._archive_url(year, month)))
        return sorted(years.items(), reverse=True)

    def _check_unique_urls(self) -> None:
        """Two sources with the same output file is an error naming both; so is a source
        (a draft: once published) or an old address at a file or folder the site writes."""
        claims = []
        for key in ("articles", "pages", "drafts", "hidden_articles", "hidden_pages", "draft_pages"):
            public_as = self.settings["PAGE_SAVE_AS" if "page" in key else "ARTICLE_SAVE_AS"]
            for content in self.context.get(key, []):
                published = public_as.format(**content.url_format) if key in ("drafts", "draft_pages") else None
                origin = origin_of(content)
                lines = origin.lines if origin else {}
                claims.append(claim(content.source_path, lines, content.save_as, content.aliases, published))
        self.problems += url_clashes(claims, show=display_path)
        self.problems += reserved_clashes(claims, reserved_addresses(self.settings), show=display_path)

    # --- output ----------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        relative = self.settings["RELATIVE_URLS"]
        write = writer.write_file
        write("index.html", self.get_template("index"), self.context, relative_urls=relative, page_name="index")
        for category in self.categories:
            self._write_listing(
                write,
                category.save_as,
                "category",
                category.url,
                category.articles,
                category=category,
                page_name=category.save_as[: -len("index.html")].rstrip("/"),
            )
        self._write_archives(write, relative)
        self._write_site_map_and_feeds_page(write, relative)
        if self.settings.get("PORTAL_SEARCH", True):
            write("tim-kiem/index.html", self.get_template("search"), self.context, relative_urls=relative,
                  page_name="tim-kiem")
        if self.settings.get("PORTAL_SHOW_DRAFTS") and self.settings.get("DRAFT_SAVE_AS"):
            self._write_drafts_index(write, relative)
        if self.settings.get("PORTAL_FEEDS", True):
            self._write_feeds(writer)
        self._write_redirects(writer)
        # Written with the pages (on some core): it needs nothing that comes later.
        defer(writer)(self._write_sitemap, writer)

    def _write_archives(self, write: Any, relative: bool) -> None:
        write(
            self.settings["PORTAL_ARCHIVES_SAVE_AS"],
            self.get_template("archives"),
            self.context,
            relative_urls=relative,
        )
        template = self.get_template("period_archives")
        by_year: dict[int, list[Any]] = defaultdict(list)
        periods: list[tuple[int, int | None, list[Any]]] = []
        for (year, month), group in self.months:
            by_year[year].extend(group)
            periods.append((year, month, group))
        periods += [(year, None, group) for year, group in by_year.items()]
        for year, month, group in periods:
            url = self._archive_url(year, month)
            title = f"Lưu trữ tháng {month}/{year}" if month else f"Lưu trữ năm {year}"
            self._write_listing(
                write,
                url + "index.html",
                "period_archives",
                url,
                group,
                template=template,
                archive_title=title,
                archive_year=year,
                archive_month=month,
            )

    def _write_site_map_and_feeds_page(self, write: Any, relative: bool) -> None:
        """The HTML site map ("Sơ đồ cổng thông tin") and the page listing every feed, both
        made from the context (categories, pages, taxonomies and their terms)."""
        write(f"{SITE_MAP_FOLDER}/index.html", self.get_template("site_map"), self.context, relative_urls=relative,
              page_name=SITE_MAP_FOLDER)
        if self.settings.get("PORTAL_FEEDS", True):
            write(f"{FEEDS_PAGE_FOLDER}/index.html", self.get_template("feeds_page"), self.context,
                  relative_urls=relative, page_name=FEEDS_PAGE_FOLDER)

    def _write_drafts_index(self, write: Any, relative: bool) -> None:
        """The dev build's ban-nhap/ page: scheduled articles (soonest first) and drafts
        (articles newest first, then pages), each with its preview link."""
        folder = self.settings["DRAFT_SAVE_AS"].split("/")[0]
        scheduled = sorted(
            (a for a in self.context.get("hidden_articles", []) if a.scheduled),
            key=lambda a: (a.date, a.source_path),
        )
        drafts = sorted(self.context.get("drafts", []), key=article_sort_key)
        drafts += sorted(self.context.get("draft_pages", []), key=lambda p: p.source_path)
        write(
            f"{folder}/index.html",
            self.get_template("drafts"),
            self.context,
            relative_urls=relative,
            scheduled_articles=scheduled,
            draft_contents=drafts,
            page_name=folder,
        )

    def _write_listing(
        self, write: Any, save_as: str, template_name: str, url: str, articles: list[Any], template: Any = None, **kwargs: Any
    ) -> None:
        """A listing of `articles`, one write per page (as Pelican's pagination renders
        them, with the same context): a page whose articles did not change is a job whose
        inputs did not change (portal_build's plan)."""
        from pelican.paginator import Paginator

        template = template or self.get_template(template_name)
        relative = self.settings["RELATIVE_URLS"]
        per_page = self.settings["PAGINATED_TEMPLATES"].get(template_name) or self.settings["DEFAULT_PAGINATION"]
        if template_name not in self.settings["PAGINATED_TEMPLATES"] or not per_page:
            write(save_as, template, self.context, relative_urls=relative, paginated={"articles": articles},
                  template_name=template_name, url=url, articles=articles, **kwargs)
            return
        paginator = Paginator(save_as, url, articles, self.settings, per_page)
        pages = [paginator.page(number) for number in range(1, paginator.num_pages + 1)]
        for index, page in enumerate(pages):
            write(
                page.save_as,
                template,
                self.context,
                relative_urls=relative,
                paginated={},  # this page only (Pelican would paginate `articles` again)
                template_name=template_name,
                url=url,
                articles=articles,
                articles_paginator=paginator,
                articles_page=page,
                articles_previous_page=pages[index - 1] if index else None,
                articles_next_page=pages[index + 1] if index + 1 < len(pages) else None,
                **kwargs,
            )

    # --- redirects and the URL history (redirects.py) ------------------------------

    def _load_url_history(self) -> None:
        path = os.path.join(self.settings["PATH"], self.settings["PORTAL_URL_HISTORY_FILE"])
        self.url_history, problems = load_history(path)
        self.problems += problems
        self.problems += missing_sources(self.url_history, self.settings["PATH"])
        public = [*self.context.get("articles", []), *self.context.get("pages", [])]
        self.public_contents = public
        if self.settings.get("PORTAL_URL_HISTORY_UPDATE"):
            self._record_url_history(public)
        elif self.settings.get("PORTAL_URL_HISTORY_CHECK"):
            messages, total = unrecorded(public, self.url_history, UNRECORDED_SHOWN)
            for message in messages:
                logger.warning("%s", message)
            if total > UNRECORDED_SHOWN:  # a site without a history yet: one line, not thousands
                logger.warning(
                    "%s: url: … và %s địa chỉ khác chưa được ghi; chạy 'make urls'",
                    display_path(self.url_history.path), group_digits(total - UNRECORDED_SHOWN),
                )

    def _record_url_history(self, public: list[Any]) -> None:
        """`make urls`: add every public content's current address to the history file.

        Scheduled articles are recorded too, at the address they will have: the build
        that makes one public must not fail for want of a `make urls` run.
        """
        history = self.url_history
        entries = {source: history.addresses(source) for source in history.entries}
        scheduled = [
            d for key in ("drafts", "hidden_articles") for d in self.context.get(key, []) if d.scheduled
        ]
        for content in sorted([*public, *scheduled], key=lambda c: c.source_path):
            origin = origin_of(content)
            source_rel = origin.rel_path if origin else None
            if content.scheduled:
                current = "/" + self.settings["ARTICLE_URL"].format(**content.url_format)
            else:
                current = "/" + content.url
            if source_rel and current not in entries.setdefault(source_rel, []):
                print(f"{display_path(content.source_path)}: đã ghi {current}")
                entries[source_rel].append(current)
        # Written once the build has checked everything it read (save_url_history): nothing
        # is recorded from a site with problems.
        self.url_history_update = dump_history(entries)

    def save_url_history(self) -> None:
        """`make urls`: write the history file made while the context was (the pipeline
        calls it once the build found no problem)."""
        text = self.__dict__.pop("url_history_update", None)
        if text is not None:
            with open(self.url_history.path, "w", encoding="utf-8") as handle:
                handle.write(text)

    def _generated_pages(self) -> dict[str, Any]:
        """Every file the build writes for content and listings: what an old address may not
        replace. Values describe the owner: a string, or the content itself (whose path is
        only worked out for a message)."""
        taken: dict[str, Any] = {}
        for key in ("articles", "pages", "drafts", "hidden_articles", "hidden_pages", "draft_pages"):
            for content in self.context.get(key, []):
                if content.save_as:
                    taken[content.save_as] = content
        settings = self.settings
        for name in ("index.html", "404.html", "robots.txt", settings["PORTAL_SITEMAP"], settings["PORTAL_NEWS_SITEMAP"],
                     settings["PORTAL_REDIRECT_MAP"],
                     settings["PORTAL_FEED_RSS"], settings["PORTAL_FEED_ATOM"], settings["PORTAL_ARCHIVES_SAVE_AS"]):
            taken[name] = "một trang của trang web"
        per_page = settings.get("DEFAULT_PAGINATION") or 20
        for category in self.categories:
            taken[category.save_as] = f"chuyên mục '{category.key}'"
            for number in range(2, 1 + -(-len(category.articles) // per_page)):
                taken[f"{category.url}trang-{number}/index.html"] = f"chuyên mục '{category.key}'"
        for (year, month), _group in self.months:
            taken[self._archive_url(year) + "index.html"] = "một trang lưu trữ"
            taken[self._archive_url(year, month) + "index.html"] = "một trang lưu trữ"
        for taxonomy in self.context.get("taxonomy_list", []):
            taken[taxonomy.spec.index_url + "index.html"] = f"trang mục lục '{taxonomy.spec.title}'"
            for term in taxonomy.all_terms():
                for save_as in taxonomy.page_files(term, settings):
                    taken[save_as] = f"trang của '{term.name}'"
        return taken

    def _write_redirects(self, writer: Any) -> None:
        """A redirect page at every old address of public content, and redirects.map.

        Clashes with pages of the site (term pages are only known now, after every
        generator has built its context) stop the build before anything is published.
        """
        redirects: list[Redirect] = collect(self.public_contents, self.url_history)
        self.redirects = redirects
        clashes = check_clashes(redirects, self._generated_pages()) if redirects else []
        if clashes:
            raise ProblemsFound(clashes)  # the build fails on them before publishing
        site_url = self.settings.get("SITEURL", "")
        for redirect in redirects:
            self._write_text(writer, redirect.save_as, redirect_page(redirect, site_url))
        self._write_text(writer, self.settings["PORTAL_REDIRECT_MAP"], redirect_map(redirects, site_url))

    def _write_sitemap(self, writer: Any) -> None:
        settings = self.settings
        site_url = settings.get("SITEURL") or settings["PORTAL_DEV_SITEURL"]
        entries: list[Entry] = [Entry("", newest(self.articles))]
        entries += [Entry(content.url, newest([content]), lead_image(content)) for content in self.public_contents]
        entries += [Entry(category.url, newest(category.articles[:1])) for category in self.categories]
        for taxonomy in self.context.get("taxonomy_list", []):
            entries.append(Entry(taxonomy.spec.index_url))
            for term in taxonomy.all_terms():
                listed = term.listed_articles
                if listed or taxonomy.spec.kind != "free":
                    changed = [d for d in (newest(listed), _term_documents_change(term, settings, self.now)) if d]
                    entries.append(Entry(term.url, max(changed, default=None)))
        entries += [Entry(url, lastmod) for url, lastmod in _document_entries(self.context, self.now)]
        sitemap, news = settings["PORTAL_SITEMAP"], settings["PORTAL_NEWS_SITEMAP"]
        for name, text in sitemap_files(site_url, entries, sitemap).items():
            self._write_text(writer, name, text)
        self._write_text(writer, news, news_sitemap_xml(site_url, self.articles, self.now, settings["SITENAME"]))
        disallow = ["/" + settings["DRAFT_SAVE_AS"].split("/")[0] + "/"] if settings.get("PORTAL_SHOW_DRAFTS") else []
        self._write_text(writer, "robots.txt", robots_txt(site_url, [sitemap, news], disallow))

    @staticmethod
    def _write_text(writer: Any, save_as: str, text: str) -> None:
        path = os.path.join(writer.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)

    def _write_feeds(self, writer: Any) -> None:
        settings = self.settings
        site_url = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or settings["PORTAL_DEV_SITEURL"]
        fallback = fallback_date(self.articles)
        common = {"site_url": site_url, "max_items": settings["FEED_MAX_ITEMS"], "fallback_date": fallback}
        feeds = [
            (settings["SITENAME"], "", settings["SITESUBTITLE"], self.articles, settings["PORTAL_FEED_RSS"], "rss"),
            (settings["SITENAME"], "", settings["SITESUBTITLE"], self.articles, settings["PORTAL_FEED_ATOM"], "atom"),
        ]
        for category in self.categories:
            title = f"{settings['SITENAME']} – {category.name}"
            description = category.description or category.name
            feeds.append((title, category.url, description, category.articles, category.rss_url, "rss"))
            feeds.append((title, category.url, description, category.articles, category.atom_url, "atom"))
        for title, page_url, description, articles, feed_url, kind in feeds:
            defer(writer)(
                build_and_write, self.output_path, feed_url, kind,
                title=title, page_url=page_url, feed_url=feed_url, description=description,
                articles=articles, **common,
            )


def defer(writer: Any) -> Any:
    """The writer's `defer` (portal_output's parallel writer), or an immediate call."""
    return getattr(writer, "defer", lambda function, *args, **kwargs: function(*args, **kwargs))



def _term_documents_change(term: Any, settings: dict[str, Any], now: datetime) -> datetime | None:
    """The last change of the legal documents a term's first page lists (portal_documents,
    portal_taxonomy): their statuses and issue days change that page too."""
    try:
        from portal_documents.generator import newest_change
        from portal_taxonomy.generator import term_documents
    except ImportError:  # pragma: no cover - a site without them
        return None
    shown, _total = term_documents(term, settings)
    return newest_change(shown, now.date()) if shown else None


def _document_entries(context: dict[str, Any], now: datetime) -> list[tuple[str, Any]]:
    """The legal documents' addresses for the sitemap (portal_documents), with their lastmod."""
    try:
        from portal_documents.generator import sitemap_entries
    except ImportError:  # pragma: no cover - a site without portal_documents
        return []
    return sitemap_entries(context, now.date())
