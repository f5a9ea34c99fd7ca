"""Deploy a publish build as a new release and switch to it in one step; roll back.

    .venv/bin/python tools/deploy.py deploy public/ /srv/cchc            # a local folder
    .venv/bin/python tools/deploy.py deploy public/ web1:/srv/cchc       # host:path, over ssh and rsync
    .venv/bin/python tools/deploy.py rollback /srv/cchc

(`make deploy TARGET=…` and `make rollback TARGET=…`.) The target holds

    releases/<UTC time>/   one complete site each, newest last
    current -> releases/…  what nginx serves (deploy/nginx: root <target>/current)

A deploy copies the build with `rsync --link-dest` against the release `current` points to:
a file with the same size and modification time (the build keeps both for every unchanged
file) becomes a hard link to the previous release's, so only changed files are sent and
stored. The copy goes to `releases/.<id>.partial` and is renamed when complete; then
`current` is replaced by a new symlink in one rename (a request sees the old site or the
new one, never a mix of releases or none). The newest KEEP releases stay (default 5), and
the one `current` points to always. `rollback` points `current` to the release before it.
Every step on the target is one shell script run with `sh -c` locally or over `ssh`, so the
local target of the tests runs the same commands as a server.
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_KEEP = 5
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")
_RELEASE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class DeployError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """Where releases live: a local folder or `host:path` (reached with ssh and rsync)."""

    path: str
    host: str | None = None

    @classmethod
    def parse(cls, text: str) -> Target:
        found = _REMOTE.match(text)
        if found and not text.startswith(("/", ".", "~")):
            return cls(found["path"] or ".", found["host"])
        return cls(str(Path(text).resolve()))

    def run(self, script: str, *args: str) -> str:
        """Run the shell `script` with `args` ($1…) on the target; its standard output."""
        command = ["sh", "-c", script, "deploy", *args]
        if self.host is not None:
            command = ["ssh", "-o", "BatchMode=yes", self.host, " ".join(shlex.quote(part) for part in command)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise DeployError(done.stderr.strip() or f"{command[0]} exited with {done.returncode}")
        return done.stdout

    def rsync_destination(self, folder: str) -> str:
        full = f"{self.path.rstrip('/')}/{folder}/"
        return f"{self.host}:{full}" if self.host is not None else full


# Prints the release `current` points to (empty when there is none) after making releases/.
_PREPARE = r"""
set -eu
mkdir -p "$1/releases"
if [ -L "$1/current" ]; then basename "$(readlink "$1/current")"; fi
"""
# $1 target, $2 release id: the complete copy takes its name, then current is switched.
_SWITCH = r"""
set -eu
cd "$1"
if [ -e "releases/.$2.partial" ]; then mv "releases/.$2.partial" "releases/$2"; fi
[ -d "releases/$2" ]
ln -sfn "releases/$2" ".current.tmp"
mv -T ".current.tmp" current
"""
# $1 target: the releases, oldest first, one a line.
_LIST = r"""
set -eu
cd "$1/releases" 2>/dev/null || exit 0
for name in *; do [ -d "$name" ] && [ ! -L "$name" ] && echo "$name"; done
exit 0
"""
# $1 target, then the releases to remove.
_REMOVE = r"""
set -eu
cd "$1/releases"
shift
for name in "$@"; do rm -rf -- "./$name"; done
"""


def new_release_id(existing: list[str], now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    name, n = stamp, 1
    while name in existing:
        n += 1
        name = f"{stamp}-{n}"
    return name


def releases(target: Target) -> list[str]:
    return sorted(line for line in target.run(_LIST, target.path).splitlines() if line)


def current(target: Target) -> str | None:
    return target.run(_PREPARE, target.path).strip() or None


def deploy(source: Path, target: Target, keep: int = DEFAULT_KEEP, release: str | None = None) -> str:
    """Copy the build `source` into a new release of `target` and switch `current` to it;
    keep the newest `keep` releases. Returns the new release's id."""
    if not (source / "index.html").is_file():
        raise DeployError(
            f"{source}/ không phải là một bản dựng hoàn chỉnh (không có index.html): chạy make publish trước"
        )
    if shutil.which("rsync") is None:
        raise DeployError("cần rsync trên máy này (và trên máy chủ đích): apt-get install rsync")
    if keep < 1:
        raise DeployError("KEEP phải từ 1 trở lên")
    previous = current(target)
    existing = releases(target)
    name = release or new_release_id(existing)
    if not _RELEASE.match(name) or name in existing:
        raise DeployError(f"tên bản phát hành không hợp lệ hoặc đã có: {name}")
    command = ["rsync", "-a", "--delete"]
    if previous is not None and previous in existing:
        command.append(f"--link-dest=../{previous}/")  # relative to the destination folder
    if target.host is not None:
        command += ["-z", "-e", "ssh -o BatchMode=yes"]
    command += [f"{source}/", target.rsync_destination(f"releases/.{name}.partial")]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise DeployError(f"rsync: {done.stderr.strip()}")
    target.run(_SWITCH, target.path, name)
    prune(target, keep)
    return name


def prune(target: Target, keep: int) -> list[str]:
    """Remove all but the newest `keep` releases, never the current one (nor a partial copy
    of a deploy still running: those start with a dot and are not listed)."""
    live = current(target)
    names = releases(target)
    old = [name for name in names[: max(0, len(names) - keep)] if name != live]
    if old:
        target.run(_REMOVE, target.path, *old)
    return old


def rollback(target: Target) -> str:
    """Point `current` to the release before the one it points to; return that release."""
    live = current(target)
    names = releases(target)
    if live is None or live not in names:
        raise DeployError("không có bản phát hành hiện tại (current) để quay lui")
    index = names.index(live)
    if index == 0:
        raise DeployError(f"{live} là bản phát hành cũ nhất còn giữ: không có bản nào trước nó để quay lui")
    target.run(_SWITCH, target.path, names[index - 1])
    return names[index - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("deploy", help="copy a publish build into a new release and switch to it")
    one.add_argument("source", type=Path)
    one.add_argument("target")
    one.add_argument("--keep", type=int, default=DEFAULT_KEEP)
    one.add_argument("--release", help="the release's name (default: the UTC time)")
    one.add_argument("--reload", default="", help="a command to run after the switch (e.g. reload nginx)")
    back = commands.add_parser("rollback", help="point current to the previous release")
    back.add_argument("target")
    back.add_argument("--reload", default="")
    args = parser.parse_args(argv)
    target = Target.parse(args.target)
    try:
        if args.command == "deploy":
            name = deploy(args.source, target, args.keep, args.release)
            print(f"Đã triển khai bản phát hành {name} lên {args.target} (current → releases/{name}).")
        else:
            name = rollback(target)
            print(f"Đã quay lui: current → releases/{name} trên {args.target}.")
        if args.reload:
            subprocess.run(args.reload, shell=True, check=True)
    except (DeployError, subprocess.CalledProcessError) as exc:
        print(f"Triển khai không thành công: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
