"""The front matter contract for editors, and its validation.

Validation never stops at the first problem: every field is checked and every problem is
returned with its line, as `path:line: field: problem (got …, expected …). Did you mean …?`.
Names of officials, provinces and topics are kept as text here; the taxonomy plugin
resolves them against the registries. The category key is checked by portal_site, which
owns the category registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from vietnamese.text import SLUG_MAX, cut_slug, did_you_mean, nfc, slugify

from .controls import printable

VN_TZ = timezone(timedelta(hours=7), "+07")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A headline is a sentence or two; anything longer is a paste gone wrong (a whole body in
# `title:`) that would repeat in every listing, feed and page title.
TITLE_MAX = 500
# File systems store at most 255 bytes per file or folder name; each part of an old
# address becomes one.
NAME_MAX_BYTES = 255
_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
# Dates as editors write them, for a suggestion: 2026-12-2, 2/12/2026, 02.12.2026,
# "ngày 2 tháng 12 năm 2026", each with an optional time: 8:00, 16h17, 16h, "16 giờ 17 phút".
_TIME = r"(?:[\s,]+(?:lúc\s+)?(?P<hh>\d{1,2})\s*(?::|h|giờ)\s*(?P<mm>\d{1,2})?\s*(?:phút)?)?"
_SUGGESTABLE = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + r"\s*$", re.I),
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})" + _TIME + r"\s*$", re.I),
    re.compile(r"^(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})[\s,]+năm\s+(?P<y>\d{4})" + _TIME + r"\s*$", re.I),
]


def _suggested_date(text: str) -> str | None:
    """The ISO 8601 form of a date written another common way, if it is a real date."""
    text = nfc(text).strip()
    for pattern in _SUGGESTABLE:
        match = pattern.match(text)
        if not match:
            continue
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
        hh, mm = match["hh"], match["mm"]
        try:
            datetime(y, m, d, int(hh or 0), int(mm or 0))
        except ValueError:
            return None
        return f"{y:04d}-{m:02d}-{d:02d}" + (f" {int(hh):02d}:{int(mm or 0):02d}" if hh else "")
    return None


class LongNumber:
    """A YAML number too long to be read (Python refuses ints of more than 4,300 digits).

    No field takes such a number, so it is kept only to be described in the message that
    refuses it: "wrong type (got a number of 5000 digits, expected …)".
    """

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"LongNumber({self.digits})"


@dataclass(frozen=True)
class Issue:
    """A problem with one field: the dotted field name and the message."""

    field: str
    message: str


def describe(value: Any) -> str:
    """How a value reads in an error message: "a number 5", "a list", "text 'abc'"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'yes' if value else 'no'} (a true/false value)"
    if isinstance(value, (int, float)):
        return f"a number {value}"
    if isinstance(value, LongNumber):
        return f"a number of {value.digits} digits"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return "'" + printable(shown).replace("\n", "\\n").replace("\t", "\\t") + "'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return type(value).__name__


# Article and registry dates: wide enough for any date the portal publishes or records
# (positions held since 1945, articles scheduled years ahead), narrow enough that no time
# zone conversion, feed date, sitemap date or archive URL can overflow or lose a digit.
YEARS = (1900, 2100)


