"""Rebuilds after any sequence of edits publish exactly what a clean build of the same sources
publishes (hypothesis): what the read cache kept, the pages a rebuild kept from the previous
output/ without rendering them (portal_build.reuse) and what publishing linked from it must
never show.

`make test` runs a few derandomised sequences; `make fuzz` runs FUZZ_EDIT_EXAMPLES new ones.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import article, build, write_site
from .conftest import tree_digest as digest

EXAMPLES = int(os.environ.get("FUZZ_EDIT_EXAMPLES", "6"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"

TITLES = ["Cải cách thủ tục hành chính", "Chuyển đổi số ở Gia Lai", "Một cửa liên thông", "Chính quyền số"]
TAGS = ["cải cách", "một cửa", "chuyển đổi số", "dịch vụ công"]
PROVINCES = ["Gia Lai", "Bình Định", "Đồng Nai"]
OFFICIALS = ["Nguyễn Trọng Thừa", "Trương Hải Long"]
TOPICS = ["Chuyển đổi số", "Cải cách thủ tục hành chính"]

one_edit = st.one_of(
    st.tuples(st.just("body"), st.integers(0, 5), st.sampled_from(["Nội dung mới.", "Đoạn khác.\n\nThêm đoạn."])),
    st.tuples(st.just("title"), st.integers(0, 5), st.sampled_from(TITLES)),
    st.tuples(st.just("tags"), st.integers(0, 5), st.lists(st.sampled_from(TAGS), unique=True, max_size=2)),
    st.tuples(st.just("add"), st.integers(0, 5), st.sampled_from(TITLES)),
    st.tuples(st.just("delete"), st.integers(0, 5), st.none()),
    st.tuples(st.just("file"), st.integers(0, 5), st.none()),
    st.tuples(st.just("document"), st.integers(0, 5), st.sampled_from(["trich_yeu", "add", "amend", "delete"])),
)
# Front matter edits the dev server applies in memory (portal_build.live re-plans the site).
front_matter_edit = st.one_of(
    st.tuples(st.just("date"), st.integers(0, 5), st.sampled_from(["2024-03-01 09:00", "2023-12-31 23:00", "2024-05-02"])),
    st.tuples(st.just("provinces"), st.integers(0, 5), st.lists(st.sampled_from(PROVINCES), unique=True, max_size=2)),
    st.tuples(st.just("officials"), st.integers(0, 5), st.lists(st.sampled_from(OFFICIALS), unique=True, max_size=2)),
    st.tuples(st.just("topics"), st.integers(0, 5), st.lists(st.sampled_from(TOPICS), unique=True, max_size=2)),
    st.tuples(st.just("category"), st.integers(0, 5), st.sampled_from(["tin-tong-hop", "tin-dia-phuong", "tin-bo-nganh"])),
    st.tuples(st.just("summary"), st.integers(0, 5), st.sampled_from(["Sa-pô mới.", "Sa-pô khác, dài hơn một chút."])),
    st.tuples(st.just("status"), st.integers(0, 5), st.sampled_from(["draft", "published"])),
)
edits = st.lists(st.one_of(one_edit, front_matter_edit), min_size=1, max_size=4)


# Body edits weighted up for the dev server's test: they are what its fast path applies.
body_edits = st.tuples(st.just("body"), st.integers(0, 5), st.sampled_from(["Nội dung mới.", "Đoạn khác.\n\nThêm đoạn.", "**Đậm**."]))




class Corpus:
    """A small site whose articles are kept as front matter fields, so each edit rewrites one file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.articles: dict[str, dict[str, Any]] = {}
        for i in range(5):
            self.articles[f"articles/2024/bai-{i}.md"] = {
                "title": f"Bài {i} về cải cách", "date": f"2024-03-0{i + 1} 09:00", "tags": f"[{TAGS[i % 4]}, {TAGS[(i + 1) % 4]}]",
                "topics": f"[{TOPICS[i % 2]}]", "provinces": f"[{PROVINCES[i % 3]}]",
                "body": f"Nội dung bài {i}.\n" + ("\nXem thêm [bài 1](bai-1.md).\n" if i == 0 else "")
                + (f"\nTheo {CITED[i - 2]}.\n" if i >= 2 else ""),
            }
        self.content = write_site(root, {rel: self.text(rel) for rel in self.articles})
        self.added = 0
        (self.content / "van-ban").mkdir()
        shutil.copy(BUNDLED_DOCUMENTS / "76-nq-cp.md", self.content / "van-ban")

    def text(self, rel: str) -> str:
        fields = dict(self.articles[rel])
        return article(fields.pop("title"), **fields)

    def write(self, rel: str) -> None:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(rel), encoding="utf-8")

    def apply(self, kind: str, index: int, value: Any) -> list[Path]:
        """Make one edit; the files it wrote or removed."""
        names = sorted(self.articles)
        rel = names[index % len(names)] if names else None
        if kind == "add" or rel is None:
            self.added += 1
            rel = f"articles/2025/moi-{self.added}.md"
            self.articles[rel] = {"title": f"{value or 'Bài mới'} {self.added}", "date": f"2025-01-{self.added:02d} 08:00"}
        elif kind == "delete" and len(names) > 1 and rel != "articles/2024/bai-1.md":  # bai-0 links to bai-1
            del self.articles[rel]
            (self.content / rel).unlink()
            return [self.content / rel]
        elif kind == "body":
            self.articles[rel]["body"] = value + "\n"
        elif kind == "title":
            self.articles[rel]["title"] = f"{value} ({rel[-6:-3]})"  # titles stay unique
        elif kind in ("tags", "provinces", "officials", "topics"):
            self.articles[rel][kind] = "[" + ", ".join(value) + "]" if value else None
        elif kind in ("date", "category", "summary", "status"):
            self.articles[rel][kind] = value
        elif kind == "document":
            return self.edit_document(value)
        elif kind == "file":
            (self.content / "images").mkdir(exist_ok=True)
            (self.content / "images" / f"tai-lieu-{index}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
            return [self.content / "images" / f"tai-lieu-{index}.pdf"]
        self.write(rel)
        return [self.content / rel]

    def edit_document(self, how: str) -> list[Path]:
        """A legal document edited (its abstract), added (45/2020/NĐ-CP, which articles
        cite), amended by a new one (its status and page change), or deleted."""
        folder = self.content / "van-ban"
        if how == "trich_yeu":
            path = folder / "76-nq-cp.md"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("trich_yeu: Ban hành", "trich_yeu: Đã sửa, ban hành"), encoding="utf-8")
            return [path]
        if how == "add":
            shutil.copy(BUNDLED_DOCUMENTS / "45-2020-nd-cp.md", folder)
            return [folder / "45-2020-nd-cp.md"]
        if how == "amend" and (folder / "45-2020-nd-cp.md").exists():
            (folder / "99-2024-nd-cp.md").write_text(AMENDING, encoding="utf-8")
            return [folder / "99-2024-nd-cp.md"]
        found = [p for p in (folder / "99-2024-nd-cp.md", folder / "45-2020-nd-cp.md") if p.exists()]
        if how == "delete" and found:
            found[0].unlink()  # the amending one first: the other is named by it
            return found[:1]
        return []


