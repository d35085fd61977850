"""Start-up stays light, every command has Vietnamese help, the entry points work."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "jinja2", "alembic", "docx", "openpyxl", "matplotlib")
# what only drawing, documents, upgrades or the database need
NEVER_FOR_LISTING = ("jinja2", "alembic", "docx", "openpyxl", "matplotlib", "PIL", "pyarrow")


def _python_run(code: str) -> subprocess.CompletedProcess[str]:
    """`python -c CODE` in a fresh interpreter, checked."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def _python(code: str) -> str:
    """What `python -c CODE` prints, in a fresh interpreter."""
    return _python_run(code).stdout


def _loaded(args: list[str], *, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """What `thidua ARGS` prints, and the top-level modules its process imported."""
    code = (
        "import sys\n"
        "from stc_thidua.cli import main\n"
        f"sys.argv = ['thidua', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    out, _, loaded = result.stdout.rpartition("LOADED=")
    return out, set(loaded.strip().split(","))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["unit", "--help"],
        ["report", "--help"],
        ["contribution", "list", "--help"],
        ["dexuat", "--help"],
    ],
)
def test_help_imports_no_database_or_templates(args):
    out, loaded = _loaded(args)
    assert "Cách dùng" in out or out.startswith("thidua ")
    assert not loaded & {*HEAVY, "pydantic", "rich"}, sorted(loaded & {*HEAVY, "pydantic", "rich"})


def test_shell_completion_imports_no_command_module():
    for words, cword, expected in (("thidua ", "1", "standings"), ("thidua unit l", "2", "list")):
        env = {"_THIDUA_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
        out, loaded = _loaded([], env=env)
        assert expected in out.split(), out
        assert not loaded & {*HEAVY, "pydantic", "rich"}, loaded & {*HEAVY, "pydantic"}


def test_root_help_imports_no_command_module():
    code = (
        "import sys\n"
        "from stc_thidua.cli import main\n"
        "sys.argv = ['thidua', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED=' + ','.join(m for m in sys.modules if m.startswith('stc_thidua.cli.')))\n"
    )
    out = _python(code)
    assert "standings" in out  # every command is listed with its help line
    loaded = set(out.strip().splitlines()[-1].removeprefix("LOADED=").split(","))
    assert loaded <= {"stc_thidua.cli.base", "stc_thidua.cli.helptext"}, loaded


@pytest.mark.sqlite_only
def test_a_listing_imports_no_documents_migrations_or_charts(sample_db):
    """`unit list` on a current database: no Alembic, templates, document or chart library."""
    for args in (["unit", "list"], ["campaign", "list", "--json"], ["proposal", "list"]):
        out, loaded = _loaded(["--db", str(sample_db), *args])
        assert out.strip(), args
        assert not loaded & set(NEVER_FOR_LISTING), (args, loaded & set(NEVER_FOR_LISTING))


@pytest.mark.sqlite_only
def test_path_and_number_options_build_no_pydantic_adapter(sample_db, tmp_path):
    """`--out` and `--quarter` are read as typed: typer's pydantic adapters are never built."""
    out_file = tmp_path / "a b#1.md"
    for args in (
        ["report", "kehoach", "--out", str(out_file)],
        ["standings", "--quarter", "2", "--json"],
        ["log", "-n", "3"],
    ):
        code = (
            "import sys\n"
            "from stc_thidua.entry import main\n"
            f"sys.argv = ['thidua', '--db', {str(sample_db)!r}, *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print('ADAPTERS=' + str('typer._adapters' in sys.modules))\n"
        )
        result = _python_run(code)
        assert result.stdout.strip().endswith("ADAPTERS=False"), (args, result.stdout)
    assert "KẾ HOẠCH" in out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["standings", "--quarter", "5"], "--quarter / -q"),
        (["standings", "--quarter", "0"], "--quarter / -q"),
        (["standings", "-q", "hai"], "--quarter / -q"),
        (["standings", "-q", "2.0"], "--quarter / -q"),
        (["log", "-n", "-1"], "--limit / -n"),
        (["contribution", "show", "0"], "SỐ"),
        (["report", "kehoach", "--out", ""], "--out"),
        (["report", "kehoach", "--out", "  "], "--out"),
        (["contribution", "show", str(2**62 + 1)], "SỐ"),
    ],
)
def test_number_options_out_of_bounds_are_refused(cli, sample_db, args, option):
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    assert "Lỗi: Giá trị của" in result.stderr, result.stderr
    assert option in result.stderr, result.stderr


@pytest.mark.sqlite_only
def test_the_collector_is_paused_only_until_the_command_has_started(sample_db):
    """The entry point turns the cyclic collector off for start-up and on again, frozen."""
    code = (
        "import gc, sys\n"
        "from stc_thidua import entry\n"
        "seen = []\n"
        "real = entry.started\n"
        "def spy():\n"
        "    seen.append(gc.isenabled())\n"
        "    real()\n"
        "    seen.append(gc.isenabled())\n"
        "entry.started = spy\n"
        f"sys.argv = ['thidua', '--db', {str(sample_db)!r}, 'unit', 'list']\n"
        "try:\n    entry.main()\nexcept SystemExit:\n    pass\n"
        "print('STATE', seen, gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0])\n"
    )
    out = _python(code)
    assert out.strip().splitlines()[-1] == "STATE [False, True] True True 10000", out
    # imported as a library (the tests, a script), the collector is never touched
    from stc_thidua import entry

    assert gc.isenabled()
    entry.started()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("args", "groups"),
    [
        (["unit", "list"], {"core"}),
        (["person", "list", "--json"], {"core"}),
        (["campaign", "list"], {"core"}),
        (["report", "kehoach", "--format", "md"], {"core", "plan"}),
        # a sơ kết before any proposal: no commendation tables, no rules
        (["report", "soket", "--quarter", "2"], {"core", "plan", "tracking"}),
        (["contribution", "list"], {"core", "plan", "tracking"}),
    ],
)
def test_a_command_builds_only_the_tables_it_reads(sample_db, args, groups):
    """The table classes are built a group at a time, when a command first asks for one."""
    code = (
        "import sys\n"
        "from stc_thidua.entry import main\n"
        f"sys.argv = ['thidua', '--db', {str(sample_db)!r}, *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "from sqlmodel import SQLModel\n"
        "built = sorted(m.rsplit('.', 1)[1] for m in sys.modules"
        " if m.startswith('stc_thidua.tables.') and m != 'stc_thidua.tables.base')\n"
        "print('GROUPS=' + ','.join(built))\n"
        "print('TABLES=' + str(len(SQLModel.metadata.tables)))\n"
    )
    out = _python(code)
    lines = dict(line.split("=", 1) for line in out.splitlines() if "=" in line[:8])
    assert set(lines["GROUPS"].split(",")) == groups, out[-300:]
    assert int(lines["TABLES"]) < 25


