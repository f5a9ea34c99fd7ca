"""Officials, provinces, topics and tags: registries, name resolution, pages, related news."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import feedparser
import pytest

from portal_diagnostics import BuildFailed

from .conftest import REGISTRIES, article, build


def failing(site, files: dict[str, str], **registries: str) -> list[str]:  # type: ignore[no-untyped-def]
    content, output = site(files)
    for name, text in registries.items():
        (content / "data" / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    return [str(p) for p in failure.value.problems]


# --- name resolution -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "Thanh Hóa",  # as registered
        "thanh hóa",  # case
        "Thanh Hoá",  # old tone placement
        unicodedata.normalize("NFD", "Thanh Hóa"),  # decomposed Unicode
        "thanh-hoa",  # the key
    ],
)
def test_province_names_match_across_case_unicode_form_and_tone_placement(site, written: str) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài Thanh Hóa", provinces=f'["{written}"]')})
    build(content, output)
    page = (output / "tinh-thanh/thanh-hoa/index.html").read_text(encoding="utf-8")
    assert "Bài Thanh Hóa" in page


def test_variant_spellings_resolve_to_the_registered_unit(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài TP.HCM", provinces='["TP.HCM", "Đăk Lăk"]')})
    build(content, output)
    assert "Bài TP.HCM" in (output / "tinh-thanh/ho-chi-minh/index.html").read_text(encoding="utf-8")
    assert "Bài TP.HCM" in (output / "tinh-thanh/dak-lak/index.html").read_text(encoding="utf-8")


def test_misspelled_province_suggests_the_nearest_name(site) -> None:  # type: ignore[no-untyped-def]
    problems = failing(site, {"articles/2024/a.md": article(provinces="[Gia Lia]")})
    assert problems == [
        "content/articles/2024/a.md:7: provinces: 'Gia Lia' không có trong danh bạ tỉnh, thành phố "
        "(content/data/provinces.yaml). Có phải ý bạn là 'Gia Lai'?"
    ]


def test_official_without_diacritics_is_not_accepted_but_suggested(site) -> None:  # type: ignore[no-untyped-def]
    problems = failing(site, {"articles/2024/a.md": article(officials="[Nguyen Trong Thua]")})
    assert problems == [
        "content/articles/2024/a.md:7: officials: 'Nguyen Trong Thua' không có trong danh bạ cán bộ "
        "(content/data/officials.yaml). Có phải ý bạn là 'Nguyễn Trọng Thừa'?"
    ]


def test_each_unknown_name_is_reported_on_its_own_line(site) -> None:  # type: ignore[no-untyped-def]
    text = article(body="Nội dung.\n").replace(
        "author: Quốc Dũng", "author: Quốc Dũng\ntopics:\n  - Chuyển đổi số\n  - Chuyen doi so hoa"
    )
    problems = failing(site, {"articles/2024/a.md": text})
    assert problems == [
        "content/articles/2024/a.md:9: topics: 'Chuyen doi so hoa' không có trong danh bạ chủ đề "
        "(content/data/topics.yaml). Có phải ý bạn là 'Chuyển đổi số'?"
    ]


def test_a_taxonomy_field_that_is_not_declared_is_an_error(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article(officials="[Phạm Minh Chính]")})
    with pytest.raises(BuildFailed) as failure:
        build(content, output, PORTAL_TAXONOMIES=[])
    assert [str(p) for p in failure.value.problems] == [
        "content/articles/2024/a.md:7: officials: trang này chưa dùng trường 'officials' (chưa khai báo trong "
        "PORTAL_TAXONOMIES của pelicanconf.py): xóa trường này, hoặc nhờ người quản trị khai báo"
    ]


def test_tags_in_different_case_are_one_tag_named_by_the_commonest_spelling(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site(
        {
            "articles/2024/a.md": article("Bài A", tags="[Một cửa]"),
            "articles/2024/b.md": article("Bài B", tags="[một cửa]"),
            "articles/2024/c.md": article("Bài C", tags="[một cửa]"),
        }
    )
    build(content, output)
    page = (output / "tu-khoa/mot-cua/index.html").read_text(encoding="utf-8")
    assert "Từ khóa: một cửa" in page
    assert all(f"Bài {x}" in page for x in "ABC")


# --- registries ----------------------------------------------------------------------------

OFFICIAL = "- key: nguyen-van-a\n  name: Nguyễn Văn A\n  positions:\n    - title: Giám đốc\n      organisation: Sở Nội vụ\n"


@pytest.mark.parametrize(
    ("registry", "text", "expected"),
    [
        (
            "officials",
            OFFICIAL + "- key: nguyen-van-a\n  name: Nguyễn Văn B\n",
            "content/data/officials.yaml:6: key: khóa 'nguyen-van-a' bị trùng (đã có ở dòng 1): mỗi mục cần một khóa riêng",
        ),
        (
            "officials",
            OFFICIAL + "      from: 2020-05\n      to: 2019\n",
            "content/data/officials.yaml:7: positions[0].to: kết thúc trước khi bắt đầu (đang ghi 2019, cần từ 05/2020 trở về sau)",
        ),
        (
            "officials",
            OFFICIAL + "      province: Gia Lia\n",
            "content/data/officials.yaml:6: positions[0].province: 'Gia Lia' không có trong danh bạ tỉnh, thành phố. Có phải ý bạn là 'Gia Lai'?",
        ),
        (
            "officials",
            OFFICIAL + "      qualifier: quyen\n",
            "content/data/officials.yaml:6: positions[0].qualifier: giá trị không hợp lệ (đang ghi 'quyen', cần 'Quyền' hoặc 'kiêm'). Có phải ý bạn là 'Quyền'?",
        ),
        (
            "officials",
            OFFICIAL + "  biography: x\n",
            "content/data/officials.yaml:6: biography: không có trường này (cần một trong: key, name, variants, portrait, bio, positions)",
        ),
        (
            "officials",
            OFFICIAL + "- key: Nguyen Van B\n  name: Nguyễn Văn B\n",
            "content/data/officials.yaml:6: key: khóa không hợp lệ (đang ghi 'Nguyen Van B', cần chữ thường a-z không dấu, "
            "chữ số và dấu gạch ngang). Có phải ý bạn là 'nguyen-van-b'?",
        ),
        (
            "officials",
            OFFICIAL + "- key: nguyen-van-b\n  name: Nguyễn Văn B\n  variants: [Nguyễn Văn A]\n",
            "content/data/officials.yaml:8: variants: 'Nguyễn Văn A' đã là tên của 'Nguyễn Văn A' (dòng 1): mỗi tên chỉ trỏ tới một mục",
        ),
        (
            "provinces",
            "- key: gia-lai\n  name: Gia Lai\n  type: tỉnh\n  status: current\n"
            "- key: binh-dinh\n  name: Bình Định\n  type: tỉnh\n  status: former\n  merged_into: gia-lay\n  merged_on: 2025-07-01\n",
            "content/data/provinces.yaml:9: merged_into: danh bạ không có tỉnh, thành phố nào có khóa 'gia-lay'. Có phải ý bạn là 'gia-lai'?",
        ),
        (
            "provinces",
            "- key: gia-lai\n  name: Gia Lai\n  type: tinh\n  status: current\n",
            "content/data/provinces.yaml:3: type: giá trị không hợp lệ (đang ghi 'tinh', cần 'tỉnh' hoặc 'thành phố'). Có phải ý bạn là 'tỉnh'?",
        ),
        (
            "provinces",
            "- key: gia-lai\n  name: Gia Lai\n  type: tỉnh\n  status: former\n",
            "content/data/provinces.yaml:1: merged_into: thiếu trường bắt buộc",
        ),
        (
            "topics",
            "- key: chuyen-doi-so\n  name: Chuyển đổi số\n  kind: theme\n",
            "content/data/topics.yaml:3: kind: giá trị không hợp lệ (đang ghi 'theme', cần 'linh-vuc' hoặc 'chu-de')",
        ),
    ],
    ids=lambda v: v if len(v) < 30 else None,
)
def test_registry_problem_names_file_line_and_fix(site, registry: str, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    problems = failing(site, {"articles/2024/a.md": article()}, **{registry: text})
    assert expected in problems, problems


# --- pages ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def taxonomy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import write_site

    root = tmp_path_factory.mktemp("tax")
    files = {
        "articles/2023/binh-dinh.md": article("Bình Định ký số văn bản", date="2023-09-18", provinces="[Bình Định]", topics="[Chuyển đổi số]"),
        "articles/2024/gia-lai-cu.md": article("Gia Lai cải cách một cửa", date="2024-03-01", provinces="[Gia Lai]", topics="[Chuyển đổi số]"),
        "articles/2025/gia-lai-moi.md": article("Gia Lai mới vận hành hai cấp", date="2025-07-02", provinces="[Gia Lai]", officials="[Trương Hải Long]"),
        "articles/2025/chinh.md": article("Thủ tướng chỉ đạo", date="2025-08-02", officials="[Phạm Minh Chính, Trương Hòa Bình, Vũ Đức Đam]"),
    }
    content = write_site(root, files)
    build(content, root / "output")
    return root / "output"


def test_former_province_page_says_where_it_went_and_links_there(taxonomy_site: Path) -> None:
    page = (taxonomy_site / "tinh-thanh/binh-dinh/index.html").read_text(encoding="utf-8")
    assert "Bình Định ký số văn bản" in page
    assert "Từ ngày 01/07/2025, Bình Định là một phần của" in page
    assert 'href="../../tinh-thanh/gia-lai/">tỉnh Gia Lai</a>' in page


def test_current_province_lists_merged_units_articles_with_the_former_name(taxonomy_site: Path) -> None:
    page = (taxonomy_site / "tinh-thanh/gia-lai/index.html").read_text(encoding="utf-8")
    assert page.index("Gia Lai mới vận hành hai cấp") < page.index("Gia Lai cải cách một cửa") < page.index("Bình Định ký số văn bản")
    assert page.count("former-mark") == 1
    assert "Bài viết về Bình Định (trước khi sáp nhập)" in page


def test_article_keeps_the_province_as_published(taxonomy_site: Path) -> None:
    page = (taxonomy_site / "2023/09/binh-dinh-ky-so-van-ban.html").read_text(encoding="utf-8")
    # The link shows the name as published (the search's filter counts it as Gia Lai: test_search.py).
    assert '<a href="../../tinh-thanh/binh-dinh/">Bình Định</a>' in page


def test_provinces_index_lists_34_current_units_with_former_units_beneath(taxonomy_site: Path) -> None:
    page = (taxonomy_site / "tinh-thanh/index.html").read_text(encoding="utf-8")
    assert "34 tỉnh, thành phố hiện nay" in page
    gia_lai = page.index(">Tỉnh Gia Lai</a>")
    assert gia_lai < page.index(">Bình Định</a>", gia_lai) < page.index("</li>", page.index("former-units", gia_lai) + 300)


def test_officials_index_is_in_vietnamese_order_of_given_names(taxonomy_site: Path) -> None:
    page = (taxonomy_site / "can-bo/index.html").read_text(encoding="utf-8")
    # d before đ: "Dũng" sorts before "Đam"; equal given names fall back to the full name.
    order = ["Trương Hòa Bình", "Phạm Minh Chính", "Mai Tiến Dũng", "Nguyễn Tấn Dũng", "Vũ Đức Đam", "Tô Lâm", "Trương Hải Long"]
    positions = [page.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


def test_official_profile_shows_timeline_and_articles(taxonomy_site: Path) -> None:
    page = (taxonomy_site / "can-bo/truong-hai-long/index.html").read_text(encoding="utf-8")
    assert "Quá trình công tác" in page
    assert page.index("Thứ trưởng, Bộ Nội vụ") < page.index("Chủ tịch UBND tỉnh, UBND tỉnh Gia Lai")
    assert "Gia Lai mới vận hành hai cấp" in page
    assert 'type="application/rss+xml"' in page and 'href="../../can-bo/truong-hai-long/rss.xml"' in page


@pytest.mark.parametrize("path", ["can-bo/pham-minh-chinh", "tinh-thanh/gia-lai", "chu-de/chuyen-doi-so", "tu-khoa/mot-cua"])
def test_term_feeds_are_valid(taxonomy_site: Path, path: str) -> None:
    for kind in ("rss.xml", "atom.xml"):
        feed = taxonomy_site / path / kind
        if path.startswith("tu-khoa"):
            continue  # this site has no tags
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries


def test_registries_of_the_bundled_content_are_complete() -> None:
    import yaml

    provinces = yaml.safe_load(REGISTRIES["provinces.yaml"])
    assert sum(1 for p in provinces if p["status"] == "current") == 34
    before = [p for p in provinces if p["status"] == "former" or "since" not in p]
    assert len(before) == 63
    topics = yaml.safe_load(REGISTRIES["topics.yaml"])
    assert sum(1 for t in topics if t["kind"] == "linh-vuc") == 6


def _titles(page: str) -> list[str]:
    import re

    return re.findall(r'<a href="[^"]*\.html">(Bài \d+)</a>', page)


def test_term_pages_show_cards_then_headlines_then_older_headlines_as_declared(site) -> None:  # type: ignore[no-untyped-def]
    from pelicanconf import PORTAL_TAXONOMIES

    sizes = {"per_page": 2, "first_page_headlines": 2, "older_per_page": 3, "feed_items": 3}
    declared = [dict(t, **sizes) if t["name"] == "tags" else t for t in PORTAL_TAXONOMIES]
    files = {f"articles/2024/b{i}.md": article(f"Bài {i}", date=f"2024-01-0{i + 1}", tags="[một cửa]") for i in range(8)}
    content, output = site(files)
    build(content, output, PORTAL_TAXONOMIES=declared)
    term = output / "tu-khoa/mot-cua"
    first = (term / "index.html").read_text(encoding="utf-8")
    second = (term / "trang-2/index.html").read_text(encoding="utf-8")
    third = (term / "trang-3/index.html").read_text(encoding="utf-8")
    assert not (term / "trang-4").exists()  # 8 articles: 2 cards and 2 headlines, then 3 + 1 headlines
    # Newest first and none skipped or repeated across the pages.
    assert _titles(first) + _titles(second) + _titles(third) == [f"Bài {i}" for i in range(7, -1, -1)]
    cards, headlines = first.split('<h2 class="older-heading">Tin bài cũ hơn</h2>', 1)
    assert cards.count('<article class="card') == 2 and _titles(cards) == ["Bài 7", "Bài 6"]
    assert headlines.count('<article class="card') == 0 and _titles(headlines) == ["Bài 5", "Bài 4"]
    assert '<ul class="headlines older-list">' in headlines
    older = second.split('<ul class="headlines older-list">', 1)[1].split("</ul>", 1)[0]
    assert second.count('<article class="card') == 0 and older.count("<li>") == 3
    assert "Tin bài cũ hơn" not in second  # a page of older articles is all headlines
    assert '<time datetime="2024-01-03T00:00:00+07:00">03/01/2024</time>' in second
    assert "Trang 2/3" in second and 'rel="prev" href="../../../tu-khoa/mot-cua/"' in second
    assert 'rel="next" href="../../../tu-khoa/mot-cua/trang-3/"' in second
    assert "<title>Từ khóa: một cửa – Trang 3 – " in third and 'rel="next"' not in third
    assert len(feedparser.parse((term / "rss.xml").read_bytes()).entries) == 3


def test_a_term_with_few_articles_has_one_page_of_cards_only(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({f"articles/2024/b{i}.md": article(f"Bài {i}", date=f"2024-01-0{i + 1}", tags="[một cửa]") for i in range(3)})
    build(content, output)
    first = (output / "tu-khoa/mot-cua/index.html").read_text(encoding="utf-8")
    assert first.count('<article class="card') == 3
    assert "Tin bài cũ hơn" not in first and "older-list" not in first and not (output / "tu-khoa/mot-cua/trang-2").exists()


@pytest.mark.parametrize("first_headlines", [0, 1])
def test_pages_of_a_province_keep_the_former_name_mark(site, first_headlines: int) -> None:  # type: ignore[no-untyped-def]
    from pelicanconf import PORTAL_TAXONOMIES

    sizes = {"per_page": 1, "first_page_headlines": first_headlines}
    declared = [dict(t, **sizes) if t["name"] == "provinces" else t for t in PORTAL_TAXONOMIES]
    content, output = site({
        "articles/2023/binh-dinh.md": article("Bình Định ký số", date="2023-09-18", provinces="[Bình Định]"),
        "articles/2025/gia-lai.md": article("Gia Lai mới", date="2025-07-02", provinces="[Gia Lai]"),
    })
    build(content, output, PORTAL_TAXONOMIES=declared)
    # The Bình Định article is a headline: on the first page under the card, or on page 2.
    page = "index.html" if first_headlines else "trang-2/index.html"
    older = (output / "tinh-thanh/gia-lai" / page).read_text(encoding="utf-8")
    headlines = older.split('<ul class="headlines older-list">', 1)[1]
    assert ">Bình Định ký số</a>" in headlines
    assert '<span class="former-mark">Bài viết về Bình Định (trước khi sáp nhập)</span>' in headlines
    assert (output / "tinh-thanh/gia-lai/trang-2").exists() != bool(first_headlines)


@pytest.mark.parametrize(
    ("total", "pages"), [(0, 1), (1, 1), (50, 1), (51, 2), (150, 2), (151, 3), (1000, 11)]
)
def test_term_page_count(total: int, pages: int) -> None:
    from pelican.paginator import PaginationRule

    from portal_taxonomy.paging import TermPaginator, page_count

    patterns = [PaginationRule(1, "{url}", "{save_as}"), PaginationRule(2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html")]
    settings = {"DEFAULT_ORPHANS": 5, "PAGINATION_PATTERNS": patterns}
    paginator = TermPaginator("chu-de/x/index.html", "chu-de/x/", list(range(total)), settings, 20, 100, 30)
    assert page_count(total, 50, 100) == paginator.num_pages == pages
    pages_made = paginator.pages()
    listed = [item for page in pages_made for item in page.object_list]
    assert listed == list(range(total))  # orphans never merge a short last page
    assert pages_made[0].cards == list(range(min(total, 20))) and pages_made[0].headlines == list(range(20, min(total, 50)))
    assert all(page.cards == [] and page.headlines == page.object_list for page in pages_made[1:])
    assert [p.save_as for p in pages_made][-1] == ("chu-de/x/index.html" if pages == 1 else f"chu-de/x/trang-{pages}/index.html")


def test_a_bad_declaration_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    from pelicanconf import PORTAL_TAXONOMIES

    declared = [dict(PORTAL_TAXONOMIES[0], per_page=0, first_page_headlines=-1), {"name": "x"}]
    content, output = site({"articles/2024/a.md": article()})
    with pytest.raises(BuildFailed) as failure:
        build(content, output, PORTAL_TAXONOMIES=declared)
    assert [str(p) for p in failure.value.problems] == [
        "pelicanconf.py: PORTAL_TAXONOMIES[1]: first_page_headlines must be a whole number, 0 or more (got -1)",
        "pelicanconf.py: PORTAL_TAXONOMIES[1]: per_page must be a positive whole number (got 0)",
        "pelicanconf.py: PORTAL_TAXONOMIES[2]: missing segment, kind, title, label",
    ]


def test_a_misspelt_declaration_setting_gets_the_nearest_name() -> None:
    from pelicanconf import PORTAL_TAXONOMIES
    from portal_taxonomy.config import parse_specs

    _specs, errors = parse_specs([dict(PORTAL_TAXONOMIES[0], older_page=30)])
    assert errors == [
        "PORTAL_TAXONOMIES[1]: unknown setting(s) older_page (expected some of: feed_items, feeds, first_page_headlines, "
        "index_template, kind, label, name, older_per_page, per_page, registry, segment, term_template, title, weight). "
        "Did you mean 'older_per_page' for 'older_page'?"
    ]


# --- a former province named after its merger: a notice, never a failure -------------------

MERGED = (
    "content/articles/2026/moi.md:7: provinces: lưu ý: Bình Định đã hợp nhất vào Gia Lai từ 01/07/2025 "
    "(bài đề ngày 02/12/2026): nếu bài nói về địa phương hiện nay, hãy ghi 'Gia Lai'"
)


def merger_site(site):  # type: ignore[no-untyped-def]
    return site({
        "articles/2026/moi.md": article("Tin mới", date="2026-12-02 08:00", provinces="[Gia Lai, Bình Định]"),
        "articles/2024/cu.md": article("Tin cũ", date="2024-05-06 08:00", provinces="[Bình Định]"),
        "articles/2025/hom-truoc.md": article("Tin hôm trước", date="2025-06-30 17:00", provinces="[Bình Định]"),
    })


def test_a_former_province_in_an_article_after_the_merger_is_a_notice_in_make_check(site) -> None:  # type: ignore[no-untyped-def]
    from .test_check import check

    content, _output = merger_site(site)
    status, lines = check(content)
    assert status == 0
    assert lines == [MERGED, "Kiểm tra đạt: không có lỗi (1 lưu ý, đã kiểm tra 3 tệp)."]


def test_the_notice_is_printed_by_the_build_and_by_a_publish_that_it_does_not_fail(site, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    content, output = merger_site(site)
    build(content, output)
    assert capsys.readouterr().err.splitlines() == [MERGED]
    build(content, output)  # nothing changed: the notice is shown again
    assert capsys.readouterr().err.splitlines() == [MERGED]
    (content / "data" / "url-history.yaml").write_text(
        "articles/2024/cu.md:\n- /2024/05/tin-cu.html\narticles/2025/hom-truoc.md:\n- /2025/06/tin-hom-truoc.html\n"
        "articles/2026/moi.md:\n- /2026/12/tin-moi.html\n", encoding="utf-8")
    monkeypatch.setenv("PORTAL_WARNINGS_ARE_ERRORS", "true")  # as make publish runs it
    monkeypatch.setenv("PORTAL_NOW", "2026-12-04T09:00:00+07:00")
    build(content, output.parent / "public", "publishconf.py")
    assert capsys.readouterr().err.splitlines() == [MERGED]
    assert "Bình Định" in (output.parent / "public" / "2026" / "12" / "tin-moi.html").read_text(encoding="utf-8")


def test_a_unit_that_alone_became_another_is_said_to_have_become_it(site) -> None:  # type: ignore[no-untyped-def]
    from .test_check import check

    content, _output = site({"articles/2025/hue.md": article("Tin Huế", date="2025-03-02 08:00", provinces="[Thừa Thiên Huế]")})
    assert check(content) == (0, [
        "content/articles/2025/hue.md:7: provinces: lưu ý: Thừa Thiên Huế đã trở thành Huế từ 01/01/2025 "
        "(bài đề ngày 02/03/2025): nếu bài nói về địa phương hiện nay, hãy ghi 'Huế'",
        "Kiểm tra đạt: không có lỗi (1 lưu ý, đã kiểm tra 1 tệp).",
    ])
