"""`make new TITLE="…" CATEGORY=…`: a new article with complete front matter and hints.

The file goes to content/articles/<year>/<slug>.md (the year of `date`, the slug from the
title, as the build makes it), dated now in +07:00 (vietnamese.clock, so PORTAL_NOW makes it
reproducible) and starts as `status: draft`: a half-written article is previewed under
ban-nhap/ but never published. An existing file is never overwritten.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any

from vietnamese.text import slugify

from .project import Project

TEMPLATE = """\
---
# Bài mới. Điền các trường còn trống, chạy `make check`, xem trước bằng `make devserver`.
# Hướng dẫn: docs/huong-dan-bien-tap.md
title: {title}  # tiêu đề bài
date: {date}  # ngày giờ đăng, giờ Việt Nam; ngày sau hôm nay = bài hẹn giờ
category: {category}  # khóa chuyên mục trong content/data/categories.yaml
summary: ""  # sa-pô: đoạn tóm tắt mở đầu, văn bản thường
author: ""  # tên tác giả, ví dụ Quốc Dũng
officials: []  # cán bộ được nhắc đến, tên như trong content/data/officials.yaml
provinces: []  # tỉnh, thành phố, tên như trong content/data/provinces.yaml
topics: []  # chủ đề, tên như trong content/data/topics.yaml
tags: []  # từ khóa tự do, ví dụ [một cửa, dịch vụ công]
# source: {{name: baogialai.com.vn, url: "https://baogialai.com.vn/"}}  # nguồn, nếu đăng lại
# image: {{src: ../../images/{year}/ten-anh.jpg, alt: "mô tả ảnh", caption: "chú thích", credit: tên tác giả ảnh}}
status: draft  # bản nháp; đổi thành published khi bài đã sẵn sàng đăng
---
<!-- Viết nội dung bài ở đây (Markdown). Ảnh: ![mô tả ảnh](../../images/{year}/ten-anh.jpg) -->
"""


class NewArticleError(Exception):
    """The article cannot be created: an empty title, an unknown category, a file that exists."""


def category_choices(project: Project) -> str:
    """What to type for CATEGORY: every key of the registry with its name, as a tree."""
    lines = ["Chưa chọn chuyên mục (CATEGORY). Chọn một khóa trong danh sách dưới đây:"]

    def walk(nodes: list[Any], depth: int) -> None:
        for node in nodes:
            lines.append(f"  {'  ' * depth}{node.key:<{24 - 2 * depth}} {node.name}")
            walk(node.children, depth + 1)

    walk(project.categories.roots, 0)
    leaves = [c.key for c in project.categories.all() if not c.children]
    first = leaves[0] if leaves else "tin-tong-hop"
    lines.append(f'Ví dụ: make new TITLE="Tiêu đề bài viết" CATEGORY={first}')
    return "\n".join(lines)


def new_article(project: Project, title: str, category: str, now: datetime | None = None) -> str:
    """Create the article; return its path relative to content/."""
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise NewArticleError('chưa có tiêu đề (TITLE): make new TITLE="Tiêu đề bài viết" CATEGORY=tin-tong-hop')
    if not category.strip():
        raise NewArticleError(category_choices(project))
    if category not in project.categories.by_key:
        raise NewArticleError(f"CATEGORY: {project.categories.lookup_problem(category)}")
    now = now or project.now()
    rel = f"{project.settings['ARTICLE_PATHS'][0].rstrip('/')}/{now:%Y}/{slug}.md"
    path = os.path.join(project.root, rel)
    text = TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False),
        date=f"{now:%Y-%m-%d %H:%M} +07:00",
        category=category,
        year=f"{now:%Y}",
    )
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise NewArticleError(
            f"{os.path.relpath(path)} đã tồn tại: hãy mở tệp này, hoặc chọn tiêu đề khác"
        ) from None
    return rel
