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
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vietnamese.clock import build_now, is_scheduled


def schedule(generator: Any, metadata: dict[str, Any]) -> None:
    """Mark a future-dated published article as scheduled; see the module docstring."""
    date = metadata.get("date")
    if metadata.get("status", "published") != "published" or not isinstance(date, datetime):
        return
    if not is_scheduled(date, build_now(generator.settings)):
        return
    metadata["scheduled"] = True
    metadata["status"] = "hidden" if generator.settings.get("PORTAL_SHOW_DRAFTS", False) else "draft"

