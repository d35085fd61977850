"""Hostile files and paths, read-only databases, hierarchy loops, agencies, campaign rules."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from dbdump import dump

from stc_thidua.paths import data_dir

RESTORE = "thidua db restore"


def digest(path: Path) -> str:
    """The bytes of a file and of whatever side files SQLite keeps beside it."""
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return hashlib.sha256(b"".join(p.read_bytes() for p in parts if p.exists())).hexdigest()


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- paths holding #, ?, % and spaces ----------------------------------------------------------


@pytest.mark.sqlite_only
def test_paths_with_uri_characters(cli, sample_db, tmp_path):
    odd = tmp_path / "thư mục #1" / "dữ liệu ?a=1 %20 #x.db"
    odd.parent.mkdir()
    sample_db.rename(odd)
    status = cli("--db", str(odd), "db", "status", "--json")
    assert json.loads(status.stdout)["up_to_date"] is True
    check = cli("--db", str(odd), "db", "check")
    assert check.exit_code == 0, check.stdout + check.stderr
    copy = tmp_path / "bản sao #2 ?.db"
    backup = cli("--db", str(odd), "db", "backup", str(copy))
    assert backup.exit_code == 0, backup.stderr
    assert dump(copy) == dump(odd)
    assert cli("--db", str(odd), "unit", "list").exit_code == 0


@pytest.mark.sqlite_only
def test_backup_refuses_a_copy_that_differs(sample_db, tmp_path, monkeypatch):
    from stc_thidua import sqlitefile
    from stc_thidua.backup import sqlite_backup
    from stc_thidua.errors import OutputError

    counts = sqlitefile.table_counts
    calls = []

    def lying(conn: sqlite3.Connection) -> dict[str, int]:
        calls.append(1)
        found = counts(conn)
        return found if len(calls) == 1 else {**found, "unit": 0}

    monkeypatch.setattr(sqlitefile, "table_counts", lying)
    target = tmp_path / "copy.db"
    with pytest.raises(OutputError, match="không khớp"):
        sqlite_backup(sample_db, target)
    assert not target.exists()
    assert list(tmp_path.glob(".copy.db*")) == []


# --- files that are not (or no longer) thidua databases ----------------------------------------

COMMANDS = [
    ("db", "status"),
    ("db", "upgrade"),
    ("unit", "list"),
    ("unit", "add", "Tổ mới"),
    ("campaign", "list"),
    ("person", "add", "A", "-u", "VP"),
]


def _truncated(sample: Path, target: Path) -> Path:
    target.write_bytes(sample.read_bytes()[:20_000])
    return target


def _foreign(_sample: Path, target: Path) -> Path:
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES (1)")
    conn.commit()
    conn.close()
    return target


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "make",
    [
        lambda _s, t: (t.write_bytes(b"hello, not a database\n" * 20), t)[1],
        lambda _s, t: (t.write_bytes(b"PK\x03\x04" + bytes(5000)), t)[1],
        _truncated,
        _foreign,
    ],
    ids=["text", "zip", "truncated", "foreign"],
)
def test_no_traceback_whatever_the_file(cli, sample_db, tmp_path, make):
    bad = make(sample_db, tmp_path / "bad.db")
    before = digest(bad)
    for args in COMMANDS:
        result = cli("--db", str(bad), *args)
        assert result.exit_code != 0, args
        line = one_line(result.stderr)
        assert "không phải cơ sở dữ liệu thidua" in line, (args, line)
        assert RESTORE in line
    assert digest(bad) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("bad")) == ["bad.db"]


@pytest.mark.sqlite_only
def test_damaged_pages_are_a_sentence_not_a_traceback(cli, sample_db):
    conn = sqlite3.connect(sample_db)
    conn.execute("PRAGMA journal_mode=DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(sample_db.read_bytes())
    data[page_size * 3 : page_size * 6] = b"\xff" * (page_size * 3)  # tables' pages, not page 1
    sample_db.write_bytes(bytes(data))
    for args in (("person", "list"), ("unit", "list")):
        result = cli(*args)
        assert result.exit_code != 0
        assert RESTORE in one_line(result.stderr)
    check = cli("db", "check")
    assert check.exit_code != 0
    assert "hỏng" in check.stdout


def test_integer_options_are_bounded(cli, sample_db):
    result = cli("log", "-n", "9223372036854775808")
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("Lỗi:")


# --- read-only, missing and empty database paths ------------------------------------------------


@pytest.mark.sqlite_only
def test_read_only_database_says_so_before_any_success(cli, sample_db, monkeypatch):
    from stc_thidua import sqlitefile

    created = cli(
        "campaign", "create", "--code", "cds-2026", "--agency", "STC", "--date", "2026",
        "--title", "T", "--signer-title", "Giám đốc", "--signer-name", "A",
    )  # fmt: skip
    assert created.exit_code == 0
    before = dump(sample_db)
    monkeypatch.setattr(sqlitefile, "writable", lambda _path: False)
    assert cli("unit", "list").exit_code == 0  # reading works
    for args in (("campaign", "use", "cds-2026"), ("campaign", "launch"), ("unit", "add", "X")):
        result = cli(*args)
        assert result.exit_code != 0, args
        line = one_line(result.stderr)
        assert "chỉ đọc" in line
        assert "Đang dùng" not in line
    assert dump(sample_db) == before


def test_a_missing_database_is_created_only_by_writing_commands(cli, tmp_path, monkeypatch):
    path = tmp_path / "typo2.db"
    monkeypatch.setenv("THIDUA_DB", str(path))
    for args in (("unit", "list"), ("campaign", "list"), ("person", "show", "A"), ("log",)):
        result = cli(*args)
        assert result.exit_code != 0, args
        line = one_line(result.stderr)
        assert "Chưa có cơ sở dữ liệu" in line
        assert "thidua db upgrade" in line
    assert not path.exists()
    assert "Chưa có tệp" in cli("db", "status").stdout
    assert not path.exists()
    assert cli("unit", "add", "Tổ một", "--agency", "STC").exit_code != 0  # no agency yet
    assert not path.exists()  # a failed first command leaves no empty database behind
    added = cli("agency", "add", "STC", "--name", "Sở", "--place", "P", "--from", "01/01/2025")
    assert added.exit_code == 0, added.stderr
    assert path.exists()
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "db", "upgrade").exit_code == 0
    assert other.exists()


def test_an_empty_db_option_is_an_error(cli, isolated_db):
    result = cli("--db", "", "unit", "list")
    assert result.exit_code == 2
    assert "--db" in one_line(result.stderr)


# --- database errors: one Vietnamese sentence, the driver's text as detail ---------------------


class _Sqlite(Exception):
    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.sqlite_errorcode = code


class _Pg(Exception):
    def __init__(self, state: str, text: str) -> None:
        super().__init__(text)
        self.sqlstate = state


@pytest.mark.parametrize(
    ("url", "error", "words"),
    [
        ("sqlite:////x/t.db", _Sqlite(8, "attempt to write a readonly database"), "chỉ đọc"),
        ("sqlite:////x/t.db", _Sqlite(11, "database disk image is malformed"), RESTORE),
        ("sqlite:////x/t.db", _Sqlite(5, "database is locked"), "đang bận"),
        ("sqlite:////x/t.db", _Sqlite(2067, "UNIQUE constraint failed: x"), "trùng"),
        ("postgresql+psycopg://h/d", _Pg("23505", "duplicate key value"), "trùng"),
        ("postgresql+psycopg://h/d", _Pg("25006", "read-only transaction"), "chỉ đọc"),
        ("postgresql+psycopg://h/d", _Pg("40P01", "deadlock detected"), "thử lại"),
        ("postgresql+psycopg://h/d", _Pg("XX000", "internal error"), "không lường trước"),
    ],
)
def test_database_errors_are_recognised_by_code(url, error, words):
    from stc_thidua.db import translate

    found = translate(error, url)
    assert words in found.message
    assert found.message.isascii() is False  # Vietnamese
    if words != RESTORE:
        assert found.detail == str(error)


def test_postgres_errors_are_not_read_from_their_text():
    from stc_thidua.db import translate

    found = translate(
        _Pg("42501", "duplicate key value violates unique constraint"), "postgresql://h/d"
    )
    assert "quyền" in found.message


# --- the unit hierarchy ------------------------------------------------------------------------


def test_a_loop_of_parents_is_refused_and_reported(cli, sample_db):
    assert cli("unit", "add", "Tổ A").exit_code == 0
    assert cli("unit", "add", "Tổ B", "--parent", "Tổ A").exit_code == 0
    assert cli("unit", "add", "Tổ C", "--parent", "Tổ B").exit_code == 0
    before = dump(sample_db)
    loop = cli("unit", "edit", "Tổ A", "--parent", "Tổ C")
    assert loop.exit_code != 0
    assert "vòng lặp" in loop.stderr
    assert cli("unit", "edit", "Tổ A", "--parent", "Tổ A").exit_code != 0
    assert dump(sample_db) == before
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout

    from sqlmodel import select

    from stc_thidua.db import session_scope
    from stc_thidua.models import Unit

    with session_scope() as s:  # an old thidua let loops in: db check finds them
        units = {u.name: u for u in s.exec(select(Unit)).all()}
        units["Tổ A"].parent_id = units["Tổ C"].id
    check = cli("db", "check", "--json")
    assert check.exit_code != 0
    (problem,) = json.loads(check.stdout)["problems"]
    assert "Vòng lặp" in problem
    assert all(name in problem for name in ("Tổ A", "Tổ B", "Tổ C"))


# --- agencies ----------------------------------------------------------------------------------


def test_readme_agency_add_works_on_the_demo_data(cli, sample_db):
    args = ["agency", "add", "STC", "--name", "Sở Tài chính", "--parent-body"]
    args += ["UBND thành phố Cần Thơ", "--place", "Cần Thơ", "--from", "01/7/2025"]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert "không đổi gì" in result.stderr


def test_a_new_period_closes_the_open_one(cli, sample_db):
    result = cli(
        "agency", "add", "STC", "--name", "Sở Tài chính và Kế hoạch",
        "--parent-body", "UBND thành phố Cần Thơ", "--place", "Cần Thơ", "--from", "01/03/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "28/02/2026" in result.stderr
    shown = json.loads(cli("agency", "show", "STC", "--json").stdout)
    assert [(p["valid_from"], p["valid_to"]) for p in shown["periods"]] == [
        ("2008-01-01", "2025-06-30"),
        ("2025-07-01", "2026-02-28"),
        ("2026-03-01", None),
    ]


def test_agency_show_edit_remove(cli, sample_db):
    add = cli("agency", "add", "UBT", "--name", "UBND tỉnh Sóc Trăng", "--place", "Sóc Trăng",
              "--from", "01/01/2008", "--to", "30/06/2025")  # fmt: skip
    assert add.exit_code == 0, add.stderr
    shown = json.loads(cli("agency", "show", "ubt", "--json").stdout)
    assert shown["abbr"] == "UBT"
    assert shown["periods"][0]["parent_body"] == ""
    assert cli("agency", "edit", "UBT", "--place", "Sóc Trăng (cũ)", "--to", "").exit_code == 0
    period = json.loads(cli("agency", "show", str(shown["id"]), "--json").stdout)["periods"][0]
    assert (period["place"], period["valid_to"]) == ("Sóc Trăng (cũ)", None)
    assert cli("agency", "edit", "UBT", "--abbr", "ubst").exit_code == 0
    refused = cli("agency", "remove", "STC", "--yes")
    assert refused.exit_code != 0
    assert "còn" in refused.stderr
    assert cli("agency", "remove", "UBST").exit_code != 0  # asks first
    assert cli("agency", "remove", "UBST", "--yes").exit_code == 0
    assert "UBST" not in cli("agency", "list").stdout


def test_an_agency_at_the_top_makes_campaigns_and_plans(cli, sample_db):
    assert cli("agency", "add", "UBT", "--name", "UBND tỉnh Sóc Trăng", "--place", "Sóc Trăng",
               "--from", "01/01/2008").exit_code == 0  # fmt: skip
    created = cli(
        "campaign", "create", "--code", "ubt-2024", "--agency", "UBT", "--date", "5/2024",
        "--title", "Phát động thi đua", "--signer-title", "Chủ tịch", "--signer-name", "A",
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    plan = cli("report", "kehoach", "-c", "ubt-2024")
    assert plan.exit_code == 0, plan.stderr
    assert "UBND TỈNH SÓC TRĂNG" in plan.stdout


# --- campaigns -----------------------------------------------------------------------------------


def test_a_plan_file_without_dates_takes_the_same_defaults(cli, sample_db, tmp_path):
    text = (data_dir() / "ke-hoach-soc-trang-2021.toml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith(("start_date", "end_date"))]
    plan = tmp_path / "plan.toml"
    plan.write_text("\n".join(kept).replace('code = "ntm-2021"', 'code = "ntm-2022"'), "utf-8")
    result = cli("campaign", "create", "--from", str(plan))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(cli("campaign", "show", "ntm-2022", "--json").stdout)
    assert (shown["start_date"], shown["end_date"]) == ("2021-04-01", "2021-12-31")


def test_a_toml_of_another_shape_is_not_a_plan(cli, sample_db):
    result = cli("campaign", "create", "--from", str(data_dir() / "agencies.toml"))
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "không phải kế hoạch phong trào" in line
    assert "“agency”" in line
    assert "{" not in line
    assert "'" not in line


def test_a_closed_campaign_is_read_only_until_reopened(cli, sample_db):
    assert cli("campaign", "launch").exit_code == 0
    jump = cli("campaign", "close")
    assert jump.exit_code != 0
    assert "đang thực hiện" in jump.stderr
    assert cli("campaign", "status", "đang thực hiện").exit_code == 0
    assert cli("campaign", "close").exit_code == 0
    before = dump(sample_db)
    edit = cli("campaign", "edit", "--title", "Khác")
    assert edit.exit_code != 0
    assert "campaign reopen" in edit.stderr
    assert cli("campaign", "status", "dang thuc hien").exit_code != 0
    assert dump(sample_db) == before
    assert cli("campaign", "reopen").exit_code == 0
    assert json.loads(cli("campaign", "show", "--json").stdout)["status"] == "dang_thuc_hien"
    assert cli("campaign", "edit", "--title", "Khác").exit_code == 0


def test_number_cleared_and_left_out_of_exports(cli, sample_db, tmp_path):
    assert cli("campaign", "edit", "--number", "12", "--date", "09/4/2021").exit_code == 0
    assert json.loads(cli("campaign", "show", "--json").stdout)["doc_number"] == 12
    out = tmp_path / "kh.toml"
    assert cli("campaign", "export", "--out", str(out)).exit_code == 0
    exported = out.read_text(encoding="utf-8")
    assert "doc_number" not in exported
    assert "issued_day" not in exported
    assert "issued_month = 4" in exported
    assert cli("campaign", "edit", "--number", "").exit_code == 0
    assert json.loads(cli("campaign", "show", "--json").stdout)["doc_number"] is None


# --- db restore ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_restore_refuses_folders_and_asks_about_empty_databases(cli, sample_db, tmp_path):
    before = dump(sample_db)
    folder = cli("db", "restore", str(tmp_path), "--yes")
    assert folder.exit_code != 0
    assert "thư mục" in one_line(folder.stderr)
    empty = tmp_path / "empty.db"
    assert cli("--db", str(empty), "db", "upgrade").exit_code == 0
    refused = cli("db", "restore", str(empty), "--yes")
    assert refused.exit_code != 0
    assert "--allow-empty" in one_line(refused.stderr)
    assert dump(sample_db) == before
    assert cli("db", "restore", str(empty), "--yes", "--allow-empty").exit_code == 0
    assert cli("unit", "list", "--agency", "STC").exit_code != 0


@pytest.mark.sqlite_only
def test_restore_check_leaves_no_side_files(cli, sample_db, tmp_path):
    saved = tmp_path / "saved" / "live-copy.db"
    saved.parent.mkdir()
    conn = sqlite3.connect(saved)  # a copy in WAL mode, as a file copied from a live database
    sqlite3.connect(sample_db).backup(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    assert sorted(p.name for p in saved.parent.iterdir()) == ["live-copy.db"]
    assert cli("db", "restore", str(saved), "--yes").exit_code == 0
    assert sorted(p.name for p in saved.parent.iterdir()) == ["live-copy.db"]


# --- structure -----------------------------------------------------------------------------------


def test_the_code_knows_its_head_revision():
    from stc_thidua.revisions import HEAD, REVISIONS
    from stc_thidua.schema import alembic_head, alembic_revisions

    assert alembic_head() == HEAD
    assert alembic_revisions() == list(REVISIONS)


def _run(code: str, tmp_path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.sqlite_only
def test_opening_a_current_database_imports_no_alembic(sample_db, tmp_path):
    code = (
        "import sys\n"
        "from stc_thidua.db import session_scope\n"
        "from stc_thidua.domain.units import list_units\n"
        f"with session_scope({str(sample_db)!r}) as s:\n"
        "    assert list_units(session=s)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    assert _run(code, tmp_path) == "[]"


def test_backup_and_db_import_no_cycle(tmp_path):
    code = (
        "import sys\n"
        "import stc_thidua.backup\n"
        "print('stc_thidua.db' in sys.modules, 'stc_thidua.schema' in sys.modules)\n"
    )
    assert _run(code, tmp_path) == "False False"


def test_one_date_parser_with_one_set_of_bounds(cli, sample_db):
    from stc_thidua.dates import parse_date, parse_issue_date
    from stc_thidua.errors import InvalidInput

    with pytest.raises(ValueError, match="ngoài khoảng"):
        parse_date("01/01/1800")
    with pytest.raises(InvalidInput, match="ngoài khoảng"):
        parse_issue_date("1800")
    result = cli("agency", "add", "SXD", "--name", "Sở Xây dựng", "--place", "P", "--from", "3000")
    assert result.exit_code == 2
    far = cli("agency", "add", "SXD", "--name", "Sở", "--place", "P", "--from", "01/01/3000")
    assert far.exit_code == 2
    assert "ngoài khoảng" in far.stderr
