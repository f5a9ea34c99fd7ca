"""Incremental builds at 10,000 articles: `make bench-incremental`.

In one invocation, on a copy of the benchmark corpus (bench/corpus/, generated and cached as
for `make bench`):

1. stock Pelican 4.12 with its content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE): a first
   build, then the rebuild after one article's body changed (the anchor);
2. ours as `make html` runs it (pelicanconf.py, the read cache, the up-to-date record and the
   saved build in the work folder's .cache/): the clean build (and its peak PSS, summed over
   its processes, sampled every 0.1 s), a build with nothing changed, a build after one body
   edit; then `--html-edits` more builds each after one body edit, and half as many after a
   title edit, a tag added or removed, a new article, a deleted article; the output then against a clean build of
   the edited sources (`diff -r`);
3. the dev server (tools/devserver.py) on the same copy: for each kind of edit, the time from
   the save (the file written) to the `reload` event of its live-reload stream, which is the
   event the open page receives and reloads on (a real browser would add its own reload),
   and to the dev server's line saying every file of output/ is up to date (an edit of what
   the site lists publishes the edited page and the home page first, the other pages
   after the reload; the next edit is saved only then); `--edits` edits of each kind: a
   body, a title, tags added or removed (twice as many), a new article, a deleted article,
   an official's position in the registry. Then the memory of the dev server's processes
   (PSS, summed);
4. byte identity (every build of ours at the same PORTAL_NOW, the start of the run): the dev
   server's output/ after all those edits against a clean build of
   the edited sources with the same settings (`diff -r`).

    .venv/bin/python bench/incremental.py                      # 10,000 articles
    .venv/bin/python bench/incremental.py --n 1000 --edits 3   # a quick run

Results: printed, and written as JSON to bench/results/incremental-latest.json (or --json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench_run  # noqa: E402 - bench/ is not a package

REPO = Path(__file__).resolve().parent.parent
PELICAN = bench_run.pelican_cmd()
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable


def log(message: str) -> None:
    print(f"[incremental] {message}", flush=True)


def timed(cmd: list[str], cwd: Path, peak: list[int] | None = None) -> float:
    """Seconds `cmd` took; with `peak`, its peak PSS (kB, summed over its processes, sampled
    every 0.1 s) is appended to it."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True)
        highest = 0
        if peak is None:
            process.wait()  # not polled: the time is the process's, not rounded up to the next poll
        while process.poll() is None:
            highest = max(highest, pss_kb(tree_pids(process.pid)))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            out.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{out.read()[-6000:]}")
    if peak is not None:
        peak.append(highest)
    return seconds


def wait_for_lock(output: Path) -> float:
    """Seconds until no process holds the lock of the output folder (portal_output.lock)."""
    import fcntl

    started = time.perf_counter()
    with (output.parent / f".{output.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        fcntl.flock(handle, fcntl.LOCK_UN)
    return time.perf_counter() - started


def pss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
        total += int(match.group(1)) if match else 0
    return total


def tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


# --- edits ---------------------------------------------------------------------------


def articles(content: Path) -> list[Path]:
    return sorted((content / "articles").rglob("*.md"))


def edit_body(path: Path, k: int) -> None:
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5
    path.write_text(text[:end] + f"Đoạn thêm lần {k}: người dân được phục vụ tốt hơn.\n\n" + text[end:], encoding="utf-8")


def edit_title(path: Path, k: int) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title: "):
            value = line[len("title: ") :]
            lines[i] = f'title: "{value.strip(chr(34))} – cập nhật {k}"'
            break
    path.write_text("\n".join(lines), encoding="utf-8")


def toggle_tag(path: Path, k: int) -> None:
    text = path.read_text(encoding="utf-8")
    tag = f"  - thử nghiệm {k // 2}\n"
    if k % 2 == 0:
        text = text.replace("tags:\n", "tags:\n" + tag, 1) if "tags:\n" in text else text.replace(
            "\n---\n", "\ntags:\n" + tag + "---\n", 1
        )
    else:
        text = text.replace(tag, "", 1)
    path.write_text(text, encoding="utf-8")


def new_article(content: Path, template: Path, k: int) -> Path:
    target = content / "articles" / "2026" / f"bai-moi-thu-nghiem-{k}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = template.read_text(encoding="utf-8")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title: "):
            lines[i] = f'title: "Bài mới thử nghiệm số {k} về cải cách hành chính"'
        elif line.startswith("date: "):
            lines[i] = f"date: 2026-11-{10 + k:02d}T08:00:00+07:00"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def html_new_article(content: Path, template: Path, k: int) -> None:
    """A new article for the make html runs (its own title and file: the dev server's new
    articles come later)."""
    made = new_article(content, template, k)
    text = made.read_text(encoding="utf-8").replace(f"Bài mới thử nghiệm số {k}", f"Bài mới dựng bằng make html số {k}")
    made.unlink()
    (content / "articles" / "2026" / f"bai-moi-make-html-{k}.md").write_text(text, encoding="utf-8")


