"""Read, validate and link the documents: one function for the build and `make check`.

`load_collection` reads every `content/<PORTAL_DOCUMENTS_PATH>/**/*.md` (not attachments'
folder names: any Markdown file there is a document) with the reader's front matter parser,
checks each field (fields.py), resolves the type and issuing body (registry.py), the signer,
topics and provinces (the taxonomies' registries), checks that every number is unique and
that every document it replaces or amends is in the collection (or marked external), links
both directions and derives each status on the build's day. Every problem is returned with
its `path:line`; a document with problems is left out of the collection.
"""

from __future__ import annotations

import os
import posixpath
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portal_diagnostics import Problem
from portal_reader.frontmatter import FrontMatterError, parse
from portal_reader.links import LinkEnv, check_reference
from portal_reader.schema import describe, validate
from portal_reader.source import display_path
from vietnamese.text import did_you_mean, slugify

from .fields import ATTACHMENT_TYPES, DERIVED_FIELDS, DOCUMENT_FIELDS
from .model import Attachment, Document, Reference, newest_first, status_on
from .registry import Registry, load_registry

DEFAULTS = {
    "PORTAL_DOCUMENTS_PATH": "van-ban",  # under content/; also the address of the section
    "PORTAL_DOCUMENT_TYPES_FILE": "data/loai-van-ban.yaml",
    "PORTAL_DOCUMENT_BODIES_FILE": "data/co-quan-ban-hanh.yaml",
    "PORTAL_DOCUMENTS_PER_PAGE": 20,
}


def setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


@dataclass
class Collection:
    """The documents of one build, newest first, and the registries they name."""

    documents: list[Document] = field(default_factory=list)
    types: Registry | None = None
    bodies: Registry | None = None
    sources: list[str] = field(default_factory=list)  # every document file, relative to content/
    attachments: list[str] = field(default_factory=list)  # files to publish, relative to content/

    def by_number(self) -> dict[str, Document]:
        return {d.so_hieu: d for d in self.documents}


def document_files(settings: dict[str, Any], files: frozenset[str]) -> list[str]:
    """The document sources among the content files (relative to content/), sorted."""
    folder = str(setting(settings, "PORTAL_DOCUMENTS_PATH")).strip("/") + "/"
    return sorted(rel for rel in files if rel.startswith(folder) and rel.endswith(".md"))


@dataclass
class _Read:
    rel: str
    shown: str
    fields: dict[str, Any]
    lines: dict[str, int]


def load_collection(
    settings: dict[str, Any], files: frozenset[str], taxonomies: list[Any], today: date
) -> tuple[Collection, list[Problem]]:
    """The collection of `files` (every file under content/) and every problem found."""
    root = os.path.abspath(settings["PATH"])
    sources = document_files(settings, files)
    collection = Collection(sources=sources)
    if not sources:
        return collection, []
    problems: list[Problem] = []
    types, found = load_registry(root, str(setting(settings, "PORTAL_DOCUMENT_TYPES_FILE")), "loại văn bản")
    problems += found
    bodies, found = load_registry(root, str(setting(settings, "PORTAL_DOCUMENT_BODIES_FILE")), "cơ quan ban hành")
    problems += found
    collection.types, collection.bodies = types, bodies
    kinds = {t.spec.kind: t for t in taxonomies}

    read: list[_Read] = []
    for rel in sources:
        shown = display_path(os.path.join(root, rel))
        item, found = _read(root, rel, shown)
        problems += found
        if item is not None:
            read.append(item)

    # Numbers and addresses are unique across the collection: a clash names both files.
    first: dict[str, _Read] = {}
    slugs: dict[str, _Read] = {}
    clashing: set[str] = set()
    for item in read:
        number = item.fields.get("so_hieu")
        if not isinstance(number, str):
            continue
        line = item.lines.get("so_hieu", 1)
        other = first.get(number)
        if other is None and (twin := slugs.get(slugify(number))) is not None:
            problems.append(Problem(item.shown, line, "so_hieu", f"'{number}' cho cùng địa chỉ /van-ban/{slugify(number)}.html "
                                    f"với '{twin.fields['so_hieu']}' ({twin.shown}:{twin.lines.get('so_hieu', 1)}): "
                                    "hãy xem lại một trong hai số hiệu"))
            clashing.add(item.rel)
            continue
        if other is not None:
            for this, that in ((item, other), (other, item)):
                problems.append(Problem(this.shown, this.lines.get("so_hieu", 1), "so_hieu",
                                        f"số hiệu '{number}' trùng với văn bản {that.shown} (dòng {that.lines.get('so_hieu', 1)}): "
                                        "mỗi văn bản có một số hiệu riêng; nếu là cùng một văn bản, hãy xóa một tệp"))
            clashing.update((item.rel, other.rel))
            continue
        first[number] = item
        slugs[slugify(number)] = item

    documents: dict[str, Document] = {}
    pending: list[tuple[_Read, Document]] = []
    for item in read:
        document, found = _build(item, types, bodies, kinds, root, files, attachments_folder(settings))
        problems += found
        if document is not None and not found and item.rel not in clashing:
            documents[document.so_hieu] = document
            pending.append((item, document))
    numbers = sorted(first)
    for item, document in pending:
        found = _link(item, document, documents, numbers)
        problems += found
    for document in documents.values():
        document.bi_thay_the_boi = newest_first(document.bi_thay_the_boi)
        document.duoc_sua_doi_boi = newest_first(document.duoc_sua_doi_boi)
        document.bi_bai_bo_mot_phan_boi = newest_first(document.bi_bai_bo_mot_phan_boi)
        document.status = status_on(document, today)
        collection.attachments += [a.path for a in document.tep]
    collection.documents = newest_first(list(documents.values()))
    for document in collection.documents:
        document.loai.documents.append(document)
        document.co_quan.documents.append(document)
    return collection, problems


