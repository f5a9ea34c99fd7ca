"""The build in one place: which step of which library runs at each of Pelican's hooks.

Pelican stays the host (`pelican content -s pelicanconf.py`): it reads the sources, runs
its generators and calls its writer, and sends a signal between those steps. This module is
the only one that connects to those signals. Each hook below is one phase, and calls the
portal's libraries (plugins/*) in the order written here, so the order of a build is read
top to bottom in this file: not spread over the order of PLUGINS and of each plugin's
`register()`.

    start      Pelican starts: the Session (the problem collector of this instance's builds)
               and the fault guard, settings defaults, template filters and globals; then
               the up-to-date check
               (uptodate.py), which ends the run here if nothing it reads changed.
    read       start of every build: the output lock and temporary folder, the source list,
               the category registry and the taxonomy registries; then Pelican reads every
               source with our reader.
    resolve    each article, before Pelican builds it: category key → category, publishing
               rules (scheduled articles), names → terms of the registries.
    compute    every article read: free-form spellings; articles and pages read: images
               (variants, cache); the taxonomy generator: term lists, related news.
    check      all content read: the build fails here, once, on every problem recorded;
               then `make urls` writes the URL history.
    render     Pelican's generators render pages through our writer, which records them.
    publish    every generator done: the recorded pages are written on every core while
               the build's own process writes the search index of the public pages
               (portal_search) before it joins them; then the new output/ replaces the
               previous one in one step.

Every process of a build is forked by portal_workers. All but one serve one step at a
time: the reader's pool, related news (portal_workers.fork_map), the image pool, the page
writers (the term feeds are jobs among the pages) and the search index's words. The one
exception is a plain function call too: once the sources are read (`begin_build`), one
background process (portal_workers.start) counts the search terms of every source
(portal_search.counted) while Pelican makes its contents on one core, and the search index
takes its result in `publish`; a result that is missing or stale is counted again there, so
the index is the same bytes either way. It makes the index's own work 5.4–6.2 → 2.9 s of
one core at 10,000 articles (bench/README.md). (Until 5 Dec 2026 a worker forked when the
articles were known ranked related news and wrote the term feeds beside Pelican's
single-threaded steps, with a protocol of its own; 5 alternated clean builds at 10,000
articles measured a median +2 % wall without it, within the noise, and it was removed.)

A process that keeps the last build (the dev server's worker) applies edits of articles
(their text, their front matter, new and deleted ones) and of officials' data to it without
building again: live.py re-plans the site in memory and runs only the output jobs whose
signature changed (plan.py).

The setting `PORTAL_TAXONOMY_ENGINE = False` leaves the taxonomy engine out of the build
altogether: no term pages, feeds or related news, and the officials/provinces/topics/tags
fields are not read (the benchmark's "foundation" variant; `PORTAL_TAXONOMIES = []` instead
keeps the engine, which then refuses those fields as undeclared).
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelican.cache import FileStampDataCacher

import portal_compress as compress  # issue 16: precompressed copies, called in publish()
import portal_diagnostics as diagnostics
import portal_documents as documents
import portal_images as images
import portal_output as output
import portal_reader as reader
import portal_search as search
import portal_site as site
import portal_taxonomy as taxonomy
import portal_workers as workers
import vietnamese
from vietnamese.clock import build_now

from . import model, plan, reuse, uptodate, warm


def _taxonomies_on(settings: dict[str, Any]) -> bool:
    return bool(settings.get("PORTAL_TAXONOMY_ENGINE", True))


@dataclass
class Build:
    """One run of the pipeline: the state its steps share, made anew at the start of every
    build (a dev server runs several in one process). The libraries keep none of it."""

    sources: reader.BuildSources  # the file list and what the reader read
    categories: Any  # portal_site's CategoryRegistry
    taxonomy: taxonomy.TaxonomyRun | None  # None without the taxonomy engine
    articles: list[Any] = field(default_factory=list)  # read, their images waiting for the pages'
    scheduled: list[datetime] = field(default_factory=list)  # dates of the scheduled articles
    output: output.BuildOutput | None = None  # its writers and its jobs
    generators: list[Any] = field(default_factory=list)  # Pelican's, once all content is read
    jinja: dict[str, Any] = field(default_factory=dict)  # the generators' shared environment (portal_site)
    # What output/ holds, job by job ({job key: signature}, files, {term key: signature}):
    # see live.py and plan.py. Saved with the build (model.py): nothing in it is an id().
    signed: tuple[dict[str, Any], set[str], dict[Any, Any]] | None = None
    documents: documents.DocumentsRun | None = None  # the legal documents (content/van-ban/) and their generator
    now: datetime | None = None  # the build's "now" (PORTAL_NOW or the clock): scheduling, windows, statuses
    search_words: search.Counted | None = None  # the sources' words, counted in the background from `read`
    # An edit the dev server applied whose first pages are published and whose rest has not
    # run yet (live.py): the rest, and the scratch folder it renders into. Not saved.
    unfinished: tuple[Callable[[], Any], str] | None = None

    def close(self) -> None:
        """This build is replaced by another: what it holds beyond memory is released (the
        background count of search words, the scratch folder of an unfinished edit)."""
        if self.search_words is not None:
            self.search_words.close()
        if self.unfinished is not None:
            shutil.rmtree(self.unfinished[1], ignore_errors=True)
            self.unfinished = None

    def __getstate__(self) -> dict[str, Any]:
        # Saved (model.py) without an unfinished edit: a function and a scratch folder of this process.
        return {**self.__dict__, "unfinished": None}


# The run in progress, or the last one (Pelican's signals carry no state of ours).
current: Build | None = None


class WarningRecorder(logging.Handler):
    """The warnings a build logs, kept with its up-to-date record: a run that finds nothing
    changed shows them again, as the build would."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[tuple[str, str]] = []  # (logger name, message)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.warnings.append((record.name, record.getMessage()))
        except Exception:  # noqa: BLE001 - a message that cannot be formatted is only not kept
            self.warnings.append((record.name, str(record.msg)))


