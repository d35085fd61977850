"""`thidua db backup`, `restore` and `check` on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from dbdump import dump

pytestmark = pytest.mark.sqlite_only


def add_unit(cli, name: str) -> None:
    result = cli("unit", "add", name)
    assert result.exit_code == 0, result.stderr


def test_backup_next_to_the_database_by_default(cli, sample_db):
    result = cli("db", "backup")
    assert result.exit_code == 0, result.stderr
    target = Path(result.stdout.strip())
    assert target.parent == sample_db.parent
    assert target.name.startswith("thidua.db.sao-luu-")
    assert target.suffix == ".bak"
    assert dump(target) == dump(sample_db)


def test_backup_to_a_named_file_never_overwrites(cli, sample_db, tmp_path):
    target = tmp_path / "ban-sao" / "thidua-2026.db"
    assert cli("db", "sao-lưu", str(target)).exit_code == 0
    add_unit(cli, "Tổ Mới")
    again = cli("db", "backup", str(target))
    assert again.exit_code != 0
    assert "không ghi đè" in again.stderr
    assert "Tổ Mới" not in str(dump(target))
    same = cli("db", "backup", str(sample_db))
    assert same.exit_code != 0
    assert "phải khác" in same.stderr


def test_backup_without_a_database(cli, isolated_db):
    result = cli("db", "backup")
    assert result.exit_code != 0
    assert "Chưa có cơ sở dữ liệu" in result.stderr
    assert not isolated_db.exists()


def test_restore_brings_back_the_backup_and_keeps_the_current_aside(cli, sample_db, tmp_path):
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    original = dump(sample_db)
    add_unit(cli, "Tổ Sau Sao Lưu")
    changed = dump(sample_db)
    result = cli("db", "khôi-phục", str(saved), "--yes")
    assert result.exit_code == 0, result.stderr
    assert dump(sample_db) == original
    (aside,) = sample_db.parent.glob("thidua.db.truoc-khoi-phuc-*.bak")
    assert dump(aside) == changed
    assert cli("db", "check").exit_code == 0
    add_unit(cli, "Tổ Sau Khôi Phục")  # the restored database takes writes as before


def test_restore_asks_first(cli, sample_db, tmp_path):
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    add_unit(cli, "Tổ Giữ Lại")
    before = dump(sample_db)
    refused = cli("db", "restore", str(saved))  # CliRunner is not a terminal
    assert refused.exit_code != 0
    assert "--yes" in refused.stderr
    assert dump(sample_db) == before
    assert not list(sample_db.parent.glob("*.truoc-khoi-phuc-*"))


def test_restore_into_a_missing_database(cli, sample_db, tmp_path, monkeypatch):
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    fresh = tmp_path / "moi" / "thidua.db"
    fresh.parent.mkdir()
    result = cli("--db", str(fresh), "db", "restore", str(saved), "--yes")
    assert result.exit_code == 0, result.stderr
    assert dump(fresh) == dump(sample_db)


def test_restore_replaces_a_damaged_database(cli, sample_db, tmp_path):
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    sample_db.write_bytes(b"\x00" * 4096)
    assert cli("db", "check").exit_code != 0
    result = cli("db", "restore", str(saved), "--yes")
    assert result.exit_code == 0, result.stderr
    assert dump(sample_db) == dump(saved)
    (aside,) = sample_db.parent.glob("thidua.db.truoc-khoi-phuc-*.bak")
    assert aside.read_bytes() == b"\x00" * 4096


def _corrupt_copy(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):  # scribble over every page but the first
        data[offset + 100 : offset + 300] = b"\xff" * 200
    target.write_bytes(bytes(data))
    return target


def test_restore_checks_the_file_first(cli, sample_db, tmp_path):
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    text = tmp_path / "ghi-chu.db"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    foreign = tmp_path / "khac.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    newer = tmp_path / "moi-hon.db"
    newer.write_bytes(saved.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    broken = _corrupt_copy(saved, tmp_path / "hong.db")
    before = dump(sample_db)
    cases = [
        (tmp_path / "khong-co.db", "Không tìm thấy"),
        (text, "không phải cơ sở dữ liệu SQLite"),
        (foreign, "không phải cơ sở dữ liệu thidua"),
        (newer, "mới hơn chương trình này"),
        (broken, "hỏng"),
        (sample_db, "chính là cơ sở dữ liệu đang dùng"),
    ]
    for path, expected in cases:
        result = cli("db", "restore", str(path), "--yes")
        assert result.exit_code != 0, path
        assert expected in result.stderr, (path, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert dump(sample_db) == before
    assert not list(sample_db.parent.glob("*.truoc-khoi-phuc-*"))


def test_check_passes_a_sound_database(cli, sample_db):
    result = cli("db", "kiểm-tra")
    assert result.exit_code == 0, result.stderr
    assert "Không có lỗi" in result.stderr
    assert json.loads(cli("db", "check", "--json").stdout) == {"ok": True, "problems": []}


def test_check_reports_broken_foreign_keys(cli, sample_db):
    conn = sqlite3.connect(sample_db)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE person SET unit_id = 999 WHERE id = 3")
    conn.commit()
    conn.close()
    result = cli("db", "check")
    assert result.exit_code != 0
    assert "Bảng person, dòng 3: tham chiếu tới bảng unit không tồn tại." in result.stdout
    assert result.stderr.strip() == "Lỗi: Cơ sở dữ liệu có 1 lỗi."
    data = json.loads(cli("db", "check", "--json").stdout)
    assert data["ok"] is False
    assert len(data["problems"]) == 1


def test_check_reports_damaged_pages(cli, sample_db, tmp_path):
    broken = _corrupt_copy(sample_db, tmp_path / "hong.db")
    result = cli("--db", str(broken), "db", "check")
    assert result.exit_code != 0
    assert result.stdout.strip()
    garbage = tmp_path / "rac.db"
    garbage.write_bytes(b"PK\x03\x04 not sqlite")
    result = cli("--db", str(garbage), "db", "check")
    assert result.exit_code != 0
    assert "không phải cơ sở dữ liệu SQLite" in result.stdout


@pytest.mark.parametrize(
    ("args", "tool"),
    [
        (("db", "backup"), "pg_dump"),
        (("db", "restore", "x.dump", "--yes"), "pg_restore"),
    ],
)
def test_postgres_urls_are_sent_to_the_server_tools(cli, args, tool):
    result = cli("--db", "postgresql://thidua@127.0.0.1:1/thidua", *args)
    assert result.exit_code != 0
    assert tool in result.stderr
    assert "PostgreSQL" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_db_commands_have_vietnamese_help(cli):
    for name in ("backup", "restore", "check", "status", "upgrade"):
        result = cli("db", name, "--help")
        assert result.exit_code == 0
        assert any(word in result.stdout for word in ("sao lưu", "Khôi phục", "Kiểm tra", "lược"))


def test_backups_in_the_same_second_get_numbered(sample_db, monkeypatch):
    from stc_thidua import backup
    from stc_thidua.db import resolve_url

    monkeypatch.setattr(backup, "timestamp", lambda: "20260101-080000")
    url = resolve_url(str(sample_db))
    first = backup.backup_database(url=url)
    second = backup.backup_database(url=url)
    assert first.name == "thidua.db.sao-luu-20260101-080000.bak"
    assert second.name == "thidua.db.sao-luu-20260101-080000-2.bak"


def test_restore_under_an_open_connection_is_seen_by_it(cli, sample_db, tmp_path):
    """The backup API writes into the live file, so a clerk's open connection reads the result."""
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    add_unit(cli, "Tổ Sẽ Mất")
    reader = sqlite3.connect(sample_db)
    try:
        count = "SELECT count(*) FROM unit WHERE name = 'Tổ Sẽ Mất'"
        assert reader.execute(count).fetchone() == (1,)
        assert cli("db", "restore", str(saved), "--yes").exit_code == 0
        assert reader.execute(count).fetchone() == (0,)
    finally:
        reader.close()


def test_restore_prompt_at_a_terminal(cli, sample_db, tmp_path, monkeypatch):
    import stc_thidua.cli.common as cli_common

    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    add_unit(cli, "Tổ Hỏi Lại")
    before = dump(sample_db)
    monkeypatch.setattr(cli_common, "interactive", lambda: True)
    declined = cli("db", "restore", str(saved), input="n\n")
    assert declined.exit_code != 0
    assert "Bản đang dùng sẽ được giữ lại" in declined.stdout
    assert dump(sample_db) == before
    accepted = cli("db", "restore", str(saved), input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert dump(sample_db) == dump(saved)