def _read(root: str, rel: str, shown: str) -> tuple[_Read | None, list[Problem]]:
    """Front matter of one document, checked field by field (the reader's parser and schema)."""
    try:
        with open(os.path.join(root, rel), encoding="utf-8") as handle:
            text = unicodedata.normalize("NFC", handle.read().replace("\r\n", "\n"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, 0, "", f"không đọc được tệp dưới dạng văn bản UTF-8 ({exc}): hãy lưu tệp dạng UTF-8 (Unicode)")]
    try:
        front = parse(text)
    except FrontMatterError as exc:
        return None, [Problem(shown, line, "", message) for line, message in exc.problems]
    data = dict(front.data)
    problems = [Problem(shown, front.lines.get(key, 1), key, message) for key, message in DERIVED_FIELDS.items() if key in data]
    for key in DERIVED_FIELDS:
        data.pop(key, None)
    clean, issues = validate(data, DOCUMENT_FIELDS)
    for issue in issues:
        top = issue.field.split(".")[0].split("[")[0]
        problems.append(Problem(shown, front.lines.get(issue.field, front.lines.get(top, 1)), issue.field, issue.message))
    if front.body.strip():
        problems.append(Problem(shown, front.body_line, "body", "văn bản chỉ có phần đầu (các trường), không có thân bài: "
                                "đưa nội dung tóm tắt vào 'trich_yeu', toàn văn vào 'tep' hoặc 'lien_ket'"))
    _check_dates(clean, front.lines, shown, problems)
    return _Read(rel, shown, clean, front.lines), problems


def _check_dates(fields: dict[str, Any], lines: dict[str, int], shown: str, problems: list[Problem]) -> None:
    issued, effect, end = fields.get("ngay_ban_hanh"), fields.get("ngay_hieu_luc"), fields.get("het_hieu_luc")
    if issued and effect and effect < issued:
        problems.append(Problem(shown, lines.get("ngay_hieu_luc", 1), "ngay_hieu_luc",
                                f"sớm hơn ngày ban hành (đang ghi {effect:%Y-%m-%d}, cần {issued:%Y-%m-%d} hoặc muộn hơn)"))
    start = effect or issued
    if start and end and end <= start:
        problems.append(Problem(shown, lines.get("het_hieu_luc", 1), "het_hieu_luc",
                                f"không muộn hơn ngày có hiệu lực (đang ghi {end:%Y-%m-%d}, cần sau {start:%Y-%m-%d})"))


def attachments_folder(settings: dict[str, Any]) -> str:
    """Where attached files live, relative to content/: van-ban/tep/."""
    return str(setting(settings, "PORTAL_DOCUMENTS_PATH")).strip("/") + "/tep/"