@dataclass
class Freshness:
    """The up-to-date check of this run (uptodate.py): where records live, what the run
    reads, how many warnings it logged."""

    folder: str | None
    inputs: uptodate.Inputs | None
    warnings: WarningRecorder
    record: dict[str, Any] | None = None  # the last build's record, for reuse.py


@dataclass
class Session:
    """What the builds of one Pelican instance share (an autoreload loop, or the dev
    server's worker, runs several): the collector of their problems and notices, which the
    guard clears after each, and the up-to-date check made when Pelican started."""

    problems: diagnostics.ProblemCollector = field(default_factory=diagnostics.ProblemCollector)
    freshness: Freshness | None = None


# The Pelican instance's session, made when it starts (the last one to start, in a process
# that makes several: tests).
session: Session | None = None


def _freshness() -> Freshness | None:
    """The up-to-date check of the running Pelican instance, if it made one."""
    return session.freshness if session is not None else None


def collector() -> diagnostics.ProblemCollector:
    """The problem collector of the running Pelican instance's builds (a new one before any
    Pelican started: the dev server's worker asked to apply an edit before its first build)."""
    global session
    if session is None:
        session = Session()
    return session.problems


# --- start ----------------------------------------------------------------------------


def start(pelican: Any) -> None:
    global session
    if session is not None and session.freshness is not None:
        logging.getLogger().removeHandler(session.freshness.warnings)  # an earlier Pelican of this process
    session = Session()
    diagnostics.guard(pelican, session.problems)
    vietnamese.add_filters(pelican)
    _record(site.defaults(pelican))
    _record(images.defaults(pelican))
    _skip_if_up_to_date(pelican, session)


