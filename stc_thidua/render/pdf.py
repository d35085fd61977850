"""PDF from the HTML of a document: weasyprint when installed (the `pdf` extra), else Chromium.

Chromium takes most of a second to start. A report knows it will print before it reads its
figures, so `start_printer` launches a headless Chromium at once, and the page is handed to
it when ready, over the DevTools protocol on a pair of pipes (`--remote-debugging-pipe`, the
way Playwright and Puppeteer drive it): no port is opened, nothing is served, and the
browser's start overlaps the database work on the other core. When that fails (an old or odd
browser), the page is printed the plain way, `chromium --headless --print-to-pdf`.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from stc_thidua.errors import OutputError, os_reason

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "Chưa có công cụ in PDF: hãy cài “pip install 'stc-thidua[pdf]'” (weasyprint) "
    "hoặc trình duyệt Chromium (vd. “apt install chromium”), hoặc in từ bản HTML."
)
TIMEOUT = 120.0  # seconds for a whole print, the plain way included
HANDSHAKE = 20.0  # seconds for a started browser to answer at all (it takes under one)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-breakpad",
    "--mute-audio",
)


def find_browser() -> str | None:
    """A Chromium-family browser on this machine ($THIDUA_CHROMIUM first), or None."""
    chosen = os.environ.get("THIDUA_CHROMIUM", "").strip()
    if chosen:
        return shutil.which(chosen)  # a name on PATH, or a path to an executable file
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _has_weasyprint() -> bool:
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None


def _weasyprint(html: str) -> bytes | None:
    try:
        import weasyprint
    except ImportError:
        return None
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


PIPES = os.name == "posix" and hasattr(os, "posix_spawnp")  # Windows prints the plain way


class _Failed(Exception):
    """The DevTools conversation went wrong (the plain way is tried next)."""


class Printer:
    """A headless Chromium, started now, that prints one page to PDF when asked."""

    def __init__(self, browser: str) -> None:
        self.browser = browser
        self.pid: int | None = None
        self._to_child = self._from_child = -1
        self._buffer = b""
        self._last_id = 0
        self._events: list[dict[str, Any]] = []
        self.folder = Path(tempfile.mkdtemp(prefix="thidua-pdf-"))
        atexit.register(self.close)  # first: whatever stops us, nothing is left behind
        import fcntl

        # our ends of the two pipes, and the child's (moved above 10, so that putting them
        # at 3 and 4 in the child can never overwrite one with the other)
        child_in, self._to_child = os.pipe()
        self._from_child, child_out = os.pipe()
        high_in = fcntl.fcntl(child_in, fcntl.F_DUPFD_CLOEXEC, 10)
        high_out = fcntl.fcntl(child_out, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(child_in)
        os.close(child_out)
        os.set_blocking(self._from_child, False)
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={self.folder / 'profile'}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        try:
            self.pid = os.posix_spawnp(
                browser,
                command,
                dict(os.environ),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_DUP2, high_in, 3),
                    (os.POSIX_SPAWN_DUP2, high_out, 4),
                ],
                setsid=True,
            )
        except OSError:
            self.pid = None
        finally:
            os.close(high_in)
            os.close(high_out)

    # --- the protocol: JSON messages ended by a NUL byte, both ways --------------------------

    def _send(self, method: str, params: dict[str, Any] | None = None, **extra: Any) -> int:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params or {}, **extra}
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_child, data) :]
        except OSError as exc:
            raise _Failed(str(exc)) from None
        return self._last_id

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise _Failed("trình duyệt đã đóng")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _call(
        self, method: str, params: dict[str, Any] | None, deadline: float, **extra: Any
    ) -> dict[str, Any]:
        wanted = self._send(method, params, **extra)
        while True:
            message = self._read(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise _Failed(str(message["error"].get("message", message["error"])))
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def _event(self, method: str, session: str, deadline: float) -> None:
        for message in self._events:
            if message.get("method") == method and message.get("sessionId") == session:
                return
        while True:
            message = self._read(deadline)
            if message.get("method") == method and message.get("sessionId") == session:
                return

    def print_pdf(self, html: str) -> bytes:
        """The page printed to PDF (A4 and margins from its CSS), then the browser closed."""
        if self.pid is None:
            raise _Failed("không chạy được trình duyệt")
        page = self.folder / "page.html"
        page.write_text(html, encoding="utf-8")
        start = time.monotonic()
        deadline = start + TIMEOUT
        try:
            try:
                target = self._call(
                    "Target.createTarget", {"url": "about:blank"}, start + min(HANDSHAKE, TIMEOUT)
                )
            except TimeoutError:  # not a browser that speaks DevTools on the pipe
                raise _Failed("trình duyệt không trả lời") from None
            attached = self._call(
                "Target.attachToTarget",
                {"targetId": target["targetId"], "flatten": True},
                deadline,
            )
            session = attached["sessionId"]
            self._call("Page.enable", None, deadline, sessionId=session)
            self._call("Page.navigate", {"url": page.as_uri()}, deadline, sessionId=session)
            self._event("Page.loadEventFired", session, deadline)
            printed = self._call(
                "Page.printToPDF",
                {
                    "printBackground": True,
                    "preferCSSPageSize": True,
                    "displayHeaderFooter": False,
                    "generateDocumentOutline": False,
                },
                deadline,
                sessionId=session,
            )
            return _checked(base64.b64decode(printed["data"]), self.browser)
        except TimeoutError:
            raise OutputError(
                f"Không in được PDF bằng {self.browser}: quá {int(TIMEOUT)} giây."
            ) from None
        except (KeyError, ValueError, TypeError) as exc:
            raise _Failed(str(exc)) from None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the browser and remove its profile; safe to call twice.

        The profile is thrown away, so nothing is gained by a polite shutdown: the browser
        and its helpers (renderer, crash handler), all in its own process group, are killed.
        """
        if self.pid is not None:
            pid, self.pid = self.pid, None
            with contextlib.suppress(OSError):
                os.killpg(pid, 9)
            _reaped(pid, within=3.0)
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to_child = self._from_child = -1
        for _ in range(50):  # a helper may still be writing in the profile as it dies
            shutil.rmtree(self.folder, ignore_errors=True)
            if not self.folder.exists():
                break
            time.sleep(0.01)


