"""The Pelican reader for `.md` files, reading every source in parallel once per build.

Pelican asks a reader for one file at a time, in one process. On the first request of a
build this reader renders every Markdown file under content/ in a process pool (markdown
rendering and YAML are CPU-bound; the machine has several cores), then answers each
request from those results. Problems are handed to portal_diagnostics; a file with
problems is skipped (`status: skip`), and the build fails once after reading.
"""

from __future__ import annotations

import os
from typing import Any

from pelican.readers import BaseReader

from portal_diagnostics import Problem
from portal_diagnostics.timing import timed
from portal_workers import fork_map, shared
from vietnamese.text import slugify

from .cache import DEFAULT_FOLDER, ReadCache
from .origin import KEY, Origin
from .source import SourceResult, display_path, escape_text, read_source

# Below this many files a pool costs more than it saves.
PARALLEL_THRESHOLD = 64
# Text files an editor may save by mistake in articles/ or pages/: Pelican would skip them
# without a word, so the article would silently not appear.
WRONG_EXTENSIONS = (".markdown", ".mdown", ".mkd", ".mkdn", ".rst", ".txt", ".html", ".htm", ".doc", ".docx", ".odt")


class BuildSources:
    """The Markdown sources of one build: the file list, the prefetched results and the
    problems found reading them (`problems`, taken by the caller: `take_problems`)."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.files: frozenset[str] = frozenset()
        self.results: dict[str, SourceResult] = {}
        self.problems: list[Problem] = []

    def reset(self) -> None:
        self.root = None
        self.files = frozenset()
        self.results = {}
        self.problems = []

    def take_problems(self) -> list[Problem]:
        """The problems found since the last call (the file list's, then each source's as
        Pelican reads it)."""
        problems, self.problems = self.problems, []
        return problems

    def load(self, settings: dict[str, Any]) -> None:
        root = os.path.abspath(settings["PATH"])
        self.root = root
        files, markdown = scan_content(root)
        self.files = files
        self.problems += misnamed_sources(root, files, settings)
        self.problems += escaping_links(root)
        page_roots = tuple(p.rstrip("/") + "/" for p in settings.get("PAGE_PATHS", []))
        readable = source_roots(settings)  # other .md files are reported by misnamed_sources
        jobs = [
            (os.path.join(root, rel), rel, rel.startswith(page_roots))
            for rel in sorted(markdown)
            if rel.startswith(readable)
        ]
        processes = int(settings.get("PORTAL_READER_PROCESSES") or os.cpu_count() or 1)
        with timed("read_sources"):
            folder = settings.get("PORTAL_READ_CACHE", DEFAULT_FOLDER)
            cache = ReadCache(str(folder), files) if folder else None
            results, missing = [], []
            for job in jobs:
                cached = cache.lookup(*job) if cache is not None else None
                if cached is not None:
                    results.append(cached)
                else:
                    missing.append(job)
            if processes > 1 and len(missing) >= PARALLEL_THRESHOLD:
                read = _read_parallel(missing, self.files, processes)
            else:
                read = [read_source(path, rel, self.files, is_page) for path, rel, is_page in missing]
            results += read
            if cache is not None:
                cache.store(read)
        self.results = {os.path.join(root, r.rel_path): r for r in results}


def scan_content(root: str) -> tuple[frozenset[str], list[str]]:
    """Every file under content/ (relative, with '/', hidden ones left out) and the
    Markdown files among them, sorted. Symbolic links that lead outside content/ are left
    out (see escaping_links): nothing outside content/ is ever read or published."""
    files: set[str] = set()
    markdown: list[str] = []
    real_root = os.path.realpath(root)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and not _inside(os.path.realpath(full), real_root):
                continue
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            files.add(rel)
            if name.endswith(".md"):
                markdown.append(rel)
    return frozenset(files), sorted(markdown)


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root + os.sep)


def escaping_links(root: str) -> list[Problem]:
    """Symbolic links in content/ (files or folders) that lead outside it: each a problem,
    since a link could publish any file of the machine."""
    problems: list[Problem] = []
    real_root = os.path.realpath(root)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*dirs, *names]):
            full = os.path.join(folder, name)
            if name.startswith(".") or not os.path.islink(full):
                continue
            target = os.path.realpath(full)
            if not _inside(target, real_root):
                problems.append(Problem(
                    display_path(full), 0, "",
                    f"là liên kết tượng trưng (symbolic link) tới {target}, nằm ngoài content/ (không có gì ngoài "
                    "content/ được đọc hay đăng): hãy chép tệp vào content/ thay vì liên kết tới nó",
                ))
    return problems


def source_roots(settings: dict[str, Any]) -> tuple[str, ...]:
    """The folders Pelican reads articles and pages from ('articles/', 'pages/'; '' for all)."""
    paths = [*settings.get("PAGE_PATHS", []), *settings.get("ARTICLE_PATHS", [])]
    return tuple(p.strip("/") + "/" if p.strip("/") else "" for p in paths)


def misnamed_sources(root: str, files: frozenset[str], settings: dict[str, Any]) -> list[Problem]:
    """Text files saved in articles/ or pages/ with another extension than .md, and Markdown
    files saved anywhere else (content/images/, …), which Pelican would skip without a word."""
    content_roots = source_roots(settings)
    shown = display_path(root)
    articles = [f"{shown}/{p.strip('/')}/" for p in settings.get("ARTICLE_PATHS", []) if p.strip("/")]
    pages = [f"{shown}/{p.strip('/')}/" for p in settings.get("PAGE_PATHS", []) if p.strip("/")]
    moves = [f"bài vào {a}<năm>/" for a in articles[:1]] + [f"trang vào {p}" for p in pages[:1]]
    documents = str(settings.get("PORTAL_DOCUMENTS_PATH", "van-ban")).strip("/") + "/"  # read by portal_documents
    problems: list[Problem] = []
    for rel in sorted(files):
        if rel.endswith(".md") and content_roots and not rel.startswith((*content_roots, documents)):
            problems.append(
                Problem(
                    display_path(os.path.join(root, rel)),
                    0,
                    "",
                    f"tệp Markdown nằm ngoài {' và '.join(articles + pages)} sẽ không được đăng: hãy chuyển "
                    f"{' hoặc '.join(moves)}",
                )
            )
        elif rel.startswith(content_roots) and (rel.lower().endswith(WRONG_EXTENSIONS) or rel.endswith((".MD", ".Md", ".mD"))):
            stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            problems.append(
                Problem(
                    display_path(os.path.join(root, rel)),
                    0,
                    "",
                    f"không phải tệp Markdown: bài và trang là tệp .md có phần đầu bài "
                    f"(đổi tên thành {stem}.md, chuyển nội dung sang Markdown nếu cần)",
                )
            )
    return problems


def _read_chunk(jobs: list[tuple[str, str, bool]]) -> list[SourceResult]:
    files = shared()
    return [read_source(path, rel, files, is_page) for path, rel, is_page in jobs]


def _read_parallel(jobs: list[tuple[str, str, bool]], files: frozenset[str], processes: int) -> list[SourceResult]:
    # The file list is inherited by the forked workers, not pickled per job. This process
    # reads too, chunks from the end while the workers take them from the start: what it
    # reads itself is not pickled back (at 10,000 articles, about 65 µs a source saved on
    # half of them) and it forks one worker fewer.
    size = max(8, len(jobs) // (processes * 32))  # small: the last chunks end close together
    chunks = [jobs[start:start + size] for start in range(0, len(jobs), size)]
    return [result for part in fork_map(_read_chunk, chunks, processes, parent_works=True, shared=files) for result in part]


class PortalMarkdownReader(BaseReader):
    """Markdown + YAML front matter, validated; see portal_reader.schema for the contract."""

    enabled = True
    file_extensions = ["md"]
    sources: BuildSources  # this build's sources: set on the subclass made per build (reader_for)

    def read(self, source_path: str) -> tuple[str | None, dict[str, Any]]:
        path = os.path.abspath(source_path)
        sources = self.sources
        if sources.root is None:
            sources.load(self.settings)
        result = sources.results.pop(path, None)
        if result is None:  # a file Pelican found that the prefetch did not (or a re-read)
            root = sources.root or os.path.abspath(self.settings["PATH"])
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if not _inside(os.path.realpath(path), os.path.realpath(root)):
                # Pelican follows folder links; escaping_links has reported this one.
                return None, {"status": "skip", "title": rel, KEY: Origin(rel)}
            page_roots = tuple(p.rstrip("/") + "/" for p in self.settings.get("PAGE_PATHS", []))
            result = read_source(path, rel, sources.files, rel.startswith(page_roots))
        if not result.ok:
            sources.problems += result.problems
            # Keep what later checks (the category registry) need, so they report too.
            skipped = {"status": "skip", "title": result.rel_path, KEY: Origin(result.rel_path, result.lines)}
            if isinstance(result.fields.get("category"), str):
                skipped["category"] = result.fields["category"]
            # ... and the names it gives (officials, provinces, …), so an unknown one is
            # reported in this run too, not only once the other problems are fixed.
            for taxonomy in self.settings.get("PORTAL_TAXONOMIES", []):
                name = taxonomy.get("name") if isinstance(taxonomy, dict) else None
                if name and name in result.fields:
                    skipped[name] = result.fields[name]
            return None, skipped
        return result.html, self._metadata(result)

    def _metadata(self, result: SourceResult) -> dict[str, Any]:
        fields = dict(result.fields)
        metadata: dict[str, Any] = {
            KEY: Origin(result.rel_path, result.lines, tuple(result.images)),
            "updated": None,
            "source": None,
            "image": None,
            "officials": [],
            "provinces": [],
            "topics": [],
            "tags": [],
            "aliases": [],
        }
        metadata.update(fields)
        if "author" in fields:
            author = self.process_metadata("author", fields["author"])
            author.slug = slugify(fields["author"])  # cached, unlike Pelican's slugify
            metadata["author"] = author
        if "summary" in fields:
            metadata["summary"] = escape_text(fields["summary"])
        if fields.get("updated"):
            metadata["modified"] = fields["updated"]
        metadata.setdefault("status", "published")
        return metadata


def reader_for(sources: BuildSources) -> type[PortalMarkdownReader]:
    """The reader class of one build: PortalMarkdownReader reading from `sources`."""
    return type("PortalMarkdownReader", (PortalMarkdownReader,), {"sources": sources})
