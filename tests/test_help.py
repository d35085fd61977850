"""Help in Vietnamese everywhere: headings, placeholders, defaults; new commands get it too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

# what Click and Typer print by themselves, in English
ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[required]",
    "default:",
    "env var",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "<str>",
    "<int",
    "<float>",
    "<path>",
    "<list[",
    "Install completion",
    "Show completion",
    "range",
)


def _paths(command: object, prefix: list[str]) -> list[list[str]]:
    paths = [prefix]
    for name, sub in getattr(command, "commands", {}).items():
        paths += _paths(sub, [*prefix, name])
    return paths


def all_helps(cli) -> dict[str, str]:
    from stc_thidua.cli import app

    return {
        " ".join(path) or "thidua": cli(*path, "--help").stdout
        for path in _paths(get_command(app), [])
    }


def test_no_english_in_any_help(cli):
    helps = all_helps(cli)
    assert len(helps) > 25
    for path, text in helps.items():
        assert text.startswith("Cách dùng: "), path
        found = [word for word in ENGLISH if word in text]
        assert not found, (path, found)


def test_sections_and_library_options_are_vietnamese(cli):
    text = cli("--help").stdout
    for heading in ("Tùy chọn:", "Lệnh:"):
        assert f"\n{heading}\n" in text
    assert " [TÙY CHỌN] LỆNH [ĐỐI SỐ]...\n" in text
    assert "-h, --help            In hướng dẫn này rồi thoát." in text
    assert "--install-completion  Cài gợi ý lệnh" in text
    assert "--show-completion     In đoạn mã gợi ý lệnh" in text
    assert "[biến môi trường: THIDUA_DB]" in " ".join(text.split())
    unit_add = cli("unit", "add", "--help").stdout
    assert "\nĐối số:\n  TÊN  Tên đơn vị" in unit_add
    assert "[bắt buộc]" in unit_add
    assert "[mặc định: 50; từ 0 đến 1.000.000]" in " ".join(cli("log", "--help").stdout.split())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["--help"], "--db <tệp>"),
        (["--help"], "--user <tên>"),
        (["log", "--help"], "--since <ngày>"),
        (["log", "--help"], "-n, --limit <số>"),
        (["report", "kehoach", "--help"], "-o, --out <tệp>"),
        (["report", "kehoach", "--help"], "-f, --format <định dạng>"),
        (["campaign", "create", "--help"], "--from <tệp>"),
        (["campaign", "create", "--help"], "--content <văn bản>"),
        (["campaign", "create", "--help"], "--start <ngày>"),
        (["agency", "add", "--help"], "--from <ngày>"),
        (["agency", "add", "--help"], "agency add [TÙY CHỌN] KÝ-HIỆU"),
        (["unit", "import", "--help"], "unit import [TÙY CHỌN] TỆP"),
        (["db", "backup", "--help"], "db backup [TÙY CHỌN] [TỆP]"),
        (["demo", "--help"], "demo [TÙY CHỌN] [THƯ-MỤC]"),
    ],
)
def test_placeholders_follow_the_parameter(cli, path, expected):
    assert expected in cli(*path).stdout


def test_a_command_added_later_gets_vietnamese_help_by_itself():
    from stc_thidua.cli.base import group

    app = group()

    @app.command("them")
    def them(
        path: Path = typer.Argument(..., help="Tệp nhập."),
        count: int = typer.Option(3, "--count", min=1, max=9, help="Bao nhiêu."),
        since: str | None = typer.Option(None, "--since", help="Từ ngày."),
        note: list[str] | None = typer.Option(None, "--note", help="Ghi chú; lặp lại."),
        valid_from: str = typer.Option(..., "--from", help="Hiệu lực từ."),
    ) -> None:
        """Một lệnh mới (thêm)."""

    @app.command("khac")
    def khac() -> None:
        """Lệnh khác."""

    text = CliRunner().invoke(app, ["them", "--help"]).stdout
    assert "Cách dùng: root them [TÙY CHỌN] TỆP" in text
    assert "TỆP  Tệp nhập.  [bắt buộc]" in text
    assert re.search(r"--count <số> +Bao nhiêu\.  \[mặc định: 3; từ 1 đến 9\]", text)
    assert "--since <ngày>" in text
    assert "--note <văn bản>" in text
    assert re.search(r"--from <ngày> +Hiệu lực từ\.  \[bắt buộc\]", text)
    assert not [word for word in ENGLISH if word in text]
    group_help = CliRunner().invoke(app, ["--help"]).stdout
    assert "\nLệnh:\n" in group_help
    assert not [word for word in ENGLISH if word in group_help]


def test_click_and_typer_words_go_through_the_catalog():
    import typer.core

    from stc_thidua.cli.helptext import translate

    assert typer.core._ is translate  # their gettext hook: "Aborted!" on Ctrl-D, for one
    assert translate("Aborted!") == "Đã hủy."
    assert translate("Một câu của chúng ta.") == "Một câu của chúng ta."


def test_root_help_advertises_only_commands_that_exist(cli):
    from stc_thidua.cli import app

    root = get_command(app)
    text = " ".join(cli("--help").stdout.split())
    examples = re.findall(r"“(report [^”]+)”", text)
    assert examples, text
    for example in examples:
        group, name = example.split(" ", 1)
        sub = root.commands[group]
        assert sub.get_command(None, name) is not None, example  # type: ignore[attr-defined]


def test_command_modules_never_import_the_root_package():
    """cli/__init__ registers the command modules; they take what they share from cli.base."""
    import ast

    import stc_thidua.cli

    folder = Path(stc_thidua.cli.__file__).parent
    for module in folder.glob("*.py"):
        if module.name == "__init__.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "stc_thidua.cli", (module.name, node.lineno)
            if isinstance(node, ast.Import):
                assert all(a.name != "stc_thidua.cli" for a in node.names), module.name
