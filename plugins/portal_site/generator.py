"""PortalGenerator: the home page, category pages, archives, feeds and alias redirects.

Runs after Pelican's article and page generators (it is added with `get_generators`), so
the shared context already holds every article. `generate_context` groups articles by
category (an article counts for its category and every ancestor) and by month, checks
that no two sources claim the same URL, and publishes the context the theme reads:
`nav_categories`, `latest_articles`, `category_blocks`, `archive_years`, `site_feeds`.
"""

from __future__ import annotations

import html
import os
import posixpath
from collections import defaultdict
from itertools import groupby
from typing import Any

from pelican.generators import Generator

from portal_diagnostics import collector
from portal_reader.source import display_path

from .categories import CategoryRegistry
from .feeds import build_and_write, fallback_date
from .urls import alias_save_as, claim, url_clashes

LATEST_ON_HOME = 10
PER_BLOCK_ON_HOME = 5


def article_sort_key(article: Any) -> tuple[Any, ...]:
    """Newest first; ties broken by slug, then source path, so order never depends on disk order."""
    return (-article.date.timestamp(), article.slug, article.source_path)


class PortalGenerator(Generator):
    registry: CategoryRegistry  # set by the plugin before the build

    def generate_context(self) -> None:
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
        self.context.update(
            nav_categories=self.registry.roots,
            portal_categories=categories,
            latest_articles=articles[:LATEST_ON_HOME],
            category_blocks=[(c, c.articles[:PER_BLOCK_ON_HOME]) for c in self.registry.roots],
            archive_years=self._archive_years(),
            site_feeds={"rss": self.settings["PORTAL_FEED_RSS"], "atom": self.settings["PORTAL_FEED_ATOM"]},
        )

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
        """Two sources with the same output file is an error naming both."""
        contents = [
            *self.context.get("articles", []),
            *self.context.get("pages", []),
            *self.context.get("drafts", []),
            *self.context.get("hidden_pages", []),
            *self.context.get("draft_pages", []),
        ]
        collector.extend(
            url_clashes(
                claim(
                    display_path(c.source_path),
                    getattr(c, "frontmatter_lines", {}),
                    c.save_as,
                    getattr(c, "aliases", []),
                )
                for c in contents
            )
        )

    # --- output ----------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        relative = self.settings["RELATIVE_URLS"]
        write = writer.write_file
        write("index.html", self.get_template("index"), self.context, relative_urls=relative, page_name="index")
        for category in self.categories:
            write(
                category.save_as,
                self.get_template("category"),
                self.context,
                relative_urls=relative,
                paginated={"articles": category.articles},
                template_name="category",
                url=category.url,
                category=category,
                articles=category.articles,
                page_name=category.save_as[: -len("index.html")].rstrip("/"),
            )
        self._write_archives(write, relative)
        self._write_aliases(writer)
        if self.settings.get("PORTAL_FEEDS", True):
            self._write_feeds(writer)

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
            write(
                url + "index.html",
                template,
                self.context,
                relative_urls=relative,
                paginated={"articles": group},
                template_name="period_archives",
                url=url,
                articles=group,
                archive_title=title,
                archive_year=year,
                archive_month=month,
            )

    def _write_aliases(self, writer: Any) -> None:
        """A small redirect page at every old address an article or page lists in `aliases`."""
        site_url = self.settings.get("SITEURL", "")
        for content in [*self.context.get("articles", []), *self.context.get("pages", [])]:
            for alias in getattr(content, "aliases", []):
                save_as = alias_save_as(alias)
                if site_url:
                    target = f"{site_url}/{content.url}"
                else:  # relative: from the alias's folder to the target
                    target = posixpath.relpath(content.url or ".", posixpath.dirname(save_as) or ".")
                title = html.escape(content.title)
                target_attr = html.escape(target, quote=True)
                page = (
                    '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
                    f"<title>{title}</title>\n"
                    f'<link rel="canonical" href="{target_attr}">\n'
                    f'<meta http-equiv="refresh" content="0; url={target_attr}">\n'
                    '<meta name="robots" content="noindex">\n</head>\n<body>\n'
                    f'<p>Bài viết đã chuyển đến địa chỉ mới: <a href="{target_attr}">{title}</a>.</p>\n'
                    "</body>\n</html>\n"
                )
                path = os.path.join(writer.output_path, save_as)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                # A clash with a real page is reported before writing (_check_unique_urls).
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(page)

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
