"""An edit applied to the build in memory: the dev server's fast path.

A process that has just built the site (the dev server's build worker) still holds that
build: Pelican's generators with every article, the taxonomies, and the jobs that wrote
output/ (portal_output). `apply` brings that build and output/ up to date with the edited
files, without building again, in three ways:

- **Text only** (the front matter means the same, no body images): the new text replaces
  the old in the article object; only its own page and the full-text feeds it is among the
  newest of are rendered again.
- **Officials' data** in the registry (positions, biography): applied to the terms in
  memory (portal_taxonomy.apply_registry_edit); the officials' pages and index re-rendered.
- **What the site lists**: a changed front matter (title, date, category, summary, terms,
  status), a new article, a deleted one. The new versions are read through the same reader
  and hooks as in a build; Pelican's lists, the portal's listings (portal_site's
  generate_context), each term's articles and related news (portal_taxonomy.relist) are
  brought up to date; every generator plans its output again into a recording writer; each
  job gets a signature (plan.py: the stamps of the contents it shows), and only the jobs
  whose signature differs from the one output/ was written with run. Files no job writes
  any more are removed. With `first` (the pages open in a browser), those pages, the edited
  articles' own pages and the home page are published at once and the rest follows in
  `Applied.rest`: ranking every article's related news again when the order of articles
  changed, signing the plan, rendering what changed (the dev server's worker runs it right
  after it answers, and `apply` runs it before the next edit in any case).

Every way renders into a scratch folder and moves only files whose bytes changed into
output/ (one rename each; untouched files keep their mtime). The result is byte for byte
what a clean build of the same sources writes: tests/test_live.py checks each kind of edit,
tests/test_incremental.py random sequences of them, against clean builds.

Anything else raises `FullBuildNeeded` with the reason, and the caller builds in full: a
page's front matter, a new or deleted page, photos or documents (the image pipeline and
the static generator), a deleted article that another links to, any other file, no build in
memory. Problems found while reading raise `ContentFailure` with their lines; output/ is
left as it was (a problem found after the build in memory was changed also makes the next
change a full build).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import portal_diagnostics as diagnostics
import portal_documents as documents
import portal_output as output
import portal_site as site
import portal_taxonomy as taxonomy
from portal_reader import PortalArticle, PortalPage
from vietnamese.clock import build_now, fixed_now
from vietnamese.dates import vi_datetime

from . import pipeline, plan, uptodate

# Feed caches portal_site keeps on an article (its feed entries without the full text, per site URL).
_FEED_CACHES = ("_portal_feed_items",)


class FullBuildNeeded(Exception):
    """The edit is not one `apply` can make; the message says why."""


class ContentFailure(Exception):
    """Problems in the edited sources: `lines` as the build prints them."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems  # portal_diagnostics' Problem, sorted
        self.lines = [str(p) for p in problems]


@dataclass(frozen=True)
class Applied:
    articles: int  # articles whose text was replaced
    jobs: int  # page and feed jobs run again
    files: list[str]  # files of output/ rewritten (their bytes changed), relative
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step (an edit of the listings)
    rest: Any = None  # with `first`: publishes what is not published yet (call it once)
    moved: dict[str, str] = field(default_factory=dict)  # old file → new file of articles whose address changed
    notices: list[str] = field(default_factory=list)  # the edited sources' notices (portal_diagnostics)
    notice_records: list[Any] = field(default_factory=list)  # the same, as portal_diagnostics' Problem
    ran: list[str] = field(default_factory=list)  # the keys of the jobs run (plan.job_key)
    edited: list[Any] = field(default_factory=list)  # an edit of the text alone: the articles and pages, holding it
    relisted: bool = False  # the site was planned again (an edit of the listings, of legal documents)


@dataclass(frozen=True)
class _Kind:
    """How the build reads one kind of content: its generator, class and signals."""

    generator: Any
    content_class: type
    preread: Any
    context: Any


def _kinds(build: pipeline.Build) -> list[tuple[_Kind, list[Any]]]:
    """Articles and pages of the build in memory, each with how it was read."""
    from pelican import signals
    from pelican.generators import ArticlesGenerator, PagesGenerator

    found = []
    for generator in build.generators:
        if isinstance(generator, ArticlesGenerator):
            kind = _Kind(generator, PortalArticle, signals.article_generator_preread, signals.article_generator_context)
            names = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
        elif isinstance(generator, PagesGenerator):
            kind = _Kind(generator, PortalPage, signals.page_generator_preread, signals.page_generator_context)
            names = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")
        else:
            continue
        contents: list[Any] = []
        for name in names:
            contents.extend(getattr(generator, name, []) or [])
        found.append((kind, contents))
    return found


