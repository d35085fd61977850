"""PDF from the HTML of a document: weasyprint when installed (the `pdf` extra), else Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from stc_thidua.errors import OutputError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "Chưa có công cụ in PDF: hãy cài “pip install 'stc-thidua[pdf]'” (weasyprint) "
    "hoặc trình duyệt Chromium (vd. “apt install chromium”), hoặc in từ bản HTML."
)


def find_browser() -> str | None:
    """A Chromium-family browser on this machine ($THIDUA_CHROMIUM first), or None."""
    chosen = os.environ.get("THIDUA_CHROMIUM", "").strip()
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _weasyprint(html: str) -> bytes | None:
    try:
        import weasyprint
    except ImportError:
        return None
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def _chromium(browser: str, html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as folder:
        page, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"Không in được PDF bằng {browser}: {exc}.") from None
        if result.returncode != 0 or not pdf.exists():
            raise OutputError(f"Không in được PDF bằng {browser} (mã lỗi {result.returncode}).")
        return pdf.read_bytes()


def html_to_pdf(html: str) -> bytes:
    """The page printed to A4 PDF; without weasyprint or Chromium, says what to install."""
    printed = _weasyprint(html)
    if printed is not None:
        return printed
    browser = find_browser()
    if browser is None:
        raise OutputError(INSTALL_HINT)
    return _chromium(browser, html)
