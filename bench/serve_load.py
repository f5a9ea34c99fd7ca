"""Load test of the production setup (issue 16): wrk against nginx with the generated
configuration (deploy/nginx/, tools/nginx_config.py) serving a publish build, and against
`python -m http.server` on the same folder as the floor. Loopback only, bounded in time.

    make bench-serve                        # builds public/ if needed (make publish), then this
    .venv/bin/python bench/serve_load.py --site public --duration 10 --connections 100

For the home page, an article and a photo: requests/s, transfer/s, latency and errors
(socket errors and non-2xx/3xx responses), each run `--duration` seconds with
`--connections` open connections on `--threads` wrk threads. Requests carry
`Accept-Encoding: br, gzip` as a browser's do (nginx sends the precompressed copies; the
floor sends the files as they are).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.nginx_config import Nginx, Options, brotli_available, free_port  # noqa: E402


@dataclass
class Result:
    server: str
    page: str
    path: str
    requests_per_second: float
    transfer_per_second: str
    latency_avg: str
    latency_p99: str
    requests: int
    socket_errors: int
    non_2xx_3xx: int


def pick_pages(site: Path) -> dict[str, str]:
    article = next(p for p in sorted(site.glob("20*/*/*.html")))
    photos = sorted(site.glob("anh/*/*-960w-*.jpg")) or sorted(site.glob("anh/**/*.jpg"))
    return {
        "home": "/",
        "article": "/" + str(article.relative_to(site)),
        "photo": "/" + str(photos[0].relative_to(site)),
    }


def run_wrk(url: str, duration: int, connections: int, threads: int) -> dict[str, object]:
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s",
         "-H", "Accept-Encoding: br, gzip", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = done.stdout

    def find(pattern: str, default: str = "0") -> str:
        found = re.search(pattern, out)
        return found.group(1) if found else default

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests_per_second": float(find(r"Requests/sec:\s+([\d.]+)")),
        "transfer_per_second": find(r"Transfer/sec:\s+(\S+)", "?"),
        "latency_avg": find(r"Latency\s+(\S+)", "?"),
        "latency_p99": find(r"\s99%\s+(\S+)", "?"),
        "requests": int(find(r"(\d+) requests in")),
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "non_2xx_3xx": int(find(r"Non-2xx or 3xx responses: (\d+)")),
    }


def wait_for_port(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "public", help="a publish build (default public/)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="nginx worker processes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{site} is not a build: run make publish first", file=sys.stderr)
        return 1
    if shutil.which("wrk") is None:
        print("wrk is missing: run tools/install-server.sh (make bench-serve does)", file=sys.stderr)
        return 1
    pages = pick_pages(site)
    results: list[Result] = []
    prefix = Path(tempfile.mkdtemp(prefix="portal-bench-nginx-"))
    os.chmod(prefix, 0o755)
    try:
        port = free_port()
        options = Options(
            site_url=f"http://127.0.0.1:{port}", root=str(site), listen=f"127.0.0.1:{port}",
            brotli=brotli_available(), ipv6=False,
        )  # fmt: skip
        with Nginx(prefix / "nginx", options, workers=args.workers):
            for name, path in pages.items():
                measured = run_wrk(f"http://127.0.0.1:{port}{path}", args.duration, args.connections, args.threads)
                results.append(Result("nginx", name, path, **measured))  # type: ignore[arg-type]
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    port = free_port()
    floor = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        for name, path in pages.items():
            measured = run_wrk(f"http://127.0.0.1:{port}{path}", args.duration, args.connections, args.threads)
            results.append(Result("http.server", name, path, **measured))  # type: ignore[arg-type]
    finally:
        floor.terminate()
        floor.wait(timeout=10)
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, Accept-Encoding: br, gzip; site {site}")
    print("| server | page | requests/s | transfer/s | latency avg | p99 | requests | socket errors | non-2xx/3xx |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.server} | {r.page} | {r.requests_per_second:,.0f} | {r.transfer_per_second} | {r.latency_avg} | "
              f"{r.latency_p99} | {r.requests:,} | {r.socket_errors} | {r.non_2xx_3xx} |")  # fmt: skip
    for name, path in pages.items():
        print(f"{name}: {path}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
