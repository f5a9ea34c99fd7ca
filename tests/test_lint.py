"""The code passes ruff (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess

from .conftest import ROOT


def test_ruff_reports_nothing() -> None:
    result = subprocess.run(
        [str(ROOT / ".venv/bin/ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
