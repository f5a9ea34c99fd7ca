"""Read one Markdown source: NFC text → front matter → validated fields → HTML.

A pure function of the file and the list of content files, so it can run in a worker
process; it returns plain data (no Pelican objects) that pickles cheaply.
"""

from __future__ import annotations

import html
import os
import posixpath
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from portal_diagnostics import Problem
from vietnamese.text import slugify

from .controls import find as find_controls
from .controls import message as control_message
from .frontmatter import FrontMatterError, parse
from .links import LinkEnv, check_reference
from .render import check_body, render
from .schema import ARTICLE_FIELDS, PAGE_FIELDS, validate


class FileQueries:
    """The file list a source is read against, noting what the reading asks of it: each path
    looked up, with the answer. A result the read cache kept holds for another file list
    that gives the same answers. Anything else asked of the list (going through it, for a
    "did you mean" suggestion) makes the result depend on the whole list."""

    __slots__ = ("asked", "files", "whole")

    def __init__(self, files: frozenset[str]) -> None:
        self.files = files
        self.asked: dict[str, bool] = {}
        self.whole = False

    def __contains__(self, path: object) -> bool:
        answer = path in self.files
        if isinstance(path, str):
            self.asked[path] = answer
        return answer

    def __iter__(self) -> Any:
        self.whole = True
        return iter(self.files)

    def __len__(self) -> int:
        self.whole = True
        return len(self.files)

    def __sub__(self, other: Any) -> frozenset[str]:
        self.whole = True
        return self.files - other

    def answers(self) -> tuple[tuple[str, bool], ...] | None:
        return None if self.whole else tuple(sorted(self.asked.items()))


@dataclass
class SourceResult:
    """Everything read from one file. `ok` is False when the file must not be published."""

    rel_path: str  # relative to content/, with '/'
    html: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the NFC text of the file, when it could be read (make check only)
    was_nfc: bool = True  # the file's text was already NFC
    body_line: int = 0  # line of the file where the body starts (0: no front matter)
    images: list[tuple[int, str]] = field(default_factory=list)  # body images: (line, content path)
    # Every image the file shows that exists, the lead image too: (line, field, content path),
    # for make check's readability test.
    image_refs: list[tuple[int, str, str]] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, linked .md file); make check only
    # What reading asked of the file list: (path, was it there), or None if it went through
    # the whole list (see FileQueries). The read cache checks these answers again.
    file_queries: tuple[tuple[str, bool], ...] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    # Pickled with its HTML as UTF-8 bytes. Pickling a str makes CPython keep a UTF-8 copy
    # inside it for as long as it lives: saving the read cache (cache.py) put 55 MB of such
    # copies into the bodies the build keeps (10,000 articles), to the end of its memory peak.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["html"] = self.html.encode("utf-8", "surrogatepass")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if isinstance(state.get("html"), bytes):
            state["html"] = state["html"].decode("utf-8", "surrogatepass")
        self.__dict__.update(state)


def display_path(abs_path: str) -> str:
    """The path as an editor would type it: relative to the working directory if inside it."""
    rel = os.path.relpath(abs_path)
    return abs_path if rel.startswith("..") else rel


def read_source(
    abs_path: str,
    rel_path: str,
    files: frozenset[str],
    is_page: bool,
    *,
    data: bytes | None = None,
    render_html: bool = True,
    shown: str | None = None,
) -> SourceResult:
    """Read and validate one source. `data` is the file's bytes if the caller has read them
    already, `shown` the path as problems name it; with `render_html=False` (make check) the
    body is checked, not rendered."""
    result = SourceResult(rel_path=rel_path)
    files = FileQueries(files)  # type: ignore[assignment]

    def problem(line: int, field_name: str, message: str) -> None:
        # The path as shown is worked out for a file with a problem only (relpath is slow).
        result.problems.append(Problem(shown or display_path(abs_path), line, field_name, message))

    raw = data or b""
    try:
        if data is None:
            with open(abs_path, "rb") as handle:
                raw = handle.read()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, "", "tệp không phải văn bản UTF-8: hãy lưu lại tệp dạng UTF-8 (Unicode) trong trình soạn thảo")
        return result
    except OSError as exc:
        problem(0, "", f"không đọc được tệp ({exc.strerror})")
        return result
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        result.was_nfc = False
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not render_html:
        result.text = text  # for make check's text hygiene; not kept by the build

    try:
        front = parse(text)
    except FrontMatterError as exc:
        for line, message in exc.problems:
            problem(line, "", message)
        return result
    result.fields = {}
    result.lines = front.lines
    result.body_line = front.body_line

    fields, issues = validate(front.data, PAGE_FIELDS if is_page else ARTICLE_FIELDS)
    result.fields = fields
    for issue in issues:
        top = issue.field.split(".")[0]
        line = front.lines.get(issue.field) or front.lines.get(top) or 1
        problem(line, issue.field, issue.message)

    # The lead image's file. Also when the image has other problems (no alt text, a caption
    # too long): one run names every problem of the article.
    image = fields.get("image")
    raw_image = front.data.get("image")
    src = image["src"] if image else raw_image.get("src") if isinstance(raw_image, dict) else None
    if isinstance(src, str) and src.strip() and not any(p.field == "image.src" for p in result.problems):
        link_env = LinkEnv(source_rel=rel_path, files=files)
        target, message = check_reference(src, link_env, "image", static=True)
        if message:
            problem(front.lines.get("image.src", front.lines.get("image", 1)), "image.src", message)
        elif image and target and target.startswith("{static}/"):
            image["src"] = target[len("{static}/") :]
            result.image_refs.append((front.lines.get("image.src", 1), "image.src", image["src"].split("#")[0]))
        elif image:  # (an image with other problems is not published: nothing more to say of it)
            problem(
                front.lines.get("image.src", 1),
                "image.src",
                f"ảnh đại diện phải là một tệp trong content/ (đang ghi '{image['src']}', cần đường dẫn tới tệp ảnh, "
                "ví dụ ../../images/2023/anh.jpg)",
            )

    # Control characters in the body are refused like those in front matter (see controls.py):
    # a Word line break (U+000B) would be invisible on the page and break every feed.
    for line, column, char, count in find_controls(front.body, front.body_line):
        problem(line, "body", control_message(char, column, count))
    if render_html:
        body_html, body_issues = render(front.body, rel_path, files, front.body_line, result.images)
    else:
        body_html = ""
        body_issues, body_images, result.links = check_body(front.body, rel_path, files, front.body_line)
        result.images += body_images
    result.image_refs += [(line, "body", path) for line, path in result.images]
    for line, field_name, message in body_issues:
        problem(line, field_name, message)

    if "title" in fields and "slug" not in fields:
        fields["slug"] = default_slug(fields["title"], rel_path)
    if "summary" in fields:
        fields["summary_text"] = fields["summary"]
    result.fields = fields
    result.html = body_html
    result.file_queries = files.answers()  # type: ignore[attr-defined]
    return result


def default_slug(title: str, rel_path: str) -> str:
    """The slug of a source without `slug:`: from the title, else the file name."""
    return slugify(title) or posixpath.splitext(posixpath.basename(rel_path))[0]


def escape_text(text: str) -> str:
    """Plain text as HTML (Pelican treats `summary` as HTML)."""
    return html.escape(text, quote=False)
