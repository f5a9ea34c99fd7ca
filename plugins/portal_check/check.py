"""`make check`: every rule of the build and the editors' extra checks, without rendering.

One file is checked by `check_source`, a function of the file and the project (loaded once,
inherited by forked worker processes). `run_check` checks every source, or only the named
files (`make check FILES=…`, the pre-commit hook) — those are still compared with every
other source for duplicate addresses, from the front matter alone.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any, TextIO

from portal_diagnostics import Problem
from portal_reader.frontmatter import FrontMatterError, parse
from portal_reader.origin import Origin
from portal_reader.schema import ARTICLE_FIELDS, PAGE_FIELDS, validate
from portal_reader.source import default_slug, read_source
from portal_site.publishing import hidden_link_message
from portal_site.redirects import dump_history, load_history
from portal_site.translations import pair_translations
from portal_site.urls import Claim, claim, reserved_addresses, reserved_clashes, save_as_of, url_clashes, url_of
from portal_taxonomy.load import merged_units, resolve_fields
from portal_taxonomy.resolve import spelling_clashes
from portal_workers import fork_map, shared
from vietnamese.clock import is_scheduled
from vietnamese.text import group_digits

from .cache import ReportCache, digest
from .hygiene import hygiene_problems
from .images import DEFAULT_MAX_PIXELS, image_problem
from .project import Project

ADDRESS_FIELDS = ("title", "slug", "date", "status", "aliases")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 200


@dataclass
class FileReport:
    """What checking one file found; depends on nothing that changes without the file, the
    file list or the registries changing (so it can be cached)."""

    rel: str
    problems: list[Problem] = field(default_factory=list)
    claim: Claim | None = None
    images: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, path in content/)
    dated: tuple[datetime, str] | None = None  # (date, title) of an article that would be published
    digest: bytes | None = None  # of the file's bytes, the key of its cache entry
    draft: bool = False  # status: draft (and otherwise fine)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, linked .md file in content/)
    free_names: list[tuple[str, int, str]] = field(default_factory=list)  # (taxonomy, line, name): tags
    address: str = ""  # the site address it has once public ("/2026/12/bai.html"); "" for a draft
    notices: list[Problem] = field(default_factory=list)  # never fail the check (a merged province)
    page: tuple[str, str, str, int] | None = None  # a page's (slug, lang, translation_of, its line)


@dataclass
class CheckRun:
    checked: int  # files checked
    problems: list[Problem]
    scheduled: list[tuple[datetime, str, str]]  # (date, path, title)
    now: datetime
    # Addresses of checked sources that the URL history does not hold yet: (source relative
    # to content/, address); `record_addresses` adds them.
    unrecorded: list[tuple[str, str, str]] = field(default_factory=list)  # (+ the source as messages name it)
    history: str = ""  # the URL history file, as messages name it
    notices: list[Problem] = field(default_factory=list)  # shown, never a failure


def _decode(data: bytes | None) -> str | None:
    try:
        return None if data is None else data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return None


def check_source(rel: str, project: Project) -> FileReport:
    """Every problem of one article or page, its address and whether it is scheduled."""
    abs_path = os.path.join(project.root, rel)
    shown = project.shown(rel)
    is_page = project.is_page(rel)
    report = FileReport(rel)
    try:
        with open(abs_path, "rb") as handle:
            data: bytes | None = handle.read()
    except OSError:
        data = None  # read_source reports it
    report.digest = digest(data) if data is not None else None
    result = read_source(abs_path, rel, project.files, is_page, data=data, render_html=False, shown=shown)
    fields, lines = result.fields, result.lines
    found: list[tuple[int, str, str]] = []
    builds = result.ok

    if result.text:
        raw = result.text if result.was_nfc else _decode(data)
        if raw is not None:
            found += hygiene_problems(raw, result.text, lines, result.body_line, project.speller)

    if not is_page:
        key = fields.get("category")
        if isinstance(key, str) and key not in project.categories.by_key:
            found.append((lines.get("category", 1), "category", project.categories.lookup_problem(key)))
            builds = False
        _terms, unknown = resolve_fields(fields, lines, project.taxonomies, free=False)
        found += unknown
        builds = builds and not unknown
        if not unknown:
            report.notices = [Problem(shown, *notice) for notice in merged_units(fields, lines, project.taxonomies)]

    report.images = result.image_refs
    report.problems = result.problems + [Problem(shown, line, name, message) for line, name, message in found]
    if builds and "slug" in fields:
        report.claim = _claim(shown, lines, fields, project, is_page)
        if fields.get("status") != "draft":
            address = url_of({**fields, "status": "published"}, project.settings, is_page)
            report.address = "/" + address if address else ""
    report.links = result.links
    if builds:
        report.free_names = _free_names(fields, lines, project)
    if builds and is_page and "slug" in fields:
        report.page = (fields["slug"], fields.get("lang", "vi"), fields.get("translation_of", ""),
                       lines.get("translation_of", 1))
    _visibility(report, fields, builds, is_page)
    return report


def _free_names(fields: dict[str, Any], lines: dict[str, int], project: Project) -> list[tuple[str, int, str]]:
    """The free-form names (tags) of a source, for resolve.spelling_clashes."""
    found = []
    for taxonomy in project.taxonomies:
        if taxonomy.spec.kind == "free":
            for position, name in enumerate(fields.get(taxonomy.name) or []):
                found.append((taxonomy.name, lines.get(f"{taxonomy.name}[{position}]", lines.get(taxonomy.name, 1)), name))
    return found


def spelling_problems(reports: Iterable[FileReport], project: Project) -> list[Problem]:
    """Tags that would share a page without being the same word, across every source."""
    problems: list[Problem] = []
    for taxonomy in project.taxonomies:
        if taxonomy.spec.kind == "free":
            uses = [(r.rel, line, name) for r in reports for field_name, line, name in r.free_names if field_name == taxonomy.name]
            problems += spelling_clashes(taxonomy.spec, uses, project.shown)
    return problems


def _claim(shown: str, lines: dict[str, int], fields: dict[str, Any], project: Project, is_page: bool) -> Claim:
    """The files a source claims now, and (a draft) the one it will have once published."""
    save_as = save_as_of(fields, project.settings, is_page)
    published = save_as_of({**fields, "status": "published"}, project.settings, is_page)
    return claim(shown, lines, save_as, fields.get("aliases", []), published)


def _visibility(report: FileReport, fields: dict[str, Any], builds: bool, is_page: bool) -> None:
    """Set what decides whether the public site has the file: draft, or dated (scheduled?)."""
    report.draft = builds and fields.get("status") == "draft"
    date = fields.get("date")
    if not is_page and builds and date and not report.draft:
        report.dated = (date, str(fields.get("title", "")))


def hidden_links(reports: list[FileReport], lookup: Callable[[str], FileReport | None], project: Project, now: datetime) -> list[Problem]:
    """Links from what the public site has to a draft or a scheduled article: the public
    build (make publish) refuses them, with the same message."""
    problems: list[Problem] = []
    for report in reports:
        if report.claim is None or report.draft or (report.dated and is_scheduled(report.dated[0], now)):
            continue  # not on the public site (now) itself
        for line, target_rel in report.links:
            target = lookup(target_rel)
            if target is None or target.claim is None:
                continue
            if target.draft:
                scheduled_for = None
            elif target.dated and is_scheduled(target.dated[0], now):
                scheduled_for = target.dated[0]
            else:
                continue
            problems.append(Problem(project.shown(report.rel), line, "body", hidden_link_message(target_rel, scheduled_for)))
    return problems


def translation_problems(reports: Iterable[FileReport], project: Project) -> list[Problem]:
    """Pages naming a `translation_of:` that is not a page in another language without
    another translation: the build's message (portal_site/translations.py), as make
    publish would give it (a public page may not translate a draft)."""
    pages, drafts = [], []
    for report in reports:
        if report.page:
            slug, lang, original, line = report.page
            page = SimpleNamespace(source_path=report.rel, slug=slug, lang=lang, translation_of=original,
                                   translation=None, origin=Origin(report.rel, {"translation_of": line}))
            (drafts if report.draft else pages).append(page)
    return pair_translations(pages, drafts, project.shown, public_only=True)


def _max_pixels(project: Project) -> int:
    limit = project.settings.get("PORTAL_IMAGE_MAX_PIXELS")
    return limit if isinstance(limit, int) and limit > 0 else DEFAULT_MAX_PIXELS


def image_problems(report: FileReport, project: Project, seen: dict[str, str | None]) -> list[Problem]:
    """Images of a file that cannot be read (checked on every run, each image once: `seen`)."""
    shown = project.shown(report.rel)
    problems = []
    for line, field_name, image in report.images:
        if image not in seen:
            seen[image] = image_problem(os.path.join(project.root, image), _max_pixels(project))
        message = seen[image]
        if message:
            problems.append(Problem(shown, line, field_name, f"ảnh '{image}': {message}"))
    return problems


def front_report(rel: str, project: Project) -> FileReport | None:
    """What a source's front matter alone says of its address and visibility (None if it
    has problems): for the files `make check FILES=…` does not check."""
    abs_path = os.path.join(project.root, rel)
    try:
        with open(abs_path, "rb") as handle:
            text = _decode(handle.read())
    except OSError:
        return None
    if text is None:
        return None
    try:
        front = parse(unicodedata.normalize("NFC", text))
    except FrontMatterError:
        return None
    is_page = project.is_page(rel)
    schema = PAGE_FIELDS if is_page else ARTICLE_FIELDS
    # Only the fields that decide the addresses and the visibility.
    data = {key: front.data[key] for key in ADDRESS_FIELDS if key in front.data}
    fields, issues = validate(data, {key: schema[key] for key in ADDRESS_FIELDS if key in schema})
    if issues or "title" not in fields:
        return None
    fields.setdefault("slug", default_slug(fields["title"], rel))
    report = FileReport(rel)
    report.claim = _claim(project.shown(rel), front.lines, fields, project, is_page)
    # Its tags too, for the named files' to be compared with (a bad tag leaves out the
    # tags, not the address).
    if "tags" in front.data and "tags" in schema:
        tags, issues = validate({"tags": front.data["tags"]}, {"tags": schema["tags"]})
        report.free_names = [] if issues else _free_names(tags, front.lines, project)
    _visibility(report, fields, True, is_page)
    return report


def _check_job(rel: str) -> FileReport:
    return check_source(rel, shared())


def _front_job(rel: str) -> FileReport | None:
    return front_report(rel, shared())


def _map(function: Any, items: list[str], processes: int, project: Project) -> list[Any]:
    """`function` over `items`, reading `project` (inherited by forked workers, not sent with
    every job)."""
    if len(items) < PARALLEL_THRESHOLD:
        processes = 1
    chunk = max(16, len(items) // (processes * 32))  # small chunks: workers finish together
    return list(fork_map(function, items, processes, chunksize=chunk, shared=project))


def content_rel(path: str, project: Project) -> str | None:
    """A path given on the command line, relative to content/ (None if outside it)."""
    rel = os.path.relpath(os.path.abspath(path), project.root).replace(os.sep, "/")
    return None if rel == ".." or rel.startswith("../") else rel


def run_check(
    project: Project, only: Iterable[str] | None = None, processes: int = 0, cache: ReportCache | None = None
) -> CheckRun:
    """Check every source, or only `only` (paths as given on the command line). Naming a
    registry checks everything, since every article may name its entries."""
    processes = processes or os.cpu_count() or 1
    targets = list(project.sources)
    images: list[str] = []
    full = only is None
    if only is not None:
        named = {rel for rel in (content_rel(p, project) for p in only) if rel}
        full = bool(named & set(project.registry_files))
        if not full:
            targets = [rel for rel in project.sources if rel in named]
            images = sorted(rel for rel in named if rel.lower().endswith(IMAGE_SUFFIXES) and rel in project.files)
    reports, reusable = _reports(project, targets, processes, cache)
    problems = [p for r in reports for p in r.problems]
    seen: dict[str, str | None] = {}
    problems += [p for r in reports for p in image_problems(r, project, seen)]
    claims = [r.claim for r in reports if r.claim]
    problems += reserved_clashes(claims, reserved_addresses(project.settings))
    now = project.now()
    if full:
        problems += project.problems
        problems += url_clashes(claims)
        by_rel = {r.rel: r for r in reports}
        problems += hidden_links(reports, by_rel.get, project, now)
        problems += spelling_problems(reports, project)
        problems += translation_problems(reports, project)
    else:
        others = _others(project, targets, reusable, processes)
        problems += _clashes_with_others(project, targets, claims, others)
        known = {**others, **{r.rel: r for r in reports}}
        problems += hidden_links(reports, known.get, project, now)
        shown = {project.shown(rel) for rel in targets}
        problems += [p for p in spelling_problems(known.values(), project) if p.path in shown]
        for rel in images:
            message = image_problem(os.path.join(project.root, rel), _max_pixels(project))
            if message:
                problems.append(Problem(project.shown(rel), 0, "", f"ảnh '{rel}': {message}"))
    scheduled = sorted(
        (r.dated[0], project.shown(r.rel), r.dated[1]) for r in reports if r.dated and is_scheduled(r.dated[0], now)
    )
    return CheckRun(
        len(targets) + len(images), sorted(set(problems)), scheduled, now, _unrecorded(reports, project),
        project.shown(os.path.relpath(_history_path(project), project.root)),
        sorted({n for r in reports for n in r.notices}),
    )


def _history_path(project: Project) -> str:
    return os.path.join(project.root, project.settings.get("PORTAL_URL_HISTORY_FILE", "data/url-history.yaml"))


def _unrecorded(reports: list[FileReport], project: Project) -> list[tuple[str, str, str]]:
    """(source, address) of the checked sources whose address the URL history lacks (a
    site that keeps one: the file exists)."""
    if not os.path.isfile(_history_path(project)):
        return []
    history, problems = load_history(_history_path(project))
    if problems:
        return []  # the history itself is reported by the build; nothing to add to it now
    return sorted(
        (r.rel, r.address, project.shown(r.rel)) for r in reports if r.address and r.address not in history.addresses(r.rel)
    )


def record_addresses(run: CheckRun, project: Project) -> str | None:
    """Add `run.unrecorded` to the URL history file (as `make urls` writes it); its path,
    or None if there was nothing to add."""
    if not run.unrecorded:
        return None
    path = _history_path(project)
    history, _problems = load_history(path)
    entries = {source: history.addresses(source) for source in history.entries}
    for source, address, _shown in run.unrecorded:
        entries.setdefault(source, [])
        if address not in entries[source]:
            entries[source].append(address)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(dump_history(entries))
    return path


def _reports(
    project: Project, targets: list[str], processes: int, cache: ReportCache | None
) -> tuple[list[FileReport], dict[str, FileReport]]:
    """The reports of `targets` (from the cache when a file is unchanged, else checked in
    the pool) and every still-valid cached report by path; saves the cache if it changed."""
    cached = cache.load() if cache else {}
    # Without cached results there is nothing to compare with: the workers hash what they read.
    digests = {rel: _digest(rel, project) for rel in (project.sources if cached else [])}
    reusable = {rel: entry[1] for rel, entry in cached.items() if rel in digests and entry[0] == digests[rel]}
    missing = [rel for rel in targets if rel not in reusable]
    fresh = {report.rel: report for report in _map(_check_job, missing, processes, project)}
    reports = [fresh.get(rel) or reusable[rel] for rel in targets]
    if cache and (fresh or len(reusable) != len(cached)):
        entries = {rel: (digests[rel], report) for rel, report in reusable.items()}
        entries.update({r.rel: (r.digest, r) for r in fresh.values() if r.digest})
        cache.save(entries)
    return reports, reusable


def _others(
    project: Project, targets: list[str], reusable: dict[str, FileReport], processes: int
) -> dict[str, FileReport]:
    """The sources not named, by path: their cached reports, else what their front matter says."""
    chosen = set(targets)
    others = {rel: reusable[rel] for rel in project.sources if rel not in chosen and rel in reusable}
    unknown = [rel for rel in project.sources if rel not in chosen and rel not in others]
    others.update({r.rel: r for r in _map(_front_job, unknown, processes, project) if r})
    return others


def _clashes_with_others(
    project: Project, targets: list[str], claims: list[Claim], others: dict[str, FileReport]
) -> list[Problem]:
    """Duplicate addresses between the named files and every other source, reported if they
    concern a named file."""
    claims = claims + [r.claim for r in others.values() if r.claim]
    shown = {project.shown(rel) for rel in targets}
    return [
        p for p in url_clashes(claims)
        if p.path in shown or any(f" với {path}:" in p.message for path in shown)
    ]


def _digest(rel: str, project: Project) -> bytes | None:
    try:
        with open(os.path.join(project.root, rel), "rb") as handle:
            return digest(handle.read())
    except OSError:
        return None


def print_report(run: CheckRun, stream: TextIO) -> int:
    """Print the problems, the scheduled articles and a summary; return the exit status."""
    for problem in run.problems:
        print(problem, file=stream)
    for notice in run.notices:
        print(notice, file=stream)
    if run.scheduled:
        print(f"Bài hẹn giờ đăng (ngày đăng sau thời điểm hiện tại, {run.now:%Y-%m-%d %H:%M %z}): "
              f"{group_digits(len(run.scheduled))}", file=stream)
        for date, path, title in run.scheduled:
            print(f"  {date:%Y-%m-%d %H:%M}  {path}  {title}", file=stream)
    if run.unrecorded and not run.problems:
        print(f"Địa chỉ mới, chưa có trong {run.history} (commit sẽ tự ghi vào; hoặc chạy make urls): "
              f"{group_digits(len(run.unrecorded))}", file=stream)
        for _source, address, shown in run.unrecorded:
            print(f"  {address}  {shown}", file=stream)
    files = len({p.path for p in run.problems})
    checked = f"đã kiểm tra {group_digits(run.checked)} tệp"
    if run.notices:
        checked = f"{group_digits(len(run.notices))} lưu ý, {checked}"
    if run.problems:
        print(f"Kiểm tra không đạt: {group_digits(len(run.problems))} lỗi trong {group_digits(files)} tệp ({checked}).",
              file=stream)
        return 1
    print(f"Kiểm tra đạt: không có lỗi ({checked}).", file=stream)
    return 0
