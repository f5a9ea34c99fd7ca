"""The dev server's fast path (portal_build/live.py): an edit to an article's body applied to
the build in memory gives output/ byte for byte equal to a clean build of the same sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portal_build import live

from .conftest import article, build, tree_digest, write_site


def tree(output: Path) -> dict[str, str]:
    """output/'s files, once the dev server has refreshed the search index, as it does after
    each edit applied in memory (tools/devserver.py: portal_search.refresh, after the reload)."""
    import portal_search
    from portal_build import pipeline

    portal_search.refresh(str(output), pipeline.search_documents)
    return tree_digest(output)

LEAD = "{src: ../../images/2024/anh.jpg, alt: Quang cảnh hội nghị, caption: Hội nghị., credit: Quốc Dũng}"




def mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def site_built(tmp_path: Path) -> tuple[Path, Path]:
    files = {
        f"articles/2024/bai-{i}.md": article(
            f"Bài số {i} về cải cách hành chính",
            date=f"2024-01-{1 + i:02d} 08:00",
            topics="[Chuyển đổi số]",
            tags="[một cửa, dịch vụ công]",
            body=f"Nội dung bài số {i}.\n\nĐoạn thứ hai của bài {i}.\n",
        )
        for i in range(6)
    }
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    return content, output


def clean(content: Path, tmp_path: Path, **overrides: Any) -> dict[str, str]:
    """A clean build of `content` (with settings `overrides`), in this process; the build in
    memory stays the live one."""
    import shutil

    from portal_build import pipeline

    live_build = pipeline.current  # the build in memory, with the jobs output/ holds
    fresh = tmp_path / "clean-output"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        build(content, fresh, PORTAL_BUILD_CACHE="", PORTAL_READ_CACHE="", **overrides)
    finally:
        pipeline.current = live_build
    return tree_digest(fresh)


def edit_body(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_body_edit_rewrites_only_its_page_and_full_text_feeds_and_equals_a_clean_build(
    site_built: tuple[Path, Path], tmp_path: Path
) -> None:
    content, output = site_built
    before = mtimes(output)
    edit_body(content / "articles/2024/bai-3.md", "Đoạn thứ hai của bài 3.", "Đoạn thứ hai, đã sửa: **quan trọng**.")
    applied = live.apply([str(content / "articles/2024/bai-3.md")])
    assert applied.articles == 1
    page = next(f for f in applied.files if f.endswith(".html"))
    assert "đã sửa: <strong>quan trọng</strong>" in (output / page).read_text(encoding="utf-8")
    assert all(f.endswith((".html", ".xml")) for f in applied.files)
    assert len([f for f in applied.files if f.endswith(".html")]) == 1  # the article's page only
    assert tree(output) == clean(content, tmp_path)
    after = mtimes(output)
    # The search index (tim-kiem/chi-muc/) is written anew, whole, by each refresh.
    untouched = [f for f in before if f not in applied.files and not f.startswith("tim-kiem/chi-muc/")]
    assert untouched and all(after[f] == before[f] for f in untouched)


def test_several_edits_in_a_row_equal_a_clean_build(site_built: tuple[Path, Path], tmp_path: Path) -> None:
    content, output = site_built
    for i, word in enumerate(["một", "hai", "ba"]):
        path = content / f"articles/2024/bai-{i}.md"
        edit_body(path, f"Nội dung bài số {i}.", f"Nội dung bài số {i}, lần sửa {word}.")
        live.apply([str(path)])
    edit_body(content / "articles/2024/bai-0.md", "lần sửa một", "lần sửa bốn")
    live.apply([str(content / "articles/2024/bai-0.md")])
    assert tree(output) == clean(content, tmp_path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Bài số 2 về cải cách hành chính", "title: Bài số 2 đã đổi tên"),
        ("tags: [một cửa, dịch vụ công]", "tags: [một cửa]"),
        ("tags: [một cửa, dịch vụ công]", "tags: [một cửa, dịch vụ công, thẻ mới]"),
        ("date: 2024-01-03 08:00", "date: 2024-01-05 09:00"),
        ("summary: Sa-pô của bài viết.", "summary: Sa-pô mới."),
        ("topics: [Chuyển đổi số]", "topics: [Cải cách thủ tục hành chính]"),
    ],
)
def test_a_front_matter_change_is_applied_in_memory_and_equals_a_clean_build(
    site_built: tuple[Path, Path], tmp_path: Path, old: str, new: str
) -> None:
    content, output = site_built
    before = mtimes(output)
    edit_body(content / "articles/2024/bai-2.md", old, new)
    applied = live.apply([str(content / "articles/2024/bai-2.md")])
    assert applied.articles == 1 and applied.files
    assert tree(output) == clean(content, tmp_path)
    after = mtimes(output)
    assert any(after.get(f) == t for f, t in before.items())  # not everything written again


def test_a_new_and_a_removed_article_are_applied_in_memory(site_built: tuple[Path, Path], tmp_path: Path) -> None:
    content, output = site_built
    new = content / "articles/2024/moi.md"
    new.write_text(article("Bài mới", date="2024-02-01", tags="[một cửa, thẻ riêng]"), encoding="utf-8")
    applied = live.apply([str(new)])
    assert any("bai-moi" in f for f in applied.files)
    assert tree(output) == clean(content, tmp_path)
    gone = content / "articles/2024/bai-1.md"
    gone.unlink()
    live.apply([str(gone)])
    assert tree(output) == clean(content, tmp_path)
    new.unlink()
    applied = live.apply([str(new)])
    assert tree(output) == clean(content, tmp_path)


def test_files_other_than_articles_need_a_full_build(site_built: tuple[Path, Path]) -> None:
    content, _output = site_built
    page = content / "pages" / "moi.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text("---\ntitle: Trang mới\n---\nNội dung.\n", encoding="utf-8")
    with pytest.raises(live.FullBuildNeeded, match="không phải bài hay trang của lần dựng trước"):
        live.apply([str(page)])
    topics = content / "data/topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("name: Chuyển đổi số", "name: Chuyển đổi số quốc gia", 1), encoding="utf-8")
    with pytest.raises(live.FullBuildNeeded, match="danh bạ chủ đề: tên của .chuyen-doi-so. đã thay đổi"):
        live.apply([str(topics)])
    with pytest.raises(live.FullBuildNeeded, match="không phải bài hay trang"):
        live.apply([str(content / "data/categories.yaml")])


def test_a_body_with_a_problem_is_reported_and_output_is_left_alone(site_built: tuple[Path, Path]) -> None:
    content, output = site_built
    before = tree(output)
    edit_body(content / "articles/2024/bai-4.md", "Đoạn thứ hai của bài 4.", "Xem [biểu mẫu]({filename}/khong-co.md).")
    with pytest.raises(live.ContentFailure) as failure:
        live.apply([str(content / "articles/2024/bai-4.md")])
    assert any("bai-4.md" in line and "khong-co.md" in line for line in failure.value.lines)
    assert tree(output) == before


def test_without_a_build_in_memory_a_full_build_is_needed(tmp_path: Path) -> None:
    from portal_build import pipeline

    saved = pipeline.current
    pipeline.current = None
    try:
        with pytest.raises(live.FullBuildNeeded, match="chưa có bản dựng thành công"):
            live.apply([str(tmp_path / "x.md")])
    finally:
        pipeline.current = saved


def test_a_body_edit_of_an_article_with_a_lead_photo_equals_a_clean_build(tmp_path: Path) -> None:
    from PIL import Image

    content = write_site(
        tmp_path,
        {
            "articles/2024/anh.md": article("Bài có ảnh", date="2024-01-09", image=LEAD, body="Ảnh và lời.\n"),
            "articles/2024/khac.md": article("Bài khác", date="2024-01-08"),
        },
    )
    (content / "images/2024").mkdir(parents=True)
    Image.effect_noise((640, 420), 40).convert("RGB").save(content / "images/2024/anh.jpg", "JPEG")
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_IMAGE_PROCESSES=1)
    edit_body(content / "articles/2024/anh.md", "Ảnh và lời.", "Ảnh và lời, đã sửa.")
    applied = live.apply([str(content / "articles/2024/anh.md")])
    assert applied.articles == 1
    fresh = tmp_path / "clean-output"
    build(content, fresh, PORTAL_BUILD_CACHE="", PORTAL_READ_CACHE="", PORTAL_IMAGE_PROCESSES=1)
    assert tree(output) == tree(fresh)


def test_a_process_that_builds_again_frees_the_earlier_build(site_built: tuple[Path, Path]) -> None:
    """The dev server's worker builds many times: nothing of an earlier build may stay
    (portal_output freezes each build's objects out of the collector's reach)."""
    import gc
    import weakref

    from portal_build import pipeline

    content, output = site_built
    first = pipeline.current
    assert first is not None and first.generators
    gone = [weakref.ref(first), *(weakref.ref(a) for g in first.generators for a in getattr(g, "articles", []))]
    del first
    for _ in range(2):
        build(content, output, PORTAL_BUILD_CACHE="")
    gc.collect()
    assert [r for r in gone if r() is not None] == []


def test_a_body_edit_of_a_page_equals_a_clean_build(tmp_path: Path) -> None:
    page = '---\ntitle: "Giới thiệu"\nsummary: "Về cổng thông tin."\nslug: gioi-thieu\n---\nCổng thông tin là kênh chính thức.\n'
    content = write_site(
        tmp_path,
        {"articles/2024/mot.md": article("Bài một", date="2024-01-02"), "pages/gioi-thieu.md": page},
    )
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    edit_body(content / "pages/gioi-thieu.md", "kênh chính thức.", "kênh thông tin chính thức của Ban Chỉ đạo.")
    applied = live.apply([str(content / "pages/gioi-thieu.md")])
    assert applied.files == ["gioi-thieu.html"] or applied.files == ["gioi-thieu/index.html"], applied.files
    assert tree(output) == clean(content, tmp_path)


def officials_site(root: Path) -> tuple[Path, Path]:
    content = write_site(
        root,
        {
            "articles/2024/mot.md": article("Bài về lãnh đạo Bộ", date="2024-01-02", officials="[Nguyễn Trọng Thừa]"),
            "articles/2024/hai.md": article("Bài về Gia Lai", date="2024-01-03", officials="[Trương Hải Long]", provinces="[Gia Lai]"),
        },
    )
    output = root / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    return content, output


def test_an_officials_position_edited_in_the_registry_equals_a_clean_build(tmp_path: Path) -> None:
    content, output = officials_site(tmp_path)
    registry = content / "data/officials.yaml"
    edit_body(registry, "    - title: Chủ tịch UBND tỉnh\n", "    - title: Phó Chủ tịch UBND tỉnh\n")
    applied = live.apply([str(registry)])
    assert applied.files and all("can-bo/" in f for f in applied.files), applied.files
    assert "Phó Chủ tịch UBND tỉnh" in (output / "can-bo/truong-hai-long/index.html").read_text(encoding="utf-8")
    edit_body(registry, "giữ chức Thứ trưởng Bộ Nội vụ.", "giữ chức Thứ trưởng Bộ Nội vụ từ năm 2024.")  # the biography
    live.apply([str(registry)])
    # (a clean build in this process becomes the build in memory: compared once, at the end)
    assert tree(output) == clean(content, tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("  name: Trương Hải Long\n", "  name: Trương Hải Lông\n", "danh bạ cán bộ: tên của 'truong-hai-long' đã thay đổi"),
        ("- key: nguyen-trong-thua\n", "- key: nguyen-trong-thua-2\n", "danh bạ cán bộ: có mục được thêm, xóa hoặc đổi thứ tự"),
    ],
)
def test_a_registry_edit_that_changes_names_or_entries_needs_a_full_build(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    content, output = officials_site(tmp_path)
    before = tree(output)
    registry = content / "data/officials.yaml"
    edit_body(registry, old, new)
    with pytest.raises(live.FullBuildNeeded, match=reason):
        live.apply([str(registry)])
    assert tree(output) == before


def test_a_registry_edit_with_a_problem_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    content, output = officials_site(tmp_path)
    before = tree(output)
    registry = content / "data/officials.yaml"
    edit_body(registry, "      from: 2021\n", "      from: năm 2021\n")
    with pytest.raises(live.ContentFailure) as failure:
        live.apply([str(registry)])
    assert any("officials.yaml" in line and "from" in line for line in failure.value.lines), failure.value.lines
    assert tree(output) == before


def test_a_temporary_file_that_came_and_went_during_the_save_changes_nothing(
    site_built: tuple[Path, Path], tmp_path: Path
) -> None:
    """Editors and tools (sed -i, vim) write a temporary file and rename it over the source:
    the dev server sees both names; the one that is gone is no reason for a full build."""
    content, output = site_built
    source = content / "articles/2024/bai-2.md"
    edit_body(source, "Nội dung bài số 2.", "Nội dung bài số 2, sửa bằng công cụ.")
    applied = live.apply([str(source), str(content / "articles/2024/sedX1a2b3")])
    assert applied.articles == 1
    assert live.apply([str(content / "articles/2024/.bai-2.md.swp")]).jobs == 0
    assert tree(output) == clean(content, tmp_path)


def test_with_the_open_pages_first_the_rest_follows_and_equals_a_clean_build(
    site_built: tuple[Path, Path], tmp_path: Path
) -> None:
    content, output = site_built
    source = content / "articles/2024/bai-4.md"
    edit_body(source, "title: Bài số 4 về cải cách hành chính", "title: Bài số 4 có tên mới")
    applied = live.apply([str(source)], first=["tu-khoa/mot-cua/index.html"])
    assert applied.rest is not None
    first = set(applied.files)
    assert "index.html" in first and "tu-khoa/mot-cua/index.html" in first
    assert any("bai-so-4-co-ten-moi" in f for f in first)  # the article's new page
    assert not any(f.endswith(".xml") for f in first)  # feeds and the sitemap come after
    new = content / "articles/2024/moi.md"
    new.write_text(article("Bài mới", date="2024-02-01", tags="[một cửa]"), encoding="utf-8")
    live.apply([str(new)])  # runs the rest of the previous edit first
    assert tree(output) == clean(content, tmp_path)


def test_a_new_article_rewrites_the_archive_pages_of_its_own_year_only(tmp_path: Path) -> None:
    # An archive page's sidebar lists the months of its own year (with their counts) and the
    # other years: a new article changes no page of another year's archives.
    files = {
        f"articles/{year}/bai-{year}-{i}.md": article(f"Bài {i} năm {year} về một cửa", date=f"{year}-0{1 + i}-10 08:00")
        for year in (2023, 2024) for i in range(3)
    }
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    assert "Tháng 1/2024" not in (output / "luu-tru/2023/index.html").read_text(encoding="utf-8")
    new = content / "articles/2024/moi.md"
    new.write_text(article("Bài mới năm 2024", date="2024-02-20 08:00"), encoding="utf-8")
    applied = live.apply([str(new)])
    assert "luu-tru/2024/index.html" in applied.files and "luu-tru/2024/02/index.html" in applied.files
    assert [f for f in applied.files if f.startswith("luu-tru/2023/")] == []
    assert [key for key in applied.ran if "luu-tru/2023/" in key] == []  # not even rendered again
    side = (output / "luu-tru/2024/02/index.html").read_text(encoding="utf-8")
    assert 'aria-current="page">Tháng 2/2024</a> <span class="meta">(2 bài)</span>' in side
    assert tree(output) == clean(content, tmp_path)


def test_an_unfinished_edit_is_never_saved_and_goes_with_its_build(site_built: tuple[Path, Path], tmp_path: Path) -> None:
    # The rest of an edit (its pages beyond the open ones) belongs to the build it was
    # applied to: a saved build holds none, and a full build that replaces that build
    # removes the rest's scratch folder at once (it writes everything itself).
    from portal_build import model, pipeline

    content, output = site_built
    source = content / "articles/2024/bai-1.md"
    edit_body(source, "title: Bài số 1 về cải cách hành chính", "title: Bài số 1 có tên mới")
    assert live.apply([str(source)], first=["index.html"]).rest is not None
    edited = pipeline.current
    assert edited is not None and edited.unfinished is not None
    scratch = Path(edited.unfinished[1])
    assert scratch.is_dir()
    saved = tmp_path / "build.model"
    model.save(edited, str(saved), "token")
    loaded, _generators = model.load(str(saved), "token")
    assert loaded.unfinished is None and edited.unfinished is not None
    pipeline.current = edited
    build(content, output, PORTAL_BUILD_CACHE="")
    assert pipeline.current is not edited
    assert edited.unfinished is None and not scratch.exists()
    live.finish_pending()  # nothing left to finish
    assert tree(output) == clean(content, tmp_path)


@pytest.mark.parametrize("first", [None, []])
def test_a_retitled_article_keeps_its_recorded_address_as_a_redirect(tmp_path: Path, first: list[str] | None) -> None:
    files = {
        f"articles/2024/bai-{i}.md": article(f"Bài số {i} về cải cách hành chính", date=f"2024-01-{1 + i:02d} 08:00")
        for i in range(3)
    }
    files["data/url-history.yaml"] = (
        "articles/2024/bai-1.md:\n- /2024/01/bai-so-1-ve-cai-cach-hanh-chinh.html\n- /tin-cu/bai-1.html\n"
    )
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    assert (output / "tin-cu/bai-1.html").is_file()
    source = content / "articles/2024/bai-1.md"
    edit_body(source, "title: Bài số 1 về cải cách hành chính", "title: Bài số 1 đã đổi tên")
    applied = live.apply([str(source)], first=first)
    if applied.rest is not None:
        applied.rest()
    redirect = (output / "2024/01/bai-so-1-ve-cai-cach-hanh-chinh.html").read_text(encoding="utf-8")
    assert "bai-so-1-da-doi-ten.html" in redirect
    assert tree(output) == clean(content, tmp_path)


def test_a_date_edit_that_keeps_the_order_ranks_the_related_news_of_the_others_again(tmp_path: Path) -> None:
    """Related news weighs how near two articles' dates are: an article re-dated within its
    place in the order changes the lists of the others (bài 5 listed bài 7 before bài 3;
    after bài 3 moved from April 1 to April 28, a clean build lists them the other way)."""
    files = {
        f"articles/2024/bai-{i}.md": article(f"Bài số {i} về một cửa", date=f"2024-0{1 + i}-01 08:00",
                                             tags="[một cửa, thẻ hiếm, thẻ lạ, thẻ riêng]" if i % 2 else "[một cửa, thẻ hiếm, dịch vụ công]")
        for i in range(8)
    }
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    source = content / "articles/2024/bai-3.md"
    edit_body(source, "date: 2024-04-01 08:00", "date: 2024-04-28 08:00")
    live.apply([str(source)])
    assert tree(output) == clean(content, tmp_path)


def test_title_edits_beside_a_scheduled_article_keep_its_preview_equal_to_a_clean_build(tmp_path: Path) -> None:
    """A title edit keeps the order and the terms: the scheduled article's related news is
    not ranked again, only made to name the article read again (taxonomy.rank_scheduled);
    retitling the scheduled article itself ranks it again. Each step equals a clean build."""
    now = "2024-06-01T08:00:00+07:00"
    files = {
        f"articles/2024/bai-{i}.md": article(f"Bài số {i} về một cửa", date=f"2024-0{1 + i}-01 08:00",
                                             tags="[một cửa, thẻ hiếm, thẻ lạ, thẻ riêng]" if i < 2 else "[một cửa, dịch vụ công]")
        for i in range(4)
    }
    files["articles/2024/hen-gio.md"] = article("Bài hẹn giờ về một cửa", date="2024-07-01 08:00", tags="[thẻ hiếm, thẻ lạ, thẻ riêng]")
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_NOW=now)
    scheduled_page = output / "2024/07/bai-hen-gio-ve-mot-cua.html"
    assert "bai-so-1-ve-mot-cua.html" in scheduled_page.read_text(encoding="utf-8")
    for path, title in [("articles/2024/bai-1.md", "Bài số 1 đã đổi tên"), ("articles/2024/hen-gio.md", "Bài hẹn giờ đã đổi tên")]:
        source = content / path
        edit_body(source, f"title: {source.read_text(encoding='utf-8').split('title: ', 1)[1].splitlines()[0]}", f"title: {title}")
        live.apply([str(source)])
        assert tree(output) == clean(content, tmp_path, PORTAL_NOW=now), path
    shown = next(output.glob("2024/07/*.html")).read_text(encoding="utf-8")
    assert "bai-so-1-da-doi-ten.html" in shown and "Bài số 1 đã đổi tên" in shown


def test_edits_beside_a_scheduled_article_keep_its_preview_equal_to_a_clean_build(tmp_path: Path) -> None:
    now = "2024-06-01T08:00:00+07:00"
    files = {
        f"articles/2024/bai-{i}.md": article(
            f"Bài số {i} về một cửa", date=f"2024-0{1 + i}-01 08:00",
            tags="[một cửa, thẻ hiếm, thẻ lạ, thẻ riêng]" if i < 2 else "[một cửa, dịch vụ công]",
        )
        for i in range(4)
    }
    files["articles/2024/hen-gio.md"] = article("Bài hẹn giờ về một cửa", date="2024-07-01 08:00", tags="[thẻ hiếm, thẻ lạ, thẻ riêng]")
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_NOW=now)
    assert "TIN LIÊN QUAN" in (output / "2024/07/bai-hen-gio-ve-mot-cua.html").read_text(encoding="utf-8")
    source = content / "articles/2024/bai-1.md"
    edit_body(source, "tags: [một cửa, thẻ hiếm, thẻ lạ, thẻ riêng]", "tags: [một cửa]")
    live.apply([str(source)])
    new = content / "articles/2024/moi.md"
    new.write_text(article("Bài mới về một cửa", date="2024-05-20 08:00", tags="[thẻ hiếm, thẻ lạ, thẻ riêng]"), encoding="utf-8")
    live.apply([str(new)], first=[])
    live.finish_pending()
    import shutil

    from portal_build import pipeline

    live_build = pipeline.current  # the build in memory, with the jobs output/ holds
    fresh = tmp_path / "clean-output"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        build(content, fresh, PORTAL_BUILD_CACHE="", PORTAL_READ_CACHE="", PORTAL_NOW=now)
    finally:
        pipeline.current = live_build
    assert tree(output) == tree(fresh)


def test_a_registry_edit_of_an_official_who_signed_a_document_needs_a_full_build(tmp_path: Path) -> None:
    """The document's page shows the signer's position on the day of signing: the edit is
    not applied to the officials' pages alone; the full build then equals a clean build."""
    from .test_documents import document

    content = write_site(tmp_path, {
        "articles/2024/mot.md": article("Bài về lãnh đạo Bộ", date="2024-01-02", officials="[Nguyễn Trọng Thừa]"),
        "van-ban/tt.md": document("05/2024/TT-BNV", loai="Thông tư", co_quan="Bộ Nội vụ", nguoi_ky="Nguyễn Trọng Thừa",
                                  ngay_ban_hanh="2024-05-10", ngay_hieu_luc=None, linh_vuc=None),
    })
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    page = next((output / "van-ban").glob("05-2024-tt-bnv*.html"))
    assert "Thứ trưởng Bộ Nội vụ" in page.read_text(encoding="utf-8")
    registry = content / "data/officials.yaml"
    edit_body(registry, "    - title: Thứ trưởng\n      organisation: Bộ Nội vụ\n",
              "    - title: Thứ trưởng thường trực\n      organisation: Bộ Nội vụ\n")
    with pytest.raises(live.FullBuildNeeded, match="ký văn bản"):
        live.apply([str(registry)])
    build(content, output, PORTAL_BUILD_CACHE="")  # as the dev server then does
    assert "Thứ trưởng thường trực Bộ Nội vụ" in page.read_text(encoding="utf-8")
    assert tree(output) == clean(content, tmp_path)


