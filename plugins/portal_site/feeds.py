"""RSS 2.0 and Atom feeds for a list of articles.

Pelican's own feed writer sets no <language> and puts the full text in RSS; the portal's
feeds follow what Vietnamese aggregators expect: `<language>vi</language>`, the sa-pô as
the RSS description, full content in Atom, at most FEED_MAX_ITEMS items newest first,
the article URL as a stable guid/id, RFC 822 dates in English with +0700 (feedgenerator
formats dates without the locale).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import Markup


class _FixedDateMixin:
    """An empty feed's lastBuildDate/updated is `fallback_date`, not the clock (determinism)."""

    fallback_date: datetime

    def latest_post_date(self) -> datetime:
        dates = [
            item.get("updateddate") or item.get("pubdate")
            for item in self.items  # type: ignore[attr-defined]
            if item.get("updateddate") or item.get("pubdate")
        ]
        return max(dates) if dates else self.fallback_date


class PortalRss(_FixedDateMixin, Rss201rev2Feed):
    pass


class PortalAtom(_FixedDateMixin, Atom1Feed):
    pass


def absolute(base: str, url: str) -> str:
    return urljoin(base.rstrip("/") + "/", url)


def build_feed(
    kind: str,
    *,
    title: str,
    site_url: str,
    page_url: str,
    feed_url: str,
    description: str,
    articles: list[Any],
    max_items: int,
    fallback_date: datetime,
) -> Rss201rev2Feed | Atom1Feed:
    feed_class = PortalRss if kind == "rss" else PortalAtom
    feed = feed_class(
        title=title,
        link=absolute(site_url, page_url),
        feed_url=absolute(site_url, feed_url),
        description=description,
        subtitle=description,
        language="vi",
        feed_guid=absolute(site_url, feed_url),
    )
    feed.fallback_date = fallback_date
    for article in articles[:max_items]:
        link = absolute(site_url, article.url)
        summary = article.summary_text
        content = None
        if kind == "atom":
            content = str(Markup(article.get_content(site_url)))
        feed.add_item(
            title=article.title,
            link=link,
            unique_id=link,
            unique_id_is_permalink=True,
            description=summary,
            content=content,
            categories=[article.category.name, *article.tags],
            author_name=str(article.author),
            pubdate=article.date,
            updateddate=article.updated or article.date,
        )
    return feed


def fallback_date(articles: list[Any]) -> datetime:
    """Date for an empty feed: SOURCE_DATE_EPOCH if set, else the site's newest article date
    (never the clock, so two builds of the same input are identical)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    if articles:
        return max(a.updated or a.date for a in articles)
    return datetime(2015, 1, 1, tzinfo=timezone.utc)


def write_feed(feed: Rss201rev2Feed | Atom1Feed, output_path: str, rel_path: str) -> str:
    path = os.path.join(output_path, rel_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
    return path
