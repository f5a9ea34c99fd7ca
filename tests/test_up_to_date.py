"""A build whose inputs did not change does nothing (portal_build/uptodate.py), and any
change to what a build reads makes it build in full."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from portal_build import uptodate
from portal_diagnostics import BuildFailed

from .conftest import article, build, write_site

NOTHING = "Không có gì thay đổi từ lần dựng trước"
BUILT = "Done: Processed"


def site(root: Path) -> Path:
    return write_site(
        root,
        {
            "articles/2024/mot.md": article("Bài một về cải cách", date="2024-01-02", topics="[Chuyển đổi số]"),
            "articles/2024/hai.md": article("Bài hai về dịch vụ công", date="2024-01-03"),
        },
    )


def identities(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()
    }


def run(content: Path, output: Path, capsys: pytest.CaptureFixture[str], **settings: object) -> str:
    build(content, output, **settings)
    return capsys.readouterr().out


def test_a_second_build_of_the_same_sources_does_nothing_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    assert BUILT in run(content, output, capsys)
    before = identities(output)
    out = run(content, output, capsys)
    assert NOTHING in out and BUILT not in out
    line = next(line for line in out.splitlines() if NOTHING in line)
    assert "output/ đã là bản mới nhất" in line and "tệp trong" in line
    assert identities(output) == before  # not one file rewritten or relinked


@pytest.mark.parametrize(
    "change",
    ["edit a byte", "add a file", "remove a file", "add an attachment", "edit a registry"],
)
def test_any_change_under_content_is_built(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    mot = content / "articles/2024/mot.md"
    if change == "edit a byte":
        mot.write_text(mot.read_text(encoding="utf-8").replace("Nội dung", "Nôi dung"), encoding="utf-8")
    elif change == "add a file":
        (content / "articles/2024/ba.md").write_text(article("Bài ba", date="2024-01-04"), encoding="utf-8")
    elif change == "remove a file":
        (content / "articles/2024/hai.md").unlink()
    elif change == "add an attachment":
        (content / "files").mkdir()
        (content / "files/ke-hoach.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    else:
        topics = content / "data/topics.yaml"
        topics.write_text(topics.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = run(content, output, capsys)
    assert NOTHING not in out
    if change in ("edit a byte", "add a file", "remove a file"):  # articles: the saved build takes them (warm.py)
        assert "Đã cập nhật bản dựng trước" in out and BUILT not in out
    else:
        assert BUILT in out


def test_the_same_bytes_written_again_are_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bytes decide, not modification times: an editor saving without changing anything."""
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    mot = content / "articles/2024/mot.md"
    mot.write_bytes(mot.read_bytes())
    os.utime(mot, (1e9, 1e9))
    assert NOTHING in run(content, output, capsys)


