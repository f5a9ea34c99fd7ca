"""What 1,000 legal documents (content/van-ban/) cost a 10,000-article build.

    .venv/bin/python bench/documents.py [--n 10000] [--documents 1000] [--pairs 2]

Copies the synthetic corpus (bench/corpus/n<N>/ours, made by make_corpus.py) twice: as it
is, and with DOCUMENTS synthetic decrees added (numbers `<k>/<year>/NĐ-CP`, signed by the
Prime Minister in office that day, two to three topics, every tenth replacing an earlier
one, every seventh amending one), plus the project's two document registries. Builds each
clean with pelicanconf.py (`make html`'s settings, no caches), alternating the two, and
prints the wall time, the peak PSS summed over the build's processes (sampled every
0.1 s) and the number of files written, with the ratios. The machine is shared: compare
within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
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
from incremental import PELICAN, pss_kb, tree_pids  # noqa: E402

# The Prime Ministers of the officials registry, by the first day in office (the signer of a
# decree must hold the position on its date: the build checks it).
PRIME_MINISTERS = [
    (dt.date(2006, 6, 27), "Nguyễn Tấn Dũng"),
    (dt.date(2016, 4, 7), "Nguyễn Xuân Phúc"),
    (dt.date(2021, 4, 5), "Phạm Minh Chính"),
]
TOPICS = [
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
]
SUBJECTS = [
    "thực hiện cơ chế một cửa, một cửa liên thông",
    "kiểm soát thủ tục hành chính",
    "cung cấp dịch vụ công trực tuyến",
    "quản lý, sử dụng tài sản công",
    "tuyển dụng, sử dụng và quản lý công chức",
    "tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh",
    "định danh và xác thực điện tử",
    "lưu trữ hồ sơ điện tử",
]


def signer(day: dt.date) -> str:
    return [name for start, name in PRIME_MINISTERS if start <= day][-1]


def documents(count: int, seed: int = 1) -> dict[str, str]:
    """{file name: text} of `count` synthetic decrees."""
    rng = random.Random(seed)
    made: list[tuple[str, dt.date]] = []
    files: dict[str, str] = {}
    for index in range(count):
        day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5800))  # to 2025-11
        number = f"{index + 1}/{day.year}/NĐ-CP"
        topics = rng.sample(TOPICS, rng.randint(2, 3))
        lines = [
            "---",
            f"so_hieu: {number}",
            "loai: Nghị định",
            "co_quan: Chính phủ",
            f"nguoi_ky: {signer(day)}",
            f"ngay_ban_hanh: {day.isoformat()}",
            f"ngay_hieu_luc: {(day + dt.timedelta(days=45)).isoformat()}",
            f'trich_yeu: "Quy định về {rng.choice(SUBJECTS)} (văn bản thử số {index + 1})."',
            f"linh_vuc: [{', '.join(topics)}]",
        ]
        earlier = [n for n, d in made if d < day]
        if earlier and index % 10 == 9:
            lines.append(f"thay_the: [{rng.choice(earlier)}]")
        elif earlier and index % 7 == 6:
            lines.append(f"sua_doi: [{rng.choice(earlier)}]")
        lines += ["---", ""]  # a document has no body (its text is an attachment or a link)
        made.append((number, day))
        files[f"nd-{index + 1}-{day.year}.md"] = "\n".join(lines)
    return files


def build(content: Path, out: Path) -> tuple[float, int, int]:
    """(seconds, peak PSS kB, files written) of one clean build."""
    env = {**os.environ, "PORTAL_READ_CACHE": "", "PORTAL_BUILD_CACHE": ""}
    cmd = [*PELICAN, str(content), "-o", str(out), "-s", str(REPO / "pelicanconf.py"), "-q"]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:  # not a pipe: a long report would fill it and block the build
        process = subprocess.Popen(cmd, cwd=out.parent, env=env, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0
        while process.poll() is None:
            peak = max(peak, pss_kb(tree_pids(process.pid)))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        if process.returncode:
            log.seek(0)
            raise SystemExit(f"build failed:\n{log.read().decode(errors='replace')[-4000:]}")
    files = sum(len(names) for _d, _s, names in os.walk(out))
    shutil.rmtree(out)
    return seconds, peak, files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    corpus = bench_run.ensure_corpus(args.n, 1)[0] / "ours"
    work = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    try:
        plain, with_docs = work / "plain", work / "with-documents"
        shutil.copytree(corpus, plain)
        shutil.copytree(corpus, with_docs)
        for name in ("loai-van-ban.yaml", "co-quan-ban-hanh.yaml"):
            shutil.copy(REPO / "content" / "data" / name, with_docs / "data" / name)
        folder = with_docs / "van-ban"
        folder.mkdir()
        for name, text in documents(args.documents).items():
            (folder / name).write_text(text, encoding="utf-8")
        results: dict[str, list[tuple[float, int, int]]] = {"plain": [], "documents": []}
        for _pair in range(args.pairs):
            results["plain"].append(build(plain, work / "out"))
            results["documents"].append(build(with_docs, work / "out"))
        summary = {}
        for kind, runs in results.items():
            seconds = sorted(r[0] for r in runs)
            summary[kind] = {
                "seconds": [round(r[0], 2) for r in runs],
                "median_s": round(seconds[len(seconds) // 2], 2),
                "peak_pss_mb": max(r[1] for r in runs) // 1024,
                "files": runs[0][2],
            }
        summary["documents_added"] = args.documents
        summary["time_ratio"] = round(summary["documents"]["median_s"] / summary["plain"]["median_s"], 3)
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
