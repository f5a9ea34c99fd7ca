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

from .frontmatter import FrontMatterError, parse
from .links import LinkEnv, check_reference
from .render import render
from .schema import ARTICLE_FIELDS, PAGE_FIELDS, validate


@dataclass
class SourceResult:
    """Everything read from one file. `ok` is False when the file must not be published."""

    rel_path: str  # relative to content/, with '/'
    html: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    images: list[tuple[int, str]] = field(default_factory=list)  # body images: (line, content path)

    @property
    def ok(self) -> bool:
        return not self.problems


def display_path(abs_path: str) -> str:
    """The path as an editor would type it: relative to the working directory if inside it."""
    rel = os.path.relpath(abs_path)
    return abs_path if rel.startswith("..") else rel


def read_source(abs_path: str, rel_path: str, files: frozenset[str], is_page: bool) -> SourceResult:
    result = SourceResult(rel_path=rel_path)

    def problem(line: int, field_name: str, message: str) -> None:
        result.problems.append(Problem(display_path(abs_path), line, field_name, message))

    try:
        with open(abs_path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, "", "the file is not UTF-8 text: save it as UTF-8 (Unicode) in your editor")
        return result
    except OSError as exc:
        problem(0, "", f"cannot be read: {exc.strerror}")
        return result
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    try:
        front = parse(text)
    except FrontMatterError as exc:
        problem(exc.line, "", exc.message)
        return result
    result.fields = {}
    result.lines = front.lines

    fields, issues = validate(front.data, PAGE_FIELDS if is_page else ARTICLE_FIELDS)
    result.fields = fields
    for issue in issues:
        top = issue.field.split(".")[0]
        line = front.lines.get(issue.field) or front.lines.get(top) or 1
        problem(line, issue.field, issue.message)

    image = fields.get("image")
    if image:
        link_env = LinkEnv(source_rel=rel_path, files=files)
        target, message = check_reference(image["src"], link_env, "image", static=True)
        if message:
            problem(front.lines.get("image.src", front.lines.get("image", 1)), "image.src", message)
        elif target and target.startswith("{static}/"):
            image["src"] = target[len("{static}/") :]
        else:
            problem(
                front.lines.get("image.src", 1),
                "image.src",
                f"lead image must be a file in content/ (got '{image['src']}', expected e.g. ../../images/2023/anh.jpg)",
            )

    body_html, body_issues = render(front.body, rel_path, files, front.body_line, result.images)
    for line, field_name, message in body_issues:
        problem(line, field_name, message)

    if "title" in fields and "slug" not in fields:
        fields["slug"] = slugify(fields["title"]) or posixpath.splitext(posixpath.basename(rel_path))[0]
    if "summary" in fields:
        fields["summary_text"] = fields["summary"]
    result.fields = fields
    result.html = body_html
    return result


def escape_text(text: str) -> str:
    """Plain text as HTML (Pelican treats `summary` as HTML)."""
    return html.escape(text, quote=False)
