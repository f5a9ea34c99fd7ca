"""Publishing rules: drafts and scheduled articles stay out of the public build; old
addresses keep working (aliases, the URL history, redirects.map); sitemap and robots.txt."""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from portal_diagnostics import BuildFailed

from .conftest import article, build, write_site

NOW = "2026-11-27T08:00:00+07:00"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Three articles sharing a tag and a province, so term pages, term feeds and related news
# would show the draft or the scheduled one if anything leaked.
SHARED = {"tags": "[một cửa]", "provinces": "[Gia Lai]"}
FILES = {
    "articles/2026/that.md": article("Bài đã đăng", date="2026-11-20 09:00", aliases="[/tin-cu/bai-da-dang.html]", **SHARED),
    "articles/2026/nhap.md": article("Bài nháp bí mật", date="2026-11-21 09:00", status="draft",
                                     aliases="[/tin-cu/bai-nhap.html]",
                                     image="{src: ../../images/2026/anh-nhap-bi-mat.jpg, alt: Ảnh của bài nháp}",
                                     **SHARED),
    "articles/2026/hen-gio.md": article("Bài hẹn giờ bí mật", date="2026-12-01 07:00",
                                        body="![Ảnh của bài hẹn giờ](../../images/2026/anh-hen-gio-bi-mat.jpg)\n",
                                        **SHARED),
    "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n",
    "pages/nhap.md": "---\ntitle: Trang nháp bí mật\nstatus: draft\n---\nĐang soạn.\n",
}
SECRETS = ("anh-nhap-bi-mat", "anh-hen-gio-bi-mat", "bai-nhap-bi-mat", "bai-hen-gio-bi-mat", "Bài nháp bí mật", "Bài hẹn giờ bí mật", "bai-nhap.html",
           "trang-nhap-bi-mat", "Trang nháp bí mật")



def build_problems(content: Path, output: Path, **settings: Any) -> list[str]:
    """The problems a build that must fail reports, as printed."""
    with pytest.raises(BuildFailed) as failure:
        build(content, output, **settings)
    return [str(p) for p in failure.value.problems]

def all_text(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".map", ".txt")
    }


class Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("publishing")
    content = write_site(root, FILES)
    # Photos used only by the draft and by the scheduled article: checked, never published.
    (content / "images/2026").mkdir(parents=True)
    for name, colour in (("anh-nhap-bi-mat.jpg", (200, 30, 30)), ("anh-hen-gio-bi-mat.jpg", (30, 30, 200))):
        Image.new("RGB", (480, 320), colour).save(content / "images/2026" / name, "JPEG")
    warnings = Messages()
    logging.getLogger("portal_site").addHandler(warnings)
    cwd = os.getcwd()
    os.chdir(root)  # messages name content/… as editors see them
    try:
        build(content, root / "public", settings_file="publishconf.py", PORTAL_NOW=NOW)
    finally:
        os.chdir(cwd)
        logging.getLogger("portal_site").removeHandler(warnings)
    build(content, root / "dev", PORTAL_NOW=NOW)
    (root / "public-warnings.txt").write_text("\n".join(warnings.messages), encoding="utf-8")
    return {"public": root / "public", "dev": root / "dev", "content": content,
            "warnings": root / "public-warnings.txt"}


def test_drafts_and_scheduled_articles_are_nowhere_in_the_public_build(sites: dict[str, Path]) -> None:
    public = sites["public"]
    assert (public / "2026/11/bai-da-dang.html").exists()
    assert not [p for p in public.rglob("*") if any(s in str(p) for s in SECRETS)]
    texts = all_text(public)
    for name in ("index.html", "rss.xml", "atom.xml", "sitemap.xml", "redirects.map", "tu-khoa/mot-cua/index.html",
                 "tu-khoa/mot-cua/rss.xml", "tinh-thanh/gia-lai/index.html", "chuyen-muc/tin-tong-hop/atom.xml"):
        assert name in texts, name
    leaks = {name: secret for name, text in texts.items() for secret in SECRETS if secret in text}
    assert leaks == {}
    assert not [name for name, text in texts.items() if "__livereload" in text]  # dev-server builds only