def _build(item: _Read, types: Registry, bodies: Registry, kinds: dict[str, Any], root: str,
           files: frozenset[str], folder: str) -> tuple[Document | None, list[Problem]]:
    """The document of one file's checked fields, its names resolved."""
    fields, lines, shown = item.fields, item.lines, item.shown
    problems: list[Problem] = []

    def problem(name: str, message: str, line: int | None = None) -> None:
        problems.append(Problem(shown, line or lines.get(name, 1), name, message))

    loai = types.get(fields["loai"]) if "loai" in fields else None
    if "loai" in fields and loai is None:
        problem("loai", types.unknown(fields["loai"]))
    if loai is not None and "so_hieu" in fields and (message := _type_mismatch(fields["so_hieu"], loai, types)):
        problem("loai", message)
    co_quan = bodies.get(fields["co_quan"]) if "co_quan" in fields else None
    if "co_quan" in fields and co_quan is None:
        problem("co_quan", bodies.unknown(fields["co_quan"]))
    signer, position = None, ""
    if "nguoi_ky" in fields:
        signer, position, message = _signer(fields["nguoi_ky"], fields.get("ngay_ban_hanh"), kinds.get("officials"))
        if message:
            problem("nguoi_ky", message)
    topics = _terms(fields, lines, "linh_vuc", kinds.get("topics"), problem)
    provinces = _terms(fields, lines, "provinces", kinds.get("provinces"), problem)
    attachments = [a for position_, (path, label) in enumerate(fields.get("tep") or [])
                   if (a := _attachment(path, label, item.rel, root, files, folder,
                                        lambda m, p=position_: problem("tep", m, lines.get(f"tep[{p}]")))) is not None]
    required = ("so_hieu", "loai", "co_quan", "ngay_ban_hanh", "trich_yeu")
    if problems or loai is None or co_quan is None or any(name not in fields for name in required):
        return None, problems
    document = Document(
        source=item.rel, so_hieu=fields["so_hieu"], slug=slugify(fields["so_hieu"]), loai=loai, co_quan=co_quan,
        ngay_ban_hanh=fields["ngay_ban_hanh"], trich_yeu=fields["trich_yeu"], ngay_hieu_luc=fields.get("ngay_hieu_luc"),
        het_hieu_luc=fields.get("het_hieu_luc"), nguoi_ky=signer, chuc_vu=position, linh_vuc=topics,
        provinces=provinces, tep=attachments, lien_ket=fields.get("lien_ket", ""),
    )
    return document, problems


def _type_mismatch(number: str, loai: Any, types: Registry) -> str | None:
    """A type whose abbreviation is not the one the number carries ("76/NQ-CP" written as a
    Nghị định), with the type it carries. Numbers with a one-part symbol (a law, a National
    Assembly resolution: 20/2023/QH15) carry no type."""
    parts = number.rsplit("/", 1)[-1].split("-")
    if len(parts) < 2 or not loai.ky_hieu or parts[0] == loai.ky_hieu:
        return None
    carried = next((entry for entry in types.entries.values() if entry.ky_hieu == parts[0]), None)
    hint = f" Có phải ý bạn là '{carried.name}'?" if carried else ""
    return (f"không khớp với số hiệu (đang ghi {describe(loai.name)}, ký hiệu {loai.ky_hieu}; số hiệu '{number}' "
            f"mang ký hiệu {parts[0]}).{hint}").rstrip(".")


def _terms(fields: dict[str, Any], lines: dict[str, int], name: str, taxonomy: Any, problem: Any) -> list[Any]:
    """Terms of a taxonomy (topics, provinces) for the names of `name`, as articles resolve them."""
    from portal_taxonomy.resolve import resolve_names

    names = fields.get(name) or []
    if not names:
        return []
    if taxonomy is None:
        problem(name, "trang này chưa dùng danh bạ của trường này (chưa khai báo trong PORTAL_TAXONOMIES của "
                      "pelicanconf.py): xóa trường này, hoặc nhờ người quản trị khai báo")
        return []
    terms, unknown = resolve_names(taxonomy.spec, names, taxonomy.lookup)
    for position, message in unknown:
        problem(name, message, lines.get(f"{name}[{position}]"))
    return terms


def _signer(name: str, day: date | None, officials: Any) -> tuple[Any, str, str]:
    """(term, position on the day of signing, problem message or "")."""
    from portal_taxonomy.resolve import unknown_message

    if officials is None:
        return None, "", "chưa có danh bạ cán bộ (officials trong PORTAL_TAXONOMIES của pelicanconf.py) để tra người ký"
    term = officials.lookup.get(name)
    registry = f"content/{officials.spec.registry}"
    if term is None:
        return None, "", (f"{unknown_message(officials.spec, name, officials.lookup)} Nếu đúng là người ký, hãy thêm "
                          f"người này vào {registry} cùng chức vụ lúc ký (title, organisation, from, to)")
    if day is None:
        return term, "", ""
    held = position_on(term, day)
    if held is None:
        return term, "", (f"danh bạ chưa có chức vụ của {term.name} vào ngày ký {day:%d/%m/%Y} (dòng {term.line} của "
                          f"{registry}): hãy thêm chức vụ lúc ký (title, organisation, from, to)")
    return term, position_title(held), ""


