"""Migrations: the migrated schema equals the models; upgrades keep every row; newer is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from stc_thidua import db, schema, sqlitefile
from stc_thidua.revisions import HEAD, REVISIONS

# One row for every table of revision 0001, inserted with plain SQL as an old thidua wrote them.
ROWS_0001: dict[str, list[dict[str, object]]] = {
    "agency": [{"id": 1, "abbr": "STC"}, {"id": 2, "abbr": "SXD"}],
    "agency_name": [
        {
            "id": 1,
            "agency_id": 1,
            "valid_from": "2008-01-01",
            "valid_to": "2025-06-30",
            "parent_body": "UBND TỈNH SÓC TRĂNG",
            "name": "Sở Tài chính",
            "place": "Sóc Trăng",
        }
    ],
    "setting": [{"key": "current_campaign", "value": "1"}],
    "rule_value": [
        {
            "id": 1,
            "key": "luong_co_so",
            "valid_from": "2024-07-01",
            "valid_to": None,
            "value": 2340000.0,
            "confirmed": 1,
            "source": "Nghị định 73/2024/NĐ-CP",
        }
    ],
    "campaign": [
        {
            "id": 1,
            "code": "ntm-2021",
            "agency_id": 1,
            "parent_body": "UBND TỈNH SÓC TRĂNG",
            "agency_name": "Sở Tài chính",
            "agency_abbr": "STC",
            "doc_number": 12,
            "doc_type": "KH",
            "place": "Sóc Trăng",
            "issued_year": 2021,
            "issued_month": 4,
            "issued_day": None,
            "title": "Phát động thi đua “Chung sức xây dựng nông thôn mới”",
            "movement_name": "Chung sức xây dựng nông thôn mới",
            "basis": json.dumps(["Căn cứ Luật Thi đua, Khen thưởng;"], ensure_ascii=False),
            "purposes": json.dumps(["Phát huy tinh thần <đoàn kết> & sáng tạo."]),
            "requirements": "[]",
            "time_frame": "",
            "start_date": "2021-04-01",
            "end_date": "2021-12-31",
            "implementation": "[]",
            "recipients": json.dumps([{"name": "Các phòng", "remark": ""}]),
            "archive": "VT, VP",
            "signer_prefix": "KT.",
            "signer_prefix_title": "GIÁM ĐỐC",
            "signer_title": "Phó Giám đốc",
            "signer_name": "Dương Thị Kim Thúy",
            "status": "da_phat_dong",
            "created_at": "2021-04-01 08:30:00.000000",
        }
    ],
    "unit": [
        {
            "id": 1,
            "agency_id": 1,
            "name": "Văn phòng",
            "code": "VP",
            "kind": "van_phong",
            "head_title": "Chánh Văn phòng",
            "head_name": "Trần Minh Tâm",
            "parent_id": None,
        },
        {
            "id": 2,
            "agency_id": 1,
            "name": "Tổ văn thư",
            "code": "VT",
            "kind": "don_vi",
            "head_title": "",
            "head_name": "",
            "parent_id": 1,
        },
    ],
    "campaign_content": [{"id": 1, "campaign_id": 1, "position": 1, "text": "Thi đua ‘sáng tạo’"}],
    "person": [
        {"id": 1, "unit_id": 1, "full_name": "Đặng Thị Ánh Tuyết", "position": "", "gender": "nu"}
    ],
    "target": [{"id": 1, "campaign_id": 1, "name": "Xã đạt chuẩn", "value": 55.5, "unit": "xã"}],
    "contribution": [
        {
            "id": 1,
            "campaign_id": 1,
            "content_id": 1,
            "unit_id": 1,
            "person_id": 1,
            "kind": "giai_phap",
            "title": "<script>alert(1)</script>",
            "description": "Dòng 1\nDòng 2",
            "amount": 9_000_000_000_000,
            "work_days": 3,
            "occurred_on": "2021-06-15",
            "verified": 1,
            "verified_on": "2021-07-01",
        }
    ],
    "proposal": [
        {
            "id": 1,
            "campaign_id": 1,
            "unit_id": None,
            "person_id": 1,
            "award": "CSTĐCS",
            "reason": "Hoàn thành xuất sắc nhiệm vụ.",
            "status": "de_xuat",
            "votes_for": 7,
            "council_size": 9,
            "created_at": "2021-12-20 10:00:00.000000",
        }
    ],
    "registration": [
        {
            "id": 1,
            "campaign_id": 1,
            "unit_id": 2,
            "person_id": None,
            "target_title": "TTLĐTT",
            "commitment": "Hoàn thành 100% chỉ tiêu.",
            "registered_on": "2021-04-10",
        }
    ],
}


# tables a later revision reshapes (0005: contribution kinds and statuses, registration units):
# their rows are kept, checked value by value in that revision's own test
RESHAPED = {"contribution", "registration"}


def table_rows(path: Path, tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    """The rows of `tables` exactly as stored, in the columns of 0001 (SQLite values, rowid order).

    Later revisions may add columns (0004 adds name keys); every value 0001 held must stay.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for t in tables:
            columns = ", ".join(f'"{c}"' for c in ROWS_0001[t][0]) if t in ROWS_0001 else "*"
            out[t] = conn.execute(f'SELECT {columns} FROM "{t}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def build_0001(path: Path) -> None:
    """A database at the first released schema, filled with plain SQL inserts."""
    engine = db.make_engine(db.resolve_url(str(path)))
    try:
        schema.upgrade(engine, "0001")
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables - {"alembic_version"} == set(ROWS_0001), "a 0001 table has no test rows"
        conn.execute("PRAGMA foreign_keys=ON")
        for table, rows in ROWS_0001.items():
            for row in rows:
                columns = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" for _ in row)
                conn.execute(
                    f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values())
                )
        conn.commit()
    finally:
        conn.close()


