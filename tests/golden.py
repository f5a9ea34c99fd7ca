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
# Static theme files (CSS, JS) are copied, not generated; the binary files of the search
# index (tested by tests/test_search.py) cannot be read in a diff: none of them is golden.
# The index's manifest and document files (JSON) are.
NOT_GOLDEN = ("theme", "tim-kiem/chi-muc/tu", "tim-kiem/chi-muc/loc")
SETTINGS = {"PORTAL_DEV_SITEURL": "http://127.0.0.1:8000", "PORTAL_NOW": "2026-01-01T00:00:00+07:00"}


def _excluded(relative: Path) -> bool:
    return any(relative == Path(name) or Path(name) in relative.parents for name in NOT_GOLDEN)


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
        if p.is_file() and not _excluded(p.relative_to(root))
    }


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build_golden(out)
        if EXPECTED.exists():
            shutil.rmtree(EXPECTED)
        shutil.copytree(out, EXPECTED, ignore=lambda folder, names: [n for n in names if _excluded((Path(folder) / n).relative_to(out))])
    print(f"golden files written to {EXPECTED.relative_to(HERE.parent)} ({len(tree(EXPECTED))} files)")


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        sys.exit("usage: python -m tests.golden regenerate")
    regenerate()
