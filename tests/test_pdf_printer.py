"""The PDF printer: Chromium started ahead and driven over its DevTools pipe, or the plain way."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from pdfprint import find_chromium, require_tool

from stc_thidua.errors import OutputError
from stc_thidua.render import pdf

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<style>@page { size: A4; margin: 20mm 15mm 20mm 30mm; } body { font-family: serif; }</style>
</head><body><h1>BÁO CÁO Sơ kết</h1><p>Phòng Ngân sách – Lê Văn Hưng, Lê Văn Hùng.</p>
</body></html>"""


def _text(data: bytes, folder: Path) -> tuple[str, str]:
    """The PDF's text and its `pdfinfo`."""
    path = folder / "out.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        [require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return text, info


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _fake_browser(folder: Path, body: str) -> str:
    script = folder / "trình duyệt #1"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.fixture(autouse=True)
def _no_printer_left(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pdf, "_has_weasyprint", lambda: False)
    monkeypatch.setattr(pdf, "_weasyprint", lambda _html: None)
    yield
    while pdf._started:
        pdf._started.pop().close()


def test_a_printer_started_ahead_prints_the_page_and_goes_away(tmp_path: Path) -> None:
    find_chromium()
    pdf.start_printer()
    assert len(pdf._started) == 1
    printer = pdf._started[0]
    assert printer.pid is not None
    pid, profile = printer.pid, printer.folder
    pdf.start_printer()  # a second call launches nothing more
    assert pdf._started == [printer]
    data = pdf.html_to_pdf(PAGE)
    assert data.startswith(b"%PDF")
    text, info = _text(data, tmp_path)
    assert "BÁO CÁO Sơ kết" in text
    assert "Lê Văn Hưng, Lê Văn Hùng" in text
    assert "A4" in info
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert not pdf._started
    assert not _alive(pid)  # ended and reaped: no zombie either
    assert not profile.exists()


def test_without_a_printer_started_one_is_started_for_the_page(tmp_path: Path) -> None:
    find_chromium()
    data = pdf.html_to_pdf(PAGE)
    assert "Phòng Ngân sách" in _text(data, tmp_path)[0]


def test_a_browser_without_the_pipe_falls_back_to_the_plain_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser that closes the DevTools pipe at once: the page is printed by a plain run."""
    real = find_chromium()
    fake = _fake_browser(
        tmp_path,
        f'case "$*" in *--remote-debugging-pipe*) exit 0;; esac\nexec "{real}" "$@"',
    )
    monkeypatch.setenv("THIDUA_CHROMIUM", fake)
    data = pdf.html_to_pdf(PAGE)
    assert "BÁO CÁO Sơ kết" in _text(data, tmp_path)[0]


def test_a_browser_that_never_answers_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake_browser(tmp_path, "exec sleep 60")
    monkeypatch.setenv("THIDUA_CHROMIUM", fake)
    monkeypatch.setattr(pdf, "TIMEOUT", 1.0)
    printer = pdf.Printer(fake)
    pid = printer.pid
    assert pid is not None
    with pytest.raises(OutputError, match="quá 1 giây"):
        printer.print_pdf(PAGE)
    assert not _alive(pid)
    assert not printer.folder.exists()


def test_a_broken_browser_is_reported_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser that exits at once: the pipe closes, the plain run fails, one message."""
    fake = _fake_browser(tmp_path, "exit 3")
    monkeypatch.setenv("THIDUA_CHROMIUM", fake)
    with pytest.raises(OutputError, match=r"Không in được PDF bằng .*\(mã lỗi 3\)"):
        pdf.html_to_pdf(PAGE)


def test_the_report_command_prints_through_the_started_printer(cli, sample_db, tmp_path: Path):
    find_chromium()
    out = tmp_path / "báo cáo #2.pdf"
    result = cli("report", "tongket", "--format", "pdf", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert not pdf._started  # the printer launched ahead was the one used
    text, info = _text(out.read_bytes(), tmp_path)
    assert "BÁO CÁO" in text
    assert "A4" in info


def test_without_pipes_the_page_is_printed_the_plain_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where processes cannot be given the DevTools pipes (Windows), one plain run prints."""
    find_chromium()
    monkeypatch.setattr(pdf, "PIPES", False)
    pdf.start_printer()
    assert not pdf._started
    monkeypatch.setattr(pdf, "Printer", None)  # never reached
    data = pdf.html_to_pdf(PAGE)
    assert "BÁO CÁO Sơ kết" in _text(data, tmp_path)[0]