BUNDLED_DOCUMENTS = Path(__file__).resolve().parent.parent / "content" / "van-ban"
# Numbers the texts of bai-2, bai-3 and bai-4 name: one in the collection from the start,
# one added by an edit, one never in it (stays plain text).
CITED = ["Nghị quyết số 76/NQ-CP", "Nghị định 45/2020/NĐ-CP", "Quyết định 123/QĐ-XYZ"]
AMENDING = """---
so_hieu: 99/2024/NĐ-CP
loai: Nghị định
co_quan: Chính phủ
nguoi_ky: Phạm Minh Chính
ngay_ban_hanh: 2024-02-01
ngay_hieu_luc: 2024-02-15
trich_yeu: Sửa đổi, bổ sung một số điều của Nghị định 45/2020/NĐ-CP.
linh_vuc: [Cải cách thủ tục hành chính]
sua_doi: [45/2020/NĐ-CP]
---
"""


@given(edits)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=list(HealthCheck))
def test_incremental_rebuilds_after_any_edits_equal_a_clean_build(tmp_path_factory: pytest.TempPathFactory, sequence: list[Any]) -> None:
    root = tmp_path_factory.mktemp("edits")
    os.chdir(root)  # the read cache lives in .cache/ of the working folder
    corpus = Corpus(root)
    output = root / "output"
    build(corpus.content, output)
    for kind, index, value in sequence:
        corpus.apply(kind, index, value)
        build(corpus.content, output)  # read cache and kept files from the previous build
    clean = root / "clean"
    build(corpus.content, clean, PORTAL_READ_CACHE="")
    assert digest(output) == digest(clean)
    shutil.rmtree(root)


