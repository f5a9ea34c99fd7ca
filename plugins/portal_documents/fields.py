"""The front matter of a document (content/van-ban/*.md), checked field by field.

Built from the reader's own pieces (portal_reader.schema: FieldSpec, validate, dates, text
and lists), so a document's problems read exactly like an article's:
`path:line: field: lỗi (đang ghi …, cần …). Có phải ý bạn là …?`. Names (type, issuing
body, signer, topics, provinces) and the numbers of related documents are kept as text
here and resolved by load.py, which knows the registries and the whole collection.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from portal_reader.schema import FieldSpec, Issue, describe, parse_datetime, plain_field, text_field, text_list_field
from vietnamese.text import nfc

# Number and symbol: "76/NQ-CP", "42/2022/NĐ-CP", "06/QĐ-TTg", "20/2023/QH15", "36a/NQ-CP".
# A number (a letter may follow), an optional year, then the symbol: parts joined by "-",
# each starting with a capital (the body's part may go on in lower case: TTg).
SO_HIEU_RE = re.compile(r"^(\d{1,5}[a-z]?)(?:/(\d{4}))?/([A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*)$")
# Symbols typed without their Vietnamese letter or with the wrong case, and the right form.
_SYMBOL_FIXES = {"ND": "NĐ", "QD": "QĐ", "TTG": "TTg", "Ttg": "TTg", "DA": "ĐA"}
SO_HIEU_EXPECTED = "số/ký hiệu như 76/NQ-CP hoặc 42/2022/NĐ-CP"


def fixed_symbol(text: str) -> str | None:
    """The number and symbol `text` most likely means ("76 NQ CP", "42/2022/ND-CP",
    "06/qđ-ttg" → "76/NQ-CP", "42/2022/NĐ-CP", "06/QĐ-TTg"), if it reads as one."""
    tokens = [t for t in re.split(r"[\s/\-_.]+", nfc(text).strip()) if t]
    if len(tokens) < 2 or not re.fullmatch(r"\d{1,5}[a-zA-Z]?", tokens[0]):
        return None
    number, rest = tokens[0].lower(), tokens[1:]
    year = rest.pop(0) if rest and re.fullmatch(r"\d{4}", rest[0]) else None
    if not rest:
        return None
    parts = []
    for token in rest:
        upper = token.upper()
        parts.append(_SYMBOL_FIXES.get(upper, _SYMBOL_FIXES.get(token, upper)))
    candidate = f"{number}/{year}/" if year else f"{number}/"
    candidate += "-".join(parts)
    return candidate if SO_HIEU_RE.match(candidate) else None


def check_so_hieu(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    text, issues = text_field(value, field, SO_HIEU_EXPECTED)
    if text is None:
        return None, issues
    match = SO_HIEU_RE.match(text)
    wrong = match is not None and any(part in _SYMBOL_FIXES for part in match.group(3).split("-"))
    if match and not wrong:
        return text, []
    suggestion = fixed_symbol(text)
    hint = f" Có phải ý bạn là '{suggestion}'?" if suggestion and suggestion != text else ""
    what = "viết thiếu chữ Đ hoặc sai chữ hoa" if wrong else "không đúng dạng số hiệu văn bản"
    return None, [Issue(field, f"{what} (đang ghi {describe(text)}, cần {SO_HIEU_EXPECTED}).{hint}".rstrip("."))]


def check_day(value: Any, field: str) -> tuple[date | None, list[Issue]]:
    """A day (2021-07-15): documents are dated to the day, without a time."""
    if isinstance(value, str) and len(value.strip()) > 10:
        return None, [Issue(field, f"chỉ ghi ngày, không ghi giờ (đang ghi {describe(value)}, cần năm-tháng-ngày, "
                                   f"ví dụ 2021-07-15). Có phải ý bạn là '{value.strip()[:10]}'?")]
    try:
        return parse_datetime(value).date(), []
    except ValueError as exc:
        return None, [Issue(field, str(exc).replace("ví dụ 2023-06-19 hoặc 2023-06-19 09:00", "ví dụ 2021-07-15"))]


def check_https(value: Any, field: str) -> tuple[str | None, list[Issue]]:
    text, issues = text_field(value, field, "địa chỉ web bắt đầu bằng https://")
    if text is None:
        return None, issues
    parts = urlsplit(text)
    if parts.scheme == "https" and parts.netloc:
        return text, []
    fixed = "https://" + text.split("://", 1)[-1] if parts.scheme in ("", "http") and "." in text else ""
    hint = f" Có phải ý bạn là '{fixed}'?" if fixed else ""
    return None, [Issue(field, f"cần địa chỉ web an toàn bắt đầu bằng https:// (đang ghi {describe(text)}).{hint}".rstrip("."))]


def check_relations(value: Any, field: str) -> tuple[list[tuple[str, bool]] | None, list[Issue]]:
    """Numbers of other documents: "61/2018/NĐ-CP" (one of the portal's documents) or
    {so_hieu: "110/2004/NĐ-CP", ngoai: true} (a document not published here).
    Returns [(number, external)]; load.py checks that the portal has the others."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return None, [Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần danh sách số hiệu, "
                                   f"ví dụ [61/2018/NĐ-CP])")]
    found: list[tuple[str, bool]] = []
    issues: list[Issue] = []
    for position, item in enumerate(value, 1):
        external = False
        if isinstance(item, dict):
            unknown = [k for k in item if k not in ("so_hieu", "ngoai")]
            if unknown or item.get("ngoai") is not True:
                issues.append(Issue(field, f"mục {position} viết sai (đang ghi {describe(item)}, cần một số hiệu, hoặc "
                                           "{so_hieu: …, ngoai: true} cho văn bản không đăng trên cổng)"))
                continue
            item, external = item.get("so_hieu"), True
        number, sub = check_so_hieu(item, field)
        if sub:
            issues.append(Issue(field, f"mục {position}: {sub[0].message}"))
            continue
        assert number is not None
        if any(number == seen for seen, _ in found):
            issues.append(Issue(field, f"mục {position} lặp lại '{number}'; chỉ ghi một lần"))
            continue
        found.append((number, external))
    return found, issues


