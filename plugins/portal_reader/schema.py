"""The front matter contract for editors, and its validation.

Validation never stops at the first problem: every field is checked and every problem is
returned with its line, as `path:line: field: lỗi (đang ghi …, cần …). Có phải ý bạn là …?`
(editors read these messages: they are Vietnamese).
Names of officials, provinces and topics are kept as text here; the taxonomy plugin
resolves them against the registries. The category key is checked by portal_site, which
owns the category registry.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from vietnamese.text import SLUG_MAX, cut_slug, did_you_mean, group_digits, nfc, slugify

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
    refuses it: "sai kiểu giá trị (đang ghi một số có 5.000 chữ số, cần …)".
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
    """How a value reads in an error message: "số 5", "một danh sách", "'abc'"."""
    if value is None:
        return "giá trị trống"
    if isinstance(value, bool):
        return f"{'yes' if value else 'no'} (giá trị đúng/sai)"
    if isinstance(value, (int, float)):
        return f"số {value}"
    if isinstance(value, LongNumber):
        return f"một số có {group_digits(value.digits)} chữ số"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return "'" + printable(shown).replace("\n", "\\n").replace("\t", "\\t") + "'"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    return type(value).__name__


# Article and registry dates: wide enough for any date the portal publishes or records
# (positions held since 1945, articles scheduled years ahead), narrow enough that no time
# zone conversion, feed date, sitemap date or archive URL can overflow or lose a digit.
YEARS = (1900, 2100)


def parse_datetime(value: Any) -> datetime:
    """ISO 8601 → aware datetime; date-only means 00:00; no offset means +07:00.

    Raises ValueError with the message tail "(đang ghi …, cần …). Có phải ý bạn là …?".
    """
    expected = "cần năm-tháng-ngày, ví dụ 2023-06-19 hoặc 2023-06-19 09:00"
    if not isinstance(value, str):
        raise ValueError(f"không phải ngày tháng (đang ghi {describe(value)}, {expected})")
    text = value.strip()
    match = _ISO_RE.match(text)
    if not match:
        suggestion = _suggested_date(text)
        hint = f" Có phải ý bạn là '{suggestion}'?" if suggestion else ""
        raise ValueError(f"ngày chưa đúng dạng năm-tháng-ngày (đang ghi {describe(value)}, {expected}).{hint}".rstrip("."))
    year, month, day, hour, minute, second, offset = match.groups()
    if not YEARS[0] <= int(year) <= YEARS[1]:
        raise ValueError(
            f"năm nằm ngoài khoảng cho phép (đang ghi {describe(value)}, cần năm từ {YEARS[0]} đến {YEARS[1]})"
        )
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
                    f"múi giờ không hợp lệ (đang ghi {describe(value)}, cần độ lệch từ -12:00 đến +14:00, "
                    "ví dụ +07:00, hoặc không ghi múi giờ để dùng giờ Việt Nam)"
                )
            sign = 1 if offset[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        result = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz
        )
    except ValueError:
        raise ValueError(
            f"không phải ngày có thật (đang ghi {describe(value)}: "
            f"{_date_fault(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))})"
        ) from None
    # Keep every date in Vietnam's time zone, the zone the site displays.
    return result.astimezone(VN_TZ) if tz is not VN_TZ else result


def _date_fault(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str:
    """Why the parts of a date make no real date, for an editor (Python's reason is English)."""
    if not 1 <= month <= 12:
        return "tháng phải từ 1 đến 12"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"tháng {month}/{year} chỉ có {days} ngày"
    if day < 1:
        return f"ngày phải từ 1 đến {days}"
    if hour > 23:
        return "giờ phải từ 0 đến 23"
    if minute > 59:
        return "phút phải từ 0 đến 59"
    return "giây phải từ 0 đến 59"


def _text(value: Any, field: str, what: str) -> tuple[str | None, list[Issue]]:
    if not isinstance(value, str) or isinstance(value, bool):
        return None, [Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần {what})")]
    text = " ".join(nfc(value).split()) if "\n" not in value.strip() else nfc(value).strip()
    if not text:
        return None, [Issue(field, f"đang để trống (cần {what})")]
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
            Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần danh sách {what}, ví dụ [{describe(value)[1:-1]}])")
        ]
    if not isinstance(value, list):
        return None, [Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần danh sách {what})")]
    items: list[str] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    for position, item in enumerate(value, 1):
        text, item_issues = _text(item, field, what)
        if item_issues:
            issues.append(Issue(field, f"mục {position} {item_issues[0].message}"))
            continue
        assert text is not None
        if text in seen:
            issues.append(Issue(field, f"mục {position} lặp lại {describe(text)}; chỉ ghi một lần"))
            continue
        problem = check(text) if check else None
        if problem:
            issues.append(Issue(field, f"mục {position} {describe(text)} {problem}"))
            continue
        seen.add(text)
        items.append(text)
    return items, issues


