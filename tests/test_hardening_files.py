"""Issue 11, files: only articles, photos (as resized copies) and documents leave content/.

A file copied from content/ is served from the portal's own address, so an `.htm`, `.svg`
or `.js` file with a script would run there. Each case: the exact problem line, and that
nothing dangerous reached output/ (a failed build publishes nothing), or that the allowed
file is published. `make check` must print the same problems (it shares the reader's rules).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal_diagnostics import BuildFailed

from .conftest import article, build
from .test_check import check, real_jpeg

WHERE = "content/articles/2023/bai.md"
BODY = 8  # first body line of an article() without extra fields
SCRIPT = "<html><body><script>alert(document.cookie)</script></body></html>"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
PDF = b"%PDF-1.4\n% a tiny document\n%%EOF\n"
DOCUMENTS = ".pdf, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods hoặc .odp"
PHOTOS = ".jpg, .jpeg, .png, .webp, .gif, .tif, .tiff hoặc .avif"
WEB_PAGE = (
    "trang web trong content/ sẽ chạy mã script của nó trên địa chỉ của cổng thông tin: "
    "hãy chuyển nó sang Markdown (.md) hoặc PDF"
)
NOT_PUBLISHED = "dẫn tới loại tệp không được đăng"
SVG_REFUSED = (
    "loại tệp không được đăng (nó có thể chứa mã script chạy trên địa chỉ của cổng thông tin, và khi dựng trang "
    "không tạo được bản sao an toàn của nó); hãy xuất hình ra PNG và dùng"
)


def make(site, body: str, files: dict[str, str | bytes] | None = None, **fields: str) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """content/articles/2023/bai.md with `body`, plus `files` (path in content/: text or bytes)."""
    content, output = site({"articles/2023/bai.md": article("Bài có tệp đính kèm", body=body, **fields)})
    for rel, data in (files or {}).items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return content, output


def build_problems(content: Path, output: Path, **settings: object) -> list[str]:
    """The build's problems; it must fail and publish nothing."""
    with pytest.raises(BuildFailed) as failure:
        build(content, output, PORTAL_IMAGE_PROCESSES=1, **settings)
    assert not output.exists(), "a failed build must not create output/"
    return [str(p) for p in failure.value.problems]


def same_in_check(content: Path, expected: list[str]) -> None:
    status, lines = check(content)
    assert status == 1
    assert lines[:-1] == expected


def published(output: Path) -> list[str]:
    """Every published file that is not a page, a feed, the theme or the search index."""
    return sorted(
        str(p.relative_to(output))
        for p in output.rglob("*")
        if p.is_file() and p.suffix not in (".html", ".xml", ".txt", ".map")
        and p.relative_to(output).parts[0] != "theme" and p.relative_to(output).parts[:2] != ("tim-kiem", "chi-muc")
    )


# -- 1. documents: an allowlist -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("x.htm", WEB_PAGE),
        ("x.xhtml", WEB_PAGE),
        ("x.xml", WEB_PAGE),
        ("x.svg", "tệp SVG có thể chứa mã script: hãy xuất hình ra PNG rồi chèn ảnh: ![mô tả](../../images/2023/x.png)"),
        ("x.js", "hãy lưu tệp dạng PDF"),
        ("x.txt", "hãy lưu tệp dạng PDF"),
        ("x.zip", "hãy lưu tệp dạng PDF"),
    ],
)
def test_a_link_to_a_file_type_outside_the_allowlist_is_refused(site, name: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, f"Xem [tài liệu](../../images/2023/{name}).\n", {f"images/2023/{name}": SCRIPT})
    expected = [
        f"{WHERE}:{BODY}: body: liên kết '../../images/2023/{name}' {NOT_PUBLISHED} "
        f"(đang ghi .{name.split('.')[1]}, cần .md hoặc một tài liệu: {DOCUMENTS}); {hint}"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


@pytest.mark.parametrize("name", ["quyet-dinh.pdf", "bieu-mau.docx", "so-lieu.xlsx", "QUYET-DINH.PDF"])
def test_a_document_link_is_published_as_it_is(site, name: str) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, f"Tải [văn bản](../../images/2023/{name}) tại đây.\n", {f"images/2023/{name}": PDF})
    build(content, output)
    assert published(output) == [f"images/2023/{name}"]
    assert (output / "images" / "2023" / name).read_bytes() == PDF
    page = next((output / "2023" / "06").glob("*.html")).read_text(encoding="utf-8")
    assert f'<a href="../../images/2023/{name}">văn bản</a>' in page
    assert check(content)[0] == 0


