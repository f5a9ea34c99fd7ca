"""`make deploy` / `make rollback` (tools/deploy.py) on a local target folder: releases,
the atomic `current` symlink, hard links to the previous release for unchanged files,
rollback, pruning beyond KEEP, and the make targets themselves."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.deploy import DeployError, Target, deploy, new_release_id, releases, rollback

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is missing")


def build_tree(root: Path, files: dict[str, str], mtime: int = 1_700_000_000) -> Path:
    """A publish build as the portal leaves it: unchanged files keep their time."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (mtime, mtime))
    return root


FIRST = {"index.html": "trang chủ 1", "2024/01/bai.html": "bài", "theme/css/site.css": "body{}", "anh/a-1.jpg": "ảnh"}


def test_two_deploys_share_unchanged_files_and_current_switches(tmp_path: Path) -> None:
    target = Target.parse(str(tmp_path / "srv"))
    one = build_tree(tmp_path / "one", FIRST)
    first = deploy(one, target, release="r1")
    assert os.readlink(tmp_path / "srv/current") == "releases/r1"
    assert (tmp_path / "srv/current/index.html").read_text(encoding="utf-8") == "trang chủ 1"

    two = build_tree(tmp_path / "two", {**FIRST, "index.html": "trang chủ 2", "2024/02/moi.html": "bài mới"})
    os.utime(two / "index.html", (1_800_000_000, 1_800_000_000))  # rebuilt: a new time
    (two / "anh/a-1.jpg").unlink()  # removed from the site
    second = deploy(two, target, release="r2")
    assert (first, second) == ("r1", "r2") and releases(target) == ["r1", "r2"]
    assert os.readlink(tmp_path / "srv/current") == "releases/r2"
    live = tmp_path / "srv/current"
    assert (live / "index.html").read_text(encoding="utf-8") == "trang chủ 2"
    assert (live / "2024/02/moi.html").exists() and not (live / "anh/a-1.jpg").exists()
    r1, r2 = tmp_path / "srv/releases/r1", tmp_path / "srv/releases/r2"
    for rel in ("2024/01/bai.html", "theme/css/site.css"):  # unchanged: the same inode, stored once
        assert (r1 / rel).stat().st_ino == (r2 / rel).stat().st_ino
    assert (r1 / "index.html").stat().st_ino != (r2 / "index.html").stat().st_ino
    assert (r1 / "index.html").read_text(encoding="utf-8") == "trang chủ 1"  # the first release untouched
    assert not list((tmp_path / "srv/releases").glob(".*")) and not (tmp_path / "srv/.current.tmp").exists()

    assert rollback(target) == "r1"
    assert os.readlink(tmp_path / "srv/current") == "releases/r1"
    assert (live / "index.html").read_text(encoding="utf-8") == "trang chủ 1"
    with pytest.raises(DeployError, match="cũ nhất"):
        rollback(target)


def test_only_the_newest_keep_releases_stay_and_never_the_current_one_goes(tmp_path: Path) -> None:
    target = Target.parse(str(tmp_path / "srv"))
    for n in range(1, 5):
        deploy(build_tree(tmp_path / f"b{n}", {"index.html": f"bản {n}"}), target, keep=2, release=f"r{n}")
    assert releases(target) == ["r3", "r4"]
    assert rollback(target) == "r3"
    deploy(build_tree(tmp_path / "b5", {"index.html": "bản 5"}), target, keep=1, release="r5")
    assert releases(target) == ["r5"]
    with pytest.raises(DeployError, match="cũ nhất"):  # r3 went: it was neither current nor among the newest
        rollback(target)


def test_a_folder_that_is_not_a_build_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    target = Target.parse(str(tmp_path / "srv"))
    deploy(build_tree(tmp_path / "ok", {"index.html": "x"}), target, release="r1")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DeployError, match="make publish"):
        deploy(tmp_path / "empty", target)
    assert releases(target) == ["r1"] and os.readlink(tmp_path / "srv/current") == "releases/r1"


def test_targets_and_release_names() -> None:
    assert Target.parse("web1:/srv/cchc") == Target("/srv/cchc", "web1")
    assert Target.parse("deploy@web1.example.vn:cchc") == Target("cchc", "deploy@web1.example.vn")
    assert Target.parse("/srv/cchc").host is None and Target.parse("./a:b").host is None
    from datetime import UTC, datetime

    now = datetime(2026, 12, 4, 20, 30, 5, tzinfo=UTC)
    assert new_release_id([], now) == "20261204T203005Z"
    assert new_release_id(["20261204T203005Z"], now) == "20261204T203005Z-2"


def test_make_deploy_and_make_rollback(tmp_path: Path) -> None:
    public = build_tree(tmp_path / "public", {"index.html": "một"})
    env = {**os.environ, "MAKEFLAGS": ""}
    srv = tmp_path / "srv"

    def make(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", "-s", "-C", str(ROOT), f"TARGET={srv}", f"PUBLISHDIR={public}", *args],
            capture_output=True,
            text=True,
            env=env,
        )

    done = make("deploy")
    assert done.returncode == 0, done.stderr
    assert "Đã triển khai bản phát hành" in done.stdout
    (public / "index.html").write_text("hai", encoding="utf-8")
    assert make("deploy", "KEEP=3").returncode == 0
    assert (srv / "current/index.html").read_text(encoding="utf-8") == "hai" and len(os.listdir(srv / "releases")) == 2
    back = make("rollback")
    assert back.returncode == 0 and "Đã quay lui" in back.stdout
    assert (srv / "current/index.html").read_text(encoding="utf-8") == "một"
    missing = make("deploy", "TARGET=")
    assert missing.returncode != 0 and "TARGET" in missing.stderr + missing.stdout


FAKE_SSH = """#!/bin/sh
# ssh stand-in: note the host, then run the command on this machine (as sshd would there)
while [ $# -gt 0 ]; do case "$1" in -o|-l|-p) shift 2 ;; -*) shift ;; *) break ;; esac; done
echo "$1" >> "$SSH_LOG"
shift
exec sh -c "$*"
"""


def test_a_remote_target_goes_through_ssh_and_rsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """host:path: every step runs over ssh (a stand-in that runs it here) and rsync copies
    through it, with the same link-dest as a local target."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ssh").write_text(FAKE_SSH, encoding="utf-8")
    (bin_dir / "ssh").chmod(0o755)
    log = tmp_path / "ssh.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SSH_LOG", str(log))
    target = Target.parse(f"web1:{tmp_path / 'srv'}")
    assert target.host == "web1"
    deploy(build_tree(tmp_path / "one", FIRST), target, release="r1")
    deploy(build_tree(tmp_path / "two", {**FIRST, "index.html": "mới"}), target, release="r2")
    srv = tmp_path / "srv"
    assert (
        os.readlink(srv / "current") == "releases/r2"
        and (srv / "current/index.html").read_text(encoding="utf-8") == "mới"
    )
    assert (srv / "releases/r1/theme/css/site.css").stat().st_ino == (
        srv / "releases/r2/theme/css/site.css"
    ).stat().st_ino
    assert (
        set(log.read_text(encoding="utf-8").split()) == {"web1"} and len(log.read_text().split()) >= 6
    )  # steps and rsync
    assert rollback(target) == "r1" and os.readlink(srv / "current") == "releases/r1"
