"""Which output file each source claims, and the check that no two claim the same one.

Shared by the build (PortalGenerator, on Pelican's content objects) and `make check`
(on front matter alone, without building), so both report a clash with the same words.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from portal_diagnostics import Problem


@dataclass(frozen=True)
class Claim:
    """One source's output files: its page (field "slug") and its aliases (field "aliases")."""

    path: str  # as shown in messages
    lines: dict[str, int]
    targets: tuple[tuple[str, str], ...]  # (save_as, field)


def alias_save_as(alias: str) -> str:
    """The file an alias address is written to: /a/b.html → a/b.html, /a/b/ → a/b/index.html."""
    path = alias.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    if posixpath.splitext(path)[1]:
        return path
    return path + "/index.html"


def claim(path: str, lines: dict[str, int], save_as: str | None, aliases: Iterable[str]) -> Claim:
    targets = [(save_as, "slug")] if save_as else []
    targets += [(alias_save_as(alias), "aliases") for alias in aliases]
    # Only the lines a clash is reported on: claims travel between processes.
    kept = {key: lines[key] for key in ("slug", "aliases", "title") if key in lines}
    return Claim(path, kept, tuple(targets))


def url_clashes(claims: Iterable[Claim]) -> list[Problem]:
    """Two sources with the same output file: a problem on the later one (in path order)
    naming the first."""
    claimed: dict[str, Claim] = {}
    problems: list[Problem] = []
    for item in sorted(claims, key=lambda c: c.path):
        for save_as, field in item.targets:
            other = claimed.get(save_as)
            if other is not None and other is not item:
                problems.append(
                    Problem(
                        item.path,
                        item.lines.get(field, item.lines.get("title", 1)),
                        field,
                        f"same address '{save_as}' as {other.path}: give one of them another title or a 'slug:'",
                    )
                )
            else:
                claimed[save_as] = item
    return problems


def save_as_of(fields: dict[str, Any], settings: dict[str, Any], is_page: bool) -> str:
    """The output file of a source from its front matter, as Pelican names it from the
    *_SAVE_AS settings (drafts under their own setting). "" when the setting is empty."""
    kind = "PAGE" if is_page else "ARTICLE"
    if fields.get("status") == "draft":
        pattern = settings.get("DRAFT_PAGE_SAVE_AS" if is_page else "DRAFT_SAVE_AS", "")
    else:
        pattern = settings.get(f"{kind}_SAVE_AS", "")
    values = {"slug": fields.get("slug", ""), "lang": settings.get("DEFAULT_LANG", ""), "category": fields.get("category", "")}
    if "date" in fields:
        values["date"] = fields["date"]
    try:
        return str(pattern).format(**values)
    except (KeyError, AttributeError, IndexError, ValueError):
        return ""