def test_a_missing_document_suggests_the_nearest_document(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Tải [văn bản](../../images/2023/quyet-dinh-1.pdf).\n", {"images/2023/quyet-dinh.pdf": PDF})
    expected = [
        f"{WHERE}:{BODY}: body: liên kết '../../images/2023/quyet-dinh-1.pdf' không tồn tại (đã tìm "
        "content/images/2023/quyet-dinh-1.pdf). Có phải ý bạn là '../../images/2023/quyet-dinh.pdf'?"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_pelican_link_syntax_written_by_hand_is_checked_like_a_path(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(
        site,
        "Tải [văn bản]({static}/images/2023/a.pdf) và [trang]({attach}../../images/2023/x.htm).\n",
        {"images/2023/a.pdf": PDF, "images/2023/x.htm": SCRIPT},
    )
    expected = [
        f"{WHERE}:{BODY}: body: liên kết '{{attach}}../../images/2023/x.htm' {NOT_PUBLISHED} "
        f"(đang ghi .htm, cần .md hoặc một tài liệu: {DOCUMENTS}); {WEB_PAGE}"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)
    (content / "articles" / "2023" / "bai.md").write_text(
        article("Bài có tệp đính kèm", body="Tải [văn bản]({static}/images/2023/a.pdf).\n"), encoding="utf-8"
    )
    build(content, output)
    assert published(output) == ["images/2023/a.pdf"]


def test_a_vietnamese_file_name_is_shown_as_written_not_percent_encoded(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Xem [tài liệu](../../images/2023/tài-liệu.htm).\n\n![](../../images/2023/ảnh.jpg)\n")
    expected = [
        f"{WHERE}:{BODY}: body: liên kết '../../images/2023/tài-liệu.htm' {NOT_PUBLISHED} "
        f"(đang ghi .htm, cần .md hoặc một tài liệu: {DOCUMENTS}); {WEB_PAGE}",
        f"{WHERE}:{BODY + 2}: body: ảnh '../../images/2023/ảnh.jpg' chưa có mô tả: ghi mô tả giữa hai dấu "
        "ngoặc vuông, ví dụ ![Quang cảnh hội nghị](…)",
        f"{WHERE}:{BODY + 2}: body: ảnh '../../images/2023/ảnh.jpg' không tồn tại (đã tìm "
        "content/images/2023/ảnh.jpg).",
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


# -- 2. SVG: refused as an image, with the PNG to export -------------------------------------


def test_an_svg_body_image_is_refused_with_a_png_to_export(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "![Sơ đồ quy trình](../../images/2023/so-do.svg)\n", {"images/2023/so-do.svg": SVG})
    expected = [
        f"{WHERE}:{BODY}: body: ảnh '../../images/2023/so-do.svg' là hình vẽ SVG, {SVG_REFUSED} "
        "'../../images/2023/so-do.png'"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_svg_lead_image_is_refused_instead_of_silently_broken(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(
        site, "Nội dung.\n", {"images/2023/so-do.svg": SVG}, image="{src: ../../images/2023/so-do.svg, alt: Sơ đồ}"
    )
    expected = [
        f"{WHERE}:7: image.src: ảnh '../../images/2023/so-do.svg' là hình vẽ SVG, {SVG_REFUSED} "
        "'../../images/2023/so-do.png'"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_image_that_is_a_document_or_another_format_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    body = "![Văn bản](../../images/2023/a.pdf)\n\n![Bản vẽ](../../images/2023/b.bmp)\n"
    content, output = make(site, body, {"images/2023/a.pdf": PDF, "images/2023/b.bmp": b"BM"})
    expected = [
        f"{WHERE}:{BODY}: body: ảnh '../../images/2023/a.pdf' không thuộc định dạng ảnh mà cổng thông tin đăng được "
        f"(đang ghi .pdf, cần {PHOTOS}); tài liệu thì hãy liên kết trong thân bài: [tên tài liệu](../../images/2023/a.pdf)",
        f"{WHERE}:{BODY + 2}: body: ảnh '../../images/2023/b.bmp' không thuộc định dạng ảnh mà cổng thông tin đăng được "
        f"(đang ghi .bmp, cần {PHOTOS})",
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_svg_portrait_of_an_official_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    from .conftest import REGISTRIES

    content, output = make(site, "Nội dung.\n", {"images/can-bo/thua.svg": SVG})
    (content / "data" / "officials.yaml").write_text(
        REGISTRIES["officials.yaml"].replace(
            "- key: nguyen-trong-thua\n  name: Nguyễn Trọng Thừa\n",
            "- key: nguyen-trong-thua\n  name: Nguyễn Trọng Thừa\n  portrait: ../images/can-bo/thua.svg\n",
        ),
        encoding="utf-8",
    )
    problems = build_problems(content, output)
    assert len(problems) == 1
    assert problems[0].startswith("content/data/officials.yaml:")
    assert problems[0].endswith(
        f"portrait: ảnh chân dung '../images/can-bo/thua.svg' là hình vẽ SVG, {SVG_REFUSED} '../images/can-bo/thua.png'"
    )


# -- 3. .html: a content file is refused, a site address is not -----------------------------


def test_a_link_to_an_html_file_in_content_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    body = "Xem [trang cũ](../../images/a.html).\n\nXem [bài](bai-cu.html).\n"
    content, output = make(site, body, {"images/a.html": SCRIPT, "articles/2023/bai-cu.html": SCRIPT})
    web_page = f"(đang ghi .html, cần .md hoặc một tài liệu: {DOCUMENTS}); {WEB_PAGE}"
    expected = [
        "content/articles/2023/bai-cu.html: không phải tệp Markdown: bài và trang là tệp .md có phần đầu bài "
        "(đổi tên thành bai-cu.md, chuyển nội dung sang Markdown nếu cần)",
        f"{WHERE}:{BODY}: body: liên kết '../../images/a.html' {NOT_PUBLISHED} {web_page}",
        f"{WHERE}:{BODY + 2}: body: liên kết 'bai-cu.html' {NOT_PUBLISHED} {web_page}",
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_a_site_address_ending_in_html_is_still_a_link(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Xem [liên hệ](/lien-he.html) và [bài cũ](../2022/bai-cu.html).\n")
    build(content, output)
    page = next((output / "2023" / "06").glob("*.html")).read_text(encoding="utf-8")
    assert '<a href="/lien-he.html">liên hệ</a>' in page
    assert '<a href="../2022/bai-cu.html">bài cũ</a>' in page
    assert check(content)[0] == 0


# -- 4. raw HTML to content files ------------------------------------------------------------


def test_raw_html_image_of_an_original_photo_suggests_markdown(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, 'Ảnh: <img src="../../images/2023/x.jpg" alt="Hội nghị">\n')
    real_jpeg(content / "images" / "2023" / "x.jpg")
    expected = [
        f"{WHERE}:{BODY}: body: ảnh '../../images/2023/x.jpg' trong mã HTML không được đăng (mã HTML được chép "
        "nguyên văn, còn ảnh gốc không bao giờ được đăng); hãy dùng Markdown: ![mô tả](../../images/2023/x.jpg)"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_raw_html_links_to_content_files_suggest_markdown(site) -> None:  # type: ignore[no-untyped-def]
    body = '<p>Tải <a href="../../images/2023/a.pdf">văn bản</a>.</p>\n\nXem <a title="bài > khác" href=\'../2022/khac.md\'>bài khác</a>.\n'
    content, output = make(site, body, {"images/2023/a.pdf": PDF, "articles/2022/khac.md": article("Bài khác")})
    expected = [
        f"{WHERE}:{BODY}: body: liên kết '../../images/2023/a.pdf' trong mã HTML tới một tệp trong content/ sẽ không "
        "dẫn tới đâu (mã HTML được chép nguyên văn); hãy dùng Markdown: [chữ](../../images/2023/a.pdf)",
        f"{WHERE}:{BODY + 2}: body: liên kết '../2022/khac.md' trong mã HTML tới một tệp trong content/ sẽ không "
        "dẫn tới đâu (mã HTML được chép nguyên văn); hãy dùng Markdown: [chữ](../2022/khac.md)",
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_raw_html_to_other_sites_and_site_addresses_is_kept(site) -> None:  # type: ignore[no-untyped-def]
    body = '<a href="/lien-he.html">Liên hệ</a> và <img src="https://baogialai.com.vn/anh.jpg" alt="Ảnh">\n'
    content, output = make(site, body)
    build(content, output)
    page = next((output / "2023" / "06").glob("*.html")).read_text(encoding="utf-8")
    assert '<a href="/lien-he.html">Liên hệ</a>' in page
    assert '<img src="https://baogialai.com.vn/anh.jpg" alt="Ảnh">' in page


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ('<a href="{static}/images/2023/x.htm">tài liệu</a>\n', "{static}"),
        ("<span title=\"src='{attach}../../images/2023/x.htm'\">chú thích</span>\n", "{attach}"),
        ("[trang](https://chinhphu.vn \"src='{static}/images/2023/x.htm'\")\n", "{static}"),
        ("![x src='|static|/images/2023/x.htm'](../../images/2023/anh.jpg)\n", "|static|"),
    ],
    ids=["raw href", "raw attribute", "link title", "alt text"],
)
def test_pelican_link_syntax_hidden_in_html_titles_or_alt_text_is_refused(site, body: str, found: str) -> None:  # type: ignore[no-untyped-def]
    # Pelican copies a {static} file wherever it sees src='{static}…' inside a tag.
    content, output = make(site, body, {"images/2023/x.htm": SCRIPT})
    real_jpeg(content / "images" / "2023" / "anh.jpg")
    expected = [
        f"{WHERE}:{BODY}: body: '{found}' là cú pháp liên kết nội bộ của công cụ dựng trang, không được dùng trong mã "
        "HTML, tiêu đề liên kết hay mô tả ảnh; hãy liên kết tệp bằng [chữ](đường dẫn) và chèn ảnh bằng ![mô tả](đường dẫn)"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


# -- 5. Markdown files outside articles/ and pages/ ------------------------------------------


def test_a_markdown_file_outside_articles_and_pages_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Nội dung.\n", {"images/2023/ghi-chu.md": "---\ntitle: [hỏng\n"})
    expected = [
        "content/images/2023/ghi-chu.md: tệp Markdown nằm ngoài content/articles/ và content/pages/ sẽ không được "
        "đăng: hãy chuyển bài vào content/articles/<năm>/ hoặc trang vào content/pages/"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_article_saved_with_an_upper_case_md_extension_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Nội dung.\n", {"articles/2023/bai-hoa.MD": article("Bài chữ hoa")})
    expected = [
        "content/articles/2023/bai-hoa.MD: không phải tệp Markdown: bài và trang là tệp .md có phần đầu bài "
        "(đổi tên thành bai-hoa.md, chuyển nội dung sang Markdown nếu cần)"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


# -- 6. Pelican's own copying: documents only, whatever reaches it ---------------------------


def test_pelican_copies_nothing_but_documents_even_from_static_paths(site) -> None:  # type: ignore[no-untyped-def]
    # STATIC_PATHS is [] in pelicanconf.py; a folder named there still publishes no page,
    # drawing or original photo: the build fails naming each file.
    content, output = make(site, "Nội dung.\n", {"tep/a.pdf": PDF, "tep/x.htm": SCRIPT, "tep/so-do.svg": SVG})
    real_jpeg(content / "tep" / "anh.jpg")
    message = (
        "sẽ bị chép nguyên trạng lên trang web, điều chỉ dành cho tài liệu (.pdf, .doc, .docx, .xls, .xlsx, .ppt, "
        ".pptx, .odt, .ods, .odp); hãy liên kết tệp bằng [chữ](đường dẫn) và chèn ảnh bằng ![mô tả](đường dẫn)"
    )
    assert build_problems(content, output, STATIC_PATHS=["tep"]) == [
        f"content/tep/so-do.svg: 'tep/so-do.svg' {message}",
        f"content/tep/x.htm: 'tep/x.htm' {message}",
    ]
    (content / "tep" / "x.htm").unlink()
    (content / "tep" / "so-do.svg").unlink()
    build(content, output, STATIC_PATHS=["tep"])
    assert published(output) == ["tep/a.pdf"]  # the original photo is not copied either


def test_check_reports_every_file_problem_the_build_reports(site) -> None:  # type: ignore[no-untyped-def]
    body = (
        "Xem [tài liệu](../../images/2023/x.htm) và [bản vẽ](../../images/2023/so-do.svg).\n\n"
        "![Sơ đồ](../../images/2023/so-do.svg)\n\n"
        'Ảnh: <img src="../../images/2023/anh.jpg" alt="Ảnh">\n\n'
        "Tải [văn bản](../../images/2023/a.pdf).\n"
    )
    content, output = make(
        site,
        body,
        {"images/2023/x.htm": SCRIPT, "images/2023/so-do.svg": SVG, "images/2023/a.pdf": PDF, "images/ghi-chu.md": "x\n"},
        image="{src: ../../images/2023/so-do.svg, alt: Sơ đồ}",
    )
    real_jpeg(content / "images" / "2023" / "anh.jpg")
    problems = build_problems(content, output)
    assert len(problems) == 6
    same_in_check(content, problems)


def test_a_reference_the_reader_misses_is_still_not_copied(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # As if the reader's check of titles had a hole: the gate where Pelican copies files
    # still refuses the page and names the article that referred to it.
    import re

    from portal_reader import links

    monkeypatch.setattr(links, "_PELICAN_REFERENCE", re.compile(r"(?!)"))
    content, output = make(site, "[trang](https://chinhphu.vn \"src='{static}/images/2023/x.htm'\")\n",
                           {"images/2023/x.htm": SCRIPT})
    assert build_problems(content, output) == [
        f"{WHERE}: body: 'images/2023/x.htm' sẽ bị chép nguyên trạng lên trang web, điều chỉ dành cho tài liệu (.pdf, "
        ".doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods, .odp); hãy liên kết tệp bằng [chữ](đường dẫn) và chèn ảnh "
        "bằng ![mô tả](đường dẫn)"
    ]


def test_pelicans_output_sources_setting_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài A")})
    assert build_problems(content, output, OUTPUT_SOURCES=True) == [
        "pelicanconf.py: OUTPUT_SOURCES: would publish the Markdown sources as they are (expected False); "
        "remove the setting"
    ]
