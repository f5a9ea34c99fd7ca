"""Golden whole-site test data: build tests/golden_site/content, compare with expected/.

Regenerate the expected output after an intended change to templates or plugins with

    make golden        (= .venv/bin/python -m tests.golden regenerate)

and review the diff (`git diff tests/golden_site/expected`) before committing it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden_site"
CONTENT = GOLDEN / "content"
EXPECTED = GOLDEN / "expected"
# Fixed so feeds (absolute links) and scheduling do not depend on the machine or the day.
# Static theme files (CSS, JS) are copied, not generated; the search index is Pagefind's
# output (binary, tested by tests/test_search.py): neither is golden.
NOT_GOLDEN = ("theme", "pagefind")
SETTINGS = {"PORTAL_DEV_SITEURL": "http://127.0.0.1:8000", "PORTAL_NOW": "2026-01-01T00:00:00+07:00"}


def build_golden(output: Path) -> None:
    sys.path.insert(0, str(HERE.parent))
    from tests.conftest import build

    cwd = os.getcwd()
    os.chdir(GOLDEN)  # problems, if any, name paths as content/…
    try:
        build(CONTENT, output, **SETTINGS)
    finally:
        os.chdir(cwd)


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] not in NOT_GOLDEN
    }


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build_golden(out)
        if EXPECTED.exists():
            shutil.rmtree(EXPECTED)
        shutil.copytree(out, EXPECTED, ignore=lambda folder, names: list(NOT_GOLDEN) if Path(folder) == out else [])
    print(f"golden files written to {EXPECTED.relative_to(HERE.parent)} ({len(tree(EXPECTED))} files)")


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        sys.exit("usage: python -m tests.golden regenerate")
    regenerate()