def _url(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    text, issues = _text(value, field, "địa chỉ web bắt đầu bằng https://")
    if issues:
        return None, issues
    assert text is not None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        hint = f" Có phải ý bạn là 'https://{text}'?" if not parts.scheme and "." in text else ""
        return None, [
            Issue(field, f"không phải địa chỉ web (đang ghi {describe(value)}, cần https://…).{hint}".rstrip("."))
        ]
    return text, []


def _mapping(
    value: Any, field: str, spec: dict[str, tuple[bool, Callable[[Any, str], tuple[Any, list[Issue]]]]], example: str
) -> tuple[dict[str, Any] | None, list[Issue]]:
    if not isinstance(value, dict):
        return None, [Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần các trường {example})")]
    result: dict[str, Any] = {}
    issues: list[Issue] = []
    for key in value:
        if key not in spec:
            issues.append(
                Issue(
                    f"{field}.{key}",
                    f"không có trường này (cần một trong các trường: {', '.join(spec)}).{did_you_mean(key, spec)}"
                    .rstrip("."),
                )
            )
    for key, (required, check) in spec.items():
        sub = f"{field}.{key}"
        if key not in value or value[key] is None:
            if required:
                issues.append(Issue(field, f"thiếu trường bắt buộc '{key}' (cần các trường {example})"))
            continue
        checked, sub_issues = check(value[key], sub)
        issues.extend(sub_issues)
        if not sub_issues:
            result[key] = checked
    return result, issues


def _plain(what: str) -> Callable[[Any, str], tuple[Any, list[Issue]]]:
    return lambda value, field: _text(value, field, what)


SOURCE_SPEC = {
    "name": (True, _plain("tên nguồn tin, ví dụ baogialai.com.vn")),
    "url": (True, _url),
}
IMAGE_SPEC = {
    "src": (True, _plain("tệp ảnh, tính từ thư mục của bài, ví dụ ../../images/2023/anh.jpg")),
    "alt": (True, _plain("mô tả ảnh cho người không nhìn thấy ảnh")),
    "caption": (False, _plain("chú thích ảnh dạng văn bản")),
    "credit": (False, _plain("tên người chụp ảnh")),
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
            f"không có trạng thái này (đang ghi {describe(value)}, cần 'published' (đã đăng) hoặc 'draft' (bản nháp))."
            f"{did_you_mean(str(value), ['published', 'draft'])}".rstrip("."),
        )
    ]


def slug_too_long(value: str) -> str | None:
    """The message for a slug (or registry key) longer than SLUG_MAX, with the cut one."""
    if len(value) <= SLUG_MAX:
        return None
    return (
        f"quá dài (đang ghi {group_digits(len(value))} ký tự, cần tối đa {SLUG_MAX} ký tự vì nó trở thành tên tệp). "
        f"Có phải ý bạn là '{cut_slug(value)}'?"
    )


def _slug(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    if isinstance(value, str) and SLUG_RE.match(value):
        too_long = slug_too_long(value)
        return (None, [Issue(field, too_long)]) if too_long else (value, [])
    hint = f" Có phải ý bạn là '{slugify(value)}'?" if isinstance(value, str) and slugify(value) else ""
    return None, [
        Issue(
            field,
            f"không phải đường dẫn hợp lệ (đang ghi {describe(value)}, cần chữ thường a-z không dấu, chữ số và "
            f"dấu gạch ngang).{hint}".rstrip("."),
        )
    ]


def _aliases(value: Any, field: str) -> tuple[list[str] | None, list[Issue]]:
    items, issues = _text_list(value, field, "địa chỉ cũ như /tin-tuc/bai-cu.html")
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
                Issue(field, f"không phải địa chỉ trong trang (đang ghi {describe(item)}, cần đường dẫn như /tin-tuc/bai-cu.html)")
            )
            continue
        if any(s.startswith(".") for s in segments):
            issues.append(Issue(field, f"địa chỉ cũ {describe(item)} có phần bắt đầu bằng '.' (tệp ẩn như .htaccess "
                                       "dùng để cấu hình máy chủ web); hãy xóa địa chỉ này"))
            continue
        longest = max(len(s.encode("utf-8")) for s in segments)
        if longest > NAME_MAX_BYTES:
            issues.append(Issue(field, f"địa chỉ cũ {describe(item)} có một phần dài {group_digits(longest)} byte (cần "
                                       f"tối đa {NAME_MAX_BYTES} byte vì mỗi phần trở thành tên một tệp hay thư mục); "
                                       "hãy rút ngắn hoặc xóa địa chỉ này"))
            continue
        good.append("/" + "/".join(segments) + ("/" if path.endswith("/") else ""))
    return good, issues