def test_the_published_article_relates_to_no_hidden_article(sites: dict[str, Path]) -> None:
    page = (sites["public"] / "2026/11/bai-da-dang.html").read_text(encoding="utf-8")
    assert "TIN LIÊN QUAN" not in page  # its only neighbours are the draft and the scheduled one


def test_dev_build_previews_drafts_and_scheduled_articles_with_banners(sites: dict[str, Path]) -> None:
    dev = sites["dev"]
    for path in ("ban-nhap/bai-nhap-bi-mat.html", "ban-nhap/trang/trang-nhap-bi-mat.html"):
        draft = (dev / path).read_text(encoding="utf-8")
        assert "Bản nháp – chưa xuất bản" in draft and 'content="noindex, nofollow"' in draft, path
    scheduled = (dev / "2026/12/bai-hen-gio-bi-mat.html").read_text(encoding="utf-8")
    assert "Hẹn giờ đăng:" in scheduled and "01/12/2026" in scheduled
    assert 'content="noindex, nofollow"' in scheduled
    # Previewed, but listed nowhere: the dev site's listings are the public site's.
    for name in ("index.html", "rss.xml", "sitemap.xml", "tu-khoa/mot-cua/index.html"):
        text = (dev / name).read_text(encoding="utf-8")
        assert "Bài hẹn giờ bí mật" not in text and "bai-hen-gio-bi-mat" not in text, name
        assert "bai-nhap-bi-mat" not in text and "trang-nhap-bi-mat" not in text, name
    assert "Disallow: /ban-nhap/" in (dev / "robots.txt").read_text(encoding="utf-8")


def test_a_scheduled_article_previewed_shows_its_related_news_as_once_published(sites: dict[str, Path]) -> None:
    scheduled = (sites["dev"] / "2026/12/bai-hen-gio-bi-mat.html").read_text(encoding="utf-8")
    related = scheduled.split('id="tin-lien-quan"', 1)[1].split("</aside>", 1)[0]
    assert "bai-da-dang.html" in related  # the published neighbour
    assert "bai-nhap-bi-mat" not in related  # never a draft
    published = (sites["dev"] / "2026/11/bai-da-dang.html").read_text(encoding="utf-8")
    assert "TIN LIÊN QUAN" not in published  # public pages never list a scheduled article


def test_dev_build_lists_drafts_and_scheduled_articles_on_a_page_of_their_own(sites: dict[str, Path]) -> None:
    page = (sites["dev"] / "ban-nhap/index.html").read_text(encoding="utf-8")
    assert "<h1>Bản nháp và bài hẹn giờ</h1>" in page and 'content="noindex, nofollow"' in page
    assert "<h2 id=\"hen-gio\">Bài hẹn giờ (1)</h2>" in page
    assert 'href="../2026/12/bai-hen-gio-bi-mat.html">Bài hẹn giờ bí mật</a>' in page
    assert "01/12/2026" in page  # when it will appear
    assert "<h2 id=\"ban-nhap\">Bản nháp (2)</h2>" in page
    assert 'href="../ban-nhap/bai-nhap-bi-mat.html"' in page and 'href="../ban-nhap/trang/trang-nhap-bi-mat.html"' in page
    assert not (sites["public"] / "ban-nhap").exists()  # the public build has no such page


