"""Shared helpers: build a small site in-process with the project's settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

CATEGORIES = (ROOT / "content" / "data" / "categories.yaml").read_text(encoding="utf-8")
# The other registries (officials, provinces, topics) of the bundled content; not its URL
# history, which names the bundled site's files.
REGISTRIES = {
    p.name: p.read_text(encoding="utf-8")
    for p in (ROOT / "content" / "data").glob("*.yaml")
    if p.name not in ("categories.yaml", "url-history.yaml")
}


def build(content: Path, output: Path, settings_file: str = "pelicanconf.py", **overrides: Any) -> None:
    """Run one Pelican build in this process, as `make html` would."""
    from pelican import Pelican
    from pelican.settings import read_settings

    overrides.setdefault("PATH", str(content))
    overrides.setdefault("OUTPUT_PATH", str(output))
    overrides.setdefault("PORTAL_READER_PROCESSES", 1)
    # The up-to-date records of test builds live beside their output, not in the project.
    overrides.setdefault("PORTAL_BUILD_CACHE", str(Path(output).parent / ".cache-build"))
    settings = read_settings(str(ROOT / settings_file), override=overrides)
    Pelican(settings).run()


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under `root` (relative path) → the SHA-256 of its bytes: two builds are
    compared with it."""
    import hashlib

    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def write_site(root: Path, files: dict[str, str], categories: str | None = CATEGORIES) -> Path:
    """Write a content folder: {relative path: text}. Adds the real category registry."""
    content = root / "content"
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (content / "data").mkdir(parents=True, exist_ok=True)
    if categories is not None and not (content / "data" / "categories.yaml").exists():
        (content / "data" / "categories.yaml").write_text(categories, encoding="utf-8")
    for name, text in REGISTRIES.items():
        if not (content / "data" / name).exists():
            (content / "data" / name).write_text(text, encoding="utf-8")
    return content


def article(title: str = "Tiêu đề bài viết", **fields: Any) -> str:
    """A valid article; keyword arguments replace or add front matter lines (None drops one)."""
    base: dict[str, Any] = {
        "title": title,
        "date": "2023-06-19 09:00",
        "category": "tin-tong-hop",
        "summary": "Sa-pô của bài viết.",
        "author": "Quốc Dũng",
    }
    body = fields.pop("body", "Nội dung bài viết.\n")
    base.update(fields)
    lines = ["---"] + [f"{k}: {v}" for k, v in base.items() if v is not None] + ["---", body]
    return "\n".join(lines)


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    """site({path: text}) → (content, output) folders, not yet built."""

    def make(files: dict[str, str], categories: str | None = CATEGORIES) -> tuple[Path, Path]:
        content = write_site(tmp_path, files, categories)
        return content, tmp_path / "output"

    return make


@pytest.fixture(autouse=True)
def _in_tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Problems name paths relative to the working directory, as editors see them.
    monkeypatch.chdir(tmp_path)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
