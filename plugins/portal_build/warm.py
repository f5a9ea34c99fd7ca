"""`make html` after an edit of a few sources: the saved build brought up to date in place.

The dev server keeps the last build in memory and applies each save to it (live.py). A
build that finishes keeps the same thing on disk instead (model.py), and the next `make
html` that finds only Markdown sources changed loads it and applies the edits exactly as
the dev server does: only the pages and feeds that show what changed are rendered, files
are replaced one by one where their bytes changed, and the search index is patched
(portal_search). An edit of the text alone saves the texts edited since the build was
saved beside it (model.save_delta); an edit that the site lists (a title, a date, tags and
names, a new or deleted article, a legal document) plans the site again as the dev server
does and saves the build whole: the `pelican` command returns once output/ is published,
and a detached child (portal_workers.detach) saves the build, holding the output's lock
until it is saved, so that the next run waits for it. A clean build of the same sources
writes the same bytes (tests/test_warm.py).

The saved build is used only when all of these hold (else the build runs as before, in
full with the reuse of unchanged pages, reuse.py):

- the up-to-date record of the last build into this output folder can be read, that build
  logged no warning, its result still holds at this run's "now" (scheduled articles, the
  news sitemap's window), and output/ is exactly as it left it;
- everything the build reads but the Markdown sources of articles, pages and legal
  documents (registries, images, attached files, theme, plugins, settings, environment,
  installed versions) has the recorded digest;
- the model the record names can be read (same token, same `model.VERSION`);
- the build does not precompress (`make publish`: its tree is swapped in whole) and
  `PORTAL_BUILD_MODEL` is on;
- live.py can apply the edit (anything it cannot, such as a page's front matter, a new
  page, a photo in an edited text, legal documents edited with other files, or content
  problems, falls back to the full build, which reports every problem of the run).
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import model, uptodate


@dataclass(frozen=True)
class Warm:
    """What this run would apply to the saved build."""

    changed: list[str]  # absolute paths of the Markdown sources edited, added or removed
    record: dict[str, Any]
    model_path: str


def wanted(settings: dict[str, Any]) -> bool:
    """Builds that save their model for the next one (see the module docstring)."""
    return bool(settings.get("PORTAL_BUILD_MODEL", True)) and not settings.get("PORTAL_PRECOMPRESS")


def plan(settings: dict[str, Any], folder: str | None, output: str, inputs: uptodate.Inputs,
         record: dict[str, Any] | None, now: datetime) -> Warm | None:
    """The edit this run can apply to the saved build, or None (build as usual)."""
    if not folder or record is None or not wanted(settings):
        return None
    if record.get("warnings") or not record.get("model") or not inputs.environment:
        return None
    if record.get("environment") != inputs.environment or inputs.sources is None:
        return None
    old = record.get("sources")
    if not isinstance(old, dict):
        return None
    new = inputs.sources
    changed = sorted({rel for rel in old.keys() | new.keys() if old.get(rel) != new.get(rel)})
    if not changed:
        return None
    legal = uptodate.documents_folders(settings)
    if not all(rel.startswith(uptodate.content_folders(settings) + legal) for rel in changed):
        return None  # not a Markdown source of the build (the environment covers the rest)
    path = model.path_of(uptodate.record_path(folder, output))
    if not os.path.isfile(path) or not uptodate.holds(record, output, now):
        return None
    root = os.path.abspath(settings["PATH"])
    return Warm([os.path.join(root, rel) for rel in changed], record, path)


class _NotApplied(Exception):
    """The saved build could not take this edit (the message says why)."""


def run(pelican: Any, warm: Warm, inputs: uptodate.Inputs, folder: str, build_in_full: Any) -> Any:
    """Apply `warm` to the saved build and to output/; or, if that cannot be done, say why
    and call `build_in_full` (the build as usual)."""
    try:
        _apply(pelican, warm, inputs, folder)
    except _NotApplied as exc:
        print(f"Dựng lại toàn bộ: {exc}.", flush=True)
    else:
        _exit_if_command()
        return None
    from . import pipeline

    pipeline.current = None  # what was loaded is not the build about to run
    return build_in_full()


def _apply(pelican: Any, warm: Warm, inputs: uptodate.Inputs, folder: str) -> None:
    import portal_output as output
    import portal_workers as workers
    from portal_diagnostics.timing import add, flush, timed

    from . import live, pipeline

    started = time.perf_counter()
    settings = pelican.settings
    root = os.path.abspath(pelican.output_path)
    base, delta = str(warm.record["model"]), warm.record.get("model_delta")  # the saved build, the texts edited since
    delta_path = model.delta_path(warm.model_path)
    lock = output.hold_lock(pelican)
    detached = False
    umask = os.umask(0o022)  # published files are world-readable, as a full build's
    try:
        # The loaded build is millions of objects that live until the end: the garbage
        # collector is off while they are made, then they are kept out of its reach (it
        # would go through them all at each full collection, 0.15 s at 10,000 articles),
        # and given back to it at the end.
        gc.disable()
        try:
            with timed("warm:load_model"):
                build, generators = model.load(warm.model_path, base)
                texts = model.load_delta(delta_path, base, str(delta)) if delta else {}
        except model.ModelUnusable as exc:
            raise _NotApplied(f"bản dựng đã lưu không dùng được ({exc})") from None
        finally:
            gc.freeze()
            gc.enable()
        pipeline.current = build
        build.jinja = {}
        model.set_up_generators(generators)
        # An edit of the listings: the search index is refreshed by a forked child while
        # this process signs, renders and publishes the pages (two cores, 0.4 s at 10,000
        # articles); the child sees the build as planned, which is what the index shows.
        searching: list[workers.Pending] = []

        def planned() -> None:
            searching.append(workers.start(_refresh_search, build, root, folder, settings, None))

        try:
            live.apply_texts(build, texts)
            with timed("warm:apply"):
                try:
                    applied = live.apply(warm.changed, planned=planned)
                except BaseException:
                    for task in searching:  # it must not write into output/ while a full build starts
                        task.result()
                    raise
            for phase, seconds in applied.phases.items():
                add(f"warm:apply:{phase}", seconds)
            flush()
        except live.FullBuildNeeded as exc:
            raise _NotApplied(str(exc)) from None
        except live.ContentFailure:
            raise _NotApplied("nội dung vừa sửa có lỗi") from None
        except Exception as exc:  # noqa: BLE001 - the full build shows what is wrong, with its context
            raise _NotApplied(f"cập nhật nhanh gặp lỗi ({type(exc).__name__})") from None
        # output/ has changed from here on (live.apply forgot the record first): a failure
        # below leaves it to the full build to write it all again.
        try:
            with timed("warm:search_index_wait"):
                searched = bool(searching) and searching[0].result() is True
            detached = _finish(build, applied, warm, inputs, folder, root, settings, base, texts, delta_path, lock,
                               searched)
        except Exception as exc:  # noqa: BLE001 - the full build writes every file again
            raise _NotApplied(f"cập nhật nhanh gặp lỗi ({type(exc).__name__}: {exc})") from None
    finally:
        gc.unfreeze()
        os.umask(umask)
        if detached:
            lock.forget_in_child()  # unlocked by no one here: the child saving the build holds it until it is saved
        else:
            lock.release()
    seconds = f"{time.perf_counter() - started:.2f}".replace(".", ",")
    print(f"Đã cập nhật bản dựng trước với {len(warm.changed)} tệp nguồn thay đổi: "
          f"{len(applied.files)} tệp được ghi lại, trong {seconds} giây.", flush=True)


def _finish(build: Any, applied: Any, warm: Warm, inputs: uptodate.Inputs, folder: str, root: str,
            settings: dict[str, Any], base: str, texts: dict[str, Any], delta_path: str, lock: Any,
            searched: bool) -> bool:
    """After an edit applied to output/: the search index, then the record and either the
    edited texts beside the saved build (an edit of the text alone) or, when the site was
    planned again (Applied.relisted), the build saved whole in its place. True if that save
    was left to a detached child (the `pelican` command: it returns once output/ is
    published), which then holds the output's lock until the build is saved."""
    import portal_search as search
    import portal_workers as workers
    from portal_diagnostics.timing import timed

    from . import live, pipeline

    taxonomies = build.taxonomy.taxonomies if build.taxonomy is not None else []
    if not searched:  # (else the child started by `planned` did it)
        # An edit of the text: its documents replace theirs in the cached index; else the
        # build's documents, patched in where they did not change (index.refresh).
        replaced = None if applied.relisted else search.content_documents(applied.edited, taxonomies)
        with timed("warm:search_index"):
            _refresh_search(build, root, folder, settings, replaced)
    changed = {os.path.abspath(p) for p in warm.changed}
    notices = [n for n in warm.record.get("notices", []) if os.path.abspath(str(n[0])) not in changed]
    notices += [[n.path, n.line, n.field, n.message] for n in applied.notice_records]
    ran = set(applied.ran)
    jobs = {key: digest for key, digest in (warm.record.get("jobs") or {}).items() if key not in ran}
    valid_until = pipeline.holds_until(build)
    if pipeline.logged_warnings():  # the full build shows them (and fails on them if asked to)
        raise RuntimeError("cảnh báo khi cập nhật")
    detached = False
    with timed("warm:save"):
        if applied.relisted:  # the lists changed: the build is saved whole (with the texts edited before)
            token = model.new_token()
            if os.path.exists(delta_path):
                os.unlink(delta_path)
            # The record first: it names the build by its token, and a record whose build is
            # missing or older (this process or the child killed before the save ends) is a
            # full build next time (model.ModelUnusable), never a wrong one. A next run reads
            # the build only once it holds the output's lock: after the save.
            uptodate.save(folder, root, inputs, valid_until, [], notices, jobs, token)

            def save() -> None:
                lock.claim()
                model.save(build, warm.model_path, token)

            detached = _is_command() and workers.detach(save)
            if not detached:
                save()
        else:  # the saved build stays as it is; the texts edited since go beside it
            texts.update(live.texts_of(applied.edited))
            delta = model.new_token()
            model.save_delta(delta_path, base, delta, texts)
            uptodate.save(folder, root, inputs, valid_until, [], notices, jobs, base, delta)
    problems = pipeline.collector()
    for path, line, name, text in notices:
        problems.notice(path, line, name, text)
    problems.print_notices()
    return detached


def _refresh_search(build: Any, root: str, folder: str, settings: dict[str, Any], replaced: list[Any] | None) -> bool:
    """The search index of output/ (`root`) brought up to date with `build` (the current one)."""
    import portal_search as search

    from . import pipeline

    assert pipeline.current is build
    search.refresh(root, pipeline.search_documents, cache=pipeline.search_cache(folder, root), settings=settings,
                   replaced=replaced)
    return True


def _is_command() -> bool:
    """True in the `pelican` command itself, not in a build run inside another program (the
    tests, the dev server's worker)."""
    import sys

    main = sys.modules.get("__main__")
    return os.path.basename(str(getattr(main, "__file__", "") or "")) == "pelican"


def _exit_if_command() -> None:
    """The `pelican` command ends here once the edit is applied: freeing the loaded build's
    objects one by one on the way out takes longer than applying the edit (0.8 s at 10,000
    articles), and nothing is left to do. Only the command itself: a build run inside
    another program (the tests, the dev server's worker) returns as usual."""
    import logging
    import sys

    if not _is_command():
        return
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
