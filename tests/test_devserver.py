"""The dev server (tools/devserver.py), driven as an editor would: open a page, keep the
reload stream open, save an edit, save a mistake, fix nothing, stop the server."""

from __future__ import annotations

import http.client
import json
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, article, write_site

TIMEOUT = 60  # seconds for the whole scenario's slowest step (a rebuild on a busy machine)
PAGE = "/2023/06/bai-thu-nghiem.html"


class DevServer:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait_line("xem trước tại").split("127.0.0.1:")[1].split("/")[0])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def wait_line(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.output)
                continue
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in:\n" + "\n".join(self.output))

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        return response.status, body


class EventStream:
    """The page's side of /__livereload: events as (name, data) in a queue."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.connection.request("GET", "/__livereload")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        self.events: queue.Queue[tuple[str, dict[str, object]]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line[len("event: "):]
                elif line.startswith("data: "):
                    self.events.put((name, json.loads(line[len("data: "):])))
        except (OSError, ValueError):
            return

    def next(self) -> tuple[str, dict[str, object]]:
        return self.events.get(timeout=TIMEOUT)

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def devserver(tmp_path: Path) -> Iterator[tuple[DevServer, Path]]:
    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài thử nghiệm", body="Nội dung đầu tiên.\n")})
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tools/devserver.py"), "--root", str(tmp_path), "--content", "content",
         "--output", "output", "--settings", str(ROOT / "pelicanconf.py"), "--watch", "content",
         "--port", "0", "--debounce-ms", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    try:
        yield DevServer(process), content
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_dev_server_rebuilds_after_an_edit_signals_reload_and_survives_a_bad_edit(devserver) -> None:  # type: ignore[no-untyped-def]
    server, content = devserver
    status, page = server.get(PAGE)
    assert status == 200
    assert "Nội dung đầu tiên." in page
    assert '<script src="/__livereload.js" defer></script>' in page  # dev-server builds only
    script = server.get("/__livereload.js")[1]
    assert "EventSource" in script
    # The problems overlay can be dismissed (button or Escape) to look at the last good page.
    assert '"Đóng (Esc) – xem trang"' in script and 'event.key === "Escape"' in script

    stream = EventStream(server.port)
    assert stream.next()[0] == "hello"

    source = content / "articles/2023/a.md"
    source.write_text(article("Bài thử nghiệm", body="Nội dung đã sửa.\n"), encoding="utf-8")
    name, _data = stream.next()
    assert name == "reload"
    assert "Nội dung đã sửa." in server.get(PAGE)[1]
    # Only the body changed: applied to the build in memory (portal_build.live).
    assert server.wait_line("devserver: đã cập nhật").startswith("devserver: đã cập nhật 4 tệp sau thay đổi ở")

    # A title is front matter: applied in memory too (a new address, listings re-planned).
    source.write_text(article("Bài thử nghiệm đổi tên", body="Nội dung đã sửa.\n"), encoding="utf-8")
    assert stream.next()[0] == "reload"
    line = server.wait_line("devserver: đã cập nhật")
    assert "sau thay đổi ở content/articles/2023/a.md" in line, line
    assert server.get("/2023/06/bai-thu-nghiem-doi-ten.html")[0] == 200
    # The page open at the old address reloads onto the new one (the dev server redirects it).
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", PAGE)
    response = connection.getresponse()
    assert (response.status, response.getheader("Location")) == (302, "/2023/06/bai-thu-nghiem-doi-ten.html")
    connection.close()
    source.write_text(article("Bài thử nghiệm", body="Nội dung đã sửa.\n"), encoding="utf-8")
    assert stream.next()[0] == "reload"

    source.write_text(article("Bài thử nghiệm", category="tin-tong-hp", body="Bản lỗi.\n"), encoding="utf-8")
    name, data = stream.next()
    assert name == "problems"
    problem = (
        "content/articles/2023/a.md:4: category: không có chuyên mục này (đang ghi 'tin-tong-hp', cần một khóa "
        "trong danh bạ content/data/categories.yaml). Có phải ý bạn là 'tin-tong-hop'?"
    )
    assert problem in data["lines"]  # type: ignore[operator]
    status, page = server.get(PAGE)
    assert status == 200 and "Nội dung đã sửa." in page  # the last good output is still served
    server.wait_line("Dựng trang không thành công: 1 lỗi trong 1 tệp; chưa đăng gì (bản dựng trước vẫn giữ nguyên).")
    assert server.output.count(problem) == 1  # printed to the terminal once

    # A page opened while the build is broken learns why at once.
    late = EventStream(server.port)
    assert late.next()[0] == "hello"
    assert late.next()[0] == "problems"
    late.close()
    stream.close()

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=15) == 0
    server.wait_line("devserver: đã dừng")


def test_a_template_crash_is_shown_as_the_template_line_not_a_traceback() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from devserver import problem_lines

    stderr = (
        "TemplateSyntaxError: unexpected 'end of print statement'\n"
        "Traceback (most recent call last):\n"
        '  File "/x/.venv/lib/python3.11/site-packages/pelican/__init__.py", line 679, in main\n'
        "    pelican.run()\n"
        '  File "/site/theme/templates/article.html", line 22, in template\n'
        "    {% block content %}{{ 1 +  }}\n"
        "jinja2.exceptions.TemplateSyntaxError: unexpected 'end of print statement'\n"
    )
    assert problem_lines("", stderr, Path("/site")) == [
        "theme/templates/article.html:22: TemplateSyntaxError: unexpected 'end of print statement'"
    ]


def test_a_port_in_use_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    import socket

    content = write_site(tmp_path, {"articles/2023/a.md": article("Bài một")})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "tools/devserver.py"), "--content", str(content), "--output",
             str(tmp_path / "output"), "--port", str(port)],
            capture_output=True, text=True, timeout=60, cwd=tmp_path,
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"devserver: không mở được cổng 127.0.0.1:{port} (Address already in use); một chương trình khác đang "
        f"dùng cổng {port}: hãy tắt chương trình đó, hoặc chọn cổng khác: make devserver PORT={port + 1}\n"
    )


def test_code_and_settings_changes_start_a_new_build_worker_content_and_templates_do_not(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from devserver import Builder, State, parse_args

    args = parse_args(["--root", str(tmp_path), "--settings", "pelicanconf.py"])
    builder = Builder(args, "http://127.0.0.1:8000", State())
    root = str(tmp_path)
    assert builder.needs_new_worker({f"{root}/plugins/portal_site/feeds.py"})
    assert builder.needs_new_worker({f"{root}/pelicanconf.py"})
    assert builder.needs_new_worker({f"{root}/publishconf.py"})  # imports pelicanconf.py
    assert not builder.needs_new_worker({f"{root}/content/articles/2024/a.md", f"{root}/content/data/topics.yaml"})
    assert not builder.needs_new_worker({f"{root}/theme/templates/article.html"})  # reloaded by every build


def test_open_pages_are_known_as_output_files() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from devserver import State

    state = State()
    for page in ("/", "/chuyen-muc/tin-tong-hop/", "/2023/06/bai-thu-nghiem.html", "/tu-khoa/m%E1%BB%99t/", "/../etc/passwd"):
        state.opened(page, 1)
    state.opened("/2023/06/bai-thu-nghiem.html", 1)  # two tabs
    state.opened("/2023/06/bai-thu-nghiem.html", -1)
    assert state.open_files() == [
        "2023/06/bai-thu-nghiem.html", "chuyen-muc/tin-tong-hop/index.html", "index.html", "tu-khoa/một/index.html",
    ]
    state.opened("/2023/06/bai-thu-nghiem.html", -1)
    assert "2023/06/bai-thu-nghiem.html" not in state.open_files()


def test_a_retitled_articles_old_address_leads_to_its_newest_one() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from devserver import State

    state = State()
    state.record_moves({"2023/06/a.html": "2023/06/b.html"})
    state.record_moves({"2023/06/b.html": "2023/06/c.html"})
    assert state.moved_to("/2023/06/a.html") == "/2023/06/c.html"
    assert state.moved_to("/2023/06/b.html") == "/2023/06/c.html"
    state.record_moves({"2023/06/c.html": "2023/06/a.html"})  # back to the first title
    assert state.moved_to("/2023/06/a.html") is None
    assert state.moved_to("/2023/06/c.html") == "/2023/06/a.html"
    state.record_moves({"chuyen-muc/x/index.html": "chuyen-muc/y/index.html"})
    assert state.moved_to("/chuyen-muc/x/") == "/chuyen-muc/y/"


def test_the_dev_server_rebuilds_by_itself_when_a_scheduled_article_comes_due(tmp_path: Path) -> None:
    """Left running, the dev server shows what a clean build would at each moment: a
    scheduled article appears on the home page, without its banner, once its time comes."""
    import os
    from datetime import datetime, timedelta

    from vietnamese.clock import VN_TZ

    due = (datetime.now(VN_TZ) + timedelta(seconds=20)).replace(microsecond=0)  # as the front matter has it
    write_site(tmp_path, {
        "articles/2023/a.md": article("Bài thử nghiệm", body="Nội dung đầu tiên.\n"),
        "articles/2026/hen.md": article("Bài hẹn giờ sắp đăng", date=f"{due:%Y-%m-%d %H:%M:%S}"),
    })
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_NOW"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tools/devserver.py"), "--root", str(tmp_path), "--content", "content",
         "--output", "output", "--settings", str(ROOT / "pelicanconf.py"), "--watch", "content",
         "--port", "0", "--debounce-ms", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path, env=env,
    )
    try:
        server = DevServer(process)
        page = f"/{due:%Y/%m}/bai-hen-gio-sap-dang.html"
        assert datetime.now(VN_TZ) < due, "the first build took too long for this test"
        assert "Hẹn giờ đăng" in server.get(page)[1]
        assert "Bài hẹn giờ sắp đăng" not in server.get("/")[1]
        stream = EventStream(server.port)
        assert stream.next()[0] == "hello"
        line = server.wait_line("vì đã đến giờ")
        assert datetime.now(VN_TZ) >= due
        assert line.startswith("devserver: đã dựng lại toàn bộ vì đã đến giờ"), line
        assert stream.next()[0] == "reload"  # the open pages reload
        assert "Bài hẹn giờ sắp đăng" in server.get("/")[1]
        assert "Hẹn giờ đăng" not in server.get(page)[1]
        stream.close()
    finally:
        process.kill()
        process.wait(timeout=10)
