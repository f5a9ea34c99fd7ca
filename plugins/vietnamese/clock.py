"""The build's "now", in Vietnam's time zone (+07:00).

One definition shared by the build (scheduled articles are left out of the public site
until their date) and by `make check` (which lists what is scheduled). "Now" can be fixed
for reproducible builds and tests:

- the environment variable ``PORTAL_NOW`` (ISO 8601, e.g. ``2026-11-27T08:00:00+07:00``;
  a value without an offset is read as +07:00), else
- the setting ``PORTAL_NOW`` (a string in the same form, or a datetime), else
- the wall clock.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any

VN_TZ = timezone(timedelta(hours=7), "+07:00")


class BadNow(ValueError):
    """PORTAL_NOW is not an ISO 8601 date."""


def parse_now(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise BadNow(
                f"PORTAL_NOW must be an ISO 8601 date such as 2026-11-27T08:00:00+07:00 (got {value!r})"
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=VN_TZ)
    try:
        return parsed.astimezone(VN_TZ)
    except OverflowError:  # 9999-12-31T23:00-12:00 is past the last day Python can hold in +07:00
        raise BadNow(f"PORTAL_NOW is out of range (got {value!r}, expected a date such as 2026-11-27T08:00:00+07:00)") from None


def fixed_now(settings: dict[str, Any] | None = None) -> str | datetime | None:
    """PORTAL_NOW as given (the environment's, else the setting), None when "now" is the clock."""
    return os.environ.get("PORTAL_NOW") or (settings or {}).get("PORTAL_NOW") or None


def build_now(settings: dict[str, Any] | None = None) -> datetime:
    """The moment the build takes as "now" (aware, +07:00)."""
    fixed = fixed_now(settings)
    return parse_now(fixed) if fixed else datetime.now(VN_TZ)


def is_scheduled(date: datetime, now: datetime) -> bool:
    """An article dated after "now" is scheduled: the public build leaves it out."""
    if date.tzinfo is None:
        date = date.replace(tzinfo=VN_TZ)
    return date > now
