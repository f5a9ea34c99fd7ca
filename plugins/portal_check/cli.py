"""Command line of the editors' tools (the Makefile's `check`, `fix` and `new` targets).

    python plugins/portal_check check [FILE …]     exit 0: no problems, 1: problems
    python plugins/portal_check fix [FILE …]
    python plugins/portal_check new --title "…" --category KEY

`--settings` (default: the repository's pelicanconf.py) and `--content` (default: its PATH)
choose another site, as the tests and bench/check.py do. Exit status 2: wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .project import Project

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal_check", description="Check, fix and create the portal's articles.")
    parser.add_argument("--settings", default=os.path.join(REPO, "pelicanconf.py"), help="Pelican settings file")
    parser.add_argument("--content", help="content folder (default: PATH of the settings)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every article and page, or only FILES")
    check.add_argument("files", nargs="*", help="files to check (default: all)")
    check.add_argument("--processes", type=int, default=0, help="worker processes (default: one per CPU)")
    check.add_argument(
        "--cache-dir",
        default=os.environ.get("PORTAL_CHECK_CACHE") or os.path.join(REPO, ".cache", "portal-check"),
        help="where results are kept between runs (default: $PORTAL_CHECK_CACHE or .cache/portal-check)",
    )
    check.add_argument("--no-cache", action="store_true", help="check every file afresh, keep nothing")
    check.add_argument(
        "--record-urls", action="store_true",
        help="when the check passes, add new addresses to the URL history and stage it (the pre-commit hook)",
    )
    fix = commands.add_parser("fix", help="rewrite Unicode form and tone placement of registered names")
    fix.add_argument("files", nargs="*", help="files to fix (default: all articles and pages)")
    new = commands.add_parser("new", help="create a new article")
    new.add_argument("--title", required=True)
    new.add_argument("--category", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from portal_workers import die_with_parent
    from vietnamese.clock import BadNow, build_now

    die_with_parent()  # the check's worker pool must not outlive a killed `make check`

    from .project import load_project, read_settings

    overrides = {"PATH": os.path.abspath(args.content)} if args.content else {}
    settings = read_settings(args.settings, overrides)
    try:
        build_now(settings)
    except BadNow as exc:
        print(f"PORTAL_NOW: {exc}", file=sys.stderr)
        return 2
    project = load_project(settings)
    if args.command in ("check", "fix") and args.files:
        unusable = _unusable_files([f for arg in args.files for f in arg.split()], project)
        if unusable:
            for message in unusable:
                print(f"make {args.command}: FILES: {message}", file=sys.stderr)
            return 2
    if args.command == "check":
        from .cache import ReportCache, context_key
        from .check import print_report, run_check

        files = [f for arg in args.files for f in arg.split()] if args.files else None
        cache = None
        if not args.no_cache:
            key = context_key(project.root, project.files, project.registry_files, os.path.abspath(args.settings))
            cache = ReportCache(args.cache_dir, key)
        run = run_check(project, files, args.processes, cache)
        status = print_report(run, sys.stdout)
        if status == 0 and args.record_urls:
            _record_urls(run, project)
        return status
    if args.command == "fix":
        return _fix(project, args.files)
    return _new(project, args.title, args.category)


def _record_urls(run: Any, project: Project) -> None:
    """The pre-commit hook's step: new addresses into the URL history, the file staged, so
    that what passes the check and is committed also publishes (and keeps redirecting)."""
    import subprocess

    from .check import record_addresses

    path = record_addresses(run, project)
    if path is None:
        return
    shown = run.history
    try:
        staged = subprocess.run(["git", "add", "--", path], cwd=project.root, capture_output=True, text=True)
    except OSError:
        staged = None
    if staged is not None and staged.returncode == 0:
        print(f"Đã ghi {len(run.unrecorded)} địa chỉ mới vào {shown} và thêm tệp này vào commit.")
    else:
        print(f"Đã ghi {len(run.unrecorded)} địa chỉ mới vào {shown}; hãy 'git add {shown}' rồi commit cùng bài.")


def _unusable_files(files: list[str], project: Project) -> list[str]:
    """A named file that does not exist, or is not inside content/, is a mistake in the
    command (exit 2), never a silent "0 files checked"."""
    from portal_reader.source import display_path

    from .check import content_rel

    shown = display_path(project.root)
    messages = []
    for name in files:
        if content_rel(name, project) is None:
            messages.append(f"'{name}' không nằm trong {shown}/ (cần một tệp trong đó, ví dụ {shown}/articles/2026/bai.md)")
        elif not os.path.isfile(name):
            messages.append(f"'{name}' không tồn tại (cần một tệp có thật, ví dụ {shown}/articles/2026/bai.md)")
    return messages


def _fix(project: Project, files: list[str]) -> int:
    from portal_reader.source import display_path

    from .check import content_rel
    from .fix import fix_file

    if files:
        targets = [rel for rel in (content_rel(f, project) for f in files) if rel in project.sources]
    else:
        targets = project.sources
    changes = []
    for rel in targets:
        path = os.path.join(project.root, rel)
        changes += fix_file(path, project.speller, display_path(path))
    for change in changes:
        print(change)
    touched = len({c.path for c in changes})
    print(f"Đã sửa {len(changes)} chỗ trong {touched} tệp (đã xem {len(targets)} tệp); "
          "chạy 'make check' để kiểm tra phần còn lại.")
    return 0


def _new(project: Project, title: str, category: str) -> int:
    from .new import NewArticleError, new_article

    try:
        rel = new_article(project, title, category)
    except NewArticleError as exc:
        print(f"make new: {exc}", file=sys.stderr)
        return 1
    from portal_reader.source import display_path

    print(f"Đã tạo {display_path(os.path.join(project.root, rel))}: hãy điền sa-pô (summary) và tác giả (author), "
          "rồi chạy 'make check'.")
    return 0
