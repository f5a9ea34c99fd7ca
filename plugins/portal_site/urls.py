"""Which output file each source claims, and the check that no two claim the same one.

Shared by the build (PortalGenerator, on Pelican's content objects) and `make check`
(on front matter alone, without building), so both report a clash with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from portal_diagnostics import Problem

from .redirects import alias_save_as


@dataclass(frozen=True)
class Claim:
    """One source's output files: its page (field "slug") and its aliases (field "aliases")."""

    path: str  # the source's path (url_clashes' `show` makes it the one printed)
    lines: dict[str, int]
    targets: tuple[tuple[str, str, str], ...]  # (save_as, field, the address as written)


def claim(path: str, lines: dict[str, int], save_as: str | None, aliases: Iterable[str]) -> Claim:
    targets = [(save_as, "slug", save_as)] if save_as else []
    targets += [(alias_save_as(alias), "aliases", str(alias)) for alias in aliases]
    # Only the lines a clash is reported on: claims travel between processes.
    kept = {key: lines[key] for key in ("slug", "aliases", "title") if key in lines}
    return Claim(path, kept, tuple(targets))


def url_clashes(claims: Iterable[Claim], show: Callable[[str], str] = str) -> list[Problem]:
    """Two sources with the same output file: a problem on the later one (in path order)
    naming the first, or, when one of the two is an alias, on the alias (the alias is what
    to change). `show` turns a claim's path into the one printed (called only for a
    problem: the build passes source paths and display_path, costly at 10,000 files)."""
    claimed: dict[str, tuple[Claim, str, str]] = {}
    problems: list[Problem] = []
    for item in sorted(claims, key=lambda c: c.path):
        for save_as, field, written in item.targets:
            first = claimed.get(save_as)
            if first is None:
                claimed[save_as] = (item, field, written)
                continue
            other, other_field, other_written = first
            if other is item:
                continue
            if field == "aliases" and other_field == "aliases":
                where, message = item, (
                    f"old address '{written}' is also an old address of {show(other.path)}: "
                    "it can redirect to one place only; keep it in one of them"
                )
            elif "aliases" in (field, other_field):
                where, owner, address = (item, other, written) if field == "aliases" else (other, item, other_written)
                message = (
                    f"old address '{address}' is the address of {show(owner.path)}: "
                    "a redirect there would replace it; remove this address"
                )
            else:
                where = item
                message = f"same address '{save_as}' as {show(other.path)}: give one of them another title or a 'slug:'"
            reported = "aliases" if where is not item else field
            problems.append(Problem(show(where.path), where.lines.get(reported, where.lines.get("title", 1)), reported, message))
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
