"""The code passes ruff (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
from pathlib import Path

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


# Module state the libraries may keep: none of it belongs to one build. Each build's state
# is on the pipeline's Build and Session (portal_build/pipeline.py), the two anchors the
# Pelican hooks reach (signals carry no state of ours).
PROCESS_STATE = {
    ("portal_build/pipeline.py", "current"): "the anchor: the build in progress, or the last one",
    ("portal_build/pipeline.py", "session"): "the anchor: the Pelican instance's problem collector and up-to-date check",
    ("portal_build/plan.py", "_stamps"): "a counter of unique stamps for contents, for the process",
    ("portal_diagnostics/guard.py", "_held"): "signals held during a swap: the signal handler is the process's",
    ("portal_diagnostics/timing.py", "_totals"): "PORTAL_TIMINGS' per-process totals, written by each worker",
    ("portal_output/__init__.py", "_installed"): "the fork and exit hooks, installed once per process",
    ("portal_output/__init__.py", "_open"): "temporary folders not yet published: for the process's exit and fork hooks",
    ("portal_output/swap.py", "_libc_renameat2"): "the C library's renameat2, looked up once",
    ("portal_output/swap.py", "_numbers"): "unique names of temporary folders in the process",
    ("portal_workers/lifetime.py", "_from_main_thread"): "how the process forks its children",
    ("portal_workers/lifetime.py", "_installed"): "the fork hook, installed once per process",
    ("portal_workers/lifetime.py", "_parent"): "the process its children die with",
    ("portal_workers/pool.py", "_shared"): "the running fork_map's shared value, inherited by its workers",
}


def module_state(path: Path) -> set[str]:
    """Names `path` keeps mutable state in at module level: a module variable bound to a
    container, a call or None, or a name a function declares `global`."""
    import ast

    immutable = {"frozenset", "re.compile", "logging.getLogger", "TypeVar", "tuple", "object", "Path"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        for target in targets:
            if not isinstance(target, ast.Name) or target.id.isupper() or target.id.startswith("__") or value is None:
                continue
            mutable = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp))
            mutable |= isinstance(value, ast.Call) and ast.unparse(value.func) not in immutable
            mutable |= isinstance(value, ast.Constant) and value.value is None
            if mutable:
                names.add(target.id)
    names.update(name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names)
    return names


def test_plugins_keep_no_build_state_in_module_globals() -> None:
    # Issue 12: plugins are libraries; what one build found, wrote or holds lives on its
    # Build (or the Session of its Pelican), not in a module (once: the problem collector,
    # the output's temporary folder, the dev server's unfinished edit).
    plugins = ROOT / "plugins"
    found = {
        (str(path.relative_to(plugins)), name): path
        for path in sorted(plugins.rglob("*.py"))
        for name in module_state(path)
    }
    unexpected = sorted(f"plugins/{where}: {name}" for where, name in found if (where, name) not in PROCESS_STATE)
    assert unexpected == [], "module state in a library: put it on the Build (portal_build/pipeline.py)"
    assert sorted(set(PROCESS_STATE) - set(found)) == []  # the list names only what exists
