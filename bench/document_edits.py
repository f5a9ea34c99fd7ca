"""How fast an edited legal document shows, in `make html` and in the dev server.

    .venv/bin/python bench/document_edits.py [--n 10000] [--documents 1000] [--edits 3]

On a copy of the synthetic corpus with DOCUMENTS synthetic decrees (bench/run.py
--documents: the corpus's own sources, the decrees of bench/documents.py and the two
document registries), in a temporary folder:

1. `make html`'s command (pelicanconf.py, caches in the folder) builds once, then once after
   each of `--edits` edits of one document's abstract (`trich_yeu`), timed; then a clean
   build of the same sources, which must write the same files, byte for byte;
2. in this process, as the dev server's worker does: a build kept in memory, then the same
   kind of edit applied with `portal_build.live.apply` (the open page `van-ban/<slug>.html`
   first, then the rest), timed to each, with the number of jobs run; then its output/
   against a clean build (the search index left out: the dev server refreshes it in the
   background, tests/test_live.py checks that).

The machine is shared: the times vary by tens of percent between runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import run as bench_run  # noqa: E402 - bench/ is not a package

PELICAN = str(REPO / ".venv" / "bin" / "pelican")
SETTINGS = str(REPO / "pelicanconf.py")
DOCUMENT = "van-ban/nd-10-2021.md"  # one of bench/documents.py's decrees
ABSTRACT = re.compile(r"\(văn bản thử số 10[^)]*\)")


def edit(content: Path, number: int) -> Path:
    path = content / DOCUMENT
    text = path.read_text(encoding="utf-8")
    path.write_text(ABSTRACT.sub(f"(văn bản thử số 10, bản sửa {number})", text), encoding="utf-8")
    return path


def pelican(folder: Path, output: str, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([PELICAN, "content", "-o", output, "-s", SETTINGS, *extra], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def differences(a: Path, b: Path, ignore: str = "") -> list[str]:
    found = subprocess.run(["diff", "-rq", str(a), str(b)], capture_output=True, text=True).stdout.splitlines()
    return [line for line in found if not (ignore and ignore in line)]


def make_html(folder: Path, edits: int) -> None:
    print(f"make html, first build: {pelican(folder, 'output'):.2f} s", flush=True)
    for number in range(edits):
        edit(folder / "content", number)
        print(f"make html after a document edit: {pelican(folder, 'output'):.2f} s", flush=True)
    pelican(folder, "clean", "-e", 'PORTAL_BUILD_CACHE=""', 'PORTAL_READ_CACHE=""')
    print(f"make html output vs a clean build: {differences(folder / 'output', folder / 'clean') or 'identical'}")


def dev_server(folder: Path, edits: int) -> None:
    sys.path[:0] = [str(REPO / "plugins"), str(REPO)]
    os.chdir(folder)
    from pelican import Pelican
    from pelican.settings import read_settings

    from portal_build import live

    settings = read_settings(SETTINGS, override={"PATH": str(folder / "content"), "OUTPUT_PATH": str(folder / "live"),
                                                 "PORTAL_BUILD_MODEL": False, "PORTAL_BUILD_CACHE": ""})
    start = time.perf_counter()
    Pelican(settings).run()
    print(f"dev server, build in memory: {time.perf_counter() - start:.2f} s", flush=True)
    live.prepare()  # as the dev server's worker does when idle after a build: the plan signed
    page = DOCUMENT.removesuffix(".md") + ".html"
    for number in range(edits):
        path = edit(folder / "content", 100 + number)
        start = time.perf_counter()
        applied = live.apply([str(path)], first=[page])
        shown = time.perf_counter() - start
        rest = applied.rest()
        print(f"dev server, document edit: open page {shown:.2f} s, every page {time.perf_counter() - start:.2f} s, "
              f"{rest.jobs} jobs run after the open page; {applied.phases}", flush=True)
    pelican(folder, "clean-live", "-e", 'PORTAL_BUILD_CACHE=""', 'PORTAL_READ_CACHE=""')
    found = differences(folder / "live", folder / "clean-live", ignore="tim-kiem/chi-muc")
    print(f"dev server output vs a clean build (search index aside): {found or 'identical'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    corpus, _stamp = bench_run.ensure_corpus(args.n, 1)
    sources = bench_run.with_documents(corpus, args.documents)
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as temporary:
        for name, step in (("html", make_html), ("dev", dev_server)):
            folder = Path(temporary) / name
            shutil.copytree(sources, folder / "content")
            step(folder, args.edits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
