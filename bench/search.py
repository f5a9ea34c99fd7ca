"""What site search costs at N synthetic articles (issue 14): the index's build time and its
share of the full build, its size on disk, and the bytes a browser downloads for the search
page, a first query and a second one (target: ≤ 300 KB for the first query).

    .venv/bin/python bench/search.py --n 10000          # = make bench-search
    .venv/bin/python bench/search.py --n 1000
    .venv/bin/python bench/search.py --content content --json /tmp/search-bundled.json

Uses the cached corpus of bench/run.py (bench/corpus/n<N>). One clean `pelican` build with
the development settings and PORTAL_TIMINGS (the `search_index` phase writes the index,
inside the build), then the built site served on a loopback port by a server that counts the
bytes of every response (as sent, uncompressed, and as gzip -6 would send them), and the
search page opened in headless Chromium (tests/browser.py): the page, then "dich vu cong"
typed and sent, then "cai cach hanh chinh", then the filters shown. Writes
bench/results/search-latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import run as bench_run  # noqa: E402

from tests.browser import Browser  # noqa: E402

DONE = "(s => s && s !== 'Đang tìm…' && s)(document.getElementById('search-status').textContent)"
QUERIES = ("dich vu cong", "cai cach hanh chinh")


def kind(path: str) -> str:
    for name in ("muc-luc", "/tu/", "/bai/", "/loc/"):
        if name in path:
            return name.strip("/")
    return "page"


def measure_downloads(site: Path) -> dict[str, Any]:
    sent: list[tuple[str, int]] = []

    class Counting(SimpleHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def copyfile(self, source: Any, target: Any) -> None:
            data = source.read()
            target.write(data)
            sent.append((self.path, len(data), len(gzip.compress(data, 6))))

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Counting, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    browser = Browser()
    steps: dict[str, Any] = {}
    try:
        browser.goto(f"{base}/tim-kiem/")
        time.sleep(0.5)
        steps["search page"], sent[:] = list(sent), []
        for number, query in enumerate(QUERIES):
            browser.evaluate("(i => { i.value = ''; i.focus(); })(document.getElementById('search-input'))")
            browser.evaluate("document.getElementById('search-status').textContent = ''")
            browser.type(query)
            browser.press_enter()
            status = browser.wait_for(DONE, 300)
            time.sleep(0.5)
            steps[f"{'first' if number == 0 else 'second'} query ({query}): {status}"], sent[:] = list(sent), []
        browser.evaluate("document.querySelector('.search-more').open = true")
        browser.wait_for("document.getElementById('loc-nam').options.length > 1 || ''", 300)
        time.sleep(0.5)
        steps["filters shown"], sent[:] = list(sent), []
    finally:
        browser.close()
        server.shutdown()
    out: dict[str, Any] = {}
    for step, requests in steps.items():
        by_kind: dict[str, list[int]] = {}
        for path, size, gzipped in requests:
            counts = by_kind.setdefault(kind(path), [0, 0, 0])
            counts[0] += 1
            counts[1] += size
            counts[2] += gzipped
        out[step] = {"requests": len(requests), "bytes": sum(r[1] for r in requests),
                     "gzip_bytes": sum(r[2] for r in requests), "by_kind [requests, bytes, gzip bytes]": by_kind}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--content", type=Path, help="index this content folder instead (e.g. content: the bundled site)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "search-latest.json")
    args = parser.parse_args(argv)
    if args.content is not None:
        source, args.n = args.content.resolve(), 0
    else:
        corpus, _stamp = bench_run.ensure_corpus(args.n, 1)
        source = corpus / "ours"
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    output = work / "output"
    timings = work / "timings.jsonl"
    env = {**os.environ, "PORTAL_TIMINGS": str(timings), "PORTAL_READ_CACHE": "", "PORTAL_BUILD_CACHE": ""}
    started = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(work / "rss"), str(REPO / ".venv" / "bin" / "pelican"), str(source), "-o", str(output), "-s",
                    str(REPO / "pelicanconf.py"), "-q"], cwd=work, env=env, check=True)
    build = time.perf_counter() - started
    index = sum(json.loads(line)["seconds"] for line in timings.read_text().splitlines() if '"search_index"' in line)
    files = [p for p in (output / "tim-kiem" / "chi-muc").rglob("*") if p.is_file()]
    results = {
        "n": args.n, "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": {"cpus": os.cpu_count()},
        "build_s": round(build, 2), "index_s": round(index, 2), "index_share": round(index / build, 3),
        "pages_html": sum(1 for _ in output.rglob("*.html")),
        "index_bytes": sum(p.stat().st_size for p in files), "index_files": len(files),
        "largest_index_files": sorted(((p.stat().st_size, str(p.relative_to(output))) for p in files), reverse=True)[:5],
        "build_max_rss_mb_main_process": round(int((work / "rss").read_text().split()[-1]) / 1024),
        "downloads": measure_downloads(output),
    }
    print(json.dumps(results, ensure_ascii=False, indent=1))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