def _reaped(pid: int, within: float) -> bool:
    """Wait up to `within` seconds for the child `pid` to end; whether it did."""
    deadline = time.monotonic() + within
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True
        if done:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


_started: list[Printer] = []  # the printer `start_printer` launched ahead, if any


def start_printer() -> None:
    """Launch the browser now, if a PDF will be printed with it (see the module's note)."""
    if _started or not PIPES or _has_weasyprint():
        return
    browser = find_browser()
    if browser is not None:
        _started.append(Printer(browser))


def _checked(data: bytes, browser: str) -> bytes:
    """`data` if it is a PDF; else the browser is said to have failed."""
    if not data.startswith(b"%PDF-"):
        raise OutputError(f"Không in được PDF bằng {browser}: tệp nhận được không phải PDF.")
    return data


def _chromium(browser: str, html: str, timeout: float = TIMEOUT) -> bytes:
    """The plain way: one browser run that loads the page from a file and prints it."""
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as folder:
        page, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own group: stopped whole, helpers included
            )
        except OSError as exc:
            raise OutputError(f"Không in được PDF bằng {browser}: {os_reason(exc)}.") from None
        try:
            code = process.wait(timeout=max(timeout, 1.0))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, 9)
            process.wait()
            raise OutputError(
                f"Không in được PDF bằng {browser}: quá {int(TIMEOUT)} giây."
            ) from None
        finally:
            if process.returncode is None:  # interrupted: leave no browser behind
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, 9)
                process.wait()
        if code != 0 or not pdf.exists():
            raise OutputError(f"Không in được PDF bằng {browser} (mã lỗi {code}).")
        return _checked(pdf.read_bytes(), browser)


def _no_browser() -> OutputError:
    chosen = os.environ.get("THIDUA_CHROMIUM", "").strip()
    if chosen:
        return OutputError(
            f"THIDUA_CHROMIUM chỉ tới “{chosen}”, không phải một chương trình có trên máy; "
            "hãy sửa hoặc bỏ biến này."
        )
    return OutputError(INSTALL_HINT)


def html_to_pdf(html: str) -> bytes:
    """The page printed to A4 PDF; without weasyprint or Chromium, says what to install."""
    printed = _weasyprint(html)
    if printed is not None:
        return printed
    printer = _started.pop() if _started else None
    if printer is None:
        browser = find_browser()
        if browser is None:
            raise _no_browser()
        if not PIPES:
            return _chromium(browser, html)
        printer = Printer(browser)
    began = time.monotonic()
    try:
        return printer.print_pdf(html)
    except _Failed:
        return _chromium(printer.browser, html, TIMEOUT - (time.monotonic() - began))
