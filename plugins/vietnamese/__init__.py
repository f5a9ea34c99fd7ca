"""Vietnamese text and date helpers shared by the portal's plugins.

`add_filters(pelican)` (called by portal_build's pipeline when Pelican starts) adds the
date filters to the Jinja environment (`vi_datetime`, `vi_date`, `vi_month_year`, `iso8601`).
"""

from __future__ import annotations

from .dates import iso8601, vi_date, vi_datetime, vi_month_year
from .text import fold, nfc, slugify, suggest

__all__ = ["add_filters", "fold", "iso8601", "nfc", "slugify", "suggest", "vi_date", "vi_datetime", "vi_month_year"]


def add_filters(pelican) -> None:  # type: ignore[no-untyped-def]
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.update(
        vi_datetime=vi_datetime, vi_date=vi_date, vi_month_year=vi_month_year, iso8601=iso8601
    )
