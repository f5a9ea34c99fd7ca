"""Reads articles and pages: Markdown (markdown-it-py) with validated YAML front matter.

A library; portal_build's pipeline calls its steps: `add_reader` (Pelican's readers_init:
PortalMarkdownReader reads `.md`), `new_build` (start of every build: forget the previous
build's sources) and `publish_attachments_only` (after Pelican's static generator: nothing
from content/ is copied but documents).
"""

from __future__ import annotations

from typing import Any

from .static import publish_attachments_only

__all__ = ["add_reader", "new_build", "publish_attachments_only"]


def add_reader(readers: Any) -> None:
    from .reader import PortalMarkdownReader

    readers.reader_classes["md"] = PortalMarkdownReader


def new_build(*_args: Any, **_kwargs: Any) -> None:
    from .reader import sources

    sources.reset()