def test_legal_document_edits_are_applied_in_memory_and_equal_a_clean_build(tmp_path: Path) -> None:
    """A document edited, added, amended or removed in the dev server: the collection is read
    again, the pages showing it re-planned; only the jobs whose signature changed run."""
    import shutil

    from .test_documents import document
    from .test_incremental import AMENDING, BUNDLED_DOCUMENTS

    content = write_site(tmp_path, {
        **{f"articles/2024/bai-{i}.md": article(f"Bài số {i} về cải cách hành chính", date=f"2024-01-{1 + i:02d} 08:00",
                                                  topics="[Chuyển đổi số]", body=body)
           for i, body in enumerate(["Theo Nghị quyết số 76/NQ-CP.\n", "Theo Nghị định 45/2020/NĐ-CP.\n", "Không nêu văn bản.\n"])},
        "van-ban/61.md": document(),
    })
    shutil.copy(BUNDLED_DOCUMENTS / "76-nq-cp.md", content / "van-ban")
    output = tmp_path / "output"
    build(content, output, PORTAL_BUILD_CACHE="")
    folder = content / "van-ban"

    edit_body(folder / "76-nq-cp.md", "trich_yeu: Ban hành", "trich_yeu: Đã sửa, ban hành")
    # As the dev server does: the page open in the browser first, the rest after.
    applied = live.apply([str(folder / "76-nq-cp.md")], first=["van-ban/76-nq-cp.html"])
    assert "Đã sửa, ban hành" in (output / "van-ban/76-nq-cp.html").read_text(encoding="utf-8")
    rest = applied.rest()
    articles = [key for key in rest.ran if key.startswith("2024/")]
    assert len(articles) == 1 and "bai-so-0" in articles[0]
    assert {"van-ban/index.html", "van-ban/loai/nghi-quyet/index.html"} <= set(rest.ran)  # they list its abstract
    assert "Đã sửa, ban hành" in next(output.glob("2024/*/bai-so-0*.html")).read_text(encoding="utf-8")
    assert tree(output) == clean(content, tmp_path)

    shutil.copy(BUNDLED_DOCUMENTS / "45-2020-nd-cp.md", folder)  # bai-1's number now links
    applied = live.apply([str(folder / "45-2020-nd-cp.md")])
    assert "45-2020-nd-cp.html" in next(output.glob("2024/*/bai-so-1*.html")).read_text(encoding="utf-8")
    assert tree(output) == clean(content, tmp_path)

    (folder / "99-2024-nd-cp.md").write_text(AMENDING, encoding="utf-8")  # amends 45/2020
    applied = live.apply([str(folder / "99-2024-nd-cp.md")])
    assert {"van-ban/45-2020-nd-cp.html", "van-ban/99-2024-nd-cp.html"} <= set(applied.ran)
    assert tree(output) == clean(content, tmp_path)

    for name in ("99-2024-nd-cp.md", "45-2020-nd-cp.md"):  # removed: bai-1's number is plain text again
        (folder / name).unlink()
        live.apply([str(folder / name)])
    assert not (output / "van-ban/45-2020-nd-cp.html").exists()
    assert "45-2020-nd-cp" not in next(output.glob("2024/*/bai-so-1*.html")).read_text(encoding="utf-8")
    assert tree(output) == clean(content, tmp_path)

    before = tree_digest(output)
    edit_body(folder / "61.md", "ngay_ban_hanh: 2018-04-23", "ngay_ban_hanh: 2018-13-45")
    with pytest.raises(live.ContentFailure):
        live.apply([str(folder / "61.md")])
    assert tree_digest(output) == before  # nothing published
    edit_body(folder / "61.md", "ngay_ban_hanh: 2018-13-45", "ngay_ban_hanh: 2018-04-23")
    live.apply([str(folder / "61.md")])
    assert tree(output) == clean(content, tmp_path)

    # An article retitled: the documents' index and facets show nothing of it and stay.
    edit_body(content / "articles/2024/bai-2.md", "title: Bài số 2", "title: Bài số hai")
    rest = live.apply([str(content / "articles/2024/bai-2.md")])
    assert not [key for key in rest.ran if key.startswith("van-ban/") and key.endswith(".html")]
    assert tree(output) == clean(content, tmp_path)

    (folder / "61.md").unlink()
    (folder / "76-nq-cp.md").unlink()
    with pytest.raises(live.FullBuildNeeded, match="không còn văn bản"):  # every page's navigation changes
        live.apply([str(folder / "61.md"), str(folder / "76-nq-cp.md")])