@given(st.lists(st.one_of(one_edit, body_edits, front_matter_edit), min_size=1, max_size=6))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=list(HealthCheck))
def test_dev_server_edits_applied_in_memory_or_rebuilt_equal_a_clean_build(
    tmp_path_factory: pytest.TempPathFactory, sequence: list[Any]
) -> None:
    """As the dev server's worker does: each edit applied to the build in memory when only
    bodies changed (portal_build.live), else a full build in the same process."""
    from portal_build import live

    root = tmp_path_factory.mktemp("live")
    os.chdir(root)
    corpus = Corpus(root)
    output = root / "output"
    build(corpus.content, output)
    for step, (kind, index, value) in enumerate(sequence):
        changed = corpus.apply(kind, index, value)
        try:
            # Every other edit as the dev server makes it: the open pages first, the rest
            # left to run before the next edit (or at the end).
            live.apply([str(path) for path in changed], first=["index.html", "tu-khoa/mot-cua/index.html"] if step % 2 else None)
        except live.FullBuildNeeded:
            build(corpus.content, output)
    live.finish_pending()
    import portal_search
    from portal_build import pipeline

    portal_search.refresh(str(output), pipeline.search_documents)  # as the dev server does after each edit applied in memory
    clean = root / "clean"
    build(corpus.content, clean, PORTAL_READ_CACHE="", PORTAL_BUILD_CACHE="")
    assert digest(output) == digest(clean)
    shutil.rmtree(root)


def test_a_rebuild_renders_only_what_an_edit_changed_and_equals_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from portal_build import reuse

    kept: list[int] = []
    plan_reuse = reuse.plan_reuse

    def counted(*args: Any) -> Any:
        found = plan_reuse(*args)
        kept.append(len(found.kept))
        return found

    monkeypatch.setattr(reuse, "plan_reuse", counted)
    monkeypatch.chdir(tmp_path)
    corpus = Corpus(tmp_path)
    output = tmp_path / "output"
    # The saved build would take this edit (tests/test_warm.py): here, the reuse of pages.
    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    corpus.apply("body", 2, "Nội dung đã sửa.")
    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    clean = tmp_path / "clean"
    build(corpus.content, clean, PORTAL_READ_CACHE="", PORTAL_BUILD_CACHE="")
    assert digest(output) == digest(clean)
    assert kept[0] == 0 and kept[1] > 0  # nothing to keep at first; then most pages


