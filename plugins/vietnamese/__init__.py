"""Vietnamese text and date helpers shared by the portal's plugins.

As a Pelican plugin, `register()` adds the date filters to the Jinja environment
(`vi_datetime`, `vi_date`, `vi_month_year`, `iso8601`) at the `initialized` signal.
"""

from __future__ import annotations

from .dates import iso8601, vi_date, vi_datetime, vi_month_year
from .text import fold, nfc, slugify, suggest

__all__ = ["fold", "iso8601", "nfc", "register", "slugify", "suggest", "vi_date", "vi_datetime", "vi_month_year"]


def _add_filters(pelican) -> None:  # type: ignore[no-untyped-def]
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.update(
        vi_datetime=vi_datetime, vi_date=vi_date, vi_month_year=vi_month_year, iso8601=iso8601
    )


def register() -> None:
    from pelican import signals

    signals.initialized.connect(_add_filters)
