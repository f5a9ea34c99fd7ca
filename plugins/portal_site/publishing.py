"""Who may see an article: published, draft or scheduled, in the public and the dev build.

Hooked (by portal_site) to `article_generator_context`, which Pelican sends with each
file's metadata before it builds the Article, so the status set here decides which of
Pelican's lists the article joins (pages have no date and are never scheduled):

- `status: draft` stays a draft. The development build writes it under `ban-nhap/` with
  a "Bản nháp" banner; the public build (publishconf.py: `PORTAL_SHOW_DRAFTS = False`,
  `DRAFT_SAVE_AS = ""`) writes nothing for it.
- A published article dated after the build's "now" (`vietnamese.clock.build_now`, fixed
  with `PORTAL_NOW`) is *scheduled*. The public build treats it as a draft (left out of
  every page, listing, feed, related box, sitemap and redirect map); the development build
  writes it at its final address with a "Hẹn giờ đăng" banner, as a Pelican "hidden"
  article: written, but listed nowhere, exactly as the public site will look until then.

In the public build, public content that links to a draft or a scheduled article is a
problem (`hidden_link_problems`, called by PortalGenerator): the link would lead nowhere.
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime
from typing import Any

from portal_diagnostics import Problem
from portal_reader.origin import origin_of
from portal_reader.source import display_path
from vietnamese.clock import VN_TZ, BadNow, build_now, is_scheduled
from vietnamese.dates import vi_datetime


def now_of(settings: dict[str, Any], problems: list[Problem] | None = None) -> datetime:
    """The build's "now", fixed once per build by its caller (portal_build's Build keeps it);
    a bad PORTAL_NOW is a problem, added to `problems` (the build stops after reading), and
    the clock is used."""
    try:
        return build_now(settings)
    except BadNow as exc:
        if problems is not None:
            problems.append(Problem("PORTAL_NOW", 0, "", str(exc)))
        return datetime.now(VN_TZ)


def schedule(generator: Any, metadata: dict[str, Any], now: datetime) -> None:
    """Mark a future-dated published article as scheduled (at the build's `now`); see the
    module docstring."""
    date = metadata.get("date")
    if metadata.get("status", "published") != "published" or not isinstance(date, datetime):
        return
    if not is_scheduled(date, now):
        return
    metadata["scheduled"] = True
    metadata["status"] = "hidden" if generator.settings.get("PORTAL_SHOW_DRAFTS", False) else "draft"


_FILENAME_LINK = re.compile(r"""\{filename\}/([^"'#?\s]+)""")


def hidden_link_problems(public: list[Any], hidden: list[Any]) -> list[Problem]:
    """Public content that links to a draft or a scheduled article (public build only).

    Pelican would turn such a link into the draft's preview address, which the public site
    does not have, and which names the draft. The line is the first line of the source that
    mentions the target's file name.
    """
    by_rel = {origin.rel_path: h for h in hidden if (origin := origin_of(h)) is not None}
    problems: list[Problem] = []
    if not by_rel:
        return problems  # nothing hidden: no page to scan (most public builds)
    for content in public:
        raw = getattr(content, "_content", "") or ""
        for target_rel in sorted(set(_FILENAME_LINK.findall(raw))):
            target = by_rel.get(target_rel)
            if target is None:
                continue
            scheduled_for = target.date if target.scheduled else None
            problems.append(Problem(
                display_path(content.source_path), _line_of(content.source_path, target_rel), "body",
                hidden_link_message(target_rel, scheduled_for),
            ))
    return problems


def hidden_link_message(target_rel: str, scheduled_for: datetime | None) -> str:
    """What is wrong with a public link to a draft (None) or a scheduled article; shared with make check."""
    if scheduled_for is not None:
        what = (f"bài hẹn giờ đăng lúc {vi_datetime(scheduled_for)}: trang web công khai chưa có bài đó "
                "(hãy hẹn giờ đăng bài này không sớm hơn, hoặc xóa liên kết)")
    else:
        what = "một bản nháp: trang web công khai không có bài đó (hãy đăng bài đó trước, hoặc xóa liên kết)"
    return f"liên kết đến {target_rel}, {what}"


def _line_of(source_path: str, target_rel: str) -> int:
    name = posixpath.basename(target_rel)
    try:
        with open(source_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if name in line and not line.startswith(("title:", "slug:")):
                    return number
    except OSError:
        pass
    return 1
