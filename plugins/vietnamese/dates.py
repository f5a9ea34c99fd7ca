"""Vietnamese date display without `setlocale` (which is process-wide and often absent).

Display forms follow Vietnamese state portals: "Thứ Hai, 19/06/2023 09:00". Feeds use RFC 822
English dates, which feedgenerator writes itself; nothing here is for feeds.
"""

from __future__ import annotations

from datetime import datetime

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def vi_datetime(value: datetime) -> str:
    """ "Thứ Hai, 19/06/2023 09:00"."""
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y %H:%M}"


def vi_date(value: datetime) -> str:
    """ "19/06/2023"."""
    return f"{value:%d/%m/%Y}"


def vi_month_year(value: datetime) -> str:
    """ "Tháng 6/2023"."""
    return f"Tháng {value.month}/{value.year}"


def iso8601(value: datetime) -> str:
    """ "2023-06-19T09:00:00+07:00", for `<time datetime>` and machine-readable metadata."""
    return value.isoformat(timespec="seconds")