def _skip_if_up_to_date(pelican: Any, session: Session) -> None:
    """If nothing the build reads changed since the last build into this output folder
    (uptodate.py), the run says so and stops before reading anything."""
    counter = WarningRecorder()
    logging.getLogger().addHandler(counter)
    folder = uptodate.folder(pelican.settings)
    freshness = session.freshness = Freshness(folder, None, counter)
    if not folder:
        return
    started = time.perf_counter()
    inputs = uptodate.inputs(pelican.settings)
    freshness.inputs = inputs
    output_path = os.path.abspath(pelican.output_path)
    freshness.record = uptodate.previous(folder, output_path)
    try:
        now = build_now(pelican.settings)
    except ValueError:  # a bad PORTAL_NOW: the build reports it, as a problem
        return
    recorded = uptodate.up_to_date(folder, output_path, inputs, now)
    if recorded is None:
        # Only sources of articles and pages changed: the saved build takes the edit (warm.py).
        ahead = warm.plan(pelican.settings, folder, output_path, inputs, freshness.record, now)
        if ahead is not None:
            build_in_full = pelican.run
            pelican.run = lambda: warm.run(pelican, ahead, inputs, folder, build_in_full)
        return
    warnings, notices = recorded
    seconds = time.perf_counter() - started
    relative = os.path.relpath(output_path)
    shown = output_path if relative.startswith("..") else relative
    # Vietnamese numbers: "10.067 tệp", "0,41 giây".
    files = vietnamese.text.group_digits(inputs.files)
    duration = f"{seconds:.2f}".replace(".", ",")
    message = (
        f"Không có gì thay đổi từ lần dựng trước: {shown.rstrip('/')}/ đã là bản mới nhất "
        f"(đã kiểm tra {files} tệp trong {duration} giây)."
    )

    def nothing_to_do() -> None:
        for name, text in warnings:
            logging.getLogger(name).warning(text)
        for path, line, name_of_field, text in notices:
            session.problems.notice(path, line, name_of_field, text)
        session.problems.print_notices()
        print(message)

    pelican.run = nothing_to_do


def readers(pelican_readers: Any) -> None:
    reader.add_reader(pelican_readers, _build().sources)


# --- read -----------------------------------------------------------------------------


def begin_build(pelican: Any) -> list[type]:
    """Start of every build: a new Build, and the generators our libraries add to Pelican's."""
    global current
    problems_of_run = collector()
    writing = output.begin(pelican, problems_of_run)
    problems_of_run.places.update(images.places(pelican.settings))  # a full image cache is named in the message
    sources = reader.BuildSources()
    problems: list[diagnostics.Problem] = []
    now = site.now_of(pelican.settings, problems)
    categories, site_generator, found = site.load(pelican, now)
    problems += found
    taxonomies = None
    if _taxonomies_on(pelican.settings):
        taxonomies, found = taxonomy.begin_build(pelican, sources)
        problems += found
    papers, found = documents.begin_build(pelican, sources, taxonomies.taxonomies if taxonomies else [])
    _record(problems + found)
    if current is not None:  # an earlier build of this process
        current.close()
    cache = _search_cache(_freshness(), getattr(pelican, "atomic_output_final", pelican.output_path))
    current = Build(sources, categories, taxonomies, output=writing, documents=papers, now=now,
                    search_words=count_search_words(pelican.settings, sources, cache))
    return [site_generator] + ([taxonomies.generator] if taxonomies else []) + [papers.generator]


def _record(found: Sequence[diagnostics.Problem], notices: Sequence[diagnostics.Problem] = ()) -> None:
    """What a library step found, into this run's problems (the build fails once, after
    reading, on all of them) and notices (shown, never a failure). The libraries return
    their content problems and the pipeline records them; faults (a full disk, a killed
    worker) are the writer's and the guard's to report."""
    problems = collector()
    problems.extend(list(found))
    problems.notices.extend(notices)


def _build() -> Build:
    assert current is not None, "a Pelican hook ran before the build began"
    return current


# Below this many bodies, counting their words ahead saves less than the fork costs.
COUNT_AHEAD_MIN = 2000


def count_search_words(settings: dict[str, Any], sources: reader.BuildSources,
                       cache: str | None = None) -> search.Counted | None:
    """The words of the sources just read (title, sa-pô, body), counted for the search
    index in a background process (portal_search.counted) while Pelican makes its contents on one core; None for
    a small site, one core or no search. With the search cache's path (`cache`), the
    process also keeps them beside it for a later index written whole (portal_search.kept)."""
    if not settings.get("PORTAL_SEARCH", True) or workers.processes(settings.get("PORTAL_WRITER_PROCESSES")) < 2:
        return None
    texts = [(result.fields.get("title") or "", result.fields.get("summary_text") or "", result.html)
             for result in sources.results.values() if result.ok and result.html]
    if len(texts) < COUNT_AHEAD_MIN:
        return None
    from portal_search.kept import terms_path

    return search.Counted(texts, workers.start(search.count_terms, texts, terms_path(cache) if cache else None))


