"""Publishing keeps unchanged files as they were (inode and mtime): rsync uploads only what changed."""

from __future__ import annotations

import os
from pathlib import Path

from portal_output.unchanged import keep_unchanged

from .conftest import article, build


def identities(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_a_rebuild_with_no_change_keeps_every_file_as_it_was(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({f"articles/2024/bai-{i}.md": article(f"Bài {i}", tags="[cải cách]") for i in range(3)})
    build(content, output)
    before = identities(output)
    build(content, output)
    assert len(before) > 20 and identities(output) == before


def test_an_edit_replaces_only_the_files_whose_bytes_changed(site) -> None:  # type: ignore[no-untyped-def]
    content, output = site({
        "articles/2024/a.md": article("Bài A", date="2024-01-02 09:00"),
        "articles/2024/b.md": article("Bài B", date="2024-01-03 09:00"),
    })
    build(content, output)
    before = identities(output)
    (content / "articles/2024/a.md").write_text(article("Bài A", date="2024-01-02 09:00", body="Nội dung mới.\n"), encoding="utf-8")
    build(content, output)
    after = identities(output)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "2024/01/bai-a.html" in changed  # the edited article
    assert "2024/01/bai-b.html" not in changed  # its neighbour, same bytes
    assert len(changed) < len(after) // 2
    assert (output / "2024/01/bai-a.html").read_text(encoding="utf-8").count("Nội dung mới.") == 1
    # The same bytes as a clean build of the same sources.
    build(content, output.parent / "clean")
    clean = output.parent / "clean"
    assert {p: (output / p).read_bytes() for p in after} == {p: (clean / p).read_bytes() for p in after}


def test_a_file_of_the_same_size_with_other_bytes_is_not_kept(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for root, text in ((old, "abc"), (new, "abd")):
        (root / "sub").mkdir(parents=True)
        (root / "sub" / "x.html").write_text(text)
        (root / "same.txt").write_text("same")
    os.utime(old / "same.txt", (1_000_000_000, 1_000_000_000))
    assert keep_unchanged(str(new), str(old)) == (1, 2)
    assert (new / "sub" / "x.html").read_text() == "abd"
    assert (new / "same.txt").stat().st_ino == (old / "same.txt").stat().st_ino
    assert (new / "same.txt").stat().st_mtime == 1_000_000_000


def test_a_file_shared_with_another_name_is_never_linked(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "x.jpg").write_bytes(b"photo")
    os.link(old / "x.jpg", tmp_path / "cache-copy.jpg")  # an older output/ linked into the cache
    (new / "x.jpg").write_bytes(b"photo")
    assert keep_unchanged(str(new), str(old)) == (0, 0)
    assert (new / "x.jpg").stat().st_ino != (old / "x.jpg").stat().st_ino


def test_a_page_written_on_close_is_linked_when_unchanged_and_never_writes_through_the_link(tmp_path: Path) -> None:
    """portal_output's writer puts each page through write_or_link: an unchanged page becomes
    a link to the published file; writing the same path again replaces the link, and the
    published file keeps its bytes."""
    from portal_output.unchanged import WrittenOnClose

    published = tmp_path / "output" / "trang.html"
    published.parent.mkdir()
    published.write_text("<p>cũ</p>", encoding="utf-8")
    new = tmp_path / "new" / "trang.html"
    new.parent.mkdir()
    with WrittenOnClose(str(new), str(published), "utf-8") as page:
        page.write("<p>cũ</p>")
    assert new.stat().st_ino == published.stat().st_ino  # the same bytes: linked
    with WrittenOnClose(str(new), str(published), "utf-8") as page:  # written again (override)
        page.write("<p>mới</p>")
    assert new.read_text(encoding="utf-8") == "<p>mới</p>"
    assert published.read_text(encoding="utf-8") == "<p>cũ</p>"  # untouched
    assert new.stat().st_ino != published.stat().st_ino


def test_a_page_without_a_previous_tree_is_created_new_and_never_written_through(tmp_path: Path) -> None:
    """With no output/ before (a clean build), a page is written in one call when closed
    (unchanged.create): its bytes, the permissions open() would give, and a path written
    again is a new file, so a name it shared with another file keeps that file's bytes."""
    from portal_output.unchanged import WrittenOnClose

    page = tmp_path / "trang.html"
    with WrittenOnClose(str(page), None, "utf-8") as handle:
        handle.write("<p>Cải cách ")
        handle.write("hành chính</p>\n" * 5000)
    assert page.read_bytes() == ("<p>Cải cách " + "hành chính</p>\n" * 5000).encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert page.stat().st_mode & 0o777 == 0o666 & ~umask
    other = tmp_path / "khac.html"
    os.link(page, other)
    with WrittenOnClose(str(page), None, "utf-8") as handle:
        handle.write("<p>mới</p>")
    assert page.read_text(encoding="utf-8") == "<p>mới</p>"
    assert other.read_bytes().startswith("<p>Cải cách".encode())  # untouched
