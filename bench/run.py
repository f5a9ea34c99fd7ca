"""Build-speed benchmark: stock Pelican 4.12, our build without the taxonomy engine, and our build.

    .venv/bin/python bench/run.py --n 1000 10000          # what `make bench` runs

For each N: generate (or reuse) bench/corpus/n<N> with make_corpus.py, then build it with

* stock:      ``pelican <corpus>/stock -o <tmp> -s bench/stock_pelicanconf.py``
* foundation: ``pelican <corpus>/ours  -o <tmp> -s bench/foundation_settings.py`` (publishconf.py without
  the portal_taxonomy plugin; ``--foundation-settings`` to change)
* ours:       ``pelican <corpus>/ours  -o <tmp> -s publishconf.py`` (``--ours-settings`` to change)

each run in a fresh subprocess started from the repository root, the three in a rotating order (one
repeat starts with stock, the next with foundation, the next with ours, ...) so all share the machine's
noise, `--repeat` times (3 by default), and report medians. Each build starts after os.sync(), so that
the previous build's output is not still being flushed to disk on its time, and the built sites are
removed only once every build is done (a removal costs the next build system time on this disk). Per run it measures, for the pelican process and every
descendant it waited for: wall time (perf_counter around the subprocess), CPU time (user + sys from
os.wait4's rusage), peak RSS (ru_maxrss from the same rusage: the largest single process), the peak summed
RSS of the whole process tree (sampled from /proc, which is what matters when a build forks workers), the
number of files written, by folder and kind (taxonomy term pages and feeds), and, for foundation and ours,
the phase timings our plugins append to the file named by $PORTAL_TIMINGS (read_sources, related_news,
write_pages). A run that fails is reported with the tail of its log; the rest go on.

Results: a table on stdout, then the same as Markdown for bench/README.md, and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Self

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # bench/ is not a package: import the sibling module by path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = BENCH / "corpus"  # git-ignored
OUTPUTS = BENCH / "out"  # git-ignored: build outputs (kept with --keep-output) and logs
RESULTS = BENCH / "results" / "latest.json"
STOCK_SETTINGS = BENCH / "stock_pelicanconf.py"
FOUNDATION_SETTINGS = BENCH / "foundation_settings.py"
TOOLS = ("stock", "foundation", "ours")
# Built from the <corpus>/ours sources with our reader and plugins; they write phase timings.
OURS_FAMILY = ("foundation", "ours")
PHASES = ("read_sources", "related_news", "write_pages")
TAIL_LINES = 25


def taxonomy_segments() -> tuple[str, ...]:
    """The URL folders of the taxonomy term pages (PORTAL_TAXONOMIES in pelicanconf.py)."""
    try:
        conf = runpy.run_path(str(REPO / "pelicanconf.py"))
        segments = tuple(t["segment"] for t in conf["PORTAL_TAXONOMIES"])
    except Exception:  # noqa: BLE001 - fall back to the segments as of this writing
        segments = ()
    return segments or ("can-bo", "tinh-thanh", "chu-de", "tu-khoa")


SEGMENTS = taxonomy_segments()


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- Measuring one build -------------------------------------------------------------------------------------


class TreeRss:
    """Samples the summed RSS of a process and all its descendants from /proc, keeping the peak.

    ru_maxrss only gives the largest single process; a build that forks workers uses their sum.
    """

    def __init__(self, root: int, interval: float = 0.1) -> None:
        self.root = root
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        if Path("/proc/self/stat").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.interval)

    def sample(self) -> int:
        parent: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:  # the process ended while we looked
                continue
            # Fields after "(comm)": state ppid ... ; rss is field 24 overall, index 21 after the comm.
            fields = stat[stat.rindex(b")") + 2 :].split()
            pid = int(entry.name)
            parent[pid] = int(fields[1])
            rss[pid] = int(fields[21])
        tree = {self.root}
        changed = True
        while changed:  # the tree is small: a fixed point over the parent map is fine
            changed = False
            for pid, ppid in parent.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        return sum(rss.get(pid, 0) for pid in tree) * self._page


def count_files(root: Path) -> tuple[int, int, dict]:
    """Files and bytes under root, and the files by kind.

    kinds: per top-level folder ("(root)" for files at the top, "<year>" for every 4-digit folder) the
    number of .html, .xml (feeds) and other files; and the taxonomy totals: term_pages = .html files
    under the taxonomy folders (term pages, their pagination and each taxonomy's index page),
    term_feeds = .xml files there, terms = folders <segment>/<slug>/ with an index.html, feeds = every
    .xml file in the output.
    """
    files = size = 0
    by_folder: dict[str, dict[str, int]] = {}
    terms = 0
    for dirpath, _, names in os.walk(root):
        parts = Path(dirpath).relative_to(root).parts
        top = parts[0] if parts else "(root)"
        if re.fullmatch(r"\d{4}", top):
            top = "<year>"
        counts = by_folder.setdefault(top, {"html": 0, "xml": 0, "other": 0})
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
            ext = name.rsplit(".", 1)[-1] if "." in name else ""
            counts[ext if ext in ("html", "xml") else "other"] += 1
            if name == "index.html" and len(parts) == 2 and parts[0] in SEGMENTS:
                terms += 1
    taxonomy = [by_folder.get(seg, {"html": 0, "xml": 0}) for seg in SEGMENTS]
    kinds = {
        "term_pages": sum(c["html"] for c in taxonomy),
        "term_feeds": sum(c["xml"] for c in taxonomy),
        "terms": terms,
        "feeds": sum(c["xml"] for c in by_folder.values()),
        "by_folder": dict(sorted(by_folder.items())),
    }
    return files, size, kinds


BENCH_NOW = "2099-12-31T23:59:59+07:00"


def read_timings(path: Path | None, pid: int) -> dict:
    """The phase lines our plugins appended to $PORTAL_TIMINGS during one build.

    phases: seconds (wall) and cpu_seconds per phase, summed if a phase was logged more than once
    (lines says how often). cpu_seconds is time.process_time() of the logging process only: the
    forked reader and writer workers are not in it, so for read_sources and write_pages it is far
    below the CPU those phases used.
    """
    if path is None or not path.exists():
        return {}
    phases: dict[str, dict] = {}
    problems = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            name = record["phase"]
            seconds = float(record["seconds"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"line {lineno}: not a phase record: {line[:80]!r}")
            continue
        phase = phases.setdefault(
            name, {"seconds": 0.0, "cpu_seconds": 0.0, "lines": 0}
        )
        phase["seconds"] = round(phase["seconds"] + seconds, 4)
        phase["cpu_seconds"] = round(
            phase["cpu_seconds"] + float(record.get("cpu_seconds") or 0), 4
        )
        phase["lines"] += 1
        # Phases timed with timed() belong to the pelican process; totals that forked
        # workers accumulate (add() + flush(): per-template writes) have no cpu_seconds.
        if "cpu_seconds" in record and record.get("pid") != pid:
            problems.append(
                f"{name} logged by pid {record.get('pid')}, not the pelican process {pid}"
            )
    out: dict = {"phases": phases}
    if problems:
        out["timing_problems"] = problems
    return out


def tail(path: Path, lines: int = TAIL_LINES) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines()[-lines:])


def run_build(
    cmd: list[str],
    out_dir: Path,
    log_base: Path,
    env: dict[str, str],
    n: int,
    timings: Path | None = None,
) -> dict:
    """Run one build in a fresh subprocess from the repository root and measure it.

    With timings, the build gets PORTAL_TIMINGS=<that file> (which must not exist yet) and the phase
    lines our plugins write there go into the result.
    """
    if timings is not None:
        env = {**env, "PORTAL_TIMINGS": str(timings)}
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    log_base.parent.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = (
        log_base.with_suffix(".out"),
        log_base.with_suffix(".err"),
    )
    # Start on a quiet disk: the previous build's output (hundreds of MB, just written and
    # deleted) is otherwise still being flushed while this build runs, which charges one
    # side's writes to whichever side runs next.
    os.sync()
    with stdout_path.open("wb") as so, stderr_path.open("wb") as se:
        # Other work on the machine skews wall time: keep the load with the figures.
        load = os.getloadavg()[0]
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=so, stderr=se, stdin=subprocess.DEVNULL, env=env
        )
        with TreeRss(proc.pid) as tree:
            # wait4, not Popen.wait: its rusage covers this child and every descendant it waited for.
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    files, size, kinds = count_files(out_dir)
    output = stdout_path.read_text(
        encoding="utf-8", errors="replace"
    ) + stderr_path.read_text(encoding="utf-8", errors="replace")
    flat = " ".join(output.split())  # rich may wrap the summary line
    processed = re.search(r"Processed (\d+) articles?", flat)
    run = {
        "ok": proc.returncode == 0,
        "load_before": round(load, 2),
        "returncode": proc.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3),
        "cpu_util": round(cpu / wall, 3) if wall else None,
        "articles_per_s": round(n / wall, 1) if wall else None,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "tree_rss_mb": round(tree.peak / 2**20, 1),
        "files": files,
        "output_mb": round(size / 2**20, 1),
        "kinds": kinds,
        "articles_processed": int(processed.group(1)) if processed else None,
        "warnings": len(re.findall(r"\bWARNING\b", output)),
        "errors": len(re.findall(r"\b(?:ERROR|CRITICAL)\b", output)),
        "log": str(log_base.relative_to(REPO)) + ".{out,err}",
        **read_timings(timings, proc.pid),
    }
    if timings is not None:
        phases = run.get("phases", {})
        # Related news: the ranking's wall time, as a share of the build's.
        if "related_news" in phases and wall:
            run["related_news_share"] = round(phases["related_news"]["seconds"] / wall, 4)
        if run["ok"] and not phases:
            run.setdefault("timing_problems", []).append(
                "PORTAL_TIMINGS was set but no phase was logged"
            )
    if not run["ok"]:
        # Pelican logs (and prints tracebacks) to stdout through rich; plugins may use stderr.
        run["error_tail"] = "\n".join(
            f"[{p.suffix[1:]}]\n{text}"
            for p in (stdout_path, stderr_path)
            if (text := tail(p))
        )
    return run


def failed_run(reason: str) -> dict:
    return {"ok": False, "returncode": None, "error_tail": reason}


# --- Orchestration -------------------------------------------------------------------------------------------


def ensure_corpus(n: int, seed: int) -> tuple[Path, dict]:
    """The cached corpus for (n, seed), regenerated when its content key no longer matches."""
    path = CORPORA / (f"n{n}" if seed == 1 else f"n{n}-seed{seed}")
    key = make_corpus.corpus_key(n, seed)
    stamp_path = path / "corpus.json"
    if stamp_path.exists():
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if stamp.get("key") == key:
            log(f"corpus n={n}: cached at {path.relative_to(REPO)}")
            return path, {**stamp, "cached": True}
    log(f"corpus n={n}: generating {path.relative_to(REPO)} ...")
    stamp = make_corpus.generate(n, seed, path)
    log(f"corpus n={n}: {stamp['seconds']} s")
    return path, {**stamp, "cached": False}


def pelican_cmd() -> list[str]:
    exe = REPO / ".venv" / "bin" / "pelican"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pelican"]


def build_command(
    args: argparse.Namespace, tool: str, corpus: Path, out: Path
) -> list[str]:
    settings = {
        "stock": STOCK_SETTINGS,
        "foundation": args.foundation_settings,
        "ours": args.ours_settings,
    }[tool]
    sources = corpus / ("stock" if tool == "stock" else "ours")
    if tool == "ours" and getattr(args, "ours_sources", None) is not None:
        sources = args.ours_sources  # --documents: ours only (foundation has no taxonomies to check them against)
    cmd = [*pelican_cmd(), str(sources), "-o", str(out), "-s", str(settings)]
    if tool in OURS_FAMILY:
        # A clean build: no read cache kept from an earlier run, no up-to-date record (one
        # -e: Pelican keeps the last). No precompressed copies either: stock Pelican writes
        # none; their cost is measured apart (bench/README.md, "Serving in production").
        cmd += ["-e", 'PORTAL_READ_CACHE=""', 'PORTAL_BUILD_CACHE=""', "PORTAL_PRECOMPRESS=false", *(args.ours_extra or [])]
    return cmd


def settings_path(args: argparse.Namespace, tool: str) -> Path:
    return {
        "stock": STOCK_SETTINGS,
        "foundation": args.foundation_settings,
        "ours": args.ours_settings,
    }[tool]


def rotation(tools: list[str], i: int) -> list[str]:
    """Repeat i starts with tools[i % len]: with three sides each one is first, second and third in turn."""
    k = i % len(tools)
    return tools[k:] + tools[:k]


def median_of(runs: list[dict], n: int) -> dict:
    ok = [r for r in runs if r.get("ok")]
    if not ok:
        return {}
    med = {
        key: round(statistics.median(r[key] for r in ok), 3)
        for key in (
            "wall_s",
            "cpu_s",
            "cpu_util",
            "peak_rss_mb",
            "tree_rss_mb",
            "files",
            "output_mb",
        )
    }
    med["articles_per_s"] = round(n / med["wall_s"], 1)
    med["articles_processed"] = ok[0]["articles_processed"]
    for key in ("term_pages", "term_feeds", "terms", "feeds"):
        med[key] = round(statistics.median(r["kinds"][key] for r in ok))
    phases = {}
    for phase in sorted({p for r in ok for p in r.get("phases", {})}):
        values = [
            r["phases"][phase]["seconds"] for r in ok if phase in r.get("phases", {})
        ]
        phases[phase] = round(statistics.median(values), 3)
    if phases:
        med["phase_s"] = phases
    shares = [r["related_news_share"] for r in ok if "related_news_share" in r]
    if shares:
        med["related_news_share"] = round(statistics.median(shares), 4)
    return med


def ratios(result: dict) -> dict:
    """Ratios of the medians: wall-time speed-ups against stock, the taxonomy engine's overhead against
    foundation, and the same on CPU seconds (work done, not speed: a parallel build can use more CPU
    seconds and still finish sooner)."""
    med = {t: result[t]["median"] for t in TOOLS if result.get(t, {}).get("ok")}
    out: dict = {}

    def ratio(a: str, b: str, key: str) -> float | None:
        if a in med and b in med and med[b][key]:
            return med[a][key] / med[b][key]
        return None

    for tool in OURS_FAMILY:
        if (r := ratio("stock", tool, "wall_s")) is not None:
            out[f"speedup_{tool}"] = round(r, 3)
        if (r := ratio("stock", tool, "cpu_s")) is not None:
            out[f"cpu_ratio_{tool}"] = round(r, 3)
    if (r := ratio("ours", "foundation", "wall_s")) is not None:
        out["taxonomy_overhead_pct"] = round((r - 1) * 100, 1)
    if (r := ratio("ours", "foundation", "cpu_s")) is not None:
        out["taxonomy_cpu_overhead_pct"] = round((r - 1) * 100, 1)
    # Paired: the i-th foundation and ours runs are neighbours in time (the rotation puts them
    # next to each other), so their ratio cancels the machine's slow drifts; the median of those
    # ratios is the steadier figure when other work on the machine comes and goes.
    for key, name in (("wall_s", "taxonomy_overhead_paired_pct"), ("cpu_s", "taxonomy_cpu_overhead_paired_pct")):
        pairs = [
            o[key] / f[key]
            # A side whose build failed stops repeating: pair only the runs both have.
            for f, o in zip(result.get("foundation", {}).get("runs", []), result.get("ours", {}).get("runs", []), strict=False)
            if f.get("ok") and o.get("ok") and f.get(key)
        ]
        if pairs:
            out[name] = round((statistics.median(pairs) - 1) * 100, 1)
            out[name.replace("_pct", "_each_pct")] = [round((p - 1) * 100, 1) for p in pairs]
    return out


def with_documents(corpus: Path, count: int) -> Path:
    """The corpus's own sources plus `count` synthetic legal documents (bench/documents.py)
    and the two document registries, cached beside it until the corpus changes."""
    from documents import documents

    target = corpus / f"ours-documents-{count}"
    stamp = (corpus / "corpus.json").read_text(encoding="utf-8")
    if (target / ".corpus.json").is_file() and (target / ".corpus.json").read_text(encoding="utf-8") == stamp:
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(corpus / "ours", target)
    for name in ("loai-van-ban.yaml", "co-quan-ban-hanh.yaml"):
        shutil.copy(REPO / "content" / "data" / name, target / "data" / name)
    (target / "van-ban").mkdir()
    for name, text in documents(count).items():
        (target / "van-ban" / name).write_text(text, encoding="utf-8")
    (target / ".corpus.json").write_text(stamp, encoding="utf-8")
    return target


def bench_n(args: argparse.Namespace, n: int, envs: dict[str, dict[str, str]]) -> dict:
    corpus, stamp = ensure_corpus(n, args.seed)
    if args.documents:
        args.ours_sources = with_documents(corpus, args.documents)
        log(f"corpus n={n}: ours with {args.documents} legal documents: {args.ours_sources.relative_to(REPO)}")
    repeat = args.repeat or 3
    tools = [t for t in TOOLS if t in args.only]
    # Every log left under bench/out/logs/ for this N and these sides is from this run (an --only run
    # leaves the other sides' logs alone).
    for tool in tools:
        for old in (OUTPUTS / "logs").glob(f"n{n}-{tool}-*"):
            old.unlink()
    runs: dict[str, list[dict]] = {t: [] for t in tools}
    skip: dict[str, str] = {}
    for tool in tools:
        if not settings_path(args, tool).exists():
            skip[tool] = f"settings file not found: {settings_path(args, tool)}"
    for i in range(repeat):
        # Rotating order: no side always runs first (on a cold cache) or always after another's heat.
        for tool in rotation(tools, i):
            if tool in skip:
                if not runs[tool]:
                    runs[tool].append(failed_run(skip[tool]))
                continue
            if args.cooldown and (i or tool != rotation(tools, 0)[0]):
                # Let the machine settle between builds: on a VM whose CPU time is rationed,
                # a build that follows another runs slower than one that starts rested.
                time.sleep(args.cooldown)
            name = f"n{n}-{tool}-{i + 1}"
            out = OUTPUTS / name
            cmd = build_command(args, tool, corpus, out)
            log(f"n={n} {tool} run {i + 1}/{repeat}: {' '.join(cmd)}")
            timings = None
            if tool in OURS_FAMILY:
                # A fresh, empty file per run, deleted after reading: the plugins append to it.
                fd, tmp = tempfile.mkstemp(
                    prefix=f"portal-timings-{name}-", suffix=".jsonl"
                )
                os.close(fd)
                timings = Path(tmp)
            try:
                run = run_build(
                    cmd, out, OUTPUTS / "logs" / name, envs[tool], n, timings
                )
            finally:
                if timings is not None:
                    timings.unlink(missing_ok=True)
            runs[tool].append(run)
            if run["ok"]:
                phases = ", ".join(
                    f"{p} {v['seconds']:.2f} s"
                    for p, v in run.get("phases", {}).items()
                )
                log(
                    f"  {run['wall_s']:.2f} s wall, {run['cpu_s']:.2f} s CPU, {run['peak_rss_mb']:.0f} MB, "
                    f"{run['files']} files, {run['articles_processed']} articles"
                    + (f"; {phases}" if phases else "")
                )
                for problem in run.get("timing_problems", []):
                    log(f"  timings: {problem}")
            else:
                log(
                    f"  FAILED (exit {run['returncode']}); log tail:\n{indent(run['error_tail'])}"
                )
                # A broken build fails every time: don't repeat it.
                skip[tool] = "an earlier run failed"
            args.built.append(out)  # removed at the end of the invocation (main)
    result: dict = {
        "n": n,
        "corpus": {"path": str(corpus.relative_to(REPO)), **stamp},
        "repeat": repeat,
    }
    for tool in tools:
        median = median_of(runs[tool], n)
        result[tool] = {"ok": bool(median), "median": median, "runs": runs[tool]}
        warnings = []
        if median and median["articles_processed"] not in (None, n):
            warnings.append(f"processed {median['articles_processed']} of {n} articles")
        if (
            median
            and tool == "foundation"
            and median["term_pages"] + median["term_feeds"]
        ):
            warnings.append(
                f"wrote {median['term_pages']} term pages and {median['term_feeds']} term feeds: "
                "is portal_taxonomy still enabled?"
            )
        if median and tool in OURS_FAMILY:
            missing = [
                p
                for p in PHASES
                if p not in median.get("phase_s", {})
                and not (p == "related_news" and tool == "foundation")
            ]
            if missing:
                warnings.append(f"no timing logged for {', '.join(missing)}")
        problems = sorted({p for r in runs[tool] for p in r.get("timing_problems", [])})
        warnings += [f"timings: {p}" for p in problems]
        if warnings:
            result[tool]["warning"] = "; ".join(warnings)
    result["ratios"] = ratios(result)
    if "speedup_ours" in result["ratios"]:  # schema 1 name, kept for old readers
        result["speedup"] = round(result["ratios"]["speedup_ours"], 2)
    return result


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


# --- Reporting -----------------------------------------------------------------------------------------------

COLUMNS = (
    "N",
    "tool",
    "wall s",
    "articles/s",
    "peak MB",
    "tree MB",
    "CPU s",
    "CPU util",
    "files",
    "term pages",
    "term feeds",
    "related news",
    "speed-up",
    "CPU ratio",
    "taxonomy +wall",
    "taxonomy +CPU",
)


def rows(results: list[dict]) -> list[list[str]]:
    out = []
    for res in results:
        ratio = res.get("ratios", {})
        for tool in TOOLS:
            if tool not in res:
                continue
            med = res[tool]["median"]
            if not med:
                blanks = [""] * (len(COLUMNS) - 3)
                out.append([f"{res['n']:,}", tool, "FAILED", *blanks])
                continue
            ours = tool == "ours"
            share = med.get("related_news_share")
            speedup, cpu_ratio = (
                ratio.get(f"speedup_{tool}"),
                ratio.get(f"cpu_ratio_{tool}"),
            )
            overhead, cpu_overhead = (
                ratio.get("taxonomy_overhead_pct"),
                ratio.get("taxonomy_cpu_overhead_pct"),
            )
            out.append(
                [
                    f"{res['n']:,}",
                    tool,
                    f"{med['wall_s']:.2f}",
                    f"{med['articles_per_s']:.0f}",
                    f"{med['peak_rss_mb']:.0f}",
                    f"{med['tree_rss_mb']:.0f}",
                    f"{med['cpu_s']:.2f}",
                    f"{med['cpu_util']:.2f}",
                    f"{med['files']:.0f}",
                    f"{med['term_pages']}" if ours else "",
                    f"{med['term_feeds']}" if ours else "",
                    f"{share * 100:.1f} %" if ours and share is not None else "",
                    f"{speedup:.2f}×" if speedup is not None else "",
                    f"{cpu_ratio:.2f}×" if cpu_ratio is not None else "",
                    f"{overhead:+.1f} %" if ours and overhead is not None else "",
                    f"{cpu_overhead:+.1f} %"
                    if ours and cpu_overhead is not None
                    else "",
                ]
            )
    return out


def text_table(table: list[list[str]]) -> str:
    widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(COLUMNS)]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i == 1 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join(
        [line(COLUMNS), line(["-" * w for w in widths]), *map(line, table)]
    )


def markdown_table(table: list[list[str]], machine: dict, repeats: str) -> str:
    head = "| " + " | ".join(COLUMNS) + " |"
    align = "| " + " | ".join("---" if c == "tool" else "---:" for c in COLUMNS) + " |"
    body = ["| " + " | ".join(r) + " |" for r in table]
    note = (
        f"\n{machine['date']}, {machine['cpus']} CPUs, Python {machine['python']}, "
        f"Pelican {machine['pelican']}; median of {repeats} per row."
    )
    return "\n".join([head, align, *body]) + "\n" + note


def machine_info() -> dict:
    def version(pkg: str) -> str | None:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return None

    mem = None
    if Path("/proc/meminfo").exists():
        match = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        mem = round(int(match.group(1)) / 2**20, 1) if match else None
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "mem_gb": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "markdown": version("markdown"),
        "markdown_it_py": version("markdown-it-py"),
    }


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed into place, so a crash leaves no half file (*.tmp is git-ignored).
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    tmp.replace(path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--n", type=int, nargs="+", default=[1000], help="corpus sizes (default: 1000)"
    )
    ap.add_argument(
        "--repeat",
        type=int,
        help="runs per tool and N (default: 3; the tables show medians)",
    )
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    ap.add_argument(
        "--cooldown",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="idle time before each build but the first (default: 0)",
    )
    ap.add_argument(
        "--only",
        action="append",
        metavar="TOOL[,TOOL]",
        help=f"run only these sides, out of {', '.join(TOOLS)} (repeatable, or a comma list)",
    )
    ap.add_argument(
        "--keep-output",
        action="store_true",
        help="keep the built sites under bench/out/",
    )
    ap.add_argument(
        "--ours-settings",
        type=Path,
        default=Path("publishconf.py"),
        help="settings file for our build, relative to the repository root (default: publishconf.py)",
    )
    ap.add_argument(
        "--foundation-settings",
        type=Path,
        default=FOUNDATION_SETTINGS.relative_to(REPO),
        help="settings file for the foundation build (default: %(default)s: publishconf.py without "
        "portal_taxonomy)",
    )
    ap.add_argument(
        "--ours-extra",
        nargs="+",
        metavar="KEY=JSON",
        help="settings overrides for our build and foundation, passed to pelican -e (JSON values, as pelican wants)",
    )
    ap.add_argument(
        "--ours-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="environment variable for our build and foundation (repeatable)",
    )
    ap.add_argument(
        "--documents",
        type=int,
        default=0,
        metavar="COUNT",
        help="add COUNT synthetic legal documents (content/van-ban/) to our side's sources (default: 0)",
    )
    ap.add_argument(
        "--json",
        type=Path,
        default=RESULTS,
        help="where to write the results (default: %(default)s)",
    )
    args = ap.parse_args(argv)
    if any(n < 1 for n in args.n) or (args.repeat is not None and args.repeat < 1):
        ap.error("--n and --repeat must be positive")
    for item in args.ours_env:
        if "=" not in item:
            ap.error(f"--ours-env {item!r}: expected KEY=VALUE")
        if item.split("=", 1)[0] == "PORTAL_TIMINGS":
            ap.error(
                "--ours-env PORTAL_TIMINGS: run.py sets it to a fresh file per run"
            )
    only = [t.strip() for item in args.only or [] for t in item.split(",") if t.strip()]
    if unknown := [t for t in only if t not in TOOLS]:
        ap.error(
            f"--only {', '.join(unknown)}: expected one or more of {', '.join(TOOLS)}"
        )
    args.only = [t for t in TOOLS if t in only] if only else list(TOOLS)
    return args


def from_cwd_or_repo(path: Path) -> Path:
    here = (Path.cwd() / path).resolve()
    return here if here.exists() else (REPO / path).resolve()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A relative path is taken from where the user stands if it exists there, else from the repository root
    # (so the default publishconf.py works from anywhere); the builds themselves run from the root.
    args.ours_settings = from_cwd_or_repo(args.ours_settings)
    args.foundation_settings = from_cwd_or_repo(args.foundation_settings)
    args.json = (Path.cwd() / args.json).resolve()
    os.chdir(REPO)
    # Rich wraps Pelican's log and summary lines at 80 columns when not on a terminal.
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("PORTAL_TIMINGS", None)  # set per run, for foundation and ours only
    env["PATH"] = f"{REPO / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    ours_env = {
        **env,
        # so that the foundation and --ours-settings files can `from publishconf import *`
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        # The public build leaves out articles dated after "now" (scheduled): fix "now" after
        # every corpus date, so all N articles are built, as stock Pelican builds them.
        "PORTAL_NOW": BENCH_NOW,
        **dict(item.split("=", 1) for item in args.ours_env),
    }
    envs = {"stock": env, "foundation": ours_env, "ours": ours_env}
    machine = machine_info()
    # The built sites are removed once every build is done, not between builds: on a disk
    # mounted with `discard` (this machine's ext4), a build that follows the removal of
    # hundreds of MB pays for it in system time (measured: 5.4-9.2 s of sys for our build
    # after a removal, 3.2-4.1 s without), the most for the side that removed the most.
    args.built = []
    try:
        results = [bench_n(args, n, envs) for n in args.n]
    finally:
        if not args.keep_output:
            for out in args.built:
                shutil.rmtree(out, ignore_errors=True)
    table = rows(results)
    data = {
        "schema": 2,
        "machine": machine,
        "config": {
            "n": args.n,
            "repeat": args.repeat,
            "seed": args.seed,
            "only": args.only,
            "cooldown_s": args.cooldown,
            "order": "rotating: repeat i starts with the i-th of the sides run",
            "stock_settings": str(STOCK_SETTINGS.relative_to(REPO)),
            "foundation_settings": str(args.foundation_settings),
            "ours_settings": str(args.ours_settings),
            "taxonomy_segments": list(SEGMENTS),
            "ours_extra": args.ours_extra or [],
            "ours_env": args.ours_env,
        },
        "results": results,
    }
    write_json(args.json, data)
    print(text_table(table))
    for res in results:
        for tool in TOOLS:
            info = res.get(tool, {})
            if info.get("warning"):
                print(f"warning: n={res['n']} {tool}: {info['warning']}")
            if tool in res and not info.get("ok"):
                reason = (
                    info["runs"][0].get("error_tail", "") if info.get("runs") else ""
                )
                print(f"n={res['n']} {tool} FAILED:\n{indent(reason)}")
    print("\nMarkdown for bench/README.md:\n")
    repeats = ", ".join(
        f"{r['repeat']} run{'s' if r['repeat'] > 1 else ''} at N={r['n']:,}"
        for r in results
    )
    print(markdown_table(table, machine, repeats))
    for res in results:
        ratio = res.get("ratios", {})
        if "taxonomy_overhead_paired_pct" in ratio:
            each = ", ".join(f"{p:+.1f}" for p in ratio["taxonomy_overhead_paired_each_pct"])
            print(
                f"\nN={res['n']:,}: taxonomy overhead from paired runs (median of ours/foundation, run by run): "
                f"{ratio['taxonomy_overhead_paired_pct']:+.1f} % wall ({each}), "
                f"{ratio['taxonomy_cpu_overhead_paired_pct']:+.1f} % CPU"
            )
    print(
        f"\nResults: {args.json.relative_to(REPO) if args.json.is_relative_to(REPO) else args.json}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