def test_migrated_blank_database_equals_the_models(isolated_db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from stc_thidua.models import load_all

    load_all()  # every group of tables, as the migrations see them
    engine = db.open_engine(str(isolated_db))
    try:
        assert schema.current_revision(engine) == HEAD
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_revisions_form_one_chain():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(schema.MIGRATIONS_DIR))
    chain = [rev.revision for rev in script.walk_revisions()]  # head first
    assert chain[-1] == "0001"
    assert chain[0] == HEAD
    assert set(chain) == set(REVISIONS) >= {"0001", "0002"}
    for newer, older in itertools.pairwise(chain):
        assert script.get_revision(newer).down_revision == older


@pytest.mark.sqlite_only
def test_upgrade_from_0001_keeps_every_row_and_backs_up_first(isolated_db):
    build_0001(isolated_db)
    tables = sorted(set(ROWS_0001) - RESHAPED)
    before = table_rows(isolated_db, tables)
    counts = {t: len(rows) for t, rows in table_rows(isolated_db, sorted(RESHAPED)).items()}
    assert sum(len(rows) for rows in before.values()) + sum(counts.values()) == sum(
        len(r) for r in ROWS_0001.values()
    )

    with db.session_scope(str(isolated_db)) as session:  # the normal open path migrates
        from stc_thidua.domain.units import list_units

        assert {u.name for u in list_units(session=session)} == {"Văn phòng", "Tổ văn thư"}

    assert sqlitefile.read_revision(isolated_db) == HEAD
    # later revisions add columns at the end of some tables: the old columns keep their values
    after = table_rows(isolated_db, tables)
    assert {t: [r[: len(ROWS_0001[t][0])] for r in rows] for t, rows in after.items()} == before
    reshaped = table_rows(isolated_db, sorted(RESHAPED))
    assert {t: len(rows) for t, rows in reshaped.items()} == counts
    (backup,) = isolated_db.parent.glob("thidua.db.truoc-nang-cap-0001-*.bak")
    assert sqlitefile.read_revision(backup) == "0001"
    assert table_rows(backup, tables) == before
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_upgraded_rows_read_back_through_the_models(isolated_db):
    build_0001(isolated_db)
    from sqlmodel import select

    from stc_thidua.models import Campaign, Contribution, Proposal

    with db.session_scope(str(isolated_db)) as s:
        campaign = s.exec(select(Campaign)).one()
        contribution = s.exec(select(Contribution)).one()
        proposal = s.exec(select(Proposal)).one()
    assert campaign.basis == ["Căn cứ Luật Thi đua, Khen thưởng;"]
    assert campaign.start_date == dt.date(2021, 4, 1)
    assert contribution.amount == 9_000_000_000_000
    assert contribution.title == "<script>alert(1)</script>"
    assert proposal.created_at.replace(tzinfo=None) == dt.datetime(2021, 12, 20, 10)


@pytest.mark.sqlite_only
def test_db_upgrade_command_reports_the_step(cli, isolated_db):
    build_0001(isolated_db)
    status = cli("db", "status", "--json")
    assert json.loads(status.stdout)["revision"] == "0001"
    assert "Cần nâng cấp" in cli("db", "trạng-thái").stdout
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert f"từ 0001 lên {HEAD}" in result.stderr
    assert json.loads(cli("db", "status", "--json").stdout)["up_to_date"] is True
    again = cli("db", "nâng-cấp")
    assert again.exit_code == 0
    assert "đã ở bản mới nhất" in again.stderr
    assert len(list(isolated_db.parent.glob("*.truoc-nang-cap-*.bak"))) == 1


@pytest.mark.sqlite_only
def test_status_does_not_create_a_missing_database(cli, isolated_db):
    result = cli("db", "status")
    assert result.exit_code == 0
    assert "Chưa có tệp cơ sở dữ liệu" in result.stdout
    assert not isolated_db.exists()


def _digest(path: Path) -> str:
    """The database file's bytes, with whatever its write-ahead log holds."""
    wal = path.with_name(path.name + "-wal")
    pending = wal.read_bytes() if wal.exists() else b""
    return hashlib.sha256(path.read_bytes() + pending).hexdigest()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_newer_database_is_refused_untouched(cli, sample_db, journal):
    conn = sqlite3.connect(sample_db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.close()
    before = _digest(sample_db)
    for args in (("unit", "list"), ("person", "add", "A", "-u", "VP"), ("db", "upgrade")):
        result = cli(*args)
        assert result.exit_code != 0
        assert "mới hơn chương trình này" in result.stderr
        assert "dữ liệu chưa bị thay đổi" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    status = cli("db", "status", "--json")
    assert json.loads(status.stdout)["newer_than_program"] is True
    assert _digest(sample_db) == before
    assert sorted(p.name for p in sample_db.parent.glob("*.bak")) == []