@pytest.mark.parametrize("change", ["output file touched", "template changed"])
def test_a_rebuild_keeps_nothing_when_output_or_the_theme_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """A page of output/ changed by hand, or anything but a Markdown source changed (here a
    template): every page is rendered again."""
    from portal_build import reuse

    kept: list[int] = []
    plan_reuse = reuse.plan_reuse
    monkeypatch.setattr(reuse, "plan_reuse", lambda *args: (found := plan_reuse(*args), kept.append(len(found.kept)))[0])
    monkeypatch.chdir(tmp_path)
    corpus = Corpus(tmp_path)
    output = tmp_path / "output"
    theme = tmp_path / "theme"
    shutil.copytree(Path(__file__).resolve().parent.parent / "theme", theme)
    build(corpus.content, output, THEME=str(theme))
    page = next(output.glob("2024/*/*.html"))
    if change == "output file touched":
        page.write_text("sửa tay", encoding="utf-8")
    else:
        template = theme / "templates" / "article.html"
        template.write_text(template.read_text(encoding="utf-8").replace("<h1>{{ article.title }}</h1>", "<h1 class=\"t\">{{ article.title }}</h1>"), encoding="utf-8")
    corpus.apply("body", 1, "Nội dung khác.")
    build(corpus.content, output, THEME=str(theme))
    assert kept == [0, 0]
    clean = tmp_path / "clean"
    build(corpus.content, clean, THEME=str(theme), PORTAL_READ_CACHE="", PORTAL_BUILD_CACHE="")
    assert digest(output) == digest(clean)


def test_the_first_legal_document_changes_every_page_the_next_ones_only_the_pages_showing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The navigation names the documents' index once the collection has a document: adding
    the first renders every page again. After that a document is an input of the pages that
    show it (its own, the articles citing it, the lists naming it), not of the whole site."""
    from portal_build import plan, reuse

    rendered: list[set[str]] = []
    plan_reuse = reuse.plan_reuse

    def counted(jobs, *args):  # type: ignore[no-untyped-def]
        found = plan_reuse(jobs, *args)
        rendered.append({plan.job_key(job) for job in jobs if id(job) not in found.kept})
        return found

    monkeypatch.setattr(reuse, "plan_reuse", counted)
    monkeypatch.chdir(tmp_path)
    corpus = Corpus(tmp_path)
    shutil.rmtree(corpus.content / "van-ban")
    output, clean = tmp_path / "output", tmp_path / "clean"

    def same_as_clean() -> None:
        shutil.rmtree(clean, ignore_errors=True)
        build(corpus.content, clean, PORTAL_READ_CACHE="", PORTAL_BUILD_CACHE="")
        assert digest(output) == digest(clean)

    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    (corpus.content / "van-ban").mkdir()
    shutil.copy(BUNDLED_DOCUMENTS / "76-nq-cp.md", corpus.content / "van-ban")
    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    pages = [key for key in rendered[1] if key.endswith(".html")]
    assert "index.html" in pages and len(pages) >= 20  # every page: the navigation changed
    assert "van-ban/" in (output / "index.html").read_text(encoding="utf-8")
    same_as_clean()

    corpus.edit_document("trich_yeu")  # bai-2 cites 76/NQ-CP; the others do not
    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    articles = {key for key in rendered[2] if key.startswith("2024/")}
    assert "van-ban/76-nq-cp.html" in rendered[2]
    assert len(articles) == 1 and "bai-2" in next(iter(articles))
    assert "Đã sửa, ban hành" in next(output.glob("2024/*/bai-2*.html")).read_text(encoding="utf-8")
    same_as_clean()

    corpus.edit_document("add")  # 45/2020/NĐ-CP, which bai-3 names: its number now links
    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    articles = {key for key in rendered[3] if key.startswith("2024/")}
    assert len(articles) == 1 and "bai-3" in next(iter(articles))
    assert "van-ban/45-2020-nd-cp.html" in rendered[3]
    same_as_clean()

    corpus.edit_document("amend")  # 99/2024 amends 45/2020: its page shows the amendment
    build(corpus.content, output, PORTAL_BUILD_MODEL=False)
    assert {"van-ban/45-2020-nd-cp.html", "van-ban/99-2024-nd-cp.html"} <= rendered[4]
    same_as_clean()