# --- resolve --------------------------------------------------------------------------


def resolve_article(generator: Any, metadata: dict[str, Any]) -> None:
    build = _build()
    _record(site.resolve_category(generator, metadata, build.categories))
    site.schedule(generator, metadata, build.now or site.now_of(generator.settings))
    if metadata.get("scheduled") and isinstance(metadata.get("date"), datetime):
        build.scheduled.append(metadata["date"])
    if build.taxonomy is not None:
        problems, notices = taxonomy.resolve_names(generator, metadata, build.taxonomy)
        _record(problems, notices)


# --- compute --------------------------------------------------------------------------


def articles_known(generator: Any) -> None:
    build = _build()
    # Document numbers link in the articles' text (per build, not in the read cache: it
    # depends on the collection) before anything shows that text.
    if build.documents is not None:
        documents.link_articles([generator], build.documents)
    if build.taxonomy is not None:
        _record(taxonomy.check_spellings(generator, build.taxonomy))


def articles_read(generator: Any) -> None:
    _build().articles = images.articles_read(generator)


def pages_read(generator: Any) -> None:
    build = _build()
    _record(build.sources.take_problems())  # what the reader found, before the portal generator checks the site
    terms = taxonomy.registry_terms(build.taxonomy) if build.taxonomy is not None else []
    articles, build.articles = build.articles, []
    _record(images.pages_read(generator, articles, terms))


def static_read(generator: Any) -> None:
    _record(reader.publish_attachments_only(generator))


# --- check ----------------------------------------------------------------------------


def content_read(generators: list[Any]) -> None:
    build = _build()
    build.generators = list(generators)
    _record(build.sources.take_problems() + site.problems_of(generators))
    collector().fail_if_any()
    site.save_url_history(generators)
    site.drop_pelican_listings(generators)
    output.content_read(generators)


# --- render ---------------------------------------------------------------------------


def generator_ready(generator: Any) -> None:
    site.tune_jinja(generator, _build().jinja, uptodate.folder(generator.settings))


def without_stamps(generator: Any) -> None:
    """A content generator and its `Readers`, when they neither load nor save Pelican's
    cache, made to stop taking file stamps: four stat calls per source for nothing (the
    portal reads in parallel and keeps its own caches, uptodate.py)."""
    for cacher in (generator, generator.readers):
        if isinstance(cacher, FileStampDataCacher) and not cacher._cache_data_policy and not cacher._cache:
            cacher.get_cached_data = _not_cached
            cacher.cache_data = _not_cached


def _not_cached(_filename: str, default: Any = None) -> Any:
    return default


def writer(_pelican: Any) -> type:
    writing = _build().output
    assert writing is not None
    return writing.writer_class()


# --- publish --------------------------------------------------------------------------


def publish(pelican: Any) -> None:
    fresh = _freshness()
    final = getattr(pelican, "atomic_output_final", pelican.output_path)
    if fresh is not None:
        uptodate.forget(fresh.folder, final)  # output/ is about to change
    writing = _build().output
    assert writing is not None
    kept = _reuse(pelican, fresh, writing)
    # The search index is written by this process while forked workers write the pages.
    counted = _build().search_words
    search_index = functools.partial(index_for_search, pelican.output_path, pelican.settings, _search_cache(fresh, final),
                                     kept.previous if kept is not None and kept.intact else None, counted=counted)

    def index_then_forget(processes: int) -> None:
        try:
            search_index(processes=processes)
        finally:  # 14 MB at 10k articles, not to be kept while this process renders pages
            if counted is not None:
                counted.close()

    try:
        writing.flush(kept.files_of if kept is not None else None, kept.previous if kept is not None else None,
                      alongside=index_then_forget)
    except search.SearchIndexFailed as exc:  # the workers have stopped and the new tree is gone
        raise diagnostics.BuildStopped(str(exc)) from None
    finally:
        if counted is not None:
            counted.close()
    compress.precompress_site(pelican.output_path, pelican.settings)  # issue 16: .br/.gz of the new tree, before the swap
    writing.commit(pelican)
    if fresh is not None and fresh.folder and fresh.inputs is not None:
        build = _build()
        valid_until = holds_until(build)
        token = None
        if not fresh.warnings.warnings and warm.wanted(pelican.settings):
            # The build as it is in memory, for the next `make html` to apply an edit to.
            from portal_diagnostics.timing import timed

            token = model.new_token()
            with timed("save_model"):
                model.save(build, model.path_of(uptodate.record_path(fresh.folder, pelican.output_path)), token)
        uptodate.save(
            fresh.folder, pelican.output_path, fresh.inputs, valid_until, fresh.warnings.warnings,
            [[n.path, n.line, n.field, n.message] for n in sorted(set(collector().notices))],
            kept.digests if kept is not None else None, token,
        )