def _same_front_matter(new: dict[str, Any], old: dict[str, Any]) -> str | None:
    """None if `new` (just read) says what `old` (read by the build, then completed) said;
    else the fields that differ. A dict value (the lead image) may have gained keys in the
    build (its variants): only the keys read are compared."""
    differ = set(new) ^ set(old)
    for key in set(new) & set(old):
        value, before = new[key], old[key]
        if isinstance(value, dict) and isinstance(before, dict):
            if any(k not in before or before[k] != v for k, v in value.items()):
                differ.add(key)
        elif value != before:
            differ.add(key)
    return ", ".join(sorted(differ)) if differ else None


def _forget_rendered_text(article: Any) -> None:
    from pelican.contents import Content

    for method in (Content.get_content, Content.get_summary):
        cache = getattr(method, "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if isinstance(k, tuple) and k and k[0] is article]:
                del cache[key]
    for name in _FEED_CACHES:
        article.__dict__.pop(name, None)
    plan.forget_links(article)


def _published_jobs(build: pipeline.Build) -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    """The page jobs whose output output/ holds (those of the last build, as edits re-planned them)."""
    return build.output.jobs if build.output is not None else []


def _jobs_showing(build: pipeline.Build, articles: list[Any], settings: dict[str, Any]) -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    """The jobs of the last build, term feeds included, whose output shows the text of one
    of `articles` (their pages, and the feeds that carry the full text)."""
    from pelican.writers import Writer

    from portal_site.generator import PortalGenerator

    site_generator = _generator(build, PortalGenerator)
    listed = list(site_generator.articles) if site_generator is not None else []
    root = os.path.abspath(settings["OUTPUT_PATH"])
    ids = {id(a) for a in articles}
    chosen = []
    for job in _with_term_feeds(_published_jobs(build), build, listed, root, settings):
        target, _args, kwargs = job
        if isinstance(target, Writer):
            if id(kwargs.get("article")) in ids or id(kwargs.get("page")) in ids:
                chosen.append(job)
        elif kwargs.get("full_content", True) and isinstance(kwargs.get("articles"), list):
            newest = kwargs["articles"][: kwargs.get("max_items", len(kwargs["articles"]))]
            if any(id(a) in ids for a in newest):
                chosen.append(job)
    return chosen


def _run_into(jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]], folder: str) -> None:
    from pelican.writers import Writer

    writers: dict[int, Writer] = {}
    for target, args, kwargs in jobs:
        if isinstance(target, Writer):
            writer = writers.get(id(target))
            if writer is None:
                writer = writers[id(target)] = Writer(folder, settings=target.settings)
            Writer.write_file(writer, *args, **kwargs)
        else:  # a feed: (function, (output_path, rel_path, kind), options)
            target(folder, *args[1:], **kwargs)


def _publish_changed(scratch: str, root: str) -> list[str]:
    """Move every file of `scratch` whose bytes differ from its counterpart in `root` there."""
    changed: list[str] = []
    for folder, _dirs, files in os.walk(scratch):
        for name in files:
            source = os.path.join(folder, name)
            rel = os.path.relpath(source, scratch)
            target = os.path.join(root, rel)
            try:
                same = Path(target).read_bytes() == Path(source).read_bytes()
            except FileNotFoundError:
                same = False
            if not same:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(source, target)
                changed.append(rel)
    return sorted(changed)


def _registries(build: pipeline.Build, settings: dict[str, Any]) -> set[str]:
    if build.taxonomy is None:
        return set()
    root = os.path.abspath(settings["PATH"])
    return {os.path.join(root, t.spec.registry) for t in build.taxonomy.taxonomies if t.spec.registry}


def _apply_registry_edit(build: pipeline.Build, settings: dict[str, Any]) -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    """Apply an edit of the taxonomy registries; the jobs to run again."""
    collector = pipeline.collector()

    assert build.taxonomy is not None
    try:
        terms, problems = taxonomy.apply_registry_edit(build.taxonomy, settings, build.sources.files)
    except taxonomy.NotApplicable as exc:
        raise FullBuildNeeded(str(exc)) from None
    finally:
        collector.clear()
    if problems:
        raise ContentFailure(sorted(set(problems)))
    ids = {id(t) for t in terms}
    if build.documents is not None and any(
        id(d.nguoi_ky) in ids for d in build.documents.collection.documents if d.nguoi_ky is not None
    ):
        # A document page shows its signer's position on the day of signing, its search
        # entry the same: read again with the documents by a full build.
        raise FullBuildNeeded("cán bộ vừa sửa có ký văn bản: trang văn bản cũng thay đổi")
    from pelican.writers import Writer

    index = taxonomy.officials_index(build.taxonomy)
    return [
        job
        for job in _published_jobs(build)
        if isinstance(job[0], Writer)
        and (id(job[2].get("term")) in ids or (terms and job[2].get("taxonomy") is index and "term" not in job[2]))
    ]


