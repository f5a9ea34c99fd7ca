"""The pre-commit hook: a `repo: local` hook that runs `make check` on staged content files.

Runs the real framework in a throw-away git repository (no network: a local, `system` hook
needs nothing installed), with the project's plugins, settings and virtualenv linked in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, article, write_site

PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"
pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or not shutil.which("git"), reason="needs git and pre-commit")


def git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def test_the_hook_refuses_a_commit_with_a_broken_article(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("plugins", ".venv", "theme"):
        (repo / name).symlink_to(ROOT / name)
    for name in ("pelicanconf.py", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, repo / name)
    write_site(repo, {"articles/2023/a.md": article("Bài tốt")})
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.vn",
        "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.vn",
    }
    env.pop("PORTAL_NOW", None)
    assert git(repo, "init", "-q", "-b", "main", env=env).returncode == 0
    (repo / ".gitignore").write_text(".venv\nplugins\ntheme\n", encoding="utf-8")
    validate = subprocess.run([str(PRE_COMMIT), "validate-config"], cwd=repo, env=env, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    install = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr

    git(repo, "add", ".", env=env)
    good = git(repo, "commit", "-q", "-m", "Bài tốt", env=env)
    assert good.returncode == 0, good.stdout + good.stderr

    bad = repo / "content" / "articles" / "2023" / "b.md"
    bad.write_text(article("Bài lỗi", category="tin-tong-hp"), encoding="utf-8")
    git(repo, "add", str(bad), env=env)
    refused = git(repo, "commit", "-q", "-m", "Bài lỗi", env=env)
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert (
        "content/articles/2023/b.md:4: category: không có chuyên mục này (đang ghi 'tin-tong-hp', cần một khóa "
        "trong danh bạ content/data/categories.yaml). Có phải ý bạn là 'tin-tong-hop'?"
    ) in said
    assert "Kiểm tra không đạt: 1 lỗi trong 1 tệp (đã kiểm tra 1 tệp)." in said
    assert "make check (các tệp nội dung sắp commit)" in said
    assert git(repo, "log", "--oneline", env=env).stdout.count("\n") == 1
