"""Reads articles and pages: Markdown (markdown-it-py) with validated YAML front matter.

A library; portal_build's pipeline calls its steps: `BuildSources()` (start of every build:
the sources of this build, read on first use, in parallel), `add_reader` (Pelican's
readers_init: PortalMarkdownReader reads `.md` from those sources, and Pelican builds the
typed `PortalArticle` and `PortalPage` of article.py) and
`publish_attachments_only` (after Pelican's static generator: nothing from content/ is
copied but documents).
"""

from __future__ import annotations

from typing import Any

from .article import LeadImage, PortalArticle, PortalPage, Source, typed_contents
from .reader import BuildSources, reader_for
from .static import publish_attachments_only

__all__ = ["BuildSources", "LeadImage", "PortalArticle", "PortalPage", "Source", "add_reader", "publish_attachments_only"]


def add_reader(readers: Any, sources: BuildSources) -> None:
    """Pelican's readers_init: `.md` files are read by PortalMarkdownReader from `sources`,
    and become PortalArticle / PortalPage objects (article.py)."""
    readers.reader_classes["md"] = reader_for(sources)
    typed_contents(readers)
