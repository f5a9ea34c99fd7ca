"""sitemap.xml (sitemaps.org 0.9) and robots.txt, for public content only.

Lists the home page, every public article and page, the first page of every category,
the taxonomy index pages and every term page that has a page. Drafts, scheduled articles
and redirect pages never appear: the caller passes only public content. `lastmod` is the
newest `updated`/`date` of what the page shows (none for a page without dates), so two
builds of the same input give the same file; URLs are absolute (SITEURL, or the dev
server's address in a development build), sorted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from vietnamese.dates import iso8601


def _changed(content: Any) -> datetime | None:
    return getattr(content, "updated", None) or getattr(content, "date", None)


def newest(contents: Iterable[Any]) -> datetime | None:
    dates = [d for d in (_changed(c) for c in contents) if d is not None]
    return max(dates) if dates else None


def sitemap_xml(site_url: str, entries: Iterable[tuple[str, datetime | None]]) -> str:
    """`entries` are (url relative to the site root, lastmod or None); one <url> per address."""
    unique: dict[str, datetime | None] = {}
    for url, lastmod in entries:
        unique[url] = lastmod
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url in sorted(unique):
        lastmod = unique[url]
        lines.append(f"<url><loc>{escape(f'{site_url}/{url}')}</loc>"
                     + (f"<lastmod>{iso8601(lastmod)}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, sitemap: str, disallow: Iterable[str] = ()) -> str:
    """Everything may be crawled except `disallow`; an empty `Disallow:` is the classic "allow all"."""
    rules = [f"Disallow: {path}" for path in disallow] or ["Disallow:"]
    lines = ["User-agent: *", *rules, "", f"Sitemap: {site_url}/{sitemap}"]
    return "\n".join(lines) + "\n"