def holds_until(build: Build) -> datetime | None:
    """Until when what `build` wrote stays right with no file changed: a scheduled article
    comes due, an article leaves the news sitemap's window, a legal document's status
    changes (the record of the build holds until the first)."""
    now = build.now or site.now_of({})
    limits = [*build.scheduled, site.valid_until(build.generators, now)]
    if build.documents is not None:
        limits.append(documents.valid_until(build.documents, now))
    return min((d for d in limits if d is not None), default=None)


def _reuse(pelican: Any, fresh: Freshness | None, writing: output.BuildOutput) -> reuse.Reuse | None:
    """Which pages this build keeps from output/ (reuse.py); None without build records."""
    from portal_diagnostics.timing import timed

    build = current
    if fresh is None or not fresh.folder or fresh.inputs is None or fresh.inputs.sources is None:
        return None
    if build is None or not build.generators:
        return None
    with timed("plan_reuse"):
        names = [t.name for t in build.taxonomy.taxonomies] if build.taxonomy is not None else []
        signer = plan.PersistentSigner(build.generators[0].context, names, fresh.inputs.sources)
        previous = pelican.settings.get("PORTAL_OUTPUT_PREVIOUS_PATH")
        return reuse.plan_reuse(writing.pending_jobs(), signer, fresh.record, fresh.inputs, previous)


def _search_cache(fresh: Freshness | None, output_path: str) -> str | None:
    if fresh is None or not fresh.folder:
        return None
    return search_cache(fresh.folder, output_path)


def search_cache(folder: str, output_path: str) -> str:
    """Where the documents of the search index of `output_path` are kept (portal_search.patch)."""
    from portal_search.patch import cache_path

    return cache_path(folder, output_path)


def logged_warnings() -> list[tuple[str, str]]:
    """The warnings this run has logged so far."""
    fresh = _freshness()
    return list(fresh.warnings.warnings) if fresh is not None else []


def index_for_search(folder: str, settings: dict[str, Any], cache: str | None = None, previous: str | None = None,
                     processes: int | None = None, counted: search.Counted | None = None) -> None:
    """The search index of this build's public pages, inside the tree about to be published
    (patched from the `previous` output's when only a few documents changed), its words read
    by `processes` (default: PORTAL_WRITER_PROCESSES, else one per core). Raises
    portal_search.SearchIndexFailed."""
    from portal_diagnostics.timing import timed

    with timed("search_index"):
        search.index_site(folder, search_documents(), settings, cache, previous, processes, counted)


def search_documents(build: Build | None = None) -> Iterator[search.Document]:
    """What the search index holds of a build (the current one by default), one by one."""
    build = build or current
    if build is None:
        return iter(())
    taxonomies = build.taxonomy.taxonomies if build.taxonomy is not None else []
    legal = build.documents.collection.documents if build.documents is not None else []
    return search.site_documents(build.generators, taxonomies, legal)


def connect() -> None:
    """Connect each phase to its Pelican signal (once per process)."""
    from pelican import signals

    workers.die_with_parent()
    output.install()
    signals.initialized.connect(start)
    signals.readers_init.connect(readers)
    signals.get_generators.connect(begin_build)
    signals.article_generator_context.connect(resolve_article)
    signals.article_generator_pretaxonomy.connect(articles_known)
    signals.article_generator_finalized.connect(articles_read)
    signals.page_generator_finalized.connect(pages_read)
    signals.static_generator_finalized.connect(static_read)
    signals.all_generators_finalized.connect(content_read)
    signals.generator_init.connect(generator_ready)
    signals.article_generator_init.connect(without_stamps)
    signals.page_generator_init.connect(without_stamps)
    signals.get_writer.connect(writer)
    signals.finalized.connect(publish)
