"""Legal documents (content/van-ban/): validation messages, derived status, links both ways.

Most tests read a small collection with the library the build and `make check` share
(portal_documents.load_collection); one builds, to see the same messages fail the build.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portal_diagnostics import BuildFailed

from .conftest import ROOT, build, write_site


def document(so_hieu: str = "61/2018/NĐ-CP", **fields: Any) -> str:
    """A valid document; keyword arguments replace or add front matter lines (None drops one)."""
    base: dict[str, Any] = {
        "so_hieu": so_hieu,
        "loai": "Nghị định",
        "co_quan": "Chính phủ",
        "nguoi_ky": "Nguyễn Xuân Phúc",
        "ngay_ban_hanh": "2018-04-23",
        "ngay_hieu_luc": "2018-06-21",
        "trich_yeu": "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính.",
        "linh_vuc": "[Cải cách thủ tục hành chính]",
    }
    base.update(fields)
    return "\n".join(["---", *(f"{k}: {v}" for k, v in base.items() if v is not None), "---", ""])


def load(tmp_path: Path, files: dict[str, str], today: date = date(2026, 11, 27)) -> tuple[Any, list[str]]:
    """(collection, problems as printed) of a content folder holding `files`."""
    from pelican.settings import read_settings

    from portal_documents import load_collection
    from portal_reader.reader import scan_content
    from portal_taxonomy.load import load_taxonomies

    content = write_site(tmp_path, files)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    every, _markdown = scan_content(str(content))
    taxonomies, problems = load_taxonomies(settings, every)
    assert not problems
    collection, found = load_collection(settings, every, taxonomies, today)
    return collection, [str(p) for p in sorted(found)]


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    return load(tmp_path, files)[1]


# --- validation messages -------------------------------------------------------------------


def test_a_number_that_is_not_a_document_number_is_refused_with_the_form_it_means(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document("76 NQ CP")}) == [
        "content/van-ban/a.md:2: so_hieu: không đúng dạng số hiệu văn bản (đang ghi '76 NQ CP', cần số/ký hiệu như "
        "76/NQ-CP hoặc 42/2022/NĐ-CP). Có phải ý bạn là '76/NQ-CP'?"
    ]


def test_a_number_written_without_the_letter_d_with_stroke_is_refused_with_the_right_form(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document("42/2022/ND-CP")}) == [
        "content/van-ban/a.md:2: so_hieu: viết thiếu chữ Đ hoặc sai chữ hoa (đang ghi '42/2022/ND-CP', cần số/ký hiệu "
        "như 76/NQ-CP hoặc 42/2022/NĐ-CP). Có phải ý bạn là '42/2022/NĐ-CP'?"
    ]


def test_a_duplicate_number_names_both_files(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document(), "van-ban/b.md": document()}) == [
        "content/van-ban/a.md:2: so_hieu: số hiệu '61/2018/NĐ-CP' trùng với văn bản content/van-ban/b.md (dòng 2): "
        "mỗi văn bản có một số hiệu riêng; nếu là cùng một văn bản, hãy xóa một tệp",
        "content/van-ban/b.md:2: so_hieu: số hiệu '61/2018/NĐ-CP' trùng với văn bản content/van-ban/a.md (dòng 2): "
        "mỗi văn bản có một số hiệu riêng; nếu là cùng một văn bản, hãy xóa một tệp",
    ]


def test_unknown_type_and_issuing_body_suggest_the_nearest_registered_names(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document(loai="Nghị địng", co_quan="Chín phủ")}) == [
        "content/van-ban/a.md:3: loai: không có loại văn bản này (đang ghi 'Nghị địng', cần một tên trong danh bạ "
        "content/data/loai-van-ban.yaml). Có phải ý bạn là 'Nghị định'?",
        "content/van-ban/a.md:4: co_quan: không có cơ quan ban hành này (đang ghi 'Chín phủ', cần một tên trong danh bạ "
        "content/data/co-quan-ban-hanh.yaml). Có phải ý bạn là 'Chính phủ'?",
    ]


def test_a_signer_not_in_the_officials_registry_is_asked_to_be_added(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document(nguoi_ky="Nguyễn Văn Bình")}) == [
        "content/van-ban/a.md:5: nguoi_ky: 'Nguyễn Văn Bình' không có trong danh bạ cán bộ (content/data/officials.yaml). "
        "Có phải ý bạn là 'Nguyễn Văn An'? Nếu đúng là người ký, hãy thêm người này vào content/data/officials.yaml cùng chức vụ lúc ký "
        "(title, organisation, from, to)"
    ]


def test_a_signer_without_a_position_on_the_signing_day_is_refused(tmp_path: Path) -> None:
    # Phạm Minh Chính became Prime Minister in April 2021: the registry has no position of his in 2018.
    assert problems_of(tmp_path, {"van-ban/a.md": document(nguoi_ky="Phạm Minh Chính")}) == [
        "content/van-ban/a.md:5: nguoi_ky: danh bạ chưa có chức vụ của Phạm Minh Chính vào ngày ký 23/04/2018 "
        "(dòng 64 của content/data/officials.yaml): hãy thêm chức vụ lúc ký (title, organisation, from, to)"
    ]


def test_a_replaced_document_missing_from_the_collection_is_named_with_the_external_form(tmp_path: Path) -> None:
    files = {
        "van-ban/a.md": document(thay_the="[09/2015/QĐ-TTg]"),
        "van-ban/b.md": document("09/2015/QĐ-TT", loai="Quyết định"),
    }
    assert problems_of(tmp_path, files) == [
        "content/van-ban/a.md:10: thay_the: mục 1 '09/2015/QĐ-TTg' không có trong các văn bản của cổng (content/van-ban/). "
        "Có phải ý bạn là '09/2015/QĐ-TT'? Nếu văn bản không đăng trên cổng, ghi {so_hieu: 09/2015/QĐ-TTg, ngoai: true}"
    ]


def test_an_external_reference_is_accepted_and_kept_as_plain_text(tmp_path: Path) -> None:
    collection, problems = load(tmp_path, {"van-ban/a.md": document(thay_the="[{so_hieu: 09/2015/QĐ-TTg, ngoai: true}]")})
    assert problems == []
    [reference] = collection.documents[0].thay_the
    assert (reference.so_hieu, reference.document) == ("09/2015/QĐ-TTg", None)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-02-30", "không phải ngày có thật (đang ghi '2021-02-30': tháng 2/2021 chỉ có 28 ngày)"),
        ("30/2/2021", "ngày chưa đúng dạng năm-tháng-ngày (đang ghi '30/2/2021', cần năm-tháng-ngày, ví dụ 2021-07-15)"),
        ("15/7/2021", "ngày chưa đúng dạng năm-tháng-ngày (đang ghi '15/7/2021', cần năm-tháng-ngày, ví dụ 2021-07-15). "
                      "Có phải ý bạn là '2021-07-15'?"),
    ],
)
def test_a_date_that_does_not_exist_or_is_written_otherwise_is_refused(tmp_path: Path, written: str, expected: str) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document(ngay_ban_hanh=written, ngay_hieu_luc=None)}) == [
        f"content/van-ban/a.md:6: ngay_ban_hanh: {expected}"
    ]


def test_status_is_derived_and_refused_when_written(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document(tinh_trang="Còn hiệu lực")}) == [
        "content/van-ban/a.md:10: tinh_trang: tình trạng hiệu lực do hệ thống tự tính từ các ngày và từ thay_the/sua_doi/bai_bo_mot_phan: "
        "hãy xóa trường này"
    ]


def test_every_problem_of_every_document_is_reported_in_one_run(tmp_path: Path) -> None:
    files = {
        "van-ban/a.md": document(loai="Nghi dinh", lien_ket="http://vanban.chinhphu.vn/"),
        "van-ban/b.md": document("45/2020/NĐ-CP", trich_yeu=None, linh_vuc="[Cai cach]"),
    }
    problems = problems_of(tmp_path, files)
    assert [tuple(p.split(": ")[0:2]) for p in problems] == [
        ("content/van-ban/a.md:3", "loai"),
        ("content/van-ban/a.md:10", "lien_ket"),
        ("content/van-ban/b.md:1", "trich_yeu"),
        ("content/van-ban/b.md:8", "linh_vuc"),
    ]
    assert problems[1].endswith("cần địa chỉ web an toàn bắt đầu bằng https:// (đang ghi 'http://vanban.chinhphu.vn/'). "
                                "Có phải ý bạn là 'https://vanban.chinhphu.vn/'?")


def test_attachments_must_be_document_files_inside_the_attachments_folder(tmp_path: Path) -> None:
    listed = ["tep/nd-61.pdf", "../images/bang.xlsx", "tep/anh.jpg", "../../ngoai.pdf", "tep/nd-16.pdf"]
    files = {
        "van-ban/a.md": document(tep="".join(f"\n  - {item}" for item in listed)),
        "van-ban/tep/nd-61.pdf": "%PDF-1.4\n",
        "images/bang.xlsx": "x",
        "van-ban/tep/anh.jpg": "x",
    }
    assert problems_of(tmp_path, files) == [
        "content/van-ban/a.md:12: tep: tệp đính kèm '../images/bang.xlsx' phải nằm trong content/van-ban/tep/ "
        "(đang ở content/images/bang.xlsx): hãy chuyển tệp vào đó",
        "content/van-ban/a.md:13: tep: tệp đính kèm 'tep/anh.jpg' không phải loại được nhận (cần PDF, DOCX, XLSX)",
        "content/van-ban/a.md:14: tep: tệp đính kèm '../../ngoai.pdf' trỏ ra ngoài content/ (cần một tệp trong content/)",
        "content/van-ban/a.md:15: tep: tệp đính kèm 'tep/nd-16.pdf' không tồn tại (đã tìm content/van-ban/tep/nd-16.pdf). "
        "Có phải ý bạn là 'tep/nd-61.pdf'?",
    ]


def test_the_build_fails_once_with_the_same_messages(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"van-ban/a.md": document(loai="Nghị địng")})
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "output")
    assert [str(p) for p in failure.value.problems] == [
        "content/van-ban/a.md:3: loai: không có loại văn bản này (đang ghi 'Nghị địng', cần một tên trong danh bạ "
        "content/data/loai-van-ban.yaml). Có phải ý bạn là 'Nghị định'?"
    ]


def test_make_check_reports_the_documents_problems_the_build_reports(tmp_path: Path) -> None:
    from portal_check.check import run_check
    from portal_check.project import load_project, read_settings

    content = write_site(tmp_path, {"van-ban/a.md": document(nguoi_ky="Nguyễn Văn Bình")})
    project = load_project(read_settings(str(ROOT / "pelicanconf.py"), {"PATH": str(content)}))
    run = run_check(project, processes=1)
    assert [str(p) for p in run.problems] == problems_of(tmp_path, {})


# --- status and relations ------------------------------------------------------------------

CHAIN = {
    "van-ban/qd-93.md": document("93/2007/QĐ-TTg", loai="Quyết định", co_quan="Thủ tướng Chính phủ",
                                 nguoi_ky="Nguyễn Tấn Dũng", ngay_ban_hanh="2007-06-22", ngay_hieu_luc=None),
    "van-ban/qd-09.md": document("09/2015/QĐ-TTg", loai="Quyết định", co_quan="Thủ tướng Chính phủ",
                                 nguoi_ky="Nguyễn Tấn Dũng", ngay_ban_hanh="2015-03-25", ngay_hieu_luc="2015-05-15",
                                 thay_the="[93/2007/QĐ-TTg]"),
    "van-ban/nd-61.md": document(thay_the="[09/2015/QĐ-TTg]"),
    "van-ban/nd-107.md": document("107/2021/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2021-12-06", ngay_hieu_luc=None,
                                  sua_doi="[61/2018/NĐ-CP]"),
}


@pytest.mark.parametrize(
    ("today", "statuses"),
    [
        # 61/2018 signed but not yet in force; 09/2015 still in force until 61/2018 takes effect.
        (date(2018, 5, 1), {"93/2007/QĐ-TTg": "Hết hiệu lực", "09/2015/QĐ-TTg": "Còn hiệu lực",
                            "61/2018/NĐ-CP": "Chưa có hiệu lực"}),
        (date(2018, 6, 21), {"09/2015/QĐ-TTg": "Hết hiệu lực", "61/2018/NĐ-CP": "Còn hiệu lực"}),
        # Amended from the day 107/2021 took effect (its issue day: no ngay_hieu_luc written).
        (date(2021, 12, 6), {"61/2018/NĐ-CP": "Được sửa đổi, bổ sung", "107/2021/NĐ-CP": "Còn hiệu lực"}),
        # A replaced document stays out of force when its replacement is itself replaced.
        (date(2026, 11, 27), {"93/2007/QĐ-TTg": "Hết hiệu lực", "09/2015/QĐ-TTg": "Hết hiệu lực"}),
        (date(2015, 5, 14), {"93/2007/QĐ-TTg": "Còn hiệu lực", "09/2015/QĐ-TTg": "Chưa có hiệu lực"}),
    ],
)
def test_status_follows_dates_replacements_and_amendments_on_the_build_day(
    tmp_path: Path, today: date, statuses: dict[str, str]
) -> None:
    collection, problems = load(tmp_path, CHAIN, today)
    assert problems == []
    shown = {d.so_hieu: d.status.label for d in collection.documents}
    assert {k: shown[k] for k in statuses} == statuses


def test_an_expiry_date_ends_the_document(tmp_path: Path) -> None:
    files = {"van-ban/a.md": document(het_hieu_luc="2024-01-01")}
    assert load(tmp_path, files, date(2023, 12, 31))[0].documents[0].status.label == "Còn hiệu lực"
    assert load(tmp_path, files, date(2024, 1, 1))[0].documents[0].status.label == "Hết hiệu lực"


def test_replacements_and_amendments_are_linked_in_both_directions(tmp_path: Path) -> None:
    collection, _ = load(tmp_path, CHAIN)
    by = collection.by_number()
    assert [r.document for r in by["61/2018/NĐ-CP"].thay_the] == [by["09/2015/QĐ-TTg"]]
    assert by["09/2015/QĐ-TTg"].bi_thay_the_boi == [by["61/2018/NĐ-CP"]]
    assert [r.document for r in by["107/2021/NĐ-CP"].sua_doi] == [by["61/2018/NĐ-CP"]]
    assert by["61/2018/NĐ-CP"].duoc_sua_doi_boi == [by["107/2021/NĐ-CP"]]


def test_the_signer_is_shown_with_the_position_held_on_the_signing_day(tmp_path: Path) -> None:
    files = {"van-ban/a.md": document("42/2022/NĐ-CP", nguoi_ky="Vũ Đức Đam", ngay_ban_hanh="2022-06-24",
                                      ngay_hieu_luc="2022-08-01")}
    [doc] = load(tmp_path, files)[0].documents
    assert (doc.nguoi_ky.key, doc.chuc_vu) == ("vu-duc-dam", "Phó Thủ tướng Chính phủ")


def test_the_example_document_of_the_editors_guide_is_valid(tmp_path: Path) -> None:
    import re

    guide = (ROOT / "docs" / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    [(path, text)] = re.findall(r"^```markdown van-ban=(\S+)\n(.*?)^```$", guide, re.M | re.S)
    collection, problems = load(tmp_path, {path: text})
    assert problems == []
    assert [(d.so_hieu, d.chuc_vu, d.status.label) for d in collection.documents] == [
        ("61/2018/NĐ-CP", "Thủ tướng Chính phủ", "Còn hiệu lực")
    ]


def test_a_type_that_does_not_match_the_number_suggests_the_type_the_number_carries(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"van-ban/a.md": document("76/NQ-CP", ngay_ban_hanh="2021-07-15", ngay_hieu_luc=None,
                                                           nguoi_ky="Phạm Minh Chính")}) == [
        "content/van-ban/a.md:3: loai: không khớp với số hiệu (đang ghi 'Nghị định', ký hiệu NĐ; số hiệu '76/NQ-CP' "
        "mang ký hiệu NQ). Có phải ý bạn là 'Nghị quyết'?"
    ]
    # A law and a resolution of the National Assembly carry no type in their number.
    assert problems_of(tmp_path, {"van-ban/a.md": document("202/2025/QH15", loai="Nghị quyết", co_quan="Quốc hội",
                                                           nguoi_ky=None, ngay_ban_hanh="2025-06-12",
                                                           ngay_hieu_luc=None)}) == []


def test_the_bundled_documents_are_valid_and_their_statuses_follow_their_relations() -> None:
    from pelican.settings import read_settings

    from portal_documents import load_collection
    from portal_reader.reader import scan_content
    from portal_taxonomy.load import load_taxonomies

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")})
    every, _markdown = scan_content(str(ROOT / "content"))
    taxonomies, _ = load_taxonomies(settings, every)
    collection, problems = load_collection(settings, every, taxonomies, date(2026, 11, 27))
    assert problems == []
    assert len(collection.documents) >= 15
    ended = {d.so_hieu for d in collection.documents if d.status.key == "het-hieu-luc"}
    assert ended == {"93/2007/QĐ-TTg", "09/2015/QĐ-TTg", "43/2011/NĐ-CP", "51/2005/QH11"}
    assert collection.by_number()["61/2018/NĐ-CP"].status.label == "Được sửa đổi, bổ sung"


def test_a_partial_repeal_leaves_the_document_partly_in_force_and_is_linked_both_ways(tmp_path: Path) -> None:
    """`bai_bo_mot_phan` (repeals part of): the target is "Hết hiệu lực một phần" once the
    repealing document takes effect, before that still in force; a full replacement wins."""
    files = {
        "van-ban/nd-61.md": document(),
        "van-ban/nd-x.md": document("12/2024/NĐ-CP", nguoi_ky="Phạm Minh Chính", ngay_ban_hanh="2024-03-01",
                                    ngay_hieu_luc="2024-04-15", bai_bo_mot_phan="[61/2018/NĐ-CP]"),
    }
    collection, problems = load(tmp_path, files, date(2024, 4, 15))
    assert problems == []
    by = collection.by_number()
    assert [r.document for r in by["12/2024/NĐ-CP"].bai_bo_mot_phan] == [by["61/2018/NĐ-CP"]]
    assert by["61/2018/NĐ-CP"].bi_bai_bo_mot_phan_boi == [by["12/2024/NĐ-CP"]]
    assert (by["61/2018/NĐ-CP"].status.label, by["61/2018/NĐ-CP"].status.since) == ("Hết hiệu lực một phần", date(2024, 4, 15))
    before, _ = load(tmp_path / "before", files, date(2024, 4, 14))
    assert before.by_number()["61/2018/NĐ-CP"].status.label == "Còn hiệu lực"
    files["van-ban/nd-y.md"] = document("20/2025/NĐ-CP", nguoi_ky="Phạm Minh Chính", ngay_ban_hanh="2025-01-02",
                                        ngay_hieu_luc="2025-02-01", thay_the="[61/2018/NĐ-CP]")
    replaced, _ = load(tmp_path / "replaced", files, date(2025, 2, 1))
    assert replaced.by_number()["61/2018/NĐ-CP"].status.label == "Hết hiệu lực"


def test_a_partial_repeal_of_a_document_not_on_the_portal_is_reported(tmp_path: Path) -> None:
    files = {"van-ban/nd-x.md": document("12/2024/NĐ-CP", nguoi_ky="Phạm Minh Chính", ngay_ban_hanh="2024-03-01",
                                         ngay_hieu_luc="2024-04-15", bai_bo_mot_phan="[60/2018/NĐ-CP]")}
    [problem] = load(tmp_path, files)[1]
    assert problem.startswith("content/van-ban/nd-x.md:10: bai_bo_mot_phan: mục 1 '60/2018/NĐ-CP' không có trong các văn bản")
