"""Reads articles and pages: Markdown (markdown-it-py) with validated YAML front matter.

Hooks `readers_init` to register PortalMarkdownReader for `.md`, and `get_generators`
(sent once at the start of every build) to forget the previous build's sources.
"""

from __future__ import annotations

from typing import Any


def _add_reader(readers: Any) -> None:
    from .reader import PortalMarkdownReader

    readers.reader_classes["md"] = PortalMarkdownReader


def _new_build(*_args: Any, **_kwargs: Any) -> None:
    from .reader import sources

    sources.reset()


def register() -> None:
    from pelican import signals

    signals.readers_init.connect(_add_reader)
    signals.get_generators.connect(_new_build)
