"""Where an article or page came from: one typed record that every later step reads.

The reader attaches it to each source's metadata under `origin` (Pelican then makes it the
content's `origin` attribute). It replaces the string keys the plugins used to pass along
(`source_rel`, `frontmatter_lines`, `body_images`): a step that needs the file, a field's
line or the body's images asks `origin_of(content)`, and a typo is an AttributeError, not a
silent `{}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KEY = "origin"


@dataclass(frozen=True, slots=True)
class Origin:
    """A source file: its path relative to content/, the line of each front matter field
    (dotted for nested ones: "image.src", "tags[1]"), and the body's images with their lines."""

    rel_path: str
    lines: Mapping[str, int] = field(default_factory=dict)
    body_images: tuple[tuple[int, str], ...] = ()

    def line(self, name: str, default: int = 1) -> int:
        """The line of field `name`, else of its top-level field, else `default`."""
        return self.lines.get(name) or self.lines.get(name.split(".")[0].split("[")[0]) or default


def origin_of(content: Any) -> Origin | None:
    """The Origin of a Pelican content object or of a reader's metadata dict, if it has one
    (Pelican's own pages, such as the 404 page, do not)."""
    value = content.get(KEY) if isinstance(content, dict) else getattr(content, KEY, None)
    return value if isinstance(value, Origin) else None