def test_other_settings_build_in_full(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    out = run(content, output, capsys, SITENAME="Cổng thông tin khác")
    assert BUILT in out
    assert "Cổng thông tin khác" in (output / "index.html").read_text(encoding="utf-8")
    out = run(content, output, capsys, settings_file="publishconf.py", SITENAME="Cổng thông tin khác")
    assert BUILT in out  # make publish after make html: other settings


def test_an_environment_variable_the_build_reads_builds_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    monkeypatch.setenv("PORTAL_NOW", "2030-01-01T08:00:00+07:00")
    assert BUILT in run(content, output, capsys)
    monkeypatch.setenv("PORTAL_TIMINGS", str(tmp_path / "timings.jsonl"))  # changes nothing in output/
    assert NOTHING in run(content, output, capsys)


@pytest.mark.parametrize("damage", ["edit", "remove", "add"])
def test_output_touched_by_hand_is_built_again(tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    page = output / "index.html"
    original = page.read_bytes()
    if damage == "edit":
        page.write_bytes(original.replace(b"</title>", " (sửa tay)</title>".encode()))
    elif damage == "remove":
        page.unlink()
    else:
        (output / "la.html").write_text("thừa", encoding="utf-8")
    assert BUILT in run(content, output, capsys)
    assert page.read_bytes() == original
    assert not (output / "la.html").exists()


def test_a_failed_build_is_not_recorded_and_the_fix_reverted_to_finds_the_site_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    before = identities(output)
    mot = content / "articles/2024/mot.md"
    good = mot.read_text(encoding="utf-8")
    mot.write_text(good.replace("date: 2024-01-02", "date: không rõ"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(content, output)
    capsys.readouterr()
    with pytest.raises(BuildFailed):  # still broken: reported again, never "up to date"
        build(content, output)
    assert "date" in capsys.readouterr().err
    mot.write_text(good, encoding="utf-8")
    assert NOTHING in run(content, output, capsys)  # output/ still holds the site of these sources
    assert identities(output) == before


def test_a_damaged_record_is_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    records = list((tmp_path / ".cache-build").glob("*.json"))
    assert len(records) == 1
    records[0].write_bytes(records[0].read_bytes()[:100])
    assert BUILT in run(content, output, capsys)
    assert NOTHING in run(content, output, capsys)  # and rewritten


def test_without_a_cache_folder_every_build_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys, PORTAL_BUILD_CACHE="")
    assert BUILT in run(content, output, capsys, PORTAL_BUILD_CACHE="")
    assert not (tmp_path / ".cache-build").exists()


def test_a_scheduled_article_makes_the_record_hold_until_its_date(tmp_path: Path) -> None:
    """At the scheduled moment the build publishes the article: the site changes although
    no file did."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("trang", encoding="utf-8")
    inputs = uptodate.Inputs("abc", 1)
    vn = timezone(timedelta(hours=7))
    moment = datetime(2027, 1, 1, 8, 0, tzinfo=vn)
    warnings = [("pelican.generators", "một cảnh báo")]
    notices = [["content/articles/2026/a.md", 7, "provinces", "lưu ý: …"]]
    uptodate.save(str(tmp_path / "records"), str(output), inputs, moment, warnings, notices)
    assert uptodate.up_to_date(str(tmp_path / "records"), str(output), inputs, moment - timedelta(seconds=1)) == (warnings, notices)
    assert uptodate.up_to_date(str(tmp_path / "records"), str(output), inputs, moment) is None
    assert uptodate.up_to_date(str(tmp_path / "records"), str(output), uptodate.Inputs("abd", 1), moment - timedelta(days=1)) is None


def test_a_scheduled_article_is_recorded_with_its_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    content = write_site(
        tmp_path,
        {
            "articles/2024/mot.md": article("Bài đã đăng", date="2024-01-02"),
            "articles/2099/sau.md": article("Bài hẹn giờ", date="2099-03-04 08:00"),
        },
    )
    output = tmp_path / "output"
    run(content, output, capsys)
    (record,) = (tmp_path / ".cache-build").glob("*.json")
    assert json.loads(record.read_text(encoding="utf-8"))["valid_until"].startswith("2099-03-04T08:00:00")


def test_an_article_in_the_news_sitemap_makes_the_record_hold_until_it_leaves_the_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sitemap-news.xml lists the last two days' articles: when the oldest of them is two
    days old, the site changes although no file did."""
    import json

    recent = (datetime.now(timezone(timedelta(hours=7))) - timedelta(hours=5)).replace(second=0, microsecond=0)
    content = write_site(
        tmp_path,
        {
            "articles/2024/mot.md": article("Bài cũ", date="2024-01-02"),
            "articles/2026/moi.md": article("Bài mới đăng", date=recent.strftime("%Y-%m-%d %H:%M")),
        },
    )
    output = tmp_path / "output"
    run(content, output, capsys)
    assert "<news:title>Bài mới đăng</news:title>" in (output / "sitemap-news.xml").read_text(encoding="utf-8")
    (record,) = (tmp_path / ".cache-build").glob("*.json")
    valid_until = datetime.fromisoformat(json.loads(record.read_text(encoding="utf-8"))["valid_until"])
    assert valid_until == recent + timedelta(days=2)


def test_warnings_of_the_recorded_build_are_shown_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    (record,) = (tmp_path / ".cache-build").glob("*.json")
    uptodate_record = record.read_text(encoding="utf-8")
    assert '"warnings":[]' in uptodate_record
    import json

    data = json.loads(uptodate_record)
    data["warnings"] = [["portal.test", "bài mot.md: ảnh thiếu chú thích"]]
    record.write_text(json.dumps(data), encoding="utf-8")
    seen: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Catch(logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        assert NOTHING in run(content, output, capsys)
    finally:
        logging.getLogger().removeHandler(handler)
    assert "bài mot.md: ảnh thiếu chú thích" in seen


def test_a_legal_document_taking_effect_later_makes_the_record_hold_until_that_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its status ("Chưa có hiệu lực" → "Còn hiệu lực") changes with no file changed: the
    record, and with it the saved build, hold until 00:00 +07:00 of that day, not longer."""
    import json

    from .test_documents import document

    content = write_site(tmp_path, {
        "articles/2024/mot.md": article("Bài đã đăng", date="2024-01-02"),
        "van-ban/a.md": document("61/2018/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2026-11-20", ngay_hieu_luc="2027-01-15",
                                 linh_vuc=None),
        "van-ban/b.md": document("45/2020/NĐ-CP", nguoi_ky=None, ngay_ban_hanh="2026-10-01", ngay_hieu_luc="2026-10-02",
                                 het_hieu_luc="2026-12-31", linh_vuc=None),
    })
    output = tmp_path / "output"
    run(content, output, capsys, PORTAL_NOW="2026-12-01T08:00:00+07:00")
    (record,) = (tmp_path / ".cache-build").glob("*.json")
    assert json.loads(record.read_text(encoding="utf-8"))["valid_until"] == "2026-12-31T00:00:00+07:00"
    pages = [p.read_text(encoding="utf-8") for p in (output / "van-ban").rglob("*.html")]
    assert any("Chưa có hiệu lực" in page for page in pages)


def test_an_installed_package_of_another_version_builds_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = tmp_path / "site-packages"
    (packages / "markdown_it_py-3.0.0.dist-info").mkdir(parents=True)
    (packages / "oldlib.egg-info").mkdir()
    (packages / "oldlib.egg-info" / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: oldlib\nVersion: 1.0\n")
    monkeypatch.syspath_prepend(str(packages))
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys)
    assert NOTHING in run(content, output, capsys)
    (packages / "markdown_it_py-3.0.0.dist-info").rename(packages / "markdown_it_py-3.0.1.dist-info")
    assert BUILT in run(content, output, capsys)
    assert NOTHING in run(content, output, capsys)
    (packages / "oldlib.egg-info" / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: oldlib\nVersion: 1.1\n")
    assert BUILT in run(content, output, capsys)


def test_compiled_templates_are_kept_and_an_edited_or_damaged_one_is_compiled_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from .conftest import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    content, output = site(tmp_path), tmp_path / "output"
    run(content, output, capsys, THEME=str(theme))
    compiled = sorted((tmp_path / ".cache-build").glob("jinja-*/__jinja2_*.cache"))
    assert len(compiled) >= 10  # the pages' templates and the macro files they import
    page = (output / "2024/01/bai-mot-ve-cai-cach.html").read_text(encoding="utf-8")
    assert "Bài một về cải cách" in page and "Trang đã sửa" not in page
    for file in compiled:  # damaged: Jinja compiles from the source again
        file.write_bytes(b"not bytecode")
    base = theme / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</main>", "<p>Trang đã sửa</p></main>", 1), encoding="utf-8")
    assert BUILT in run(content, output, capsys, THEME=str(theme))
    assert "Trang đã sửa" in (output / "2024/01/bai-mot-ve-cai-cach.html").read_text(encoding="utf-8")