def test_a_scheduled_article_appears_once_its_time_has_come(sites: dict[str, Path], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_NOW", "2026-12-01T07:00:00+07:00")  # the environment wins over the setting
    build(sites["content"], tmp_path / "out", settings_file="publishconf.py", PORTAL_NOW=NOW)
    assert "Bài hẹn giờ bí mật" in (tmp_path / "out/rss.xml").read_text(encoding="utf-8")
    assert (tmp_path / "out/2026/12/bai-hen-gio-bi-mat.html").exists()


def test_sitemap_lists_every_public_page_with_absolute_urls(sites: dict[str, Path]) -> None:
    tree = ET.parse(sites["public"] / "sitemap.xml")
    assert tree.getroot().tag == f"{SITEMAP_NS}urlset"
    urls = {u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod") for u in tree.getroot()}
    base = "https://cchc.example.vn/"
    assert all(url.startswith(base) for url in urls)
    assert urls[base] == "2026-11-20T09:00:00+07:00"
    assert urls[base + "2026/11/bai-da-dang.html"] == "2026-11-20T09:00:00+07:00"
    for path in ("gioi-thieu.html", "chuyen-muc/tin-tong-hop/", "tu-khoa/", "tu-khoa/mot-cua/", "tinh-thanh/gia-lai/"):
        assert base + path in urls, path
    assert list(urls) == sorted(urls)
    robots = (sites["public"] / "robots.txt").read_text(encoding="utf-8")
    assert robots == ("User-agent: *\nDisallow:\n\nSitemap: https://cchc.example.vn/sitemap.xml\n"
                      "Sitemap: https://cchc.example.vn/sitemap-news.xml\n")


def test_alias_page_has_canonical_refresh_noindex_and_a_visible_link(sites: dict[str, Path]) -> None:
    page = (sites["public"] / "tin-cu/bai-da-dang.html").read_text(encoding="utf-8")
    target = "https://cchc.example.vn/2026/11/bai-da-dang.html"
    assert f'<link rel="canonical" href="{target}">' in page
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'Bài viết đã chuyển đến địa chỉ mới: <a href="{target}">Bài đã đăng</a>' in page


def test_redirect_map_is_an_nginx_map_of_public_redirects_only(sites: dict[str, Path]) -> None:
    text = (sites["public"] / "redirects.map").read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ["/tin-cu/bai-da-dang.html /2026/11/bai-da-dang.html;"]


def test_url_history_redirects_an_address_changed_by_a_new_title(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2024/a.md": article("Tên cũ của bài", date="2024-03-01")})
    build(content, tmp_path / "first", settings_file="publishconf.py", PORTAL_URL_HISTORY_UPDATE=True)  # make urls
    history = (content / "data/url-history.yaml").read_text(encoding="utf-8")
    assert "articles/2024/a.md:\n- /2024/03/ten-cu-cua-bai.html\n" in history

    (content / "articles/2024/a.md").write_text(article("Tên mới của bài", date="2024-03-01"), encoding="utf-8")
    build(content, tmp_path / "out", settings_file="publishconf.py")
    redirect = (tmp_path / "out/2024/03/ten-cu-cua-bai.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://cchc.example.vn/2024/03/ten-moi-cua-bai.html">' in redirect
    assert "/2024/03/ten-cu-cua-bai.html /2024/03/ten-moi-cua-bai.html;" in (tmp_path / "out/redirects.map").read_text(
        encoding="utf-8"
    )


def test_make_urls_records_nothing_when_a_problem_is_found_after_the_listings(tmp_path: Path) -> None:
    # Pelican's static generator runs after the portal generator made its listings (and
    # the URL history with them): a drawing it would publish as it is fails the build, and
    # the history is written only once the build found no problem at all.
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    content = write_site(tmp_path, {"articles/2024/a.md": article("Tên của bài", date="2024-03-01"), "tep/so-do.svg": svg})
    history = content / "data/url-history.yaml"
    before = history.read_bytes() if history.exists() else None
    with pytest.raises(BuildFailed):
        build(content, tmp_path / "out", settings_file="publishconf.py", PORTAL_URL_HISTORY_UPDATE=True, STATIC_PATHS=["tep"])
    assert (history.read_bytes() if history.exists() else None) == before
    (content / "tep/so-do.svg").unlink()
    build(content, tmp_path / "out", settings_file="publishconf.py", PORTAL_URL_HISTORY_UPDATE=True, STATIC_PATHS=["tep"])
    assert "articles/2024/a.md:\n- /2024/03/ten-cua-bai.html\n" in history.read_text(encoding="utf-8")


def test_public_build_warns_about_an_address_not_yet_recorded(sites: dict[str, Path]) -> None:
    warnings = sites["warnings"].read_text(encoding="utf-8").splitlines()
    assert warnings == [
        "content/articles/2026/that.md:2: url: địa chỉ '/2026/11/bai-da-dang.html' chưa được ghi vào "
        "content/data/url-history.yaml; chạy 'make urls' rồi commit content/data/url-history.yaml",
        "content/pages/gioi-thieu.md:2: url: địa chỉ '/gioi-thieu.html' chưa được ghi vào "
        "content/data/url-history.yaml; chạy 'make urls' rồi commit content/data/url-history.yaml",
    ]
    assert not any("bi-mat" in w for w in warnings)  # drafts and scheduled articles have no address yet


def test_url_history_naming_a_missing_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    content = write_site(tmp_path, {
        "articles/2024/a.md": article("Bài A"),
        "data/url-history.yaml": "articles/2024/a.md:\n- /2023/06/bai-a.html\narticles/2024/cu.md:\n- /2024/01/cu.html\n",
    })
    assert build_problems(content, tmp_path / "out") == [
        "content/data/url-history.yaml:3: articles/2024/cu.md: tệp này không còn nữa, nhưng các địa chỉ của nó đã "
        "được đăng (/2024/01/cu.html). Nếu bạn đã chuyển hoặc đổi tên tệp, hãy sửa khóa này thành đường dẫn mới; "
        "nếu bạn cố ý xóa tệp, hãy xóa mục này"
    ]


def test_an_alias_that_is_a_page_of_the_site_is_an_error_with_its_line(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"articles/2024/a.md": article("Bài A", aliases="[/chuyen-muc/tin-tong-hop/]")})
    assert build_problems(content, tmp_path / "out") == [
        "content/articles/2024/a.md:7: aliases: địa chỉ cũ '/chuyen-muc/tin-tong-hop/' nằm trong chuyen-muc/, thư "
        "mục của các trang và nguồn tin của chuyên mục: đặt chuyển hướng ở đó sẽ thay mất tệp của chính trang web; "
        "hãy xóa địa chỉ này"
    ]
    assert not (tmp_path / "out").exists()


def test_an_alias_that_is_a_page_names_that_page(tmp_path: Path) -> None:
    content = write_site(tmp_path, {
        "articles/2024/a.md": article("Bài A", aliases="[/gioi-thieu.html]"),
        "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nNội dung.\n",
    })
    assert build_problems(content, tmp_path / "out") == [
        "content/articles/2024/a.md:7: aliases: địa chỉ cũ '/gioi-thieu.html' là địa chỉ của "
        "content/pages/gioi-thieu.md: đặt chuyển hướng ở đó sẽ thay mất trang ấy; hãy xóa địa chỉ này"
    ]


def test_one_old_address_in_two_articles_is_an_error_on_the_second(tmp_path: Path) -> None:
    content = write_site(tmp_path, {
        "articles/2024/a.md": article("Bài A", aliases="[/tin-cu/mot.html]"),
        "articles/2024/b.md": article("Bài B", date="2024-02-01", aliases="[/tin-cu/mot.html]"),
    })
    assert build_problems(content, tmp_path / "out") == [
        "content/articles/2024/b.md:7: aliases: địa chỉ cũ '/tin-cu/mot.html' cũng là địa chỉ cũ của "
        "content/articles/2024/a.md: mỗi địa chỉ chỉ chuyển hướng được đến một nơi; hãy giữ nó ở một trong hai tệp"
    ]


def test_an_alias_that_is_an_older_page_of_a_term_is_an_error(tmp_path: Path) -> None:
    from pelicanconf import PORTAL_TAXONOMIES

    declared = [dict(t, per_page=1, first_page_headlines=0) if t["name"] == "tags" else t for t in PORTAL_TAXONOMIES]
    content = write_site(tmp_path, {
        "articles/2024/a.md": article("Bài A", tags="[một cửa]", aliases="[/tu-khoa/mot-cua/trang-2/]"),
        "articles/2024/b.md": article("Bài B", date="2024-02-01", tags="[một cửa]"),
    })
    assert build_problems(content, tmp_path / "out", PORTAL_TAXONOMIES=declared) == [
        "content/articles/2024/a.md:8: aliases: địa chỉ cũ '/tu-khoa/mot-cua/trang-2/' nằm trong tu-khoa/, thư mục "
        "của các trang và nguồn tin của mục 'Từ khóa': đặt chuyển hướng ở đó sẽ thay mất tệp của chính trang web; "
        "hãy xóa địa chỉ này"
    ]


def test_make_urls_records_a_scheduled_article_at_its_future_address(sites: dict[str, Path], tmp_path: Path) -> None:
    build(sites["content"], tmp_path / "out", settings_file="publishconf.py", PORTAL_NOW=NOW, PORTAL_URL_HISTORY_UPDATE=True)
    history = (sites["content"] / "data/url-history.yaml").read_text(encoding="utf-8")
    (sites["content"] / "data/url-history.yaml").unlink()
    assert "articles/2026/hen-gio.md:\n- /2026/12/bai-hen-gio-bi-mat.html\n" in history
    assert "nhap.md" not in history  # drafts have no address yet


def test_a_public_link_to_a_draft_or_a_scheduled_article_fails_the_public_build(tmp_path: Path) -> None:
    content = write_site(tmp_path, {
        "articles/2024/a.md": article("Bài A", body="Mở đầu.\n\nXem [bài B](b.md).\n\nXem [bài C](c.md).\n"),
        "articles/2024/b.md": article("Bài B", status="draft"),
        "articles/2024/c.md": article("Bài C", date="2026-12-01 07:00"),
    })
    assert build_problems(content, tmp_path / "out", settings_file="publishconf.py", PORTAL_NOW=NOW) == [
        "content/articles/2024/a.md:10: body: liên kết đến articles/2024/b.md, một bản nháp: trang web công khai "
        "không có bài đó (hãy đăng bài đó trước, hoặc xóa liên kết)",
        "content/articles/2024/a.md:12: body: liên kết đến articles/2024/c.md, bài hẹn giờ đăng lúc Thứ Ba, "
        "01/12/2026 07:00: trang web công khai chưa có bài đó (hãy hẹn giờ đăng bài này không sớm hơn, hoặc xóa "
        "liên kết)",
    ]


def test_a_malformed_portal_now_stops_the_build_with_an_example(site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài A")})
    monkeypatch.setenv("PORTAL_NOW", "ngày mai")
    assert build_problems(content, output) == [
        "PORTAL_NOW: PORTAL_NOW must be an ISO 8601 date such as 2026-11-27T08:00:00+07:00 (got 'ngày mai')"
    ]


def test_make_publish_writes_public_and_leaves_the_preview_in_output_alone(tmp_path: Path) -> None:
    """`make publish` then `make serve` used to show production pages (absolute addresses of
    the production host) as the preview: the two builds now have their own folders."""
    import subprocess

    from .conftest import ROOT

    preview, public = tmp_path / "output", tmp_path / "public"
    preview.mkdir()
    (preview / "index.html").write_text("bản xem trước", encoding="utf-8")
    dry = subprocess.run(["make", "-n", "publish"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert " -o public " in dry and " -o output " not in dry
    env = {**os.environ, "PORTAL_BUILD_CACHE": str(tmp_path / "cache-build")}
    run = subprocess.run(["make", "publish", f"PUBLISHDIR={public}", f"OUTPUTDIR={preview}"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert 'href="https://cchc.example.vn/' in (public / "index.html").read_text(encoding="utf-8")
    assert (preview / "index.html").read_text(encoding="utf-8") == "bản xem trước"
    assert not (public / "ban-nhap").exists()