def change_position(content: Path, k: int) -> None:
    registry = content / "data" / "officials.yaml"
    text = registry.read_text(encoding="utf-8")
    match = re.search(r"^(    - title: )(.+)$", text, re.M)
    assert match, "no position in officials.yaml"
    value = re.sub(r" \(bench \d+\)$", "", match.group(2))
    text = text[: match.start(2)] + f"{value} (bench {k})" + text[match.end(2) :]
    registry.write_text(text, encoding="utf-8")


# --- the dev server ------------------------------------------------------------------


class DevServer:
    def __init__(self, root: Path, output: Path) -> None:
        self.process = subprocess.Popen(
            [PYTHON, str(REPO / "tools" / "devserver.py"), "--root", str(root), "--content", "content",
             "--output", str(output), "--settings", str(REPO / "pelicanconf.py"), "--watch", "content",
             "--port", "0"],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stamped: queue.Queue[tuple[float, str]] = queue.Queue()  # (when read, line)
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_line("xem trước tại", 900)
        self.port = int(re.search(r":(\d+)/", line).group(1))  # type: ignore[union-attr]
        self.events: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._stream, daemon=True).start()
        name = self.events.get(timeout=30)[1]
        assert name == "hello", name

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip())
            self.lines.put(line.rstrip())
            self.stamped.put((time.perf_counter(), line.rstrip()))

    def wait_line(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise SystemExit("the dev server stopped:\n" + "\n".join(self.output)) from None
                continue
            if text in line:
                return line
        raise SystemExit(f"no line with {text!r}:\n" + "\n".join(self.output[-30:]))

    def _stream(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=None)
        connection.request("GET", "/__livereload")
        response = connection.getresponse()
        name = ""
        while True:
            raw = response.fp.readline()
            if not raw:
                return
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line == "" and name:
                self.events.put((time.perf_counter(), name))
                name = ""

    def save_to_reload(self, edit: Any) -> tuple[float, float]:
        """Seconds from the edit (written) to the next reload event, and to the moment every
        file of output/ is up to date (the dev server says so when the other pages follow
        the reload)."""
        while not self.events.empty():
            self.events.get_nowait()
        while not self.stamped.empty():
            self.stamped.get_nowait()
        started = time.perf_counter()
        edit()
        at, name = self.events.get(timeout=600)
        if name != "reload":
            raise SystemExit(f"the edit failed ({name}):\n" + "\n".join(self.output[-20:]))
        while True:
            when, line = self.stamped.get(timeout=600)
            if line.startswith("devserver: đã cập nhật") and "tiếp sau" not in line or line.startswith("devserver: đã dựng lại"):
                break
            if line.startswith("devserver: mọi tệp đã cập nhật") or line.startswith("devserver: các trang khác"):
                break
        return at - started, max(when, at) - started

    def memory_kb(self) -> int:
        return pss_kb(tree_pids(self.process.pid))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(p95, 3),
            "max_s": round(max(values), 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20, help="edits of each kind in the dev server (default 20)")
    ap.add_argument("--slow-edits", type=int, default=None, help="edits of each kind but the body (default: --edits)")
    ap.add_argument("--html-edits", type=int, default=10,
                    help="make html runs after one body edit each (half as many titles, tags, new and deleted articles; default 10)")
    ap.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "incremental-latest.json")
    args = ap.parse_args(argv)
    if args.slow_edits is None:
        args.slow_edits = args.edits

    corpus, _stamp = bench_run.ensure_corpus(args.n, 1)
    work = Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    # Every build of ours (make html, the dev server, the clean builds they are compared
    # with) at the same "now": the run takes 17 minutes, and an article can leave the news
    # sitemap's two-day window or come due meanwhile, which is not an incremental error.
    os.environ.setdefault("PORTAL_NOW", started.isoformat())
    results: dict[str, Any] = {"n": args.n, "date": started.isoformat(timespec="seconds"),
                               "now": os.environ["PORTAL_NOW"], "machine": {"cpus": os.cpu_count()}}
    try:
        # 1. stock Pelican with its content cache.
        stock = work / "stock"
        shutil.copytree(corpus / "stock", stock)
        cache = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{work / "stock-cache"}"']
        stock_cmd = [*PELICAN, str(stock), "-o", str(work / "stock-out"), "-s", str(REPO / "bench" / "stock_pelicanconf.py"), *cache]
        results["stock_first_s"] = round(timed(stock_cmd, work), 2)
        target = sorted(stock.rglob("*.md"))[len(list(stock.rglob("*.md"))) // 2]
        target.write_text(target.read_text(encoding="utf-8") + "\nMột đoạn thêm vào cuối bài.\n", encoding="utf-8")
        results["stock_cached_one_edit_s"] = round(timed(stock_cmd, work), 2)
        log(f"stock: first {results['stock_first_s']} s, cached rebuild after one edit {results['stock_cached_one_edit_s']} s")

        # 2. make html: clean, nothing changed, one body edit.
        content = work / "content"
        shutil.copytree(corpus / "ours", content)
        html = [*PELICAN, str(content), "-o", str(work / "html-out"), "-s", str(REPO / "pelicanconf.py")]
        peak: list[int] = []
        results["html_clean_s"] = round(timed(html, work, peak), 2)
        results["html_clean_peak_pss_mb"] = round(peak[0] / 1024)
        results["html_no_change_s"] = round(timed(html, work), 2)
        edit_body(articles(content)[len(articles(content)) // 3], 0)
        results["html_one_edit_s"] = round(timed(html, work), 2)
        log(f"make html: clean {results['html_clean_s']} s (peak {results['html_clean_peak_pss_mb']} MB PSS), "
            f"nothing changed {results['html_no_change_s']} s, "
            f"one edit {results['html_one_edit_s']} s")
        # More edits, each followed by make html (the saved build takes each: portal_build.warm),
        # then the output against a clean build of the edited sources.
        listed = articles(content)
        html_edits: dict[str, list[float]] = {}
        plan = [("body", lambda k: edit_body(listed[(k * 37 + 101) % len(listed)], 100 + k), args.html_edits),
                ("title", lambda k: edit_title(listed[(k * 53 + 7) % len(listed)], 100 + k), max(1, args.html_edits // 2)),
                ("tag added or removed", lambda k: toggle_tag(listed[13], 100 + k), max(1, args.html_edits // 2)),
                ("new article", lambda k: html_new_article(content, listed[9], k), max(1, args.html_edits // 2)),
                ("deleted article", lambda k: listed[-1 - k].unlink(), max(1, args.html_edits // 2))]
        # An edit of the listings returns once output/ is published; a detached child then
        # saves the build for the next run, holding the output's lock (portal_build.warm).
        # Each edit waits for it (an editor saving again later than that), and the time
        # until the build is saved is reported too.
        saved: dict[str, list[float]] = {}
        for kind, edit, count in plan:
            html_edits[kind], saved[kind] = [], []
            for k in range(count):
                edit(k)
                seconds = timed(html, work)
                html_edits[kind].append(seconds)
                saved[kind].append(seconds + wait_for_lock(work / "html-out"))
            log(f"make html after one edit, {kind}: {summary(html_edits[kind])}; build saved after {summary(saved[kind])}")
        results["html_edits"] = {kind: summary(times) for kind, times in html_edits.items()}
        results["html_edits_until_saved"] = {kind: summary(times) for kind, times in saved.items()}
        clean_html = [*PELICAN, str(content), "-o", str(work / "html-clean"), "-s", str(REPO / "pelicanconf.py"),
                      "-e", 'PORTAL_READ_CACHE=""', 'PORTAL_BUILD_CACHE=""']
        timed(clean_html, work)
        diff = subprocess.run(["diff", "-r", "-q", str(work / "html-out"), str(work / "html-clean")], capture_output=True, text=True)
        results["html_identical_to_clean_build"] = diff.returncode == 0
        results["html_diff"] = diff.stdout.splitlines()[:20]
        shutil.rmtree(work / "html-clean", ignore_errors=True)
        log(f"make html output after {sum(len(t) for t in html_edits.values()) + 1} edits vs a clean build: "
            f"{'identical' if diff.returncode == 0 else 'DIFFERENT'}")

        # 3. the dev server.
        output = work / "dev-out"
        started = time.perf_counter()
        server = DevServer(work, output)
        results["devserver_first_build_s"] = round(time.perf_counter() - started, 2)
        log(f"dev server: first build and serving in {results['devserver_first_build_s']} s")
        sources = articles(content)
        kinds: dict[str, list[float]] = {}

        complete: dict[str, list[float]] = {}

        def measure(kind: str, count: int, edit_for: Any) -> None:
            pairs = [server.save_to_reload(edit_for(k)) for k in range(count)]
            kinds[kind] = [reload for reload, _all in pairs]
            complete[kind] = [every for _reload, every in pairs]
            log(f"dev server, {kind}: reload {summary(kinds[kind])}, every file {summary(complete[kind])}")

        step = max(1, len(sources) // (args.edits + 1))
        measure("body", args.edits, lambda k: (lambda: edit_body(sources[(k + 1) * step], k + 1)))
        measure("title", args.slow_edits, lambda k: (lambda: edit_title(sources[k * 7 + 3], k)))
        measure("tag added or removed", args.slow_edits * 2 - args.slow_edits % 2,
                lambda k: (lambda: toggle_tag(sources[11], k)))
        created: list[Path] = []
        measure("new article", args.slow_edits,
                lambda k: (lambda: created.append(new_article(content, sources[5], k))))
        measure("deleted article", args.slow_edits, lambda k: (lambda: sources[-1 - k].unlink()))
        measure("registry entry (official's position)", args.slow_edits, lambda k: (lambda: change_position(content, k)))
        results["devserver_pss_mb"] = round(server.memory_kb() / 1024)
        # The search index follows the edits in the background (portal_search.Refresher): wait
        # for the one made after the last edit, then compare (its time is reported too).
        last_edit = time.time()
        index = output / "tim-kiem" / "chi-muc"
        entry = index / "muc-luc.json"
        while not (entry.exists() and entry.stat().st_mtime > last_edit
                   and not index.with_name("chi-muc.new").exists() and not index.with_name("chi-muc.old").exists()):
            if time.time() - last_edit > 600:
                raise SystemExit("the dev server did not refresh the search index within 10 minutes")
            time.sleep(0.2)
        results["devserver_search_index_follows_s"] = round(time.time() - last_edit, 1)
        log(f"dev server: search index up to date {results['devserver_search_index_follows_s']} s after the last edit")
        server.stop()
        results["devserver"] = {kind: summary(times) for kind, times in kinds.items()}
        results["devserver_every_file"] = {kind: summary(times) for kind, times in complete.items()}

        # 4. byte identity with a clean build of the edited sources (the dev server's settings).
        site_url = f"http://127.0.0.1:{server.port}"
        clean = [*PELICAN, str(content), "-o", str(work / "clean-out"), "-s", str(REPO / "pelicanconf.py"),
                 "--log-handler", "plain", "-e", "PORTAL_LIVERELOAD=true", f"PORTAL_DEV_SITEURL={json.dumps(site_url)}",
                 'PORTAL_READ_CACHE=""', 'PORTAL_BUILD_CACHE=""']
        timed(clean, work)
        diff = subprocess.run(["diff", "-r", "-q", str(output), str(work / "clean-out")], capture_output=True, text=True)
        results["identical_to_clean_build"] = diff.returncode == 0
        results["diff"] = diff.stdout.splitlines()[:20]
        log(f"dev server output after all edits vs a clean build: {'identical' if diff.returncode == 0 else 'DIFFERENT'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if results.get("identical_to_clean_build") and results.get("html_identical_to_clean_build") else 1


if __name__ == "__main__":
    sys.exit(main())
