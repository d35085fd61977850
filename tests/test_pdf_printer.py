"""The PDF printer: Chromium started ahead and driven over its DevTools pipe, or the plain way."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
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


def test_a_browser_that_never_answers_is_stopped_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No answer on the pipe: the plain way is tried, then one sentence when time is up;
    the browser is stopped and its folder removed."""
    marker = tmp_path / "alive"
    fake = _fake_browser(tmp_path, f'echo $$ >> "{marker}"\nexec sleep 60')
    monkeypatch.setenv("THIDUA_CHROMIUM", fake)
    monkeypatch.setattr(pdf, "TIMEOUT", 3.0)
    monkeypatch.setattr(pdf, "HANDSHAKE", 1.0)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(pdf.tempfile, "tempdir", None)
    began = time.monotonic()
    with pytest.raises(OutputError, match="quá 3 giây"):
        pdf.html_to_pdf(PAGE)
    assert time.monotonic() - began < 10
    pids = [int(line) for line in marker.read_text().split()]
    assert len(pids) == 2  # the DevTools try, then the plain run
    for pid in pids:
        assert not _alive(pid)
    assert not list(tmp_path.glob("thidua-pdf-*"))


def test_what_is_not_a_pdf_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_browser(
        tmp_path,
        'case "$*" in *--remote-debugging-pipe*) exit 0;; esac\n'
        'for a in "$@"; do case "$a" in --print-to-pdf=*) echo "không phải pdf" > "${a#*=}";; '
        "esac; done",
    )
    monkeypatch.setenv("THIDUA_CHROMIUM", fake)
    with pytest.raises(OutputError, match="không phải PDF"):
        pdf.html_to_pdf(PAGE)


def test_a_chosen_browser_that_is_not_there_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for chosen in (str(tmp_path / "không có"), str(tmp_path)):
        monkeypatch.setenv("THIDUA_CHROMIUM", chosen)
        with pytest.raises(OutputError, match="THIDUA_CHROMIUM chỉ tới"):
            pdf.html_to_pdf(PAGE)


@pytest.mark.sqlite_only
def test_sigterm_while_printing_leaves_no_browser_and_no_files(sample_db, tmp_path: Path) -> None:
    """`kill` (SIGTERM) ends the command as Ctrl-C does: browser stopped, folder removed."""
    find_chromium()
    temp = tmp_path / "tạm"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stc_thidua",
            "--db",
            str(sample_db),
            "report",
            "tongket",
            "--out",
            str(tmp_path / "bc.pdf"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not list(temp.glob("thidua-pdf-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(temp.glob("thidua-pdf-*")), "the browser was started ahead"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert not list(temp.glob("thidua-pdf-*"))
    assert not (tmp_path / "bc.pdf").exists()


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


def test_no_browser_is_started_for_a_file_that_will_be_refused(cli, sample_db, tmp_path: Path):
    out = tmp_path / "bc.pdf"
    out.write_bytes(b"%PDF- the signed one")
    result = cli("report", "tongket", "--out", str(out))
    assert result.exit_code != 0
    assert "--force" in result.stderr
    assert not pdf._started
    assert out.read_bytes() == b"%PDF- the signed one"