def _render_and_publish(
    build: pipeline.Build, jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]], settings: dict[str, Any]
) -> list[str]:
    root = os.path.abspath(settings["OUTPUT_PATH"])
    site.clear_fragments(build.generators)
    scratch = tempfile.mkdtemp(dir=os.path.dirname(root), prefix=f".{os.path.basename(root)}-live-")
    try:
        _run_into(jobs, scratch)
        uptodate.forget(uptodate.folder(settings), root)  # output/ changes outside a build
        return _publish_changed(scratch, root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def clock_passed(build: pipeline.Build, settings: dict[str, Any]) -> str | None:
    """Why `build`, made at its own "now", is out of date by the clock alone (a scheduled
    article came due, an article left the news sitemap's window, a document's status
    changed: pipeline.holds_until), in Vietnamese; None while it holds. An edit applied to
    it would publish pages of the past: the caller builds in full instead."""
    limit = pipeline.holds_until(build)
    if limit is None:
        return None
    try:
        now = build_now(settings)
    except ValueError:  # a bad PORTAL_NOW: the full build reports it
        return "PORTAL_NOW không đọc được"
    if now < limit:
        return None
    return f"đã qua {vi_datetime(limit)}: các trang thay đổi theo giờ (bài hẹn giờ, tin mới, hiệu lực văn bản)"


def seconds_until_stale() -> float | None:
    """Seconds of the wall clock until the build in memory goes out of date by the clock
    alone (clock_passed); None if it never does by itself: no build, nothing dated, or
    "now" fixed by PORTAL_NOW (the dev server builds again then, unasked)."""
    build = pipeline.current
    if build is None or not build.generators:
        return None
    settings = build.generators[0].settings
    if fixed_now(settings):
        return None
    limit = pipeline.holds_until(build)
    if limit is None:
        return None
    return (limit - build_now(settings)).total_seconds()


def finish_pending() -> None:
    """Run the rest of the last edit (Applied.rest), if it has not run yet and the build in
    memory is whole (a build replaced by a full one dropped its rest: Build.close)."""
    build = pipeline.current
    if build is None or build.unfinished is None:
        return
    finish, scratch = build.unfinished
    if build.generators:
        finish()
    else:
        build.unfinished = None
        shutil.rmtree(scratch, ignore_errors=True)


def apply(changed: Iterable[str], first: Iterable[str] | None = None, planned: Callable[[], Any] | None = None) -> Applied:
    """Apply edits of the files `changed` (paths) to the build in memory and to output/.

    With `first` (files of output/, relative: the pages open in a browser), an edit that
    re-plans the site publishes those pages, the edited articles' own pages and the home
    page, and returns; `Applied.rest` publishes everything else (and runs before the next
    edit is applied). `make html` applies edits the same way to the build it saved (warm.py).
    Without `first`, `planned` is called once an edit of the articles' listings has planned
    the site again, before its pages are signed and rendered: what the build's lists and
    terms hold from then on is final (warm.py starts the search index's refresh there)."""
    collector = pipeline.collector()

    finish_pending()
    started = time.perf_counter()
    changed = list(changed)
    build = pipeline.current
    if build is None or not build.generators or not _published_jobs(build):
        raise FullBuildNeeded("chưa có bản dựng thành công trong bộ nhớ")
    by_source = {
        _absolute(content.source_path): (kind, content)
        for kind, contents in _kinds(build)
        for content in contents
    }
    if not by_source:
        raise FullBuildNeeded("chưa có nội dung trong bộ nhớ")
    settings = next(iter(by_source.values()))[0].generator.settings
    passed = clock_passed(build, settings)
    if passed:
        raise FullBuildNeeded(passed)
    content_root = os.path.abspath(settings["PATH"])
    registries = _registries(build, settings)
    # A file that is not there and was not in the build came and went during the save (an
    # editor's or a tool's temporary file, renamed over the source): it changes nothing.
    legal_sources = {os.path.join(content_root, d.source) for d in build.documents.collection.documents} if build.documents else set()
    edited = {
        path
        for path in (os.path.abspath(p) for p in changed)
        if os.path.lexists(path) or path in by_source or path in registries or path in legal_sources
    }
    if changed and not edited:
        return Applied(0, 0, [], time.perf_counter() - started)
    legal = {path for path in edited if _is_document(path, content_root, settings)}
    if legal:
        if legal != edited:
            raise FullBuildNeeded("văn bản và tệp khác cùng thay đổi")
        return _apply_documents_edit(build, settings, started, first)
    if edited & registries:
        if not edited <= registries:
            raise FullBuildNeeded("danh bạ và các tệp khác cùng thay đổi")
        jobs = _apply_registry_edit(build, settings)
        files = _render_and_publish(build, jobs, settings)
        return Applied(0, len(jobs), files, time.perf_counter() - started, ran=[plan.job_key(j) for j in jobs])
    paths = sorted(edited)
    if not paths:
        raise FullBuildNeeded("không có gì thay đổi")
    articles_kind = next((kind for kind, _c in _kinds(build) if kind.content_class is PortalArticle), None)
    replaced: list[tuple[Any, Any]] = []
    added: list[Any] = []
    removed: list[Any] = []
    listing = False  # an edit that changes more than the text of the sources
    taxonomies = build.taxonomy
    saved = taxonomy.snapshot(taxonomies) if taxonomies is not None else None
    if taxonomies is not None:
        taxonomy.forget_sources(taxonomies, {_rel(p, content_root) for p in paths if p in by_source})
    collector.clear()
    try:
        for path in paths:
            found = by_source.get(path)
            rel = _rel(path, content_root)
            if found is None:
                if articles_kind is None or not _is_new_article(path, settings):
                    raise FullBuildNeeded(f"{rel} không phải bài hay trang của lần dựng trước")
                new = _read(articles_kind, path)
                _no_files(new, rel)
                added.append(new)
                listing = True
                continue
            kind, old = found
            if not os.path.isfile(path):
                if kind != articles_kind:
                    raise FullBuildNeeded(f"{rel} đã bị xóa")
                _no_files(old, rel)
                removed.append(old)
                listing = True
                continue
            new = _read(kind, path)
            difference = _same_front_matter(new.metadata, old.metadata)
            body_images = getattr(new.metadata.get("origin"), "body_images", None)
            if difference is not None or body_images or (kind == articles_kind and "summary" not in new.metadata):
                if kind != articles_kind:
                    why = f"phần đầu bài đã thay đổi ({difference})" if difference else "thân bài có ảnh"
                    raise FullBuildNeeded(f"{rel}: {why}")
                _no_files(old, rel)
                _no_files(new, rel)
                listing = True
            replaced.append((old, new))
        if listing and taxonomies is not None and articles_kind is not None:
            read = {_rel(p, content_root) for p in paths if os.path.isfile(p)}
            collector.extend(taxonomy.check_spellings(articles_kind.generator, taxonomies, read))
        if collector.problems:
            raise ContentFailure(sorted(set(collector.problems)))
        notice_records = sorted(set(collector.notices))
        notices = [str(notice) for notice in notice_records]
    except BaseException:
        if saved is not None:
            taxonomy.restore(taxonomies, saved)
        raise
    finally:
        collector.clear()
    if removed:
        sources = {old.get_relative_source_path() for old in removed}
        linking = [c for c in _linking_to(build, sources) if all(c is not old for old in removed)]
        if linking:
            raise FullBuildNeeded(f"{os.path.relpath(linking[0].source_path, content_root)} có liên kết tới bài vừa xóa")
    citing = None
    run = build.documents
    links = [documents.edit_links(old, new, run) for old, new in replaced] if run is not None and not listing else []
    if None in links:
        # The text cites other documents: their pages and the sitemap change too.
        try:
            for old, new in replaced:  # re-planned as an edit of the listings: no photos or files
                rel = _rel(_absolute(old.source_path), content_root)
                _no_files(old, rel)
                _no_files(new, rel)
        except FullBuildNeeded:
            if saved is not None:
                taxonomy.restore(taxonomies, saved)
            raise
        listing = True
        citing = {id(c) for _kind, contents in _kinds(build) for c in contents if getattr(c, "cited_documents", None)}
    if listing:
        assert articles_kind is not None
        applied = _apply_listing_edit(build, settings, articles_kind, replaced, added, removed, started, first, citing,
                                      planned)
        return dataclasses.replace(applied, notices=notices, notice_records=notice_records)
    if saved is not None:
        taxonomy.restore(taxonomies, saved)  # the text alone changed: names are counted as they were
    for number, (old, new) in enumerate(replaced):
        if links:  # the same documents cited: the numbers of the new text linked
            new._content, cited = links[number]  # type: ignore[misc]
            if cited is not None:
                old.cited_documents = cited
        old._content = new._content
        _forget_rendered_text(old)
    jobs = _jobs_showing(build, [old for old, _new in replaced], settings)
    files = _render_and_publish(build, jobs, settings)
    return Applied(len(replaced), len(jobs), files, time.perf_counter() - started, notices=notices,
                   notice_records=notice_records, ran=[plan.job_key(j) for j in jobs],
                   edited=[old for old, _new in replaced])


def texts_of(contents: Iterable[Any]) -> dict[str, tuple[str, list[str]]]:
    """What a text edit changed in each of `contents` (Applied.edited), to be applied again to
    the same build loaded in another process (apply_texts): {source path: (text, numbers of
    the legal documents it cites, in order)}."""
    return {
        os.path.abspath(content.source_path): (
            content._content, [d.so_hieu for d in getattr(content, "cited_documents", None) or []]
        )
        for content in contents
    }


def apply_texts(build: pipeline.Build, texts: dict[str, tuple[str, list[str]]]) -> None:
    """Give the articles and pages of `build` the texts of texts_of (see model.py)."""
    by_number = build.documents.collection.by_number() if build.documents is not None else {}
    by_source = {_absolute(c.source_path): c for _kind, contents in _kinds(build) for c in contents}
    for path, (text, cited) in texts.items():
        content = by_source.get(path)
        if content is None:
            raise FullBuildNeeded(f"{path} không còn trong bản dựng đã lưu")
        content._content = text
        if isinstance(content, PortalArticle):
            try:
                content.cited_documents = [by_number[number] for number in cited]
            except KeyError:
                raise FullBuildNeeded(f"{path} trích dẫn văn bản không còn trong bản dựng đã lưu") from None
        _forget_rendered_text(content)


def _absolute(path: str) -> str:
    """`path` made absolute (Pelican's source paths already are: abspath would only normalise
    them again, 10,000 times per edit)."""
    return path if os.path.isabs(path) and "/." not in path and "//" not in path else os.path.abspath(path)


def _rel(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def _read(kind: _Kind, path: str) -> Any:
    """`path` read as the build reads it (the reader, then the resolve hooks)."""
    collector = pipeline.collector()

    generator = kind.generator
    content = generator.readers.read_file(
        base_path=generator.path,
        path=os.path.relpath(path, generator.path),
        content_class=kind.content_class,
        context=generator.context,
        preread_signal=kind.preread,
        preread_sender=generator,
        context_signal=kind.context,
        context_sender=generator,
    )
    if pipeline.current is not None:
        collector.extend(pipeline.current.sources.take_problems())  # what the reader found
    if collector.problems:
        raise ContentFailure(sorted(set(collector.problems)))
    if not content.is_valid():
        raise FullBuildNeeded(f"{os.path.relpath(path)} không phải bài hợp lệ")
    return content


def _is_new_article(path: str, settings: dict[str, Any]) -> bool:
    """A new Markdown file in one of the folders articles are read from."""
    if not path.endswith(".md") or not os.path.isfile(path):
        return False
    root = os.path.abspath(settings["PATH"])
    return any(
        path.startswith(os.path.join(root, folder).rstrip(os.sep) + os.sep)
        for folder in settings.get("ARTICLE_PATHS", [""])
    )


def _has_files(content: Any) -> bool:
    """Whether `content` publishes files beside its page (photos, documents): those come
    from the image pipeline and the static generator, which only a build runs."""
    origin = content.metadata.get("origin")
    text = (getattr(content, "_content", "") or "").replace(documents.LINK_START, "")  # links to documents' pages
    return bool(
        getattr(origin, "body_images", None)
        or content.metadata.get("image")
        or "{static}" in text
        or "{attach}" in text
    )


def _no_files(content: Any, rel: str) -> None:
    if _has_files(content):
        raise FullBuildNeeded(f"{rel}: có ảnh hoặc tài liệu")


# --- an edit that changes what the site lists ------------------------------------------


def _with_term_feeds(jobs: list[Any], build: pipeline.Build, articles: list[Any], folder: str, settings: dict[str, Any]) -> list[Any]:
    """`jobs` with the term feeds of the build's present state in place of those planned
    with its pages (the terms' lists may have changed since)."""
    if build.taxonomy is None:
        return jobs
    jobs = [job for job in jobs if not taxonomy.is_term_feed(build.taxonomy, job)]
    if settings.get("PORTAL_FEEDS", True):
        jobs += taxonomy.feed_jobs(build.taxonomy.taxonomies, articles, folder, settings)
    return jobs


def _generator(build: pipeline.Build, cls: type) -> Any:
    return next((g for g in build.generators if isinstance(g, cls)), None)


def _planned_files(jobs: list[Any], direct: set[str]) -> set[str]:
    files = set(direct)
    for job in jobs:
        files.update(plan.job_files(job))
    return files


def _relist_articles(generator: Any, removed: list[Any], added: list[Any]) -> None:
    """Pelican's lists of articles (published, drafts, hidden) without `removed`, with
    `added`, as its generate_context makes them."""
    from operator import attrgetter

    from pelican.contents import Article
    from pelican.utils import order_content, process_translations

    gone = {id(a) for a in removed}
    everything = [
        a
        for name in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
        for a in getattr(generator, name)
        if id(a) not in gone
    ]
    everything += added
    everything.sort(key=lambda a: a.source_path)
    by_status: dict[str, list[Article]] = {"published": [], "draft": [], "hidden": []}
    for article in everything:
        by_status.setdefault(article.status, []).append(article)

    def process(items: list[Any]) -> tuple[list[Any], list[Any]]:
        origs, translations = process_translations(items, translation_id=generator.settings["ARTICLE_TRANSLATION_ID"])
        return order_content(origs, generator.settings["ARTICLE_ORDER_BY"]), translations

    generator.articles, generator.translations = process(by_status["published"])
    generator.hidden_articles, generator.hidden_translations = process(by_status["hidden"])
    generator.drafts, generator.drafts_translations = process(by_status["draft"])
    generator.dates = sorted(generator.articles, key=attrgetter("date"), reverse=generator.context["NEWEST_FIRST_ARCHIVES"])
    generator.period_archives = generator._build_period_archives(generator.dates, generator.articles, generator.settings)
    for name in ("articles", "drafts", "hidden_articles", "dates"):
        generator.context[name] = getattr(generator, name)


class _Clock:
    def __init__(self, started: float) -> None:
        self.last = started
        self.phases: dict[str, float] = {}

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.last, 4)
        self.last = now


def _is_document(path: str, content_root: str, settings: dict[str, Any]) -> bool:
    """Is `path` the source of a legal document (under PORTAL_DOCUMENTS_PATH, Markdown)?"""
    rel = _rel(path, content_root)
    return path.endswith(".md") and rel.startswith(uptodate.documents_folders(settings))


def _apply_documents_edit(build: pipeline.Build, settings: dict[str, Any], started: float,
                          first: Iterable[str] | None) -> Applied:
    """Legal documents edited, added or removed: the collection read again, the terms and
    the articles' links to documents brought up to date, then the site re-planned as after
    an edit of the listings (only the jobs whose signature changed run). The first document
    added or the last removed changes every page's navigation: a full build."""
    from portal_documents.generator import DocumentsGenerator
    from portal_reader.reader import scan_content
    from portal_site.generator import PortalGenerator

    collector = pipeline.collector()

    run = build.documents
    documents_generator = _generator(build, DocumentsGenerator)
    site_generator = _generator(build, PortalGenerator)
    articles_kind = next((kind for kind, _c in _kinds(build) if kind.content_class is PortalArticle), None)
    if run is None or documents_generator is None or site_generator is None or articles_kind is None:
        raise FullBuildNeeded("bản dựng trong bộ nhớ không có văn bản")
    old = list(run.collection.documents)
    attachments = set(run.collection.attachments)
    citing = {id(c) for _kind, contents in _kinds(build) for c in contents if getattr(c, "cited_documents", None)}
    if not old:
        raise FullBuildNeeded("văn bản đầu tiên: thanh điều hướng của mọi trang thay đổi")
    root = os.path.abspath(settings["OUTPUT_PATH"])
    content_root = os.path.abspath(settings["PATH"])
    # What output/ shows now, signed before anything changes.
    build.signed = build.signed or _sign(build, list(site_generator.articles), root, settings)
    files, _markdown = scan_content(content_root)
    taxonomies = build.taxonomy.taxonomies if build.taxonomy is not None else []
    collector.clear()
    problems = documents.reload(run, settings, frozenset(files), taxonomies, (build.now or site.now_of(settings)).date())
    if problems:
        raise ContentFailure(sorted(set(problems)))
    new = run.collection.documents
    if not new or set(run.collection.attachments) != attachments:
        build.generators = []  # the collection is changed: the next edit builds in full too
        raise FullBuildNeeded("không còn văn bản: thanh điều hướng của mọi trang thay đổi" if not new
                              else "tệp đính kèm của văn bản thay đổi")
    try:
        _relink(build, documents_generator, old, new)
    except BaseException:
        build.generators = []  # half applied: the next change builds in full
        raise
    return _apply_listing_edit(build, settings, articles_kind, [], [], [], started, first, citing)


def _relink(build: pipeline.Build, documents_generator: Any, old: list[Any], new: list[Any]) -> None:
    """The articles' links to documents after the collection changed from `old` to `new`,
    and the documents' generator's context."""
    from portal_documents.links import link_key

    # An article whose text links a number the collection no longer has at that address is
    # read again (its links are in its text); every article is then linked anew.
    kept = {(d.so_hieu, link_key(d)) for d in new}
    saved = taxonomy.snapshot(build.taxonomy) if build.taxonomy is not None else None
    try:  # (reading counts the names of the source again: put back after)
        for kind, contents in _kinds(build):
            for content in contents:
                cited = getattr(content, "cited_documents", None) or ()
                if any((d.so_hieu, link_key(d)) not in kept for d in cited):
                    content._content = _read(kind, _absolute(content.source_path))._content
                    _forget_rendered_text(content)
    finally:
        if saved is not None:
            taxonomy.restore(build.taxonomy, saved)
    static = documents_generator.context.get("static_content", {})
    for document in old:
        static.pop(link_key(document), None)
    documents_generator.generate_context()


def _apply_listing_edit(
    build: pipeline.Build,
    settings: dict[str, Any],
    kind: _Kind,
    replaced: list[tuple[Any, Any]],
    added: list[Any],
    removed: list[Any],
    started: float,
    first: Iterable[str] | None,
    citing: set[int] | None = None,
    planned: Callable[[], Any] | None = None,
) -> Applied:
    """Articles whose front matter changed, new and deleted articles: the build's lists,
    terms and related news brought up to date in memory, the site planned again, and only
    the jobs whose signature changed (plan.py) run; files no job writes any more removed.
    `citing` (legal documents changed): the articles that cited a document before; they and
    those citing one now are signed again."""
    from pelican.generators import StaticGenerator

    from portal_site.generator import PortalGenerator

    collector = pipeline.collector()

    clock = _Clock(started)
    clock.mark("read")
    articles_generator = kind.generator
    site_generator = _generator(build, PortalGenerator)
    if site_generator is None:
        raise FullBuildNeeded("the build has no portal generator")
    root = os.path.abspath(settings["OUTPUT_PATH"])
    names = [t.name for t in build.taxonomy.taxonomies] if build.taxonomy is not None else []
    context = articles_generator.context

    # The jobs of output/ as it is, and what they show (before anything changes).
    previous = list(site_generator.articles)
    old_signatures, old_files, old_terms = build.signed or _sign(build, previous, root, settings)
    build.signed = None
    clock.mark("sign the present output")

    # The new state: Pelican's lists, the portal's listings, terms and related news.
    if build.taxonomy is not None:
        taxonomy.drop_unused(build.taxonomy)
    edited = replaced
    gone = [old for old, _new in edited] + removed
    generated = context.get("generated_content", {})
    for old in gone:
        generated.pop(old.get_relative_source_path(), None)
        _forget_rendered_text(old)
    for new in [new for _old, new in edited] + added:
        articles_generator.add_source_path(new)
        if hasattr(new, "refresh_metadata_intersite_links"):
            new.refresh_metadata_intersite_links()
    changed_sources = {old.get_relative_source_path() for old in gone} | {
        new.get_relative_source_path() for new in added
    }
    _relist_articles(articles_generator, gone, [new for _old, new in edited] + added)
    if build.documents is not None:  # document numbers in the new text; citations both ways
        documents.link_articles(build.generators, build.documents)
    linking = _linking_to(build, changed_sources)
    for content in linking:
        _forget_rendered_text(content)
    clock.mark("lists of articles")
    scratch = tempfile.mkdtemp(dir=os.path.dirname(root), prefix=f".{os.path.basename(root)}-live-")
    try:
        collector.clear()
        try:
            site_generator.generate_context()
            collector.extend(site.problems_of([site_generator]))
            if collector.problems:
                raise ContentFailure(sorted(set(collector.problems)))
            site.save_url_history([site_generator])
            articles = site_generator.articles
            related: set[int] | None = set()
            clock.mark("portal listings")
            if build.taxonomy is not None:
                related = taxonomy.relist(
                    build.taxonomy, articles, previous, edited + [(None, a) for a in added], settings, rank_all=first is None
                )
            clock.mark("terms and related news")
            writer = output.planning_writer(scratch, settings)
            for generator in build.generators:
                if isinstance(generator, StaticGenerator):
                    continue
                if hasattr(generator, "feed_jobs"):
                    generator.feed_jobs = []  # term feeds: planned below
                generator.generate_output(writer)
            clock.mark("plan")
        except diagnostics.ProblemsFound as exc:  # the redirects' clash check
            raise ContentFailure(sorted(set(exc.problems + collector.problems))) from None
        except BaseException:
            build.generators = []  # half applied: the next change builds in full
            raise
        finally:
            collector.clear()
        new_jobs = _with_term_feeds(writer.planned(), build, articles, scratch, settings)
        count = len(edited) + len(added) + len(removed)
        files: list[str] = []
        if first is not None:
            # The pages the editor looks at first, as they are now (their related news is
            # final for the edited and new articles); everything else follows in `rest`.
            wanted = set(first) | {"index.html"} | {a.save_as for _old, a in edited} | {a.save_as for a in added}
            now = [job for job in new_jobs if wanted.intersection(plan.job_files(job))]
            site.clear_fragments(build.generators)
            writer.run([_into(job, scratch) for job in now])
            uptodate.forget(uptodate.folder(settings), root)
            files = _publish_changed(scratch, root)
            # The page of a removed article, or the old address of a retitled one, goes now.
            planned = {plan.job_key(job) for job in new_jobs} | site.redirect_files(site_generator)
            files += _remove({old.save_as for old in gone if old.save_as not in planned}, root)
            clock.mark("render and publish the open pages")
    except BaseException:
        build.generators = []  # half applied: the next change builds in full
        shutil.rmtree(scratch, ignore_errors=True)
        raise

    def finish() -> Applied:
        """Related news of every article if the order changed; then every job whose
        signature changed rendered, output/ brought to the new plan, the plan recorded."""
        build.unfinished = None
        begun = time.perf_counter()
        try:
            touched = related
            if first is not None and related is None and build.taxonomy is not None:
                taxonomy.rank_every_article(build.taxonomy, articles, settings)
            if build.taxonomy is not None:  # a preview's scheduled articles: ranked again, signed again
                same_order = edited if related is not None and not added and not removed else None
                scheduled = taxonomy.rank_scheduled(build.taxonomy, articles, context.get("hidden_articles", []), same_order)
                if touched is not None:
                    touched = touched | {id(a) for a in scheduled}
            signer = plan.Signer(context, names)
            new_terms = _term_signatures(build, signer)
            # An article's own page can show something new only if the article is new, its
            # related news or one of its terms changed, or a source it links to: the others
            # keep their signature (most of the 10,000 pages), the rest are signed again.
            if touched is not None:
                touched = touched | {id(new) for _old, new in edited} | {id(a) for a in added}
                for term in _terms(build):
                    key = signer.term_key(term)
                    if new_terms.get(key) != old_terms.get(key):
                        touched.update(id(a) for a in term.articles)
                touched.update(id(c) for c in linking)
                if citing is not None:
                    touched.update(citing)
                    touched.update(id(a) for _kind, contents in _kinds(build) for a in contents
                                   if getattr(a, "cited_documents", None))
            new_signatures: dict[str, Any] = {}
            run = []
            for job in new_jobs:
                key = plan.job_key(job)
                article = job[2].get("article")
                if touched is not None and article is not None and id(article) not in touched and key in old_signatures:
                    signature = old_signatures[key]
                else:
                    signature = signer.signature(job)
                new_signatures[key] = signature
                if signature is None or old_signatures.get(key) != signature:
                    run.append(job)
            site.clear_fragments(build.generators)
            again = output.planning_writer(scratch, settings)  # a page of `now` may be written again
            again.run([_into(job, scratch, again) for job in run])
            uptodate.forget(uptodate.folder(settings), root)
            done = _publish_changed(scratch, root)
            new_files = _planned_files(new_jobs, site.redirect_files(site_generator))
            done += _remove(old_files - new_files, root)
            assert build.output is not None
            build.output.jobs = new_jobs
            build.signed = (new_signatures, new_files, new_terms)
        except BaseException:
            build.generators = []  # half applied: the next change builds in full
            raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return Applied(count, len(run), sorted(done), time.perf_counter() - begun, ran=[plan.job_key(j) for j in run],
                       relisted=True)

    moved = {old.save_as: new.save_as for old, new in edited if old.save_as != new.save_as}
    if first is None:
        if planned is not None:
            planned()
        rest = finish()
        clock.mark("sign, render and publish")
        return Applied(count, rest.jobs, rest.files, time.perf_counter() - started, clock.phases, moved=moved, ran=rest.ran,
                       relisted=True)
    build.unfinished = (finish, scratch)
    return Applied(count, len(now), sorted(files), time.perf_counter() - started, clock.phases, rest=finish, moved=moved,
                   relisted=True)


def _linking_to(build: pipeline.Build, sources: set[str]) -> list[Any]:
    """Articles and pages of the build whose text links to one of `sources`."""
    if not sources:
        return []
    return [
        content
        for _kind, contents in _kinds(build)
        for content in contents
        if sources.intersection(plan.linked_sources(content))
    ]


def _into(job: Any, folder: str, writer: Any = None) -> Any:
    """A planned job that writes into `folder`: a feed is told where (its generator's folder
    is the build's, gone since); a page is written by `writer` if given, else by the
    writer it was planned with."""
    from pelican.writers import Writer

    target, args, kwargs = job
    if getattr(target, "__name__", "") == "build_and_write":
        return (target, (folder, *args[1:]), kwargs)
    if writer is not None and isinstance(target, Writer):
        return (writer, args, kwargs)
    return job


def _terms(build: pipeline.Build) -> list[Any]:
    if build.taxonomy is None:
        return []
    return [term for t in build.taxonomy.taxonomies for term in t.all_terms()]


def _term_signatures(build: pipeline.Build, signer: plan.Signer) -> dict[Any, Any]:
    return {signer.term_key(term): signer.term(term) for term in _terms(build)}


def _sign(
    build: pipeline.Build, articles: list[Any], root: str, settings: dict[str, Any]
) -> tuple[dict[str, Any], set[str], dict[Any, Any]]:
    """Signatures and files of the jobs whose output output/ holds, and of the terms (by
    plan.Signer.term_key). Nothing in them names an object of this process: a build saved
    with them (model.py) is signed in the next `make html` as in this one."""
    from portal_site.generator import PortalGenerator

    names = [t.name for t in build.taxonomy.taxonomies] if build.taxonomy is not None else []
    jobs = _with_term_feeds(_published_jobs(build), build, articles, root, settings)
    context = build.generators[0].context
    site_generator = _generator(build, PortalGenerator)
    signer = plan.Signer(context, names)
    signatures = plan.signatures(jobs, signer)
    return signatures, _planned_files(jobs, site.redirect_files(site_generator)), _term_signatures(build, signer)


def prepare() -> None:
    """Sign the plan of the build in memory now (the dev server's worker calls this when it
    is idle after a full build), so that the first edit does not wait for it."""
    from portal_site.generator import PortalGenerator

    build = pipeline.current
    if build is None or not build.generators or build.signed is not None or not _published_jobs(build):
        return
    site_generator = _generator(build, PortalGenerator)
    if site_generator is None:
        return
    settings = site_generator.settings
    build.signed = _sign(build, list(site_generator.articles), os.path.abspath(settings["OUTPUT_PATH"]), settings)


def _remove(files: set[str], root: str) -> list[str]:
    """Remove `files` (relative) from output/, and folders that leaves empty."""
    removed = []
    for rel in sorted(files):
        path = os.path.join(root, rel)
        try:
            os.remove(path)
        except FileNotFoundError:
            continue
        removed.append(rel)
        folder = os.path.dirname(path)
        while folder != root and folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
    return removed
