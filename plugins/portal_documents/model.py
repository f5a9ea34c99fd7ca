"""A document as the pages show it, and its status in force on a given day.

Status (tình trạng) is derived, never written (see `status_on`):
- "Chưa có hiệu lực" before the document takes effect (`ngay_hieu_luc`; without it, the day
  it was issued);
- "Hết hiệu lực" from `het_hieu_luc`, or from the day a document of the collection that
  replaces it (`thay_the`) takes effect — a replaced document does not come back into force
  when its replacement is itself replaced later;
- "Hết hiệu lực một phần" once a document of the collection that repeals part of it
  (`bai_bo_mot_phan`: "bãi bỏ một phần", or replaces some of its articles) has taken
  effect;
- "Được sửa đổi, bổ sung" once a document of the collection that amends it (`sua_doi`) has
  taken effect;
- "Còn hiệu lực" otherwise.
The day is the build's "now" (vietnamese.clock.build_now, PORTAL_NOW in tests), so a build
is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from portal_reader.schema import VN_TZ

from .registry import Entry

# Status key (its address: /van-ban/tinh-trang/<key>/) → label, in the order of the facet list.
STATUSES = {
    "con-hieu-luc": "Còn hiệu lực",
    "duoc-sua-doi-bo-sung": "Được sửa đổi, bổ sung",
    "het-hieu-luc-mot-phan": "Hết hiệu lực một phần",
    "chua-co-hieu-luc": "Chưa có hiệu lực",
    "het-hieu-luc": "Hết hiệu lực",
}


@dataclass(frozen=True)
class Status:
    key: str
    since: date | None = None  # the day it ended or was first amended, when known

    @property
    def label(self) -> str:
        return STATUSES[self.key]

    @property
    def url(self) -> str:
        return f"van-ban/tinh-trang/{self.key}/"


@dataclass(frozen=True)
class Attachment:
    path: str  # relative to content/ (and to the site: it is published at the same path)
    label: str  # "Toàn văn", or what the editor wrote
    kind: str  # PDF, DOCX, XLSX
    size: int  # bytes

    @property
    def url(self) -> str:
        return self.path

    @property
    def size_text(self) -> str:
        """"245 KB", "1,2 MB": Vietnamese decimal comma."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB".replace(".", ",")


@dataclass(frozen=True)
class Reference:
    """A related document by number: one of the collection, or one published elsewhere."""

    so_hieu: str
    document: Document | None = None  # None: external (ngoai: true)


@dataclass(eq=False)
class Document:
    source: str  # relative to content/: van-ban/76-nq-cp.md
    so_hieu: str
    slug: str
    loai: Entry
    co_quan: Entry
    ngay_ban_hanh: date
    trich_yeu: str
    ngay_hieu_luc: date | None = None
    het_hieu_luc: date | None = None
    nguoi_ky: Any = None  # an officials' Term
    chuc_vu: str = ""  # the signer's position on the day of signing, as the register shows it
    linh_vuc: list[Any] = field(default_factory=list)  # topics' Terms
    provinces: list[Any] = field(default_factory=list)
    thay_the: list[Reference] = field(default_factory=list)
    sua_doi: list[Reference] = field(default_factory=list)
    bai_bo_mot_phan: list[Reference] = field(default_factory=list)
    bi_thay_the_boi: list[Document] = field(default_factory=list)  # filled from the others' thay_the
    duoc_sua_doi_boi: list[Document] = field(default_factory=list)
    bi_bai_bo_mot_phan_boi: list[Document] = field(default_factory=list)
    tep: list[Attachment] = field(default_factory=list)
    lien_ket: str = ""
    status: Status = Status("con-hieu-luc")
    cited_by: list[Any] = field(default_factory=list)  # public articles citing it, newest first (links.py)

    @property
    def url(self) -> str:
        return f"van-ban/{self.slug}.html"

    @property
    def save_as(self) -> str:
        return self.url

    @property
    def title(self) -> str:
        """"Nghị định 42/2022/NĐ-CP": how listings and feeds name it."""
        return f"{self.loai.name} {self.so_hieu}"

    @property
    def year(self) -> int:
        return self.ngay_ban_hanh.year

    @property
    def takes_effect(self) -> date:
        return self.ngay_hieu_luc or self.ngay_ban_hanh

    @property
    def issued(self) -> datetime:
        """The issue day at 00:00 +07:00 (feeds and structured data give a time)."""
        return datetime.combine(self.ngay_ban_hanh, time(), VN_TZ)


def status_on(document: Document, today: date) -> Status:
    """The document's status on `today` (see the module's docstring)."""
    if today < document.takes_effect:
        return Status("chua-co-hieu-luc")
    ends = [document.het_hieu_luc] if document.het_hieu_luc else []
    ends += [other.takes_effect for other in document.bi_thay_the_boi]
    ended = [day for day in ends if day <= today]
    if ended:
        return Status("het-hieu-luc", min(ended))
    repealed = [other.takes_effect for other in document.bi_bai_bo_mot_phan_boi if other.takes_effect <= today]
    if repealed:
        return Status("het-hieu-luc-mot-phan", min(repealed))
    amended = [other.takes_effect for other in document.duoc_sua_doi_boi if other.takes_effect <= today]
    if amended:
        return Status("duoc-sua-doi-bo-sung", min(amended))
    return Status("con-hieu-luc")


def next_change(documents: list[Document], today: date) -> date | None:
    """The first day after `today` on which the status of one of `documents` changes (one
    takes effect or ends, or one that replaces, amends or partly repeals it takes effect):
    what the site shows of them holds until then."""
    days: set[date] = set()
    for document in documents:
        days.add(document.takes_effect)
        if document.het_hieu_luc:
            days.add(document.het_hieu_luc)
        for other in (*document.bi_thay_the_boi, *document.bi_bai_bo_mot_phan_boi, *document.duoc_sua_doi_boi):
            days.add(other.takes_effect)
    return min((day for day in days if day > today), default=None)


def newest_first(documents: list[Document]) -> list[Document]:
    """By issue day, newest first; the same day by number (deterministic)."""
    return sorted(documents, key=lambda d: (-d.ngay_ban_hanh.toordinal(), d.so_hieu))