def test_every_table_is_built_by_load_all():
    """`load_all` builds the 25 tables, as the migrations and the audit log's cascade need."""
    code = (
        "from sqlmodel import SQLModel\n"
        "from stc_thidua import models\n"
        "assert 'Proposal' not in vars(models)\n"
        "models.load_all()\n"
        "print(len(SQLModel.metadata.tables), models.Proposal.__tablename__)\n"
    )
    out = _python(code)
    assert out.split() == ["25", "proposal"]


def _commands(app) -> list[list[str]]:
    from typer.main import get_command

    root = get_command(app)
    paths: list[list[str]] = []

    def walk(cmd, prefix):
        paths.append(prefix)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_every_command_has_vietnamese_help(cli):
    from stc_thidua.cli import app

    paths = _commands(app)
    assert len(paths) > 25
    for path in paths:
        result = cli(*path, "--help")
        assert result.exit_code == 0, path
        first = result.stdout.split("\n\n")[1] if "\n\n" in result.stdout else ""
        assert any(ch in first for ch in "ăâđêôơưạảãáàệếềểễộốồổỗợớờởỡụủũúùựứừửữịỉĩíìỵỷỹýỳ"), (
            path,
            first,
        )


def test_version_and_python_m(tmp_path):
    env = {**os.environ, "THIDUA_DB": str(tmp_path / "x.db")}
    out = subprocess.run(
        [sys.executable, "-m", "stc_thidua", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert out.startswith("thidua 0.")


@pytest.mark.parametrize("args", [["db", "path"]])
def test_db_path_resolution_order(tmp_path, args, monkeypatch):
    from stc_thidua.db import resolve_url

    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    assert resolve_url(str(tmp_path / "opt.db")).endswith("opt.db")
    monkeypatch.delenv("THIDUA_DB")
    assert "thidua" in resolve_url(None)
    assert resolve_url("postgres://u@h/d").startswith("postgresql+psycopg://")


def test_demo_end_to_end_in_a_real_process(tmp_path):
    """`thidua demo` as a clerk runs it: a real process, a sample database and documents."""
    env = {k: v for k, v in os.environ.items() if k != "THIDUA_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    folder = tmp_path / "demo"
    result = subprocess.run(
        ["thidua", "demo", str(folder)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    for suffix in ("md", "html", "docx"):
        assert (folder / f"ke-hoach-ntm-2021.{suffix}").stat().st_size > 1000
    reports = [f"so-ket-ntm-2021-2021-Q{q}" for q in (2, 3, 4)] + ["tong-ket-ntm-2021"]
    for name in reports:
        for suffix in ("md", "html", "docx", "json", "pdf"):
            assert (folder / f"{name}.{suffix}").stat().st_size > 500, (name, suffix)
    db = folder / "thidua.db"
    listing = subprocess.run(
        ["thidua", "--db", str(db), "unit", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert len(json.loads(listing.stdout)) == 9
    again = subprocess.run(
        ["thidua", "demo", str(folder)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert again.returncode == 0
    assert len(list(folder.glob("thidua.db.mau-cu-*.bak"))) == 1, "the old sample is kept aside"
    assert len(list(folder.glob("thidua.db.sao-luu-*.bak"))) == 2, "each run backs up its sample"
    assert "kiểm tra: không có lỗi" in again.stdout


@pytest.mark.sqlite_only
def test_sqlite_pragmas(sample_db):
    from sqlalchemy import text

    from stc_thidua.db import open_engine

    engine = open_engine(str(sample_db))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        engine.dispose()
    assert Path(str(sample_db)).exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "Không có tùy chọn --bogus"),
        (["unit", "list", "--jsn"], "có phải --json"),
        (["unit", "add"], "Thiếu TÊN"),
        (["person", "add", "X"], "Thiếu --unit"),
        (["campaign", "create", "--title"], "cần một giá trị"),
        (["unit", "show", "a", "b c"], "Thừa đối số: b c"),
        (["report", "sơ-kết-quý"], "Không có lệnh"),
    ],
)
def test_usage_errors_are_one_vietnamese_line(cli, args, expected):
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Lỗi: ")
    assert expected in lines[0]


@pytest.mark.parametrize(
    "words", [["kehoach"], ["kế-hoạch"], ["KE", "HOACH"], ["Kế", "Hoạch"], ["ke_hoach"]]
)
def test_command_names_fold_accents_case_and_spaces(cli, sample_db, words):
    result = cli("báo-cáo", *words, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "KẾ HOẠCH" in result.stdout
