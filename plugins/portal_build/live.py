"""An edit applied to the build in memory: the dev server's fast path.

A process that has just built the site (the dev server's build worker) still holds that
build: Pelican's generators with every article, and the page jobs it ran (portal_output).
When the only change is the body of articles or pages (front matter byte-for-byte the same meaning:
every field, term, date, image equal), nothing but those articles' text changed, and only the
outputs that show their text can differ: each article's own page and the feeds that carry
its full text (site-wide and category feeds, when it is among their newest items). `apply`
reads the changed sources again through the same reader and hooks as the build, swaps the
new text into the article objects, re-runs exactly those jobs into a scratch folder and moves
the files whose bytes changed into output/ (one rename each; untouched files keep their
mtime). The result is byte for byte what a full build of the same sources writes
(tests/test_live.py checks it against clean builds).

An edit of the officials' registry that changes only their data (positions, biography) is
applied to the terms in memory (portal_taxonomy.apply_registry_edit) and re-renders the
officials' pages that show it (their own pages and the index).

Anything else raises `FullBuildNeeded` with the reason, and the caller builds in full: a new,
deleted or moved file, a changed front matter field (title, terms, date, summary, …), body
images (their markup comes from the image pipeline), a file that is not an article, no build
in memory. Problems found while reading raise `ContentFailure` with their lines; output/ is
left as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import portal_output as output
import portal_site as site
import portal_taxonomy as taxonomy

from . import pipeline, uptodate

# Feed caches portal_site keeps on an article (its full text and entries, per site URL).
_FEED_CACHES = ("_portal_feed_content", "_portal_feed_items")


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
    from pelican.contents import Article, Page
    from pelican.generators import ArticlesGenerator, PagesGenerator

    found = []
    for generator in build.generators:
        if isinstance(generator, ArticlesGenerator):
            kind = _Kind(generator, Article, signals.article_generator_preread, signals.article_generator_context)
            names = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
        elif isinstance(generator, PagesGenerator):
            kind = _Kind(generator, Page, signals.page_generator_preread, signals.page_generator_context)
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


def _jobs_showing(articles: list[Any]) -> list[tuple[Any, tuple[Any, ...], dict[str, Any]]]:
    """The jobs of the last build whose output shows the text of one of `articles`."""
    from pelican.writers import Writer

    ids = {id(a) for a in articles}
    chosen = []
    for job in output.last_jobs():
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
    from portal_diagnostics import collector

    assert build.taxonomy is not None
    try:
        terms, problems = taxonomy.apply_registry_edit(build.taxonomy, settings, build.sources.files)
    except taxonomy.NotApplicable as exc:
        raise FullBuildNeeded(str(exc)) from None
    finally:
        collector.clear()
    if problems:
        raise ContentFailure(sorted(set(problems)))
    from pelican.writers import Writer

    ids = {id(t) for t in terms}
    index = taxonomy.officials_index(build.taxonomy)
    return [
        job
        for job in output.last_jobs()
        if isinstance(job[0], Writer)
        and (id(job[2].get("term")) in ids or (terms and job[2].get("taxonomy") is index and "term" not in job[2]))
    ]


def _render_and_publish(jobs: list[tuple[Any, tuple[Any, ...], dict[str, Any]]], settings: dict[str, Any]) -> list[str]:
    root = os.path.abspath(settings["OUTPUT_PATH"])
    site.clear_fragments()
    scratch = tempfile.mkdtemp(dir=os.path.dirname(root), prefix=f".{os.path.basename(root)}-live-")
    try:
        _run_into(jobs, scratch)
        uptodate.forget(uptodate.folder(settings), root)  # output/ changes outside a build
        return _publish_changed(scratch, root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def apply(changed: Iterable[str]) -> Applied:
    """Apply edits of the files `changed` (paths) to the build in memory and to output/."""
    from portal_diagnostics import collector

    started = time.perf_counter()
    changed = list(changed)
    build = pipeline.current
    if build is None or not build.generators or not output.last_jobs():
        raise FullBuildNeeded("no successful build in memory")
    by_source = {
        os.path.abspath(content.source_path): (kind, content)
        for kind, contents in _kinds(build)
        for content in contents
    }
    if not by_source:
        raise FullBuildNeeded("no content in memory")
    settings = next(iter(by_source.values()))[0].generator.settings
    content_root = os.path.abspath(settings["PATH"])
    registries = _registries(build, settings)
    # A file that is not there and was not in the build came and went during the save (an
    # editor's or a tool's temporary file, renamed over the source): it changes nothing.
    edited = {
        path
        for path in (os.path.abspath(p) for p in changed)
        if os.path.lexists(path) or path in by_source or path in registries
    }
    if changed and not edited:
        return Applied(0, 0, [], time.perf_counter() - started)
    if edited & registries:
        if not edited <= registries:
            raise FullBuildNeeded("registries and other files changed together")
        jobs = _apply_registry_edit(build, settings)
        files = _render_and_publish(jobs, settings)
        return Applied(0, len(jobs), files, time.perf_counter() - started)
    paths = sorted(edited)
    if not paths:
        raise FullBuildNeeded("nothing changed")
    replaced: list[tuple[Any, Any]] = []
    collector.clear()
    try:
        for path in paths:
            found = by_source.get(path)
            if found is None:
                raise FullBuildNeeded(f"{os.path.relpath(path, content_root)} is not an article or page of the last build")
            if not os.path.isfile(path):
                raise FullBuildNeeded(f"{os.path.relpath(path, content_root)} was removed")
            kind, old = found
            generator = kind.generator
            new = generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(path, generator.path),
                content_class=kind.content_class,
                context=generator.context,
                preread_signal=kind.preread,
                preread_sender=generator,
                context_signal=kind.context,
                context_sender=generator,
            )
            if collector.problems:
                raise ContentFailure(sorted(set(collector.problems)))
            difference = _same_front_matter(new.metadata, old.metadata)
            if difference is not None:
                raise FullBuildNeeded(f"{os.path.relpath(path, content_root)}: front matter changed ({difference})")
            origin = new.metadata.get("origin")
            if getattr(origin, "body_images", None):
                raise FullBuildNeeded(f"{os.path.relpath(path, content_root)}: the body has images")
            if kind.content_class.__name__ == "Article" and "summary" not in new.metadata:
                raise FullBuildNeeded(f"{os.path.relpath(path, content_root)}: the summary comes from the body")
            replaced.append((old, new))
    finally:
        collector.clear()
    for old, new in replaced:
        old._content = new._content
        _forget_rendered_text(old)
    jobs = _jobs_showing([old for old, _new in replaced])
    files = _render_and_publish(jobs, settings)
    return Applied(len(replaced), len(jobs), files, time.perf_counter() - started)