def parse_datetime(value: Any) -> datetime:
    """ISO 8601 → aware datetime; date-only means 00:00; no offset means +07:00.

    Raises ValueError with the message tail "(got …, expected …). Did you mean …?".
    """
    expected = "expected an ISO 8601 date such as 2023-06-19 or 2023-06-19 09:00"
    if not isinstance(value, str):
        raise ValueError(f"not a date (got {describe(value)}, {expected})")
    text = value.strip()
    match = _ISO_RE.match(text)
    if not match:
        suggestion = _suggested_date(text)
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        raise ValueError(f"not an ISO 8601 date (got {describe(value)}, {expected}).{hint}".rstrip("."))
    year, month, day, hour, minute, second, offset = match.groups()
    if not YEARS[0] <= int(year) <= YEARS[1]:
        raise ValueError(f"year out of range (got {describe(value)}, expected a year from {YEARS[0]} to {YEARS[1]})")
    tz = VN_TZ
    if offset:
        if offset == "Z":
            tz = UTC
        else:
            digits = offset[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            # Real offsets run from -12:00 to +14:00 and never have more than 59 minutes.
            if minutes > 59 or hours * 60 + minutes > (14 * 60 if offset[0] == "+" else 12 * 60):
                raise ValueError(
                    f"not a time zone offset (got {describe(value)}, expected an offset from -12:00 to +14:00 "
                    "such as +07:00, or none for Vietnam's time)"
                )
            sign = 1 if offset[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        result = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz
        )
    except ValueError as exc:
        raise ValueError(f"not a real date (got {describe(value)}: {exc})") from None
    # Keep every date in Vietnam's time zone, the zone the site displays.
    return result.astimezone(VN_TZ) if tz is not VN_TZ else result


def _text(value: Any, field: str, what: str) -> tuple[str | None, list[Issue]]:
    if not isinstance(value, str) or isinstance(value, bool):
        return None, [Issue(field, f"wrong type (got {describe(value)}, expected {what})")]
    text = " ".join(nfc(value).split()) if "\n" not in value.strip() else nfc(value).strip()
    if not text:
        return None, [Issue(field, f"is empty (expected {what})")]
    return text, []


_MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MARKDOWN_MARKS = ("**", "__", "`")


def _plain_summary(what: str) -> Callable[[Any, str], tuple[Any, list[Issue]]]:
    """Plain text, as `_text`, without Markdown: the sa-pô is shown as it is written, so
    `**Từ**` would show its asterisks. The problem suggests the text without the marks."""

    def check(value: Any, field: str) -> tuple[str | None, list[Issue]]:
        text, issues = _text(value, field, what)
        if text is None:
            return text, issues
        found = [mark for mark in _MARKDOWN_MARKS if mark in text]
        if _MARKDOWN_LINK.search(text):
            found.append("[…](…)")
        if not found:
            return text, issues
        plain = _MARKDOWN_LINK.sub(r"\1", text)
        for mark in _MARKDOWN_MARKS:
            plain = plain.replace(mark, "")
        marks = ", ".join(f"'{m}'" for m in found)
        return None, [Issue(field, f"sa-pô là văn bản thường, không dùng Markdown (gặp {marks}: trên trang sẽ hiện "
                                   f"nguyên các ký hiệu); hãy viết: {describe(' '.join(plain.split()))}")]

    return check


def _text_list(
    value: Any, field: str, what: str, check: Callable[[str], str | None] | None = None
) -> tuple[list[str] | None, list[Issue]]:
    """A list of texts, each checked by `check` (a message, or None when fine)."""
    if value is None:
        return [], []
    if isinstance(value, str):
        return None, [
            Issue(field, f"wrong type (got {describe(value)}, expected a list of {what}, e.g. [{describe(value)[1:-1]}])")
        ]
    if not isinstance(value, list):
        return None, [Issue(field, f"wrong type (got {describe(value)}, expected a list of {what})")]
    items: list[str] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    for position, item in enumerate(value, 1):
        text, item_issues = _text(item, field, what)
        if item_issues:
            issues.append(Issue(field, f"item {position} {item_issues[0].message}"))
            continue
        assert text is not None
        if text in seen:
            issues.append(Issue(field, f"item {position} repeats {describe(text)}; list it once"))
            continue
        problem = check(text) if check else None
        if problem:
            issues.append(Issue(field, f"item {position} {describe(text)} {problem}"))
            continue
        seen.add(text)
        items.append(text)
    return items, issues


def _url(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    text, issues = _text(value, field, "a web address starting with https://")
    if issues:
        return None, issues
    assert text is not None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        hint = f" Did you mean 'https://{text}'?" if not parts.scheme and "." in text else ""
        return None, [
            Issue(field, f"not a web address (got {describe(value)}, expected https://…).{hint}".rstrip("."))
        ]
    return text, []


def _mapping(
    value: Any, field: str, spec: dict[str, tuple[bool, Callable[[Any, str], tuple[Any, list[Issue]]]]], example: str
) -> tuple[dict[str, Any] | None, list[Issue]]:
    if not isinstance(value, dict):
        return None, [Issue(field, f"wrong type (got {describe(value)}, expected fields {example})")]
    result: dict[str, Any] = {}
    issues: list[Issue] = []
    for key in value:
        if key not in spec:
            issues.append(
                Issue(
                    f"{field}.{key}",
                    f"unknown field (expected one of: {', '.join(spec)}).{did_you_mean(key, spec)}".rstrip("."),
                )
            )
    for key, (required, check) in spec.items():
        sub = f"{field}.{key}"
        if key not in value or value[key] is None:
            if required:
                issues.append(Issue(field, f"'{key}' is missing (expected fields {example})"))
            continue
        checked, sub_issues = check(value[key], sub)
        issues.extend(sub_issues)
        if not sub_issues:
            result[key] = checked
    return result, issues


def _plain(what: str) -> Callable[[Any, str], tuple[Any, list[Issue]]]:
    return lambda value, field: _text(value, field, what)


SOURCE_SPEC = {
    "name": (True, _plain("the publisher's name, e.g. baogialai.com.vn")),
    "url": (True, _url),
}
IMAGE_SPEC = {
    "src": (True, _plain("the image file, relative to the article, e.g. ../../images/2023/anh.jpg")),
    "alt": (True, _plain("a description of the image for people who cannot see it")),
    "caption": (False, _plain("text")),
    "credit": (False, _plain("the photographer's name")),
}


@dataclass(frozen=True)
class FieldSpec:
    required: bool
    check: Callable[[Any, str], tuple[Any, list[Issue]]]
    expected: str


def _date_field(value: Any, field: str) -> tuple[datetime | None, list[Issue]]:
    try:
        return parse_datetime(value), []
    except ValueError as exc:
        return None, [Issue(field, str(exc))]


def _status(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    if value in ("published", "draft"):
        return value, []
    return None, [
        Issue(
            field,
            f"unknown status (got {describe(value)}, expected 'published' or 'draft')."
            f"{did_you_mean(str(value), ['published', 'draft'])}".rstrip("."),
        )
    ]


def slug_too_long(value: str) -> str | None:
    """The message for a slug (or registry key) longer than SLUG_MAX, with the cut one."""
    if len(value) <= SLUG_MAX:
        return None
    return (
        f"too long (got {len(value):,} characters, expected at most {SLUG_MAX}: it becomes a file name). "
        f"Did you mean '{cut_slug(value)}'?"
    )


def _slug(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    if isinstance(value, str) and SLUG_RE.match(value):
        too_long = slug_too_long(value)
        return (None, [Issue(field, too_long)]) if too_long else (value, [])
    hint = f" Did you mean '{slugify(value)}'?" if isinstance(value, str) and slugify(value) else ""
    return None, [
        Issue(
            field,
            f"not a valid slug (got {describe(value)}, expected lowercase letters a-z, digits and "
            f"hyphens).{hint}".rstrip("."),
        )
    ]


def _aliases(value: Any, field: str) -> tuple[list[str] | None, list[Issue]]:
    items, issues = _text_list(value, field, "old addresses such as /tin-tuc/bai-cu.html")
    if items is None:
        return None, issues
    good: list[str] = []
    for item in items:
        parts = urlsplit(item)
        path = parts.path
        if parts.scheme or parts.netloc:
            path = parts.path
        segments = [s for s in path.split("/") if s]
        if not segments or ".." in segments or "\\" in path:
            issues.append(
                Issue(field, f"not a site address (got {describe(item)}, expected a path such as /tin-tuc/bai-cu.html)")
            )
            continue
        if any(s.startswith(".") for s in segments):
            issues.append(Issue(field, f"old address {describe(item)} has a part starting with '.' (hidden files "
                                       "such as .htaccess configure the web server); remove this address"))
            continue
        longest = max(len(s.encode("utf-8")) for s in segments)
        if longest > NAME_MAX_BYTES:
            issues.append(Issue(field, f"old address {describe(item)} has a part of {longest:,} bytes (expected at "
                                       f"most {NAME_MAX_BYTES}: each part becomes a file or folder name); "
                                       "shorten it or remove this address"))
            continue
        good.append("/" + "/".join(segments) + ("/" if path.endswith("/") else ""))
    return good, issues


def _title(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    text, issues = _text(value, field, "the headline as text")
    if text is not None and len(text) > TITLE_MAX:
        return None, [Issue(field, f"too long (got {len(text):,} characters, expected at most {TITLE_MAX}: a headline; "
                                   "the rest belongs in 'summary' or the body)")]
    return text, issues


def _addressable(text: str) -> str | None:
    """A tag makes an address (tu-khoa/<slug>/), so it needs a letter or digit; it is a
    keyword shown on every page that lists it, so it is no longer than a headline."""
    if len(text) > TITLE_MAX:
        return f"is too long ({len(text):,} characters, expected at most {TITLE_MAX}: a keyword); shorten it"
    return None if slugify(text) else "has no letters or digits to make an address from; write it in words or remove it"


def _category_key(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    # The key's existence is checked against the registry by portal_site.
    return _text(value, field, "a category key from content/data/categories.yaml, e.g. tin-tong-hop")


ARTICLE_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec(True, _title, "the headline"),
    "date": FieldSpec(True, _date_field, "the publication date"),
    "updated": FieldSpec(False, _date_field, "the date of the last update"),
    "category": FieldSpec(True, _category_key, "a category key"),
    "summary": FieldSpec(True, _plain_summary("the lead paragraph (sa-pô) as plain text"), "the lead paragraph (sa-pô)"),
    "officials": FieldSpec(False, lambda v, f: _text_list(v, f, "names of officials"), ""),
    "provinces": FieldSpec(False, lambda v, f: _text_list(v, f, "province names"), ""),
    "topics": FieldSpec(False, lambda v, f: _text_list(v, f, "topic names"), ""),
    "tags": FieldSpec(False, lambda v, f: _text_list(v, f, "keywords", _addressable), ""),
    "author": FieldSpec(True, _plain("the author's name"), "the author's name"),
    "source": FieldSpec(
        False, lambda v, f: _mapping(v, f, SOURCE_SPEC, "{name: …, url: https://…}"), ""
    ),
    "image": FieldSpec(
        False, lambda v, f: _mapping(v, f, IMAGE_SPEC, "{src: …, alt: …, caption: …, credit: …}"), ""
    ),
    "status": FieldSpec(False, _status, ""),
    "slug": FieldSpec(False, _slug, ""),
    "aliases": FieldSpec(False, _aliases, ""),
}

def _flag(value: Any, field: str) -> tuple[bool | None, list[Issue]]:
    if isinstance(value, bool):
        return value, []
    return None, [Issue(field, f"wrong type (got {describe(value)}, expected true or false)")]


PAGE_FIELDS: dict[str, FieldSpec] = {
    "title": ARTICLE_FIELDS["title"],
    # The agency's contact details (PORTAL in pelicanconf.py, the footer's source) shown at
    # the top of the page: one source for them (the contact page).
    "contact": FieldSpec(False, _flag, ""),
    "summary": FieldSpec(False, _plain_summary("a one-sentence description as plain text"), ""),
    "slug": ARTICLE_FIELDS["slug"],
    "status": ARTICLE_FIELDS["status"],
    "updated": ARTICLE_FIELDS["updated"],
    "aliases": ARTICLE_FIELDS["aliases"],
}


def validate(data: dict[str, Any], fields: dict[str, FieldSpec]) -> tuple[dict[str, Any], list[Issue]]:
    """Check every field; return the clean values and every issue found."""
    clean: dict[str, Any] = {}
    issues: list[Issue] = []
    for key, value in data.items():
        if key not in fields:
            issues.append(
                Issue(
                    key,
                    f"unknown field (expected one of: {', '.join(fields)}).{did_you_mean(key, fields)}".rstrip("."),
                )
            )
            continue
        if value is None:
            if fields[key].required:
                issues.append(Issue(key, f"is empty (expected {fields[key].expected})"))
            continue
        checked, field_issues = fields[key].check(value, key)
        issues.extend(field_issues)
        if not field_issues:
            clean[key] = checked
    for key, spec in fields.items():
        if spec.required and key not in data:
            issues.append(Issue(key, f"required field is missing (expected {spec.expected})"))
    if "date" in clean and "updated" in clean and clean["updated"] < clean["date"]:
        issues.append(
            Issue(
                "updated",
                f"is before the publication date (got {clean['updated']:%Y-%m-%d %H:%M}, expected "
                f"{clean['date']:%Y-%m-%d %H:%M} or later)",
            )
        )
    return clean, issues