ATTACHMENT_TYPES = {".pdf": "PDF", ".docx": "DOCX", ".xlsx": "XLSX"}


def check_attachments(value: Any, field: str) -> tuple[list[tuple[str, str]] | None, list[Issue]]:
    """Files attached to the document: "tep/76-nq-cp.pdf" (relative to the document, like an
    image) or {src: …, ten: "Phụ lục"}. Returns [(path as written, label)]; load.py checks
    that each file exists inside content/van-ban/tep/ (the reader's path rules)."""
    if value is None:
        return [], []
    items = value if isinstance(value, list) else None
    if items is None:
        return None, [Issue(field, f"sai kiểu giá trị (đang ghi {describe(value)}, cần danh sách tệp, ví dụ [tep/76-nq-cp.pdf])")]
    found: list[tuple[str, str]] = []
    issues: list[Issue] = []
    for position, item in enumerate(items, 1):
        label = ""
        if isinstance(item, dict):
            unknown = [k for k in item if k not in ("src", "ten")]
            if unknown or not isinstance(item.get("src"), str):
                issues.append(Issue(field, f"mục {position} viết sai (đang ghi {describe(item)}, cần đường dẫn tệp, "
                                           "hoặc {src: tep/….pdf, ten: Phụ lục})"))
                continue
            label = nfc(str(item.get("ten") or "")).strip()
            item = item["src"]
        if not isinstance(item, str) or not item.strip():
            issues.append(Issue(field, f"mục {position} sai kiểu giá trị (đang ghi {describe(item)}, cần đường dẫn tệp)"))
            continue
        found.append((nfc(item.strip()), label))
    return found, issues


def _names(what: str) -> Any:
    return lambda value, field: text_list_field(value, field, what)


DOCUMENT_FIELDS: dict[str, FieldSpec] = {
    "so_hieu": FieldSpec(True, check_so_hieu, SO_HIEU_EXPECTED),
    "loai": FieldSpec(True, plain_field("loại văn bản trong danh bạ content/data/loai-van-ban.yaml"),
                      "loại văn bản, ví dụ Nghị định"),
    "co_quan": FieldSpec(True, plain_field("cơ quan ban hành trong danh bạ content/data/co-quan-ban-hanh.yaml"),
                         "cơ quan ban hành, ví dụ Chính phủ"),
    "nguoi_ky": FieldSpec(False, plain_field("tên người ký trong danh bạ content/data/officials.yaml"), ""),
    "ngay_ban_hanh": FieldSpec(True, check_day, "ngày ban hành, ví dụ 2021-07-15"),
    "ngay_hieu_luc": FieldSpec(False, check_day, ""),
    "het_hieu_luc": FieldSpec(False, check_day, ""),
    "trich_yeu": FieldSpec(True, plain_field("trích yếu nội dung dạng văn bản thường"), "trích yếu nội dung văn bản"),
    "linh_vuc": FieldSpec(False, _names("tên chủ đề"), ""),
    "provinces": FieldSpec(False, _names("tên tỉnh, thành phố"), ""),
    "thay_the": FieldSpec(False, check_relations, ""),
    "sua_doi": FieldSpec(False, check_relations, ""),
    "bai_bo_mot_phan": FieldSpec(False, check_relations, ""),
    "tep": FieldSpec(False, check_attachments, ""),
    "lien_ket": FieldSpec(False, check_https, ""),
}
# Written by the build, never by an editor.
DERIVED_FIELDS = {"tinh_trang": "tình trạng hiệu lực do hệ thống tự tính từ các ngày và từ thay_the/sua_doi/bai_bo_mot_phan: hãy xóa trường này"}

