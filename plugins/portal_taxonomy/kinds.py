"""What each kind of registry entry holds beyond key, name and variants.

- officials: portrait, bio (Markdown), positions (title, organisation, province,
  qualifier, from, to) — the timeline a profile page shows;
- provinces: type, status (current/former), merged_into and merged_on for former units,
  since for units created by the 2025 reorganisation;
- topics: kind (reform area or cross-cutting theme), description (Markdown);
- free: nothing (tags are made from the articles).
Cross-entry rules (a merge target that does not exist) run in `finish_*` once all
entries are read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from markupsafe import Markup

from portal_diagnostics import Problem
from portal_reader.links import LinkEnv, check_reference
from portal_reader.render import render
from portal_reader.schema import Issue, describe, parse_datetime
from vietnamese.text import did_you_mean

from .registry import RegistryContext
from .terms import TermIndex

PROVINCE_TYPES = ("tỉnh", "thành phố")
PROVINCE_STATUS = ("current", "former")
TOPIC_KINDS = ("linh-vuc", "chu-de")
QUALIFIERS = ("Quyền", "kiêm")
POSITION_FIELDS = ("title", "organisation", "province", "qualifier", "from", "to")


def _text(entry: dict[str, Any], field: str, issues: list[Issue], required: bool = False) -> str | None:
    value = entry.get(field)
    if value is None:
        if required:
            issues.append(Issue(field, "thiếu trường bắt buộc"))
        return None
    if not isinstance(value, str) or not value.strip():
        issues.append(Issue(field, f"cần một đoạn chữ (đang ghi {describe(value)})"))
        return None
    return " ".join(value.split())


def _choice(entry: dict[str, Any], field: str, choices: tuple[str, ...], issues: list[Issue], required: bool = True) -> str | None:
    value = entry.get(field)
    if value is None and not required:
        return None
    if value not in choices:
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        expected = " hoặc ".join(f"'{c}'" for c in choices)
        issues.append(Issue(field, f"giá trị không hợp lệ (đang ghi {describe(value)}, cần {expected}).{hint}".rstrip(".")))
        return None
    return str(value)


class PartialDate:
    """A date known to the year, the month or the day, shown with that precision."""

    def __init__(self, value: datetime, precision: str) -> None:
        self.value = value
        self.precision = precision  # "year", "month" or "day"

    def __lt__(self, other: PartialDate) -> bool:
        return self.value < other.value

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year}"
        if self.precision == "month":
            return f"{self.value.month:02d}/{self.value.year}"
        return f"{self.value:%d/%m/%Y}"


def _date(entry: dict[str, Any], field: str, issues: list[Issue], required: bool = False) -> PartialDate | None:
    value = entry.get(field)
    if value is None:
        if required:
            issues.append(Issue(field, "thiếu trường bắt buộc (cần ngày tháng, ví dụ 2021, 2021-04 hoặc 2021-04-08)"))
        return None
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    try:
        if text is not None and len(text) == 4 and text.isdigit():
            return PartialDate(parse_datetime(f"{text}-01-01"), "year")
        if text is not None and len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit():
            return PartialDate(parse_datetime(f"{text}-01"), "month")
        return PartialDate(parse_datetime(value), "day")
    except ValueError as exc:
        message = str(exc).replace(f"'{text}-01-01'", f"{text}").replace(f"'{text}-01'", f"'{text}'")
        issues.append(Issue(field, message.replace("ví dụ 2023-06-19 hoặc", "ví dụ 2021, 2021-04,")))
        return None


def _markdown(entry: dict[str, Any], field: str, context: RegistryContext, issues: list[Issue]) -> str:
    text = _text(entry, field, issues) if not isinstance(entry.get(field), str) else entry[field].strip()
    if not text:
        return ""
    html, body_issues = render(text, "data/registry.yaml", context.files, body_line=1)
    issues.extend(Issue(field, message) for _line, _field, message in body_issues)
    return html


# --- officials ---------------------------------------------------------------------------


def check_official(entry: dict[str, Any], context: RegistryContext) -> tuple[dict[str, Any], list[Issue]]:
    issues: list[Issue] = []
    extra: dict[str, Any] = {"portrait": None, "positions": [], "bio_html": ""}
    portrait = entry.get("portrait")
    if portrait is not None:
        target, message = check_reference(str(portrait), LinkEnv("data/officials.yaml", context.files), "portrait", static=True)
        if message:
            issues.append(Issue("portrait", message))
        elif target:
            extra["portrait"] = target.removeprefix("{static}/")
    extra["bio_html"] = _markdown(entry, "bio", context, issues)
    positions = entry.get("positions") or []
    if not isinstance(positions, list):
        issues.append(Issue("positions", f"cần danh sách chức vụ (đang ghi {describe(positions)})"))
        positions = []
    provinces = context.indexes.get("provinces")
    for number, raw in enumerate(positions):
        field = f"positions[{number}]"
        if not isinstance(raw, dict):
            issues.append(Issue(field, f"cần một chức vụ với các trường title, organisation, from, … (đang ghi {describe(raw)})"))
            continue
        sub: list[Issue] = []
        for key in raw:
            if key not in POSITION_FIELDS:
                sub.append(Issue(key, f"không có trường này (cần một trong: {', '.join(POSITION_FIELDS)}).{did_you_mean(key, POSITION_FIELDS)}".rstrip(".")))
        position = {
            "title": _text(raw, "title", sub, required=True),
            "organisation": _text(raw, "organisation", sub, required=True),
            "qualifier": _choice(raw, "qualifier", QUALIFIERS, sub, required=False),
            "start": _date(raw, "from", sub),
            "end": _date(raw, "to", sub),
            "province": None,
        }
        province_name = _text(raw, "province", sub)
        if province_name and provinces is not None:
            province = provinces.get(province_name)
            if province is None:
                near = provinces.suggestions(province_name)
                hint = f" Có phải ý bạn là '{near[0]}'?" if near else ""
                sub.append(Issue("province", f"'{province_name}' không có trong danh bạ tỉnh, thành phố.{hint}".rstrip(".")))
            position["province"] = province
        if position["start"] and position["end"] and position["end"] < position["start"]:
            sub.append(Issue("to", f"kết thúc trước khi bắt đầu (đang ghi {position['end']}, cần từ {position['start']} trở về sau)"))
        issues.extend(Issue(f"{field}.{i.field}", i.message) for i in sub)
        if not sub:
            extra["positions"].append(position)
    # The registry lists positions oldest first (a timeline as written in a CV); pages
    # show them newest first, and the last one listed is the latest known position.
    extra["positions"].reverse()
    extra["latest_position"] = extra["positions"][0] if extra["positions"] else None
    return extra, issues


# --- provinces ---------------------------------------------------------------------------


def check_province(entry: dict[str, Any], context: RegistryContext) -> tuple[dict[str, Any], list[Issue]]:
    issues: list[Issue] = []
    extra: dict[str, Any] = {
        "type": _choice(entry, "type", PROVINCE_TYPES, issues),
        "status": _choice(entry, "status", PROVINCE_STATUS, issues),
        "merged_into_key": None,
        "merged_into": None,
        "merged_on": None,
        "since": _date(entry, "since", issues),
        "absorbed": [],
    }
    if extra["status"] == "former":
        extra["merged_into_key"] = _text(entry, "merged_into", issues, required=True)
        extra["merged_on"] = _date(entry, "merged_on", issues, required=True)
    elif entry.get("merged_into") is not None or entry.get("merged_on") is not None:
        issues.append(Issue("merged_into", "chỉ đơn vị đã hợp nhất (status: former) mới có merged_into và merged_on"))
    return extra, issues


def finish_provinces(index: TermIndex, lines: dict[str, dict[str, int]], path: str) -> list[Problem]:
    problems: list[Problem] = []
    for term in index.terms.values():
        key = term.merged_into_key
        if not key:
            continue
        target = index.terms.get(key)
        line = lines[term.key].get("merged_into", term.line)
        if target is None:
            hint = did_you_mean(key, index.terms)
            problems.append(Problem(path, line, "merged_into", f"danh bạ không có tỉnh, thành phố nào có khóa '{key}'.{hint}".rstrip(".")))
        elif target.status != "current":
            problems.append(Problem(path, line, "merged_into", f"'{key}' cũng là đơn vị đã hợp nhất: hãy ghi khóa của đơn vị hiện nay"))
        else:
            term.extra["merged_into"] = target
            target.extra["absorbed"].append(term)
    return problems


# --- topics ------------------------------------------------------------------------------


def check_topic(entry: dict[str, Any], context: RegistryContext) -> tuple[dict[str, Any], list[Issue]]:
    issues: list[Issue] = []
    description = _markdown(entry, "description", context, issues)
    extra = {
        "topic_kind": _choice(entry, "kind", TOPIC_KINDS, issues),
        "description_html": description,
        "description_text": " ".join(Markup(description).striptags().split()),
    }
    return extra, issues


KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "officials": ("portrait", "bio", "positions"),
    "provinces": ("type", "status", "merged_into", "merged_on", "since"),
    "topics": ("kind", "description"),
}
KIND_CHECKS = {"officials": check_official, "provinces": check_province, "topics": check_topic}
