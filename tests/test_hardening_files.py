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
DOCUMENTS = ".pdf, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods or .odp"
PHOTOS = ".jpg, .jpeg, .png, .webp, .gif, .tif, .tiff or .avif"


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
    """Every published file that is not a page, a feed or the theme."""
    return sorted(
        str(p.relative_to(output))
        for p in output.rglob("*")
        if p.is_file() and p.suffix not in (".html", ".xml", ".txt", ".map") and p.relative_to(output).parts[0] != "theme"
    )


# -- 1. documents: an allowlist -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("x.htm", "a web page from content/ would run its scripts on the portal's address: convert it to Markdown (.md) or PDF"),
        ("x.xhtml", "a web page from content/ would run its scripts on the portal's address: convert it to Markdown (.md) or PDF"),
        ("x.xml", "a web page from content/ would run its scripts on the portal's address: convert it to Markdown (.md) or PDF"),
        ("x.svg", "an SVG can carry scripts: export it as PNG and show it: ![description](../../images/2023/x.png)"),
        ("x.js", "save it as PDF"),
        ("x.txt", "save it as PDF"),
        ("x.zip", "save it as PDF"),
    ],
)
def test_a_link_to_a_file_type_outside_the_allowlist_is_refused(site, name: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, f"Xem [tài liệu](../../images/2023/{name}).\n", {f"images/2023/{name}": SCRIPT})
    expected = [
        f"{WHERE}:{BODY}: body: link '../../images/2023/{name}' leads to a file type that is not published "
        f"(got .{name.split('.')[1]}, expected .md or a document: {DOCUMENTS}); {hint}"
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
        f"{WHERE}:{BODY}: body: link '../../images/2023/quyet-dinh-1.pdf' does not exist (looked for "
        "content/images/2023/quyet-dinh-1.pdf). Did you mean '../../images/2023/quyet-dinh.pdf'?"
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
        f"{WHERE}:{BODY}: body: link '{{attach}}../../images/2023/x.htm' leads to a file type that is not published "
        f"(got .htm, expected .md or a document: {DOCUMENTS}); a web page from content/ would run its scripts on the "
        "portal's address: convert it to Markdown (.md) or PDF"
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
        f"{WHERE}:{BODY}: body: link '../../images/2023/tài-liệu.htm' leads to a file type that is not published "
        f"(got .htm, expected .md or a document: {DOCUMENTS}); a web page from content/ would run its scripts on the "
        "portal's address: convert it to Markdown (.md) or PDF",
        f"{WHERE}:{BODY + 2}: body: image '../../images/2023/ảnh.jpg' does not exist (looked for "
        "content/images/2023/ảnh.jpg).",
        f"{WHERE}:{BODY + 2}: body: image '../../images/2023/ảnh.jpg' has no alt text: describe it between the "
        "brackets, e.g. ![Quang cảnh hội nghị](…)",
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


# -- 2. SVG: refused as an image, with the PNG to export -------------------------------------


def test_an_svg_body_image_is_refused_with_a_png_to_export(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "![Sơ đồ quy trình](../../images/2023/so-do.svg)\n", {"images/2023/so-do.svg": SVG})
    expected = [
        f"{WHERE}:{BODY}: body: image '../../images/2023/so-do.svg' is an SVG drawing, which is not published (it can "
        "carry scripts that would run on the portal's address, and the build cannot make safe copies of it); export it "
        "as PNG and use '../../images/2023/so-do.png'"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_svg_lead_image_is_refused_instead_of_silently_broken(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(
        site, "Nội dung.\n", {"images/2023/so-do.svg": SVG}, image="{src: ../../images/2023/so-do.svg, alt: Sơ đồ}"
    )
    expected = [
        f"{WHERE}:7: image.src: image '../../images/2023/so-do.svg' is an SVG drawing, which is not published (it can "
        "carry scripts that would run on the portal's address, and the build cannot make safe copies of it); export it "
        "as PNG and use '../../images/2023/so-do.png'"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_image_that_is_a_document_or_another_format_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    body = "![Văn bản](../../images/2023/a.pdf)\n\n![Bản vẽ](../../images/2023/b.bmp)\n"
    content, output = make(site, body, {"images/2023/a.pdf": PDF, "images/2023/b.bmp": b"BM"})
    expected = [
        f"{WHERE}:{BODY}: body: image '../../images/2023/a.pdf' is not a photo format the portal can publish (got .pdf, "
        f"expected {PHOTOS}); link a document in the body instead: [tên tài liệu](../../images/2023/a.pdf)",
        f"{WHERE}:{BODY + 2}: body: image '../../images/2023/b.bmp' is not a photo format the portal can publish "
        f"(got .bmp, expected {PHOTOS})",
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
        "portrait: portrait '../images/can-bo/thua.svg' is an SVG drawing, which is not published (it can carry scripts "
        "that would run on the portal's address, and the build cannot make safe copies of it); export it as PNG and use "
        "'../images/can-bo/thua.png'"
    )


# -- 3. .html: a content file is refused, a site address is not -----------------------------


def test_a_link_to_an_html_file_in_content_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    body = "Xem [trang cũ](../../images/a.html).\n\nXem [bài](bai-cu.html).\n"
    content, output = make(site, body, {"images/a.html": SCRIPT, "articles/2023/bai-cu.html": SCRIPT})
    web_page = (
        f"(got .html, expected .md or a document: {DOCUMENTS}); a web page from content/ would run its scripts on the "
        "portal's address: convert it to Markdown (.md) or PDF"
    )
    expected = [
        "content/articles/2023/bai-cu.html: not a Markdown file: articles and pages are .md files with front matter "
        "(rename it to bai-cu.md, converting its text to Markdown if needed)",
        f"{WHERE}:{BODY}: body: link '../../images/a.html' leads to a file type that is not published {web_page}",
        f"{WHERE}:{BODY + 2}: body: link 'bai-cu.html' leads to a file type that is not published {web_page}",
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
        f"{WHERE}:{BODY}: body: raw HTML image '../../images/2023/x.jpg' is not published (raw HTML is copied as "
        "written, and original photos never are); use Markdown instead: ![description](../../images/2023/x.jpg)"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_raw_html_links_to_content_files_suggest_markdown(site) -> None:  # type: ignore[no-untyped-def]
    body = '<p>Tải <a href="../../images/2023/a.pdf">văn bản</a>.</p>\n\nXem <a title="bài > khác" href=\'../2022/khac.md\'>bài khác</a>.\n'
    content, output = make(site, body, {"images/2023/a.pdf": PDF, "articles/2022/khac.md": article("Bài khác")})
    expected = [
        f"{WHERE}:{BODY}: body: raw HTML link '../../images/2023/a.pdf' to a file in content/ is not resolved (raw HTML "
        "is copied as written); use Markdown instead: [text](../../images/2023/a.pdf)",
        f"{WHERE}:{BODY + 2}: body: raw HTML link '../2022/khac.md' to a file in content/ is not resolved (raw HTML "
        "is copied as written); use Markdown instead: [text](../2022/khac.md)",
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
        f"{WHERE}:{BODY}: body: '{found}' is the build's internal link syntax, not allowed in raw HTML, titles or alt "
        "text; link files with [text](path) and show photos with ![description](path)"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


# -- 5. Markdown files outside articles/ and pages/ ------------------------------------------


def test_a_markdown_file_outside_articles_and_pages_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Nội dung.\n", {"images/2023/ghi-chu.md": "---\ntitle: [hỏng\n"})
    expected = [
        "content/images/2023/ghi-chu.md: a Markdown file outside content/articles/ and content/pages/ is not "
        "published: move an article to content/articles/<year>/ or a page to content/pages/"
    ]
    assert build_problems(content, output) == expected
    same_in_check(content, expected)


def test_an_article_saved_with_an_upper_case_md_extension_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make(site, "Nội dung.\n", {"articles/2023/bai-hoa.MD": article("Bài chữ hoa")})
    expected = [
        "content/articles/2023/bai-hoa.MD: not a Markdown file: articles and pages are .md files with front matter "
        "(rename it to bai-hoa.md, converting its text to Markdown if needed)"
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
        "would be copied to the site as it is, which only documents may be (.pdf, .doc, .docx, .xls, .xlsx, .ppt, "
        ".pptx, .odt, .ods, .odp); link files with [text](path) and show photos with ![description](path)"
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
        f"{WHERE}: body: 'images/2023/x.htm' would be copied to the site as it is, which only documents may be (.pdf, "
        ".doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods, .odp); link files with [text](path) and show photos with "
        "![description](path)"
    ]


def test_pelicans_output_sources_setting_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài A")})
    assert build_problems(content, output, OUTPUT_SOURCES=True) == [
        "pelicanconf.py: OUTPUT_SOURCES: would publish the Markdown sources as they are (expected False); "
        "remove the setting"
    ]
