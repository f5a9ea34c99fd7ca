"""Reads articles and pages: Markdown (markdown-it-py) with validated YAML front matter.

Hooks `readers_init` to register PortalMarkdownReader for `.md`, `get_generators`
(sent once at the start of every build) to forget the previous build's sources, and
`static_generator_finalized` to let Pelican copy nothing from content/ but documents.
"""

from __future__ import annotations

from typing import Any


def _add_reader(readers: Any) -> None:
    from .reader import PortalMarkdownReader

    readers.reader_classes["md"] = PortalMarkdownReader


def _new_build(*_args: Any, **_kwargs: Any) -> None:
    from .reader import sources

    sources.reset()


def _publish_attachments_only(generator: Any) -> None:
    from .static import publish_attachments_only

    publish_attachments_only(generator)


def register() -> None:
    from pelican import signals

    signals.readers_init.connect(_add_reader)
    signals.get_generators.connect(_new_build)
    signals.static_generator_finalized.connect(_publish_attachments_only)
