"""Precompressed copies (plugins/portal_compress, issue 16): `make publish` writes `.br` and
`.gz` beside every text file, byte-deterministic, only when smaller; a rebuild reuses the
previous tree's copies of unchanged files; `make html` writes none."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from portal_compress import Stats, precompress

from .conftest import article, build, write_site

NOTHING = "Không có gì thay đổi từ lần dựng trước"
PAGE = ("<!DOCTYPE html><html lang=vi><body>" + "<p>Cải cách hành chính, dịch vụ công trực tuyến.</p>\n" * 80).encode()


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_every_text_file_gets_a_smaller_br_and_gz_that_decode_to_its_bytes(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "t",
        {
            "index.html": PAGE,
            "theme/css/site.css": b"body { margin: 0 }\n" * 50,
            "theme/js/a.js": b"let a = 1;\n" * 60,
            "rss.xml": b"<rss>" + b"<item>x</item>" * 50 + b"</rss>",
            "tim-kiem/chi-muc/tu/01.bin": b"\x00\x01abc" * 200,
            "theme/favicon.svg": b"<svg>" + b"<path d='M0 0'/>" * 30 + b"</svg>",
            "robots.txt": b"User-agent: *\nAllow: /\n" * 20,
            "anh/2024/a-960w-0123456789.jpg": b"\xff\xd8" + b"\x00" * 4000,
            "tai-lieu/qd.pdf": b"%PDF" + b"\x00" * 4000,
            "redirects.map": b"/a /b;\n" * 100,
        },
    )
    stats = precompress(root)
    texts = [
        "index.html",
        "theme/css/site.css",
        "theme/js/a.js",
        "rss.xml",
        "tim-kiem/chi-muc/tu/01.bin",
        "theme/favicon.svg",
        "robots.txt",
    ]
    for rel in texts:
        data = (root / rel).read_bytes()
        br, gz = (root / (rel + ".br")).read_bytes(), (root / (rel + ".gz")).read_bytes()
        assert brotli.decompress(br) == data and gzip.decompress(gz) == data
        assert len(br) < len(data) and len(gz) < len(data)
        assert gz[3] == 0 and gz[4:8] == b"\0\0\0\0"  # no file name (FLG), time 0 (MTIME)
        assert (root / (rel + ".br")).stat().st_mtime_ns == (root / rel).stat().st_mtime_ns
    for rel in ("anh/2024/a-960w-0123456789.jpg", "tai-lieu/qd.pdf", "redirects.map"):  # photos, documents, nginx's map
        assert not (root / (rel + ".br")).exists() and not (root / (rel + ".gz")).exists()
    assert (stats.files, stats.compressed, stats.reused, stats.br_files, stats.gz_files) == (7, 7, 0, 7, 7)
    assert stats.br_bytes < stats.gz_bytes < stats.original_bytes


def test_a_copy_is_kept_only_when_smaller(tmp_path: Path) -> None:
    root = tree(tmp_path / "t", {"a.txt": b"ok\n", "b.json": os.urandom(3000).hex().encode()[:300]})
    stats = precompress(root)
    assert not (root / "a.txt.br").exists() and not (root / "a.txt.gz").exists()
    assert (stats.files, stats.compressed, stats.br_files, stats.gz_files) == (2, 2, 1, 1)  # hex digits do compress


def test_the_same_bytes_give_the_same_copies_whatever_the_time_or_the_workers(tmp_path: Path) -> None:
    files = {f"{n:03}/index.html": PAGE + str(n).encode() for n in range(450)}
    one, two = tree(tmp_path / "one", files), tree(tmp_path / "two", files)
    os.utime(two / "000/index.html", (1_000_000, 1_000_000))
    precompress(one, workers=1)
    precompress(two, workers=2)  # forked workers (450 files: two of them)
    for rel in ("000/index.html", "449/index.html"):
        for suffix in (".br", ".gz"):
            assert (one / (rel + suffix)).read_bytes() == (two / (rel + suffix)).read_bytes()


def test_unchanged_files_reuse_the_previous_trees_copies_as_hard_links(tmp_path: Path) -> None:
    old = tree(
        tmp_path / "old",
        {"same.html": PAGE, "copied.html": PAGE + b"2", "changed.html": PAGE + b"3", "new-size.html": PAGE + b"4"},
    )
    precompress(old)
    new = tmp_path / "new"
    new.mkdir()
    os.link(old / "same.html", new / "same.html")  # as portal_output leaves an unchanged page
    tree(
        new,
        {"copied.html": PAGE + b"2", "changed.html": PAGE + b"X", "new-size.html": PAGE + b"44", "added.html": PAGE},
    )
    stats = precompress(new, old)
    for rel in ("same.html", "copied.html"):
        for suffix in (".br", ".gz"):
            assert (new / (rel + suffix)).stat().st_ino == (old / (rel + suffix)).stat().st_ino
    for rel in ("changed.html", "new-size.html"):
        for suffix in (".br", ".gz"):
            assert (new / (rel + suffix)).stat().st_ino != (old / (rel + suffix)).stat().st_ino
        assert brotli.decompress((new / (rel + ".br")).read_bytes()) == (new / rel).read_bytes()
        assert gzip.decompress((new / (rel + ".gz")).read_bytes()) == (new / rel).read_bytes()
    assert (stats.files, stats.reused, stats.compressed, stats.br_files, stats.gz_files) == (5, 2, 3, 5, 5)
    assert (old / "changed.html.br").read_bytes() != (new / "changed.html.br").read_bytes()  # the old tree untouched
    assert brotli.decompress((old / "changed.html.br").read_bytes()) == PAGE + b"3"


def test_a_previous_tree_without_copies_is_no_reason_to_skip_them(tmp_path: Path) -> None:
    old = tree(tmp_path / "old", {"a.html": PAGE})  # published before precompression was on
    new = tmp_path / "new"
    new.mkdir()
    os.link(old / "a.html", new / "a.html")
    stats = precompress(new, old)
    assert (new / "a.html.br").exists() and (new / "a.html.gz").exists() and stats.compressed == 1
    assert not (old / "a.html.br").exists()


def test_stats_add_up() -> None:
    assert Stats(files=1, br_bytes=5) + Stats(files=2, gz_bytes=3) == Stats(files=3, br_bytes=5, gz_bytes=3)


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path,
        {
            "articles/2024/mot.md": article("Bài một về cải cách", date="2024-01-02", tags="[một cửa]"),
            "articles/2024/hai.md": article("Bài hai về dịch vụ công", date="2024-01-03", tags="[một cửa]"),
            "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n",
        },
    )


def publish(content: Path, output: Path, capsys: pytest.CaptureFixture[str]) -> str:
    build(content, output, settings_file="publishconf.py", PORTAL_URL_HISTORY_CHECK=False)
    return capsys.readouterr().out


def copies(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_ino for p in sorted(root.rglob("*")) if p.suffix in (".br", ".gz")}


def test_make_publish_precompresses_and_a_rebuild_compresses_only_what_changed(
    small_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "public"
    publish(small_site, output, capsys)
    first = copies(output)
    for rel in (
        "index.html",
        "404.html",
        "rss.xml",
        "sitemap.xml",
        "theme/css/site.css",
        "gioi-thieu.html",
        "2024/01/bai-mot-ve-cai-cach.html",
    ):
        data = (output / rel).read_bytes()
        assert brotli.decompress((output / (rel + ".br")).read_bytes()) == data, rel
        assert gzip.decompress((output / (rel + ".gz")).read_bytes()) == data, rel
    assert NOTHING in publish(small_site, output, capsys)  # nothing changed: still up to date with the copies listed
    assert copies(output) == first

    hai = small_site / "articles/2024/hai.md"
    hai.write_text(hai.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Nội dung đã sửa."), encoding="utf-8")
    assert NOTHING not in publish(small_site, output, capsys)
    second = copies(output)
    assert second.keys() == first.keys()
    page = "2024/01/bai-hai-ve-dich-vu-cong.html"
    assert second[page + ".br"] != first[page + ".br"]  # compressed again
    assert brotli.decompress((output / (page + ".br")).read_bytes()) == (output / page).read_bytes()
    assert b"N\xe1\xbb\x99i dung \xc4\x91\xc3\xa3 s\xe1\xbb\xada" in (output / page).read_bytes()
    for rel in ("2024/01/bai-mot-ve-cai-cach.html.br", "gioi-thieu.html.gz", "theme/css/site.css.br", "404.html.br"):
        assert second[rel] == first[rel], rel  # the previous tree's copy, same inode
    assert NOTHING in publish(small_site, output, capsys)


def test_make_html_writes_no_copies(small_site: Path, tmp_path: Path) -> None:
    build(small_site, tmp_path / "output")
    assert (tmp_path / "output/index.html").exists() and not copies(tmp_path / "output")
