"""Sitemaps (sitemaps.org 0.9, with Google's image and news extensions) and robots.txt,
for public content only.

- `sitemap.xml` lists the home page, every public article and page, the first page of
  every category, the taxonomy index pages, every term page that has a page and the legal
  documents' pages, index and facets (portal_documents.generator.sitemap_entries), each with
  the lead photo (`image:image`) when it has one. Past MAX_URLS addresses (the protocol's
  limit) it becomes an index of `sitemap-1.xml`, `sitemap-2.xml`, … of MAX_URLS each.
- `sitemap-news.xml` (Google News) lists the articles published in the NEWS_WINDOW before
  the build's "now" (vietnamese.clock.build_now: PORTAL_NOW fixes it), newest first, at
  most NEWS_MAX_URLS.

Drafts, scheduled articles and redirect pages never appear: the caller passes only public
content. `lastmod` is the newest `updated`/`date` of what the page shows (none for a page
without dates), so two builds of the same input (and the same "now") give the same files;
URLs are absolute (SITEURL, or the dev server's address in a development build), sorted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from vietnamese.dates import iso8601

from .feeds import esc

MAX_URLS = 50_000  # per sitemap file (sitemaps.org); tests lower it
NEWS_MAX_URLS = 1_000  # per news sitemap (Google News)
NEWS_WINDOW = timedelta(days=2)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>'


@dataclass(frozen=True)
class Entry:
    """One address of the sitemap: relative to the site root, with its lastmod and the
    site paths (or absolute URLs) of its images."""

    url: str
    lastmod: datetime | None = None
    images: tuple[str, ...] = ()


def _changed(content: Any) -> datetime | None:
    return getattr(content, "updated", None) or getattr(content, "date", None)


def newest(contents: Iterable[Any]) -> datetime | None:
    dates = [d for d in (_changed(c) for c in contents) if d is not None]
    return max(dates) if dates else None


def lead_image(content: Any) -> tuple[str, ...]:
    """The site path of the largest JPEG/PNG of a content's lead photo (portal_images), if any."""
    image = getattr(content, "image", None)
    picture = image.get("picture") if isinstance(image, dict) else None
    sources = getattr(picture, "sources", None)
    if not sources:
        return ()
    return (sources[picture.fallback_mime][-1][0],)


def _absolute(site_url: str, path: str) -> str:
    return path if "://" in path else f"{site_url}/{path}"


def _urlset(site_url: str, entries: list[Entry]) -> str:
    lines = [HEADER, f'<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}">']
    for entry in entries:
        parts = [f"<url><loc>{esc(_absolute(site_url, entry.url))}</loc>"]
        if entry.lastmod:
            parts.append(f"<lastmod>{iso8601(entry.lastmod)}</lastmod>")
        parts.extend(f"<image:image><image:loc>{esc(_absolute(site_url, i))}</image:loc></image:image>" for i in entry.images)
        parts.append("</url>")
        lines.append("".join(parts))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_files(site_url: str, entries: Iterable[Entry], name: str = "sitemap.xml") -> dict[str, str]:
    """{file name: XML}: `name` alone, or `name` as the index of its numbered parts when
    there are more than MAX_URLS addresses. A later entry for the same address wins."""
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique[entry.url] = entry
    ordered = [unique[url] for url in sorted(unique)]
    if len(ordered) <= MAX_URLS:
        return {name: _urlset(site_url, ordered)}
    stem, dot, extension = name.rpartition(".")
    files: dict[str, str] = {}
    index = [HEADER, f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for number, start in enumerate(range(0, len(ordered), MAX_URLS), start=1):
        part = ordered[start : start + MAX_URLS]
        part_name = f"{stem}-{number}{dot}{extension}"
        files[part_name] = _urlset(site_url, part)
        dates = [e.lastmod for e in part if e.lastmod]
        lastmod = f"<lastmod>{iso8601(max(dates))}</lastmod>" if dates else ""
        index.append(f"<sitemap><loc>{esc(_absolute(site_url, part_name))}</loc>{lastmod}</sitemap>")
    index.append("</sitemapindex>")
    files[name] = "\n".join(index) + "\n"
    return files


def news_articles(articles: Iterable[Any], now: datetime) -> list[Any]:
    """The articles a news sitemap lists at `now`: published in the NEWS_WINDOW before it
    (never after), newest first, at most NEWS_MAX_URLS."""
    since = now - NEWS_WINDOW
    recent = [a for a in articles if since <= a.date <= now]
    recent.sort(key=lambda a: (-a.date.timestamp(), a.url))
    return recent[:NEWS_MAX_URLS]


def news_valid_until(articles: Iterable[Any], now: datetime) -> datetime | None:
    """Until when the news sitemap written at `now` stays right with no source changed: the
    moment its oldest article leaves the window (a newer article only enters with an edit,
    or by being scheduled: the build's other limit). None: it lists nothing."""
    listed = news_articles(articles, now)
    return min(a.date for a in listed) + NEWS_WINDOW if listed else None


def news_sitemap_xml(site_url: str, articles: Iterable[Any], now: datetime, publication: str) -> str:
    """Google News sitemap of `articles` (see news_articles), in Vietnamese."""
    name = esc(publication)
    lines = [HEADER, f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for article in news_articles(articles, now):
        lines.append(
            f"<url><loc>{esc(_absolute(site_url, article.url))}</loc><news:news>"
            f"<news:publication><news:name>{name}</news:name><news:language>vi</news:language></news:publication>"
            f"<news:publication_date>{iso8601(article.date)}</news:publication_date>"
            f"<news:title>{esc(article.title)}</news:title></news:news></url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, sitemaps: Iterable[str], disallow: Iterable[str] = ()) -> str:
    """Everything may be crawled except `disallow`; an empty `Disallow:` is the classic "allow all"."""
    rules = [f"Disallow: {path}" for path in disallow] or ["Disallow:"]
    lines = ["User-agent: *", *rules, "", *(f"Sitemap: {site_url}/{name}" for name in sitemaps)]
    return "\n".join(lines) + "\n"
