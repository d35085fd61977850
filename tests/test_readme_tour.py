"""The README's tour runs as written, in order: from an empty folder, and after `thidua demo`.

The commands are read from the README's "Dạo qua các lệnh" block, so a command added there is
tested too. Confirmations are answered "c", as a clerk at the terminal would.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

import stc_thidua.cli.common as cli_common
from stc_thidua.paths import data_dir

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.sqlite_only  # the tour is about a SQLite file (demo, backup, restore)


def tour_commands(text: str) -> list[list[str]]:
    """The shell commands of the tour block: continuation lines joined, comments dropped."""
    section = text.split("## Dạo qua các lệnh", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README has no tour block"
    joined = block.group(1).replace("\\\n", " ")
    return [words for line in joined.splitlines() if (words := shlex.split(line, comments=True))]


def test_the_tour_is_read_from_the_readme():
    commands = tour_commands(README.read_text(encoding="utf-8"))
    assert len(commands) > 30
    assert commands[0] == ["thidua", "demo"]
    assert all(c[0] in ("thidua", "export") for c in commands), commands
    names = {" ".join(c[1:3]) for c in commands}
    assert {"campaign create", "unit import", "person import", "report kehoach"} <= names


def run_tour(cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command of the tour in `folder`; each must succeed."""
    monkeypatch.chdir(folder)
    monkeypatch.setattr(cli_common, "interactive", lambda: True)  # confirmations are answered
    for words in tour_commands(README.read_text(encoding="utf-8")):
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            monkeypatch.setenv(name, value)
            continue
        result = cli(*words[1:], input="c\n")
        assert result.exit_code == 0, (shlex.join(words), result.stderr)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder like the source checkout: the sample files under data/."""
    shutil.copytree(data_dir(), tmp_path / "data")
    return tmp_path


def test_tour_from_an_empty_folder(cli, folder, monkeypatch):
    run_tour(cli, folder, monkeypatch)
    assert (folder / "ke-hoach.docx").read_bytes()[:2] == b"PK"
    assert "Tên đơn vị" in (folder / "donvi.csv").read_text(encoding="utf-8-sig")
    assert (folder / "sao-luu.db").stat().st_size > 0


def test_tour_after_the_demo(cli, folder, monkeypatch):
    monkeypatch.chdir(folder)
    assert cli("demo").exit_code == 0
    # B24: the demo launches its campaign, so its reports do not call the plan a draft
    demo = folder / "thidua-demo"
    for report in (*demo.glob("so-ket-*.md"), demo / "tong-ket-ntm-2021.md"):
        text = report.read_text(encoding="utf-8")
        assert "chưa được phát động" not in text, report.name
        assert "Sở Tài chính ban hành Kế hoạch phát động" in text, report.name
    run_tour(cli, folder, monkeypatch)
    assert len(list((folder / "thidua-demo").glob("thidua.db.mau-cu-*.bak"))) == 1
