"""`make devserver`: rebuild on every change, serve output/, reload the open pages.

Replaces `pelican -lr`. Three parts, one thread each:

- a watcher (watchfiles) over content/, theme/, plugins/ and the settings file; a burst of
  saves is debounced into one rebuild. It also keeps the clock: once the site changes with
  time alone (a scheduled article comes due, an article leaves the news sitemap's window,
  a legal document's status changes: portal_build.pipeline.holds_until), it rebuilds, as
  a clean build at that moment would be different; an edit applied after that moment is a
  full build too (portal_build.live.clock_passed);
- a builder that hands each batch of changes to a long-lived build worker (this script
  with `--worker-fd`), which keeps the last build in memory: an edit to articles' bodies
  is applied to it (portal_build.live: the article's page and full-text feeds, in a
  fraction of a second); anything else is a full build in the warm worker (templates are
  reloaded each build; portal_output's atomic swap keeps output/ whole); a change to
  plugins/ or a settings file starts a new worker, so the new code runs. Builds run with
  `PORTAL_LIVERELOAD=true`, which makes base.html load /__livereload.js; no other build
  (`make html`, `make publish`) carries that script. The worker's own log is
  `.cache/devserver-worker.log`;
- an HTTP server on 127.0.0.1 (ThreadingHTTPServer) serving output/, plus a Server-Sent
  Events stream at /__livereload: `reload` after a successful rebuild, `problems` (the
  problem lines, shown over the page in Vietnamese) after a failed one. A failed rebuild
  leaves output/ as it was, so the last good site stays served; its problems are printed
  to the terminal once, as `path:line: field: message`.

The terminal lines an editor reads while previewing are Vietnamese, like the overlay (the
reason a change needed a full build, from portal_build.live, stays the developers' English).
Run `python tools/devserver.py --help` for the options; `--port 0` picks a free port (the
"xem trước tại" line says which).
"""

from __future__ import annotations

import argparse
import collections
import errno
import json
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVENTS_PATH = "/__livereload"
SCRIPT_PATH = "/__livereload.js"
KEEPALIVE_SECONDS = 15.0
NO_MESSAGE = "pelican dừng mà không báo lỗi gì"


def vi_number(number: int) -> str:
    """A count as Vietnamese writes it: "1.234" (vietnamese.text.group_digits; the dev server
    process itself runs without plugins/ on its path, so it keeps this one line)."""
    return f"{number:,}".replace(",", ".")


def _seconds(value: float, digits: int) -> str:
    """Seconds as Vietnamese writes them: "0,41"."""
    return f"{value:.{digits}f}".replace(".", ",")

# The page-side client: reload on `reload`, show the problems over the page on `problems`.
# Text is set with textContent, never as HTML.
CLIENT_JS = """\
(function () {
  "use strict";
  var box = null;
  function show(lines) {
    if (!box) {
      box = document.createElement("div");
      box.id = "portal-build-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,0,0,.97);" +
        "color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "Bản dựng bị lỗi – trang đang hiển thị bản dựng thành công gần nhất";
    var p = document.createElement("p");
    p.textContent = "Sửa các lỗi dưới đây rồi lưu tệp; trang sẽ tự tải lại.";
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;color:#ffd7d7";
    pre.textContent = lines.join("\\n");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Đóng (Esc) – xem trang";
    close.style.cssText = "float:right;font:inherit;padding:.4rem .8rem;cursor:pointer";
    close.addEventListener("click", hide);
    box.appendChild(close); box.appendChild(h); box.appendChild(p); box.appendChild(pre);
    box.hidden = false;
    close.focus();
  }
  function hide() { if (box) { box.hidden = true; } }
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
  // The page's address tells the dev server which pages are open: it publishes those first.
  var source = new EventSource("/__livereload?page=" + encodeURIComponent(location.pathname));
  var server = null;  // a restarted dev server has another id: reload to see its build
  source.addEventListener("hello", function (event) {
    var id = JSON.parse(event.data).server;
    if (server !== null && server !== id) { location.reload(); }
    server = id;
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (event) { show(JSON.parse(event.data).lines); });
})();
"""


