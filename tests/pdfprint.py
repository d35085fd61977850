"""Print HTML to PDF with headless Chromium and read the PDF back with poppler, for print tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

MM = 72 / 25.4  # PDF points per millimetre
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True)
class Word:
    """One word of a PDF page with its box in points, origin at the top left."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    """One PDF page: its size in points and its words."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]


def find_chromium() -> str:
    """The Chromium executable; skips the test without one, fails it when env CI is set."""
    for name in _CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    message = "Chromium is not installed: cannot print HTML to PDF"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name: str) -> str:
    """A poppler tool such as pdfinfo; skips without it, fails when env CI is set."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} (poppler-utils) is not installed"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def print_pdf(html_file: Path, pdf_file: Path, profile_dir: Path) -> Path:
    """Print `html_file` to `pdf_file` with headless Chromium, using a throwaway profile."""
    command = [
        find_chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile_dir}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_file}",
        html_file.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not pdf_file.exists():
        raise AssertionError(f"Chromium failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return pdf_file


def pdf_info(pdf_file: Path) -> dict[str, str]:
    """`pdfinfo` as a dict: {"Pages": "2", "Page size": "595.92 x 842.88 pts (A4)", ...}."""
    out = subprocess.run(
        [require_tool("pdfinfo"), str(pdf_file)], capture_output=True, text=True, check=True
    ).stdout
    return {
        key.strip(): value.strip()
        for key, sep, value in (line.partition(":") for line in out.splitlines())
        if sep
    }


def pdf_text(pdf_file: Path) -> str:
    """The text of the PDF laid out as on paper (`pdftotext -layout`)."""
    command = [require_tool("pdftotext"), "-layout", str(pdf_file), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf_file: Path) -> list[Page]:
    """Every page with the box of every word (`pdftotext -bbox`)."""
    command = [require_tool("pdftotext"), "-bbox", str(pdf_file), "-"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # The output is XHTML; drop the namespace so ElementTree finds tags by plain names.
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", out, count=1))
    pages = []
    for number, page in enumerate(root.iter("page"), start=1):
        words = tuple(
            Word(
                number,
                word.text or "",
                float(word.attrib["xMin"]),
                float(word.attrib["yMin"]),
                float(word.attrib["xMax"]),
                float(word.attrib["yMax"]),
            )
            for word in page.iter("word")
        )
        pages.append(Page(number, float(page.attrib["width"]), float(page.attrib["height"]), words))
    return pages
