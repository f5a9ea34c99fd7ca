"""The reader's persistent cache (portal_reader/cache.py): only changed sources are read again,
and a stale or damaged cache never changes what is published."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal_diagnostics import BuildFailed

from .conftest import article, build
from .conftest import tree_digest as digest


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources the reader really reads (not from the cache), in one process."""
    from portal_reader import reader

    seen: list[str] = []
    real = reader.read_source

    def counting(path, rel, files, is_page, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return real(path, rel, files, is_page, **kwargs)

    monkeypatch.setattr(reader, "read_source", counting)
    return seen


def three_articles(site):  # type: ignore[no-untyped-def]
    return site({f"articles/2024/bai-{i}.md": article(f"Bài {i}", date=f"2024-01-0{i + 1} 09:00") for i in range(3)})


def test_a_second_build_reads_only_the_edited_source_and_publishes_the_same_bytes(site, tmp_path: Path, reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    content, output = three_articles(site)
    build(content, output)
    assert sorted(reads) == ["articles/2024/bai-0.md", "articles/2024/bai-1.md", "articles/2024/bai-2.md"]
    reads.clear()
    build(content, output)
    assert reads == []
    (content / "articles/2024/bai-1.md").write_text(article("Bài 1", date="2024-01-02 09:00", body="Mới.\n"), encoding="utf-8")
    build(content, output)
    assert reads == ["articles/2024/bai-1.md"]
    build(content, tmp_path / "uncached", PORTAL_READ_CACHE="")
    assert digest(output) == digest(tmp_path / "uncached")


def test_a_file_added_or_removed_reads_again_only_the_sources_that_link_to_it(site, tmp_path: Path, reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    files = {f"articles/2024/bai-{i}.md": article(f"Bài {i}", date=f"2024-01-0{i + 1} 09:00") for i in range(3)}
    files["articles/2024/bai-1.md"] = article("Bài 1", date="2024-01-02 09:00", body="Xem [quyết định](../../files/qd.pdf).\n")
    content, output = site(files)
    (content / "files").mkdir()
    (content / "files" / "qd.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    build(content, output)
    reads.clear()
    (content / "files" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")  # linked by no article
    (content / "articles/2024/bai-moi.md").write_text(article("Bài mới", date="2024-02-01 09:00"), encoding="utf-8")
    build(content, output)
    assert reads == ["articles/2024/bai-moi.md"]
    build(content, tmp_path / "uncached", PORTAL_READ_CACHE="", PORTAL_BUILD_CACHE="")
    assert digest(output) == digest(tmp_path / "uncached")
    reads.clear()
    (content / "files" / "qd.pdf").unlink()  # the file bai-1 links to: read again, and reported
    with pytest.raises(BuildFailed) as failed:
        build(content, output)
    assert reads == ["articles/2024/bai-1.md"]
    assert any("bai-1.md" in str(p) and "qd.pdf" in str(p) for p in failed.value.problems)


def test_a_damaged_cache_file_is_ignored_and_rewritten(site, tmp_path: Path, reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    content, output = three_articles(site)
    build(content, output, PORTAL_BUILD_CACHE="")
    before = digest(output)
    cache = tmp_path / ".cache" / "read" / "reads.pickle"
    cache.write_bytes(cache.read_bytes()[:100])  # truncated
    reads.clear()
    build(content, output, PORTAL_BUILD_CACHE="")
    assert len(reads) == 3 and digest(output) == before
    reads.clear()
    build(content, output, PORTAL_BUILD_CACHE="")
    assert reads == []


def test_a_source_with_a_problem_is_read_and_reported_on_every_build(site, reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    content, output = site({"articles/2024/a.md": article("Bài A", date="không rõ")})
    for _ in range(2):
        reads.clear()
        with pytest.raises(BuildFailed) as failed:
            build(content, output)
        assert reads == ["articles/2024/a.md"]
        assert [p.field for p in failed.value.problems] == ["date"]


def test_without_a_cache_folder_every_source_is_read(site, tmp_path: Path, reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    content, output = three_articles(site)
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_READ_CACHE="")
    build(content, output, PORTAL_BUILD_CACHE="", PORTAL_READ_CACHE="")
    assert len(reads) == 6
    assert not (tmp_path / ".cache" / "read").exists()


def _fresh_text() -> str:
    """A Vietnamese text made at run time (not a constant shared with other tests)."""
    return " ".join(f"Cải cách hành chính số {n}" for n in range(500))


def test_saving_what_was_read_leaves_no_utf8_copy_in_the_bodies_the_build_keeps(tmp_path: Path) -> None:
    """Pickling a str makes CPython keep a UTF-8 copy inside it (sys.getsizeof grows): the
    read cache and the search cache pickle the bodies the build holds to its end, which
    cost 50 MB at 10,000 articles. Their bodies are pickled as bytes."""
    import pickle
    import sys

    from portal_reader.source import SourceResult
    from portal_search import Document
    from portal_search.patch import load, save

    control = _fresh_text()
    before = sys.getsizeof(control)
    pickle.dumps(control, protocol=pickle.HIGHEST_PROTOCOL)
    assert sys.getsizeof(control) > before  # what the two caches must avoid

    body = _fresh_text()
    before = sys.getsizeof(body)
    result = SourceResult(rel_path="articles/a.md", html=body, fields={"title": "Tiêu đề"})
    copy = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(body) == before
    assert copy == result

    text = _fresh_text()
    before = sys.getsizeof(text)
    doc = Document(url="2026/01/a.html", title="Tiêu đề", date="01/01/2026", sort="2026-01-01", category="Tin",
                   lead="Sa-pô", body_html=text)
    save(str(tmp_path / "search.pickle"), [doc])
    assert sys.getsizeof(text) == before
    cached = load(str(tmp_path / "search.pickle"))
    assert cached is not None and cached.documents() == [doc]
