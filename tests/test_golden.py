"""The small fixture site in tests/golden_site builds to exactly the golden files.

After an intended change: `make golden`, review `git diff tests/golden_site/expected`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .golden import EXPECTED, build_golden, tree


def test_golden_site_matches_expected_output(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build_golden(out)
    got, want = tree(out), tree(EXPECTED)
    assert sorted(got) == sorted(want), "files differ; run `make golden` if intended"
    for name in want:
        if got[name] != want[name]:
            diff = difflib.unified_diff(
                want[name].decode("utf-8", "replace").splitlines(),
                got[name].decode("utf-8", "replace").splitlines(),
                f"expected/{name}", f"built/{name}", lineterm="", n=2,
            )
            raise AssertionError(f"{name} differs (run `make golden` if intended):\n" + "\n".join(list(diff)[:60]))
