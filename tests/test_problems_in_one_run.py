"""Every problem of a run is reported in that run: a file with one problem still has its
names checked against the registries, and the build reports what `make check` reports."""

from __future__ import annotations

from PIL import Image

from .conftest import article
from .test_check import check
from .test_publishing import build_problems

BAI = "content/articles/2023/bai.md"


def test_unknown_names_are_reported_beside_a_body_problem_in_the_same_build(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({
        "articles/2023/bai.md": article(provinces="[Gia Lia]", topics="[Cải cách thủ tục]", body="![](../../images/2023/x.jpg)\n"),
    })
    (content / "images" / "2023").mkdir(parents=True)
    Image.new("RGB", (20, 10)).save(content / "images" / "2023" / "x.jpg")
    expected = [
        f"{BAI}:7: provinces: 'Gia Lia' không có trong danh bạ tỉnh, thành phố (content/data/provinces.yaml). "
        "Có phải ý bạn là 'Gia Lai'?",
        f"{BAI}:8: topics: 'Cải cách thủ tục' không có trong danh bạ chủ đề (content/data/topics.yaml). "
        "Có phải ý bạn là 'Cải cách thủ tục hành chính' hay 'Cải cách thể chế'?",
        f"{BAI}:10: body: ảnh '../../images/2023/x.jpg' chưa có mô tả: ghi mô tả giữa hai dấu ngoặc vuông, "
        "ví dụ ![Quang cảnh hội nghị](…)",
    ]
    assert build_problems(content, output) == expected
    status, lines = check(content)
    assert (status, lines[:-1]) == (1, expected)


def test_unknown_names_are_reported_beside_a_front_matter_problem(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2023/bai.md": article(date="không rõ", provinces="[Gia Lia]")})
    problems = build_problems(content, output)
    assert [p.split(": ")[1] for p in problems] == ["date", "provinces"]


def test_a_missing_image_file_is_reported_beside_the_image_s_other_problems(site) -> None:  # type: ignore[no-untyped-def]
    """An image without alt text whose file does not exist: both problems in one run (the
    file was checked only once the image field was valid, so fixing the alt text showed the
    next problem)."""
    content, output = site({"articles/2023/bai.md": article(image="{src: ../../images/2023/khong-co.jpg}")})
    problems = build_problems(content, output)
    assert [p.split(": ")[1] for p in problems] == ["image", "image.src"], problems
    assert "không tồn tại" in problems[1]
    status, lines = check(content)
    assert (status, lines[:-1]) == (1, problems)
