"""Problems found in content and the build's single point of failure.

A problem prints as `path:line: field: message` — the format editors and their tools
(editors' "go to line", CI annotations) understand.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn, TextIO

from vietnamese.text import group_digits

NOTHING_PUBLISHED = "chưa đăng gì (bản dựng trước vẫn giữ nguyên)"
FAILED = "Dựng trang không thành công"

MAX_FIELD = 60
MAX_MESSAGE = 2000


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file. `field` is empty for problems not tied to a field."""

    path: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # The last guard of "never print a huge value": a field name or a message that took
        # in a 5 MB value is cut to what a person reads (schema.describe shows 60 characters
        # of a value; this only catches a message that forgot to).
        if len(self.field) > MAX_FIELD:
            object.__setattr__(self, "field", self.field[: MAX_FIELD - 1] + "…")
        if len(self.message) > MAX_MESSAGE:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE - 1] + "…")
        if "\n" in self.message:  # one problem, one line: tools read path:line per line
            object.__setattr__(self, "message", self.message.replace("\n", "\\n"))

    def __str__(self) -> str:
        what = f"{self.field}: {self.message}" if self.field else self.message
        if not self.path:  # a warning of Pelican's with no file (warnings are errors)
            return what
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {what}"


def _autoreloading() -> bool:
    """True under `pelican --autoreload` (make devserver), which must survive a bad edit."""
    for arg in sys.argv[1:]:
        if arg == "--autoreload" or (arg.startswith("-") and not arg.startswith("--") and "r" in arg):
            return True
    return False


class ContentProblems(Exception):
    """The devserver's variant of BuildFailed: Pelican's autoreload loop logs an Exception
    as one warning line and waits for the next edit, while a SystemExit would stop it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{group_digits(len(problems))} lỗi nội dung; hãy sửa rồi lưu tệp lại")
        self.problems = problems


class BuildFailed(SystemExit):
    """Raised once at the end of reading when problems were found, or when the build
    stops for a fault outside content (`fault`: a full disk, a permission, Ctrl+C).

    A SystemExit, not an Exception: Pelican's command line logs any Exception with its
    traceback, while a content error is the editor's to fix, not a crash. The problems
    are printed before it is raised; `problems` and `fault` keep them for tests.
    """

    def __init__(self, problems: list[Problem], fault: str = "", code: int = 1) -> None:
        super().__init__(code)
        self.problems = problems
        self.fault = fault

    def __str__(self) -> str:
        return self.fault or "\n".join(str(p) for p in self.problems)


class BuildStopped(Exception):
    """A fault outside content that stops the build (output/ locked too long, cannot be
    replaced, …): its message is one sentence with the fix. portal_diagnostics' guard
    prints it like a problem, with the summary, and fails without a traceback."""


class ProblemsFound(Exception):
    """Raised by a library step that found content problems where it cannot return them
    (inside a Pelican generator's output step): the guard adds them to the run's collector
    and the build fails on them and every problem recorded before, once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{group_digits(len(problems))} lỗi")
        self.problems = problems


@dataclass
class ProblemCollector:
    """The problems of one Pelican instance's builds, cleared after each build (guard.py).
    Made by the pipeline when Pelican starts and given to the guard and to the steps that
    record into it; no library keeps one."""

    problems: list[Problem] = field(default_factory=list)
    # Called just before a failing build stops (portal_output drops its temp folder).
    on_failure: list[Callable[[], None]] = field(default_factory=list)
    # Folders a fault message names by what they are: absolute path → shown name
    # (portal_output: its temporary folder → "output/"; portal_images: its cache).
    places: dict[str, str] = field(default_factory=dict)
    # Warnings logged during this build, recorded as problems (PORTAL_WARNINGS_ARE_ERRORS).
    warnings: int = 0
    # Notices: worth the editor's eye, never a reason to fail, not even in `make publish`
    # (an article that passed the check publishes). Printed with the build's last lines.
    notices: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(path, line, field_name, message))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def notice(self, path: str, line: int, field_name: str, message: str) -> None:
        self.notices.append(Problem(path, line, field_name, message))

    def print_notices(self, stream: TextIO | None = None) -> None:
        for notice in sorted(set(self.notices)):
            print(notice, file=stream or sys.stderr)

    def clear(self) -> None:
        self.problems.clear()
        self.notices.clear()
        self.warnings = 0

    def report(self, stream: TextIO | None = None) -> None:
        """Print every problem (sorted by file and line) and a one-line summary."""
        stream = stream or sys.stderr
        problems = sorted(set(self.problems))
        for problem in problems:
            print(problem, file=stream)
        self.print_notices(stream)
        files = len({p.path for p in problems if p.path})
        where = f" trong {group_digits(files)} tệp" if files else ""
        strict = " (bản dựng này coi cảnh báo là lỗi: PORTAL_WARNINGS_ARE_ERRORS)" if self.warnings else ""
        print(f"{FAILED}: {group_digits(len(problems))} lỗi{where}{strict}; {NOTHING_PUBLISHED}.", file=stream)

    def fail_if_any(self) -> None:
        if self.problems:
            self.report()
            problems = sorted(set(self.problems))
            self.clear()
            self._run_failure_hooks()
            if _autoreloading():
                raise ContentProblems(problems)
            raise BuildFailed(problems)

    def fail_with(self, problems: list[Problem]) -> None:
        """A check made after reading (while pages are planned) found `problems`: fail now
        with them and any recorded since reading (warnings, when they are errors), as the
        build fails after reading; nothing when there are none."""
        self.extend(problems)
        self.fail_if_any()

    def stop(self, sentence: str, code: int = 1, published: bool = False) -> NoReturn:
        """Fail the build now for a fault outside content: print `sentence` (what, where,
        the fix) and the summary, drop what the build wrote, raise BuildFailed."""
        print(sentence, file=sys.stderr)
        if not published:  # (published: the sentence says what output/ holds)
            print(f"{FAILED}: {NOTHING_PUBLISHED}.", file=sys.stderr)
        self.clear()
        self._run_failure_hooks()
        raise BuildFailed([], fault=sentence, code=code)

    def _run_failure_hooks(self) -> None:
        for hook in list(self.on_failure):  # a hook may remove itself
            hook()