class State:
    """The last build's outcome and a counter the event streams wait on."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.version = 0  # bumped after every build
        self.ok = True
        self.problems: list[str] = []
        self.stopping = False
        self.server_id = f"{os.getpid()}-{time.time_ns()}"
        self.open_pages: collections.Counter[str] = collections.Counter()  # site paths with a page open
        self.moved: dict[str, str] = {}  # old file → new file (record_moves)

    def record_moves(self, moved: dict[str, str]) -> None:
        """Articles whose address changed in this session (a new title): their old address
        leads to the new one while nothing else is there (the page open at the old address
        reloads onto the new one). The site itself redirects only recorded addresses."""
        with self.condition:
            for old, new in moved.items():
                for key, target in list(self.moved.items()):
                    if target == old:
                        self.moved[key] = new
                self.moved[old] = new
                self.moved.pop(new, None)

    def moved_to(self, path: str) -> str | None:
        rel = urllib.parse.unquote(path).lstrip("/")
        with self.condition:
            target = self.moved.get(rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        if target is None:
            return None
        return "/" + (target[: -len("index.html")] if target.endswith("/index.html") else target)

    def opened(self, page: str, delta: int) -> None:
        with self.condition:
            self.open_pages[page] += delta
            if self.open_pages[page] <= 0:
                del self.open_pages[page]

    def open_files(self) -> list[str]:
        """Files of output/ shown in an open browser tab ("/" → index.html)."""
        with self.condition:
            pages = list(self.open_pages)
        files = []
        for page in pages:
            rel = urllib.parse.unquote(page).lstrip("/")
            if ".." in rel.split("/"):
                continue
            files.append(rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        return sorted(files)

    def publish(self, ok: bool, problems: list[str]) -> None:
        with self.condition:
            self.version += 1
            self.ok = ok
            self.problems = problems
            self.condition.notify_all()

    def stop(self) -> None:
        with self.condition:
            self.stopping = True
            self.condition.notify_all()


class Builder:
    """Builds in a long-lived worker process (`--worker-fd`, below) that keeps the last build
    in memory: an edit that portal_build.live can apply (articles' and pages' bodies,
    officials' data) is applied to that build in a fraction of a second; any other change
    runs a full build in the same warm process. A change to plugins/ or to a settings file
    restarts the worker, so that the new code runs; so does a worker that died. Prints a
    failure's problems once."""

    def __init__(self, args: argparse.Namespace, site_url: str, state: State) -> None:
        self.args = args
        self.site_url = site_url
        self.state = state
        self.last_failure: list[str] | None = None
        self.last_warnings: list[str] = []
        self.worker: subprocess.Popen[bytes] | None = None
        self.connection: Any = None
        # When the last build goes out of date by the clock alone (time.monotonic()): a
        # scheduled article comes due, an article leaves the news sitemap's window.
        self.due_at: float | None = None

    def pelican_argv(self) -> list[str]:
        a = self.args
        # One -e, last: pelican keeps only the last -e option's settings.
        return [
            str(a.content), "-o", str(a.output), "-s", str(a.settings), "--log-handler", "plain", *a.pelican_args,
            "-e", "PORTAL_LIVERELOAD=true", f"PORTAL_DEV_SITEURL={json.dumps(self.site_url)}",
            # The worker keeps its build in memory: saving it for a later `make html`
            # (portal_build.warm) would only cost time (its settings differ anyway).
            "PORTAL_BUILD_MODEL=false",
        ]

    def needs_new_worker(self, changed: set[str]) -> bool:
        """Code changed: plugins/, or a settings file (Python at the project's top)."""
        plugins = str(self.args.root / "plugins") + os.sep
        return any(p.startswith(plugins) or (p.endswith(".py") and os.path.dirname(p) == str(self.args.root))
                   or p == str(self.args.settings) for p in changed)

    def start_worker(self) -> None:
        import socket
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        log_path = self.args.root / ".cache" / "devserver-worker.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="200", TERM="dumb")
        with open(log_path, "wb") as log:
            self.worker = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--worker-fd", str(theirs.fileno()), "--",
                 *self.pelican_argv()],
                cwd=self.args.root, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                pass_fds=[theirs.fileno()],
            )
        theirs.close()
        self.connection = Connection(ours.detach())

    def stop_worker(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.worker is not None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()
            self.worker = None

    def ask(self, changed: list[str]) -> dict[str, Any]:
        """One build in the worker (started if needed); a worker that dies is started again
        once and asked for a full build."""
        for attempt in range(2):
            if self.worker is None or self.worker.poll() is not None:
                self.stop_worker()
                self.start_worker()
                changed = []  # a new worker has nothing in memory
            try:
                self.connection.send({"changed": changed, "open": self.state.open_files()})
                return self.connection.recv()
            except (EOFError, OSError):
                self.stop_worker()
                if attempt:
                    break
        log = self.args.root / ".cache" / "devserver-worker.log"
        return {"ok": False, "lines": problem_lines("", log.read_text(encoding="utf-8", errors="replace")
                                                    if log.is_file() else "", self.args.root)}

    def wait_for_rest(self, started: float) -> None:
        """The worker publishes the pages not open in a browser after it answered: wait
        for that (the next change waits for it anyway)."""
        try:
            done = self.connection.recv()
        except (EOFError, OSError):
            self.stop_worker()
            return
        if done.get("ok"):
            print(f"devserver: mọi tệp đã cập nhật (thêm {vi_number(done.get('files', 0))} tệp) "
                  f"{_seconds(time.monotonic() - started, 2)} giây sau thay đổi", flush=True)
        else:  # the worker forgot its build: the next change builds in full
            print("devserver: các trang khác chưa được cập nhật; lần thay đổi tới sẽ dựng lại toàn bộ", flush=True)

    def build(self, reason: str = "", changed: set[str] | None = None) -> bool:
        started = time.monotonic()
        self.due_at = None  # a build that fails waits for the next save
        if changed and self.needs_new_worker(changed):
            self.stop_worker()
        result = self.ask(sorted(changed or ()))
        seconds = time.monotonic() - started
        if result.get("ok"):
            self.last_failure = None
            if result.get("due_in") is not None:  # counted from the reply; one second past it, so the new build is too
                self.due_at = time.monotonic() + max(float(result["due_in"]), 0.0) + 1.0
            self.state.record_moves(result.get("moved") or {})
            if result.get("mode") == "live":
                files = result.get("files", 0)
                follows = "; các trang khác cập nhật tiếp sau" if result.get("rest") else ""
                print(f"devserver: đã cập nhật {vi_number(files)} tệp{reason} trong {_seconds(seconds, 2)} giây{follows}",
                      flush=True)
                for line in result.get("notices") or []:
                    print(line, file=sys.stderr, flush=True)
            else:
                print(f"devserver: đã dựng lại toàn bộ{reason} trong {_seconds(seconds, 1)} giây"
                      + (f" ({result['why_full']})" if result.get("why_full") else ""), flush=True)
                warnings = list(result.get("warnings", []))
                if warnings != self.last_warnings:  # the same warnings are not repeated each save
                    for line in warnings:
                        print(line, file=sys.stderr, flush=True)
                self.last_warnings = warnings
            self.state.publish(True, [])
            if result.get("rest"):
                self.wait_for_rest(started)
            return True
        lines = list(result.get("lines") or [NO_MESSAGE])
        if lines == self.last_failure:
            print(f"devserver: vẫn lỗi{reason} (như {vi_number(len(lines))} dòng ở trên)", flush=True)
        else:
            print(f"devserver: dựng trang không thành công{reason}; vẫn hiển thị bản dựng thành công gần nhất", flush=True)
            for line in lines:
                print(line, file=sys.stderr, flush=True)
        self.last_failure = lines
        self.state.publish(False, lines)
        return False


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(f"{record.levelname}: {record.getMessage()}")
        except Exception:  # noqa: BLE001 - a message that cannot be formatted
            self.lines.append(f"{record.levelname}: {record.msg}")


def worker_main(fd: int, argv: list[str]) -> int:
    """The build worker: builds on request and keeps the last build in memory (see Builder)."""
    from multiprocessing.connection import Connection

    from pelican import LOG_HANDLERS, parse_arguments
    from pelican.log import init as init_logging

    connection = Connection(fd)
    args = parse_arguments(argv)
    init_logging(level=args.verbosity, fatal=args.fatal, name="pelican", handler=LOG_HANDLERS[args.log_handler],
                 logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return 0
        _pause_search()
        result = handle_request(request, args)
        rest = result.pop("rest", None)
        result["rest"] = rest is not None
        if result.get("ok"):
            result["due_in"] = _due_in()
        connection.send(result)
        if rest is not None:  # the open pages are published: now everything else
            connection.send(_finish(rest))
        if result.get("mode") == "live":
            import gc

            _refresh_search(args.output)  # after the reload: the edit is shown first, searchable a moment later
            gc.collect()  # while idle: what the edit left (the build itself is frozen, not scanned)
        else:
            _resume_search()  # a full build indexed the site itself, or the edit failed
        if result.get("ok") and result.get("mode") == "full":
            _prepare_live()


def _due_in() -> float | None:
    """Seconds until the build in memory goes out of date by the clock (portal_build.live)."""
    try:
        from portal_build import live

        return live.seconds_until_stale()
    except Exception:  # noqa: BLE001 - without it the site is only rebuilt on the next save
        return None


def _finish(rest: Any) -> dict[str, Any]:
    """The rest of an edit applied in memory (files not open in a browser); a failure here
    makes the next change a full build (portal_build.live forgets the build)."""
    import traceback

    try:
        done = rest()
    except Exception:  # noqa: BLE001 - shown in the worker's log; the next change builds in full
        traceback.print_exc()
        return {"ok": False}
    return {"ok": True, "files": len(done.files), "seconds": done.seconds}


_refresher: Any = None


def _refresh_search(output: str) -> None:
    """The search index of output/ after an edit applied in place (a full build indexes by
    itself), in a background thread: the next edit is not kept waiting for it."""
    global _refresher
    import traceback

    try:
        import portal_search
        from portal_build import pipeline

        if _refresher is None or _refresher.folder != str(output):
            _refresher = portal_search.Refresher(str(output), pipeline.search_documents, on_done=_search_refreshed)
        _refresher.request()
    except Exception:  # noqa: BLE001 - search shows the previous index until the next edit
        traceback.print_exc()


def _search_refreshed(seconds: float) -> None:
    print(f"devserver: đã cập nhật chỉ mục tìm kiếm ({_seconds(seconds, 1)} giây)", flush=True)


def _pause_search() -> None:
    """An edit arrives: a refresh of the search index that is running stops, and none
    starts until the edit and the rest of the site are written (it would compete with them)."""
    if _refresher is not None:
        _refresher.hold()


def _resume_search() -> None:
    if _refresher is not None:
        _refresher.release()


def _prepare_live() -> None:
    """While the worker waits for the next change: what the next edit applied in memory
    would otherwise compute first (portal_build.live.prepare)."""
    import traceback

    try:
        from portal_build import live

        live.prepare()
    except Exception:  # noqa: BLE001 - the next edit computes it, or builds in full
        traceback.print_exc()


def _summary(problems: list[Any]) -> list[str]:
    """The build's own last line for these problems ("Dựng trang không thành công: 1 lỗi trong 1 tệp; …")."""
    import io

    from portal_diagnostics.problems import ProblemCollector

    buffer = io.StringIO()
    ProblemCollector(problems=list(problems)).report(buffer)
    return buffer.getvalue().splitlines()[-1:]


def handle_request(request: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    import traceback

    from pelican import get_instance

    changed = list(request.get("changed") or [])
    why_full = ""
    if changed:
        try:
            from portal_build import live
        except ImportError:  # before the first build the plugins are not importable yet
            live = None  # type: ignore[assignment]
        if live is not None:
            try:
                applied = live.apply(changed, first=request.get("open") or [])
                return {"ok": True, "mode": "live", "files": len(applied.files), "seconds": applied.seconds,
                        "rest": applied.rest, "moved": applied.moved, "notices": applied.notices}
            except live.FullBuildNeeded as exc:
                why_full = str(exc)
            except live.ContentFailure as exc:
                return {"ok": False, "lines": [*exc.lines, *_summary(exc.problems)]}
            except Exception:  # noqa: BLE001 - the full build below shows what is wrong
                traceback.print_exc()
                why_full = "cập nhật nhanh gặp lỗi"
    recorder = _Warnings()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        pelican, _settings = get_instance(argparse.Namespace(**vars(args)))
        pelican.run()
        return {"ok": True, "mode": "full", "warnings": recorder.lines, "why_full": why_full}
    except SystemExit as exc:  # portal_diagnostics' BuildFailed (printed to the worker's log)
        problems = list(getattr(exc, "problems", []))
        fault = str(getattr(exc, "fault", "") or "")
        if problems:
            lines = [str(p) for p in sorted(set(problems))] + _summary(problems)
        else:
            lines = [fault] if fault else ["dựng trang không thành công"]
        return {"ok": False, "lines": lines}
    except Exception:  # noqa: BLE001 - a template or plugin error: shown as path:line: error
        text = traceback.format_exc()
        print(text, file=sys.stderr, flush=True)
        return {"ok": False, "lines": problem_lines("", text, ROOT)}
    finally:
        root.removeHandler(recorder)


_FRAME = re.compile(r'^  File "(?P<path>[^"]+)", line (?P<line>\d+)')


def problem_lines(stdout: str, stderr: str, root: Path = ROOT) -> list[str]:
    """What to show for a failed build: the problem lines pelican printed.

    Content problems are already `path:line: field: message`. A crash (a template or plugin
    error) comes with a traceback: it is shortened to `path:line: error`, naming the
    deepest frame outside the installed packages (the template or the plugin), so the
    terminal and the page point at the line to fix instead of forty lines of Pelican.
    """
    lines = [line.rstrip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        lines = [line.rstrip() for line in stdout.splitlines() if line.strip()]
    if "Traceback (most recent call last):" in lines:
        start = lines.index("Traceback (most recent call last):")
        frames = [m for m in (_FRAME.match(line) for line in lines[start:]) if m]
        ours = [m for m in frames if "site-packages" not in m["path"] and "/lib/python" not in m["path"]]
        error = lines[start - 1] if start else lines[-1]
        where = ""
        if ours:
            path = ours[-1]["path"]
            shown = os.path.relpath(path, root) if not os.path.relpath(path, root).startswith("..") else path
            where = f"{shown}:{ours[-1]['line']}: "
        lines = [*lines[: max(start - 1, 0)], f"{where}{error}"]
    return lines or [NO_MESSAGE]


def watch_changes(paths: list[Path], stop: threading.Event, debounce_ms: int, poll: bool,
                  due: Callable[[], float | None] | None = None) -> Iterator[set[str]]:
    """Batches of changed paths; a burst of saves within `debounce_ms` is one batch. An
    empty batch once the time `due()` gives (time.monotonic()) has come: the site changes
    with the clock then.

    Folders are watched recursively. A single file (the settings) is watched through its
    folder, not recursively, filtered to that file: editors that save by writing a new file
    and renaming it over the old one would otherwise leave a watch on a deleted file.
    """
    from watchfiles import DefaultFilter, watch

    folders = [str(p) for p in paths if p.is_dir()]
    files = {str(p) for p in paths if p.is_file()}
    batches: queue.Queue[set[str]] = queue.Queue()
    default = DefaultFilter()

    def only_files(change: Any, path: str) -> bool:
        return path in files

    def run(targets: list[str], recursive: bool, watch_filter: Any) -> None:
        for changes in watch(*targets, watch_filter=watch_filter, debounce=debounce_ms, step=50, stop_event=stop,
                             force_polling=poll or None, recursive=recursive):
            batches.put({path for _change, path in changes})

    groups = [(folders, True, default), (sorted({os.path.dirname(f) for f in files}), False, only_files)]
    for targets, recursive, watch_filter in groups:
        if targets:
            threading.Thread(target=run, args=(targets, recursive, watch_filter), daemon=True).start()
    while not stop.is_set():
        try:
            batch = batches.get(timeout=0.2)
        except queue.Empty:
            at = due() if due is not None else None
            if at is not None and time.monotonic() >= at:
                yield set()
            continue
        # Saves seen by both watchers, or during a rebuild, make one batch.
        while not batches.empty():
            batch |= batches.get_nowait()
        yield batch


class Handler(SimpleHTTPRequestHandler):
    """Serves output/, the event stream and the client script; HTML is never cached."""

    state: State  # set on the subclass made by serve()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # one line per request would bury the build messages

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == EVENTS_PATH:
            self._events()
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", CLIENT_JS.encode())
        else:
            # portal_output exchanges output/ in one step; where it cannot (two renames),
            # a request that lands between them finds no folder for a moment: ask again.
            if not Path(self.directory).is_dir():
                time.sleep(0.2)
            target = self.state.moved_to(path)
            if target is not None and not (Path(self.directory) / urllib.parse.unquote(path).lstrip("/")).exists():
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not Path(self.directory).is_dir():
                body = "<!DOCTYPE html><html lang=vi><meta charset=utf-8><title>Đang dựng</title>" \
                       "<p>Chưa có bản dựng nào thành công. Xem lỗi ở cửa sổ dòng lệnh." \
                       f'<script src="{SCRIPT_PATH}"></script>'
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", body.encode())
                return
            super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.read_bytes())
            return
        super().send_error(code, message, explain)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        page = (query.get("page") or [""])[0][:2000]
        if page:
            self.state.opened(page, 1)
        try:
            self._stream_events()
        finally:
            if page:
                self.state.opened(page, -1)

    def _stream_events(self) -> None:
        state = self.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        with state.condition:
            seen = state.version
            ok, problems = state.ok, list(state.problems)
        try:
            self._event("hello", {"version": seen, "server": state.server_id})
            if not ok:  # a page opened while the build is broken shows why at once
                self._event("problems", {"lines": problems})
            while True:
                with state.condition:
                    state.condition.wait_for(lambda v=seen: state.version != v or state.stopping, KEEPALIVE_SECONDS)
                    if state.stopping:
                        return
                    changed = state.version != seen
                    seen = state.version
                    ok, problems = state.ok, list(state.problems)
                if not changed:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                elif ok:
                    self._event("reload", {"version": seen})
                else:
                    self._event("problems", {"lines": problems})
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, name: str, data: dict[str, object]) -> None:
        self.wfile.write(f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
        self.wfile.flush()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (where paths are relative to)")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--watch", type=Path, action="append",
                        help="paths to watch (default: the content folder, theme/, plugins/, the settings file)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--debounce-ms", type=int, default=300)
    parser.add_argument("--poll", action="store_true", help="poll for changes (network drives, containers)")
    parser.add_argument("pelican_args", nargs="*", help="passed on to pelican (after --)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    args.root = root
    args.content, args.output, args.settings = (root / p for p in (args.content, args.output, args.settings))
    args.watch = [root / p for p in args.watch] if args.watch else [
        args.content, root / "theme", root / "plugins", args.settings,
    ]
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker-fd"]:
        rest = argv[3:] if argv[2:3] == ["--"] else argv[2:]
        return worker_main(int(argv[1]), rest)
    args = parse_args(argv)
    state = State()
    handler = type("PortalHandler", (Handler,), {"state": state})
    try:
        server = ThreadingHTTPServer((args.bind, args.port), partial(handler, directory=str(args.output)))
    except OSError as exc:
        hint = (f"một chương trình khác đang dùng cổng {args.port}: hãy tắt chương trình đó, hoặc chọn cổng khác: "
                f"make devserver PORT={args.port + 1}")
        print(f"devserver: không mở được cổng {args.bind}:{args.port} ({exc.strerror}); "
              f"{hint if exc.errno == errno.EADDRINUSE else 'kiểm tra --bind và PORT'}", file=sys.stderr)
        return 2
    server.daemon_threads = True
    host, port = server.server_address[:2]
    site_url = f"http://{host}:{port}"
    builder = Builder(args, site_url, state)
    stop = threading.Event()

    def shut_down(*_args: object) -> None:
        stop.set()
        state.stop()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, shut_down)
    signal.signal(signal.SIGTERM, shut_down)

    def rebuild_on_changes() -> None:
        for changed in watch_changes(args.watch, stop, args.debounce_ms, args.poll, lambda: builder.due_at):
            if not changed:
                builder.build(" vì đã đến giờ (bài hẹn giờ đến giờ đăng, hoặc danh sách tin mới đổi theo giờ)")
                continue
            # Editors' temporary files (saved, then renamed away) are not worth naming.
            names = sorted(os.path.relpath(p, args.root) for p in changed if os.path.exists(p)) or sorted(
                os.path.relpath(p, args.root) for p in changed
            )
            shown = ", ".join(names[:3]) + (f" và {vi_number(len(names) - 3)} tệp khác" if len(names) > 3 else "")
            builder.build(f" sau thay đổi ở {shown}", changed)

    # The watcher starts first: it is set up while the first build runs, so an edit saved
    # right after "serving on" is seen (and one saved during the first build rebuilds).
    watcher = threading.Thread(target=rebuild_on_changes, name="watcher", daemon=True)
    watcher.start()
    builder.build()
    print(f"devserver: xem trước tại {site_url}/ (Ctrl+C để dừng)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        state.stop()
        server.server_close()
        watcher.join(timeout=5)
        builder.stop_worker()
    print("devserver: đã dừng", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
