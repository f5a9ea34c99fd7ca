"""The code passes ruff (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess

from .conftest import ROOT


def test_ruff_reports_nothing() -> None:
    result = subprocess.run(
        [str(ROOT / ".venv/bin/ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_plugin_imports_another_plugins_private_names() -> None:
    # Plugins are libraries with a public surface: one reaching into another's `_state` or
    # `_helper` ties their internals together (issue 12).
    import ast

    plugins = ROOT / "plugins"
    packages = {p.name for p in plugins.iterdir() if (p / "__init__.py").exists()}
    found = []
    for path in sorted(plugins.rglob("*.py")):
        own = path.relative_to(plugins).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                package = node.module.split(".")[0]
                if package in packages and package != own:
                    private = [a.name for a in node.names if a.name.startswith("_")]
                    private += [m for m in node.module.split(".")[1:] if m.startswith("_")]
                    found += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}.{name}" for name in private]
    assert found == []
