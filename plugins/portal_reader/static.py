"""The last gate before Pelican copies files from content/ to output/.

Pelican's StaticGenerator copies every file a page names with `{static}` or `{attach}` (and
everything under STATIC_PATHS, which is empty here) byte for byte, and a copied file is
served from the portal's own address. The reader writes such references only for photos
(whose originals portal_images takes off the list: only resized copies are published) and
for documents of links.ATTACHMENT_EXTENSIONS. This gate makes that a guarantee rather than a
consequence: whatever else reached the list (a reference the reader did not see, a setting
such as STATIC_PATHS, a future bug) is not copied, and the build fails naming it.
"""

from __future__ import annotations

import os
from typing import Any

from portal_diagnostics import Problem

from .links import ATTACHMENT_EXTENSIONS, file_kind
from .origin import origin_of
from .source import display_path

# Pelican's lists of read articles and pages, as its generators put them in the context.
_CONTENT_LISTS = ("articles", "drafts", "pages", "hidden_pages", "draft_pages")


def publish_attachments_only(generator: Any) -> list[Problem]:
    """`static_generator_finalized`: keep only documents in Pelican's list of files to copy;
    a file that would be copied as it is, and is no document, is a problem."""
    kept = []
    problems: list[Problem] = []
    for static in generator.staticfiles:
        rel = static.relative_source_path.replace(os.sep, "/")
        kind = file_kind(rel)
        if kind == "attachment":
            kept.append(static)
            continue
        generator.context.get("static_content", {}).pop(rel, None)
        if kind != "photo":  # originals are dropped without a word: their copies are published
            problems += _problems(generator, rel)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles
    return problems


def _problems(generator: Any, rel: str) -> list[Problem]:
    users = [
        content
        for name in _CONTENT_LISTS
        for content in generator.context.get(name, ())
        if rel in content.get_static_links()
    ]
    allowed = ", ".join(ATTACHMENT_EXTENSIONS)
    message = (
        f"'{rel}' sẽ bị chép nguyên trạng lên trang web, điều chỉ dành cho tài liệu ({allowed}); "
        "hãy liên kết tệp bằng [chữ](đường dẫn) và chèn ảnh bằng ![mô tả](đường dẫn)"
    )
    if not users:
        return [Problem(display_path(os.path.join(generator.path, rel)), 0, "", message)]
    problems = []
    for content in users:
        origin = origin_of(content)
        source = origin.rel_path if origin else content.relative_source_path
        problems.append(Problem(display_path(os.path.join(generator.path, source)), 0, "body", message))
    return problems
