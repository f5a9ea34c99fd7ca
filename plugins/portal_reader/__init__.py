"""Reads articles and pages: Markdown (markdown-it-py) with validated YAML front matter.

A library; portal_build's pipeline calls its steps: `BuildSources()` (start of every build:
the sources of this build, read on first use, in parallel), `add_reader` (Pelican's
readers_init: PortalMarkdownReader reads `.md` from those sources) and
`publish_attachments_only` (after Pelican's static generator: nothing from content/ is
copied but documents).
"""

from __future__ import annotations

from typing import Any

from .reader import BuildSources, reader_for
from .static import publish_attachments_only

__all__ = ["BuildSources", "add_reader", "publish_attachments_only"]


def add_reader(readers: Any, sources: BuildSources) -> None:
    readers.reader_classes["md"] = reader_for(sources)