def _title(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    text, issues = _text(value, field, "tiêu đề dạng văn bản")
    if text is not None and len(text) > TITLE_MAX:
        return None, [Issue(field, f"quá dài (đang ghi {group_digits(len(text))} ký tự, cần tối đa {TITLE_MAX} ký tự "
                                   "cho một tiêu đề; phần còn lại đưa vào 'summary' hoặc thân bài)")]
    return text, issues


def _addressable(text: str) -> str | None:
    """A tag makes an address (tu-khoa/<slug>/), so it needs a letter or digit; it is a
    keyword shown on every page that lists it, so it is no longer than a headline."""
    if len(text) > TITLE_MAX:
        return f"quá dài ({group_digits(len(text))} ký tự, cần tối đa {TITLE_MAX} ký tự cho một từ khóa); hãy rút ngắn"
    return None if slugify(text) else "không có chữ cái hay chữ số nào để làm địa chỉ; hãy viết bằng chữ hoặc xóa thẻ này"


def _category_key(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    # The key's existence is checked against the registry by portal_site.
    return _text(value, field, "khóa chuyên mục trong danh bạ content/data/categories.yaml, ví dụ tin-tong-hop")


ARTICLE_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec(True, _title, "tiêu đề của bài"),
    "date": FieldSpec(True, _date_field, "ngày đăng"),
    "updated": FieldSpec(False, _date_field, "ngày cập nhật gần nhất"),
    "category": FieldSpec(True, _category_key, "khóa chuyên mục"),
    "summary": FieldSpec(True, _plain_summary("sa-pô dạng văn bản thường"), "sa-pô, đoạn mở đầu của bài"),
    "officials": FieldSpec(False, lambda v, f: _text_list(v, f, "tên cán bộ"), ""),
    "provinces": FieldSpec(False, lambda v, f: _text_list(v, f, "tên tỉnh, thành phố"), ""),
    "topics": FieldSpec(False, lambda v, f: _text_list(v, f, "tên chủ đề"), ""),
    "tags": FieldSpec(False, lambda v, f: _text_list(v, f, "thẻ (từ khóa)", _addressable), ""),
    "author": FieldSpec(True, _plain("tên tác giả"), "tên tác giả"),
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
    return None, [Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần true hoặc false)")]


# Languages a page may be written in (`lang:`); Vietnamese is the default.
PAGE_LANGUAGES = {"vi": "tiếng Việt", "en": "tiếng Anh"}


def _lang(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    if isinstance(value, str) and value in PAGE_LANGUAGES:
        return value, []
    wanted = " hoặc ".join(f"'{code}' ({name})" for code, name in PAGE_LANGUAGES.items())
    return None, [Issue(field, f"không có ngôn ngữ này (đang ghi {describe(value)}, cần {wanted})."
                               f"{did_you_mean(str(value).lower(), list(PAGE_LANGUAGES))}".rstrip("."))]


def _translation_of(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    """The slug of the page this one translates (portal_site pairs them and checks that the
    page exists); a file name or address is answered with the slug it stands for."""
    if isinstance(value, str) and SLUG_RE.match(value):
        return value, []
    text = value.strip() if isinstance(value, str) else ""
    name = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].removesuffix(".md").removesuffix(".html")
    hint = f" Có phải ý bạn là '{slugify(name)}'?" if slugify(name) else ""
    return None, [Issue(field, f"không phải địa chỉ của một trang (đang ghi {describe(value)}, cần phần 'slug' của "
                               f"trang gốc, ví dụ gioi-thieu).{hint}".rstrip("."))]


PAGE_FIELDS: dict[str, FieldSpec] = {
    "title": ARTICLE_FIELDS["title"],
    # The agency's contact details (PORTAL in pelicanconf.py, the footer's source) shown at
    # the top of the page: one source for them (the contact page).
    "contact": FieldSpec(False, _flag, ""),
    "summary": FieldSpec(False, _plain_summary("một câu mô tả trang, dạng văn bản thường"), ""),
    "slug": ARTICLE_FIELDS["slug"],
    "status": ARTICLE_FIELDS["status"],
    "updated": ARTICLE_FIELDS["updated"],
    "aliases": ARTICLE_FIELDS["aliases"],
    # An English page (`lang: en`) names the Vietnamese page it translates: both then carry
    # hreflang alternates and the header's language switch leads from one to the other.
    "lang": FieldSpec(False, _lang, ""),
    "translation_of": FieldSpec(False, _translation_of, ""),
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
                    f"không có trường này (cần một trong các trường: {', '.join(fields)}).{did_you_mean(key, fields)}"
                    .rstrip("."),
                )
            )
            continue
        if value is None:
            if fields[key].required:
                issues.append(Issue(key, f"đang để trống (cần {fields[key].expected})"))
            continue
        checked, field_issues = fields[key].check(value, key)
        issues.extend(field_issues)
        if not field_issues:
            clean[key] = checked
    for key, spec in fields.items():
        if spec.required and key not in data:
            issues.append(Issue(key, f"thiếu trường bắt buộc (cần {spec.expected})"))
    if "date" in clean and "updated" in clean and clean["updated"] < clean["date"]:
        issues.append(
            Issue(
                "updated",
                f"sớm hơn ngày đăng (đang ghi {clean['updated']:%Y-%m-%d %H:%M}, cần "
                f"{clean['date']:%Y-%m-%d %H:%M} hoặc muộn hơn)",
            )
        )
    return clean, issues


# The validators other kinds of content build their fields from (portal_documents), by
# public names.
plain_field = _plain
text_field = _text
text_list_field = _text_list
