"""A headless Chromium driven over the DevTools protocol: open a page, type, press keys,
read the page. Just what the browser tests need, on Debian's chromium package (installed by
tools/install-browser.sh) and websocket-client; no driver binary, no download."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from typing import Any

import websocket

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


# What Chromium answers an evaluation whose page was replaced meanwhile by a navigation.
NAVIGATED = ("Inspected target navigated or closed", "Execution context was destroyed", "Cannot find context")


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, width: int = 390, height: int = 844) -> None:
        if not CHROMIUM:
            raise BrowserError("Chromium is not installed: run tools/install-browser.sh (make test does)")
        self.profile = tempfile.mkdtemp(prefix="portal-chromium-")
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        address = None
        started = time.monotonic()
        assert self.process.stderr is not None
        while address is None and time.monotonic() - started < 30:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            address = found.group(1) if found else None
        if address is None:
            self.close()
            raise BrowserError("Chromium did not start")
        self.socket = websocket.create_connection(address, timeout=60)
        self.ids = itertools.count(1)
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)

    def send(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == number:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        """The value of `expression` once it is truthy (polled)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except BrowserError as exc:
                # Asked while the page navigates (a form sent, a link followed): the page it
                # was asked of is gone; ask the next one.
                if not any(gone in str(exc) for gone in NAVIGATED) or time.monotonic() > deadline:
                    raise
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression}")
            time.sleep(0.05)

    def goto(self, url: str, script: bool = True) -> None:
        self.send("Emulation.setScriptExecutionDisabled", session=True, value=not script)
        self.mark_page()
        self.send("Page.navigate", session=True, url=url)
        self.wait_for_new_page()

    def mark_page(self) -> None:
        """Remember the page shown now, so that wait_for_new_page knows when another one is."""
        self.send("Runtime.evaluate", session=True, expression="document.documentElement.dataset.seen = '1'")

    def wait_for_new_page(self, timeout: float = 30) -> None:
        self.wait_for("document.readyState === 'complete' && document.documentElement.dataset.seen !== '1'", timeout)

    def type(self, text: str) -> None:
        self.send("Input.insertText", session=True, text=text)

    def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", session=True, type=kind, key="Enter", code="Enter",
                      windowsVirtualKeyCode=13, nativeVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")

    def close(self) -> None:
        try:
            if getattr(self, "socket", None) is not None:
                self.socket.close()
        finally:
            self.process.kill()
            self.process.wait(timeout=30)
            shutil.rmtree(self.profile, ignore_errors=True)
