"""Image benchmark: our full variant set against a plain 6-variant Pillow baseline.

    .venv/bin/python bench/images.py                 # = make bench-images (8 sources, 1,000 warm)
    .venv/bin/python bench/images.py --n 4 --warm 200   # a quick check

1. Corpus: N synthetic 3000×2000 camera-like JPEGs (quality 92; seeded gradients, objects
   and sensor noise, so encoders work as on photos), cached in bench/corpus/images/.
2. Cold, in one invocation, each side on a process pool of --processes (2) workers:
   * baseline: Pillow as it comes: decode, resize to 3 widths (640, 1280, 1920; Lanczos),
     save WebP and JPEG with Pillow's default settings: 6 variants per source;
   * ours: portal_images' worker (decode, EXIF/ICC/mode normalising, every content width,
     2 card thumbnails, the 1200×630 social image; AVIF + WebP + JPEG) into an empty cache.
   Reported: seconds per source image, the ratio ours/baseline, and CPU utilisation
   ((user + sys CPU of this process and its workers) / wall / cores).
3. Warm: the images step of a build (portal_images.build.process_images: hash memo,
   variant plan, cache look-ups, copying into output/, markup) for --warm (1,000) articles
   each with its own lead photo. The warm path never opens an image or reads an encoded
   file, so the cache is filled with placeholder files under the real keys (encoding
   1,000 photos cold would take ten minutes and measure nothing more).
4. Bytes: mean bytes per variant (role, width, format) over the corpus, against the
   original JPEG, and against Pillow's default settings for the same resized frame
   (first --compare sources); with the SSIM of each against that frame.

Results: a table on stdout and bench/results/images-latest.json.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

from PIL import Image  # noqa: E402

from portal_images import pool  # noqa: E402
from portal_images.build import process_images  # noqa: E402
from portal_images.cache import ImageCache, hash_file  # noqa: E402
from portal_images.encode import normalise, open_source, render  # noqa: E402
from portal_images.variants import EncoderSettings, plan  # noqa: E402
from portal_images.work import Job, process  # noqa: E402
from portal_reader.origin import Origin  # noqa: E402
from tests.ssim import camera_like, ssim  # noqa: E402

CORPUS = ROOT / "bench" / "corpus" / "images"
RESULTS = ROOT / "bench" / "results" / "images-latest.json"
BASELINE_WIDTHS = (640, 1280, 1920)
SIZE = (3000, 2000)


def corpus(n: int) -> list[Path]:
    CORPUS.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = CORPUS / f"anh-{i:04d}.jpg"
        if not path.exists():
            camera_like(*SIZE, seed=1000 + i).save(path, "JPEG", quality=92)
        paths.append(path)
    return paths


def baseline_one(path: str) -> int:
    image = Image.open(path)
    image.load()
    total = 0
    for width in BASELINE_WIDTHS:
        frame = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        for fmt in ("WEBP", "JPEG"):
            buffer = io.BytesIO()
            frame.save(buffer, fmt)
            total += len(buffer.getvalue())
    return total


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, run: Any, n: int, processes: int) -> dict[str, float]:
    cpu, wall = cpu_seconds(), time.perf_counter()
    run()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    result = {
        "wall_seconds": round(wall, 3),
        "seconds_per_image": round(wall / n, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_utilisation": round(cpu / wall / processes, 3),
    }
    print(f"{label:9} {wall:7.2f} s  {wall / n:6.3f} s/image  CPU {result['cpu_utilisation']:.0%} of {processes} cores")
    return result


def cold(paths: list[Path], processes: int, cache_root: str) -> dict[str, Any]:
    n = len(paths)
    context = multiprocessing.get_context("fork")

    def run_baseline() -> None:
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as executor:
            list(executor.map(baseline_one, [str(p) for p in paths], chunksize=1))

    settings = EncoderSettings()
    jobs = [Job(str(p), hash_file(str(p)), True, cache_root, 50_000_000, settings) for p in paths]

    def run_ours() -> None:
        outcomes = list(pool.run(process, jobs, processes, label="bench"))
        problems = [o.problem for o in outcomes if o.problem]
        if problems:
            raise SystemExit(f"encoding failed: {problems[0]}")

    base = timed("baseline", run_baseline, n, processes)
    ours = timed("ours", run_ours, n, processes)
    ratio = ours["seconds_per_image"] / base["seconds_per_image"]
    print(f"ratio     {ratio:.2f}× the 6-variant baseline (target ≤ 2)")
    return {"baseline_6_variants": base, "ours_full_set": ours, "ratio": round(ratio, 2),
            "variants_per_image": len(plan("x", *SIZE, False, True, settings))}


def sizes(paths: list[Path], cache_root: str, compare: int) -> dict[str, Any]:
    """Mean bytes per variant over the corpus; against Pillow defaults and SSIM on a few."""
    settings = EncoderSettings()
    cache = ImageCache(cache_root)
    by_variant: dict[str, list[int]] = {}
    defaults: dict[str, list[int]] = {}
    scores: dict[str, list[float]] = {}
    for index, path in enumerate(paths):
        variants = plan(hash_file(str(path)), *SIZE, False, True, settings)
        frames = None
        if index < compare:
            frames = render(normalise(open_source(str(path), 50_000_000)), variants)
        for v in variants:
            name = f"{v.role} {v.width}x{v.height} {v.fmt}"
            data = Path(cache.file_path(v.key, v.extension)).read_bytes()
            by_variant.setdefault(name, []).append(len(data))
            if frames is not None:
                frame = frames[v.frame]
                buffer = io.BytesIO()
                frame.save(buffer, {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}[v.fmt])
                defaults.setdefault(name, []).append(len(buffer.getvalue()))
                scores.setdefault(name, []).append(ssim(frame, Image.open(io.BytesIO(data))))
    rows = {}
    original = statistics.mean(p.stat().st_size for p in paths)
    print(f"\noriginal  {original / 1024:8.1f} KiB (3000×2000 JPEG q92)")
    print(f"{'variant':28} {'ours KiB':>9} {'defaults':>9} {'ours/def':>8} {'SSIM':>6}")
    for name, values in by_variant.items():
        mean = statistics.mean(values)
        row: dict[str, Any] = {"bytes": round(mean), "of_original": round(mean / original, 4)}
        if name in defaults:
            row["pillow_defaults_bytes"] = round(statistics.mean(defaults[name]))
            row["of_pillow_defaults"] = round(mean / row["pillow_defaults_bytes"], 3)
            row["ssim_min"] = round(min(scores[name]), 4)
        rows[name] = row
        print(f"{name:28} {mean / 1024:9.1f} {row.get('pillow_defaults_bytes', 0) / 1024:9.1f} "
              f"{row.get('of_pillow_defaults', 0):8.2f} {row.get('ssim_min', 0):6.3f}")
    total = sum(r["bytes"] for r in rows.values())
    print(f"all {len(rows)} variants: {total / 1024:.1f} KiB = {total / original:.1%} of the original")
    return {"original_bytes": round(original), "per_variant": rows, "all_variants_bytes": total}


def warm(count: int, root: Path) -> dict[str, Any]:
    """The images step of a warm build with `count` lead photos (see the module docstring)."""
    content, cache_dir = root / "content", root / "cache"
    settings = EncoderSettings()
    cache = ImageCache(str(cache_dir))
    contents = []
    for i in range(count):
        rel = f"images/2024/anh-{i:04d}.jpg"
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"photo {i}".encode() * 64)
        digest = cache.source_hash(str(path))
        cache.remember_source(digest, *SIZE, False)
        for v in plan(digest, *SIZE, False, True, settings):
            target = Path(cache.file_path(v.key, v.extension))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"x")
        contents.append(SimpleNamespace(
            origin=Origin(f"articles/2024/bai-{i}.md", {"image.src": 8}),
            relative_source_path=f"articles/2024/bai-{i}.md",
            save_as=f"2024/bai-{i}.html",  # a page this build writes: its photo is published
            image={"src": rel, "alt": "Ảnh"},
            _content="<p>Nội dung.</p>",
        ))
    cache.save()
    build_settings = {"PATH": str(content), "PORTAL_IMAGE_CACHE": str(cache_dir), "PORTAL_IMAGE_MAX_PIXELS": 50_000_000,
                      "PORTAL_IMAGE_PROCESSES": 1, "PORTAL_IMAGE_ENCODER": {}}
    times = []
    for _ in range(3):
        output = root / f"output-{len(times)}"
        start = time.perf_counter()
        report = process_images(contents, build_settings, str(output))
        times.append(time.perf_counter() - start)
        assert report.encoded_variants == 0 and report.published == count * len(plan(digest, *SIZE, False, True, settings))
        shutil.rmtree(output)
    best = min(times)
    print(f"\nwarm      {best:.3f} s for {count} images ({report.published} variant files published; target < 1 s)")
    return {"images": count, "seconds": round(best, 3), "runs": [round(t, 3) for t in times],
            "files_published": report.published}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=8, help="source photos for the cold run (default 8)")
    parser.add_argument("--warm", type=int, default=1000, help="photos in the warm run (default 1000)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--compare", type=int, default=2, help="sources compared with Pillow defaults and SSIM")
    args = parser.parse_args()
    paths = corpus(args.n)
    with tempfile.TemporaryDirectory(prefix="portal-bench-images-") as tmp:
        cache_root = str(Path(tmp) / "cache")
        result: dict[str, Any] = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "pillow": Image.__version__},
            "sources": args.n, "source_size": list(SIZE), "processes": args.processes,
            "encoder": EncoderSettings().__dict__,
        }
        result["cold"] = cold(paths, args.processes, cache_root)
        result["bytes"] = sizes(paths, cache_root, args.compare)
        result["warm"] = warm(args.warm, Path(tmp) / "warm")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