def test_once_the_clock_passes_what_the_build_holds_an_edit_is_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dev server left running while a scheduled article comes due (or an article leaves the
    news sitemap's window) must not apply an edit to a build of the past: a clean build at
    that moment is different. Until then, edits are applied in memory."""
    from portal_build import pipeline

    monkeypatch.delenv("PORTAL_NOW", raising=False)
    files = {"articles/2024/bai.md": article("Bài đã đăng", date="2024-05-20 08:00"),
             "articles/2024/hen-gio.md": article("Bài hẹn giờ", date="2024-07-01 08:00")}
    content = write_site(tmp_path, files)
    build(content, tmp_path / "output", PORTAL_BUILD_CACHE="", PORTAL_NOW="2024-06-01T08:00:00+07:00")
    assert live.seconds_until_stale() is None  # "now" fixed: the site never changes by itself
    settings = pipeline.current.generators[0].settings  # type: ignore[union-attr]
    source = content / "articles/2024/bai.md"
    settings["PORTAL_NOW"] = "2024-06-30T08:00:00+07:00"  # the clock moved, not yet to the due date
    edit_body(source, "Nội dung bài viết.", "Nội dung đã sửa.")
    assert live.apply([str(source)]).articles == 1
    settings["PORTAL_NOW"] = "2024-07-01T08:00:00+07:00"  # the scheduled article is due
    edit_body(source, "Nội dung đã sửa.", "Nội dung sửa lần hai.")
    with pytest.raises(live.FullBuildNeeded, match="đã qua Thứ Hai, 01/07/2024 08:00"):
        live.apply([str(source)])
    del settings["PORTAL_NOW"]  # the wall clock: due since 2024
    stale = live.seconds_until_stale()
    assert stale is not None and stale < 0