def position_on(term: Any, day: date) -> dict[str, Any] | None:
    """The position `term` held on `day` (an end given as a year or a month runs to its end)."""
    for position in getattr(term, "positions", None) or []:
        start, end = position.get("start"), position.get("end")
        if start is not None and day < start.value.date():
            continue
        if end is not None and day >= _after(end):
            continue
        return position
    return None


def _after(partial: Any) -> date:
    """The first day after a date known to the year, the month or the day."""
    value = partial.value.date()
    if partial.precision == "year":
        return date(value.year + 1, 1, 1)
    if partial.precision == "month":
        return date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return value + timedelta(days=1)


def position_title(position: dict[str, Any]) -> str:
    """"Phó Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "Quyền Bộ trưởng Bộ Nội vụ"."""
    title, organisation = position["title"], position["organisation"]
    shown = title if organisation in title else f"{title} {organisation}"
    qualifier = position.get("qualifier")
    return f"{qualifier} {shown[0].lower()}{shown[1:]}" if qualifier == "Quyền" else shown


def _attachment(path: str, label: str, rel: str, root: str, files: frozenset[str], folder: str,
                problem: Any) -> Attachment | None:
    """An attached file, checked with the reader's path rules: inside content/, existing,
    a document type; and kept in the documents' attachments folder."""
    allowed = ", ".join(kind for kind in ATTACHMENT_TYPES.values())
    if "://" in path:
        problem(f"'{path}' là địa chỉ web, không phải tệp trong kho: ghi địa chỉ toàn văn vào 'lien_ket'")
        return None
    suffix = posixpath.splitext(path.split("#")[0])[1].lower()
    if suffix not in ATTACHMENT_TYPES:
        problem(f"tệp đính kèm {describe(path)} không phải loại được nhận (cần {allowed})")
        return None
    target, message = check_reference(path, LinkEnv(rel, files), "tệp đính kèm", static=False)
    if message:
        problem(message)
        return None
    resolved = str(target).removeprefix("{static}/").split("#")[0]
    if not resolved.startswith(folder):
        problem(f"tệp đính kèm {describe(path)} phải nằm trong content/{folder} (đang ở content/{resolved}): "
                "hãy chuyển tệp vào đó")
        return None
    kind = ATTACHMENT_TYPES[suffix]
    return Attachment(resolved, label or f"Toàn văn ({kind})", kind, os.path.getsize(os.path.join(root, resolved)))


# (field, the field of the other direction on the target)
RELATIONS = (("thay_the", "bi_thay_the_boi"), ("sua_doi", "duoc_sua_doi_boi"), ("bai_bo_mot_phan", "bi_bai_bo_mot_phan_boi"))


def _link(item: _Read, document: Document, documents: dict[str, Document], numbers: list[str]) -> list[Problem]:
    """`thay_the` / `sua_doi` / `bai_bo_mot_phan` as references, and the other direction on
    their targets."""
    problems: list[Problem] = []
    for name, back in RELATIONS:
        references: list[Reference] = []
        for position, (number, external) in enumerate(item.fields.get(name) or []):
            line = item.lines.get(f"{name}[{position}]", item.lines.get(name, 1))
            target = documents.get(number)
            if number == document.so_hieu:
                problems.append(Problem(item.shown, line, name, f"mục {position + 1} là chính văn bản này ('{number}'); hãy xóa mục này"))
            elif external and number in numbers:
                problems.append(Problem(item.shown, line, name, f"mục {position + 1} '{number}' có trên cổng: bỏ 'ngoai: true' "
                                                                f"và ghi số hiệu, để hai văn bản liên kết với nhau"))
            elif external:
                references.append(Reference(number))
            elif target is None and number not in numbers:
                near = did_you_mean(number, [n for n in numbers if n != document.so_hieu])
                problems.append(Problem(item.shown, line, name, (
                    f"mục {position + 1} '{number}' không có trong các văn bản của cổng (content/{posixpath.dirname(item.rel)}/)."
                    f"{near} Nếu văn bản không đăng trên cổng, ghi {{so_hieu: {number}, ngoai: true}}")))
            elif target is not None:
                references.append(Reference(number, target))
                getattr(target, back).append(document)
        setattr(document, name, references)
    return problems
