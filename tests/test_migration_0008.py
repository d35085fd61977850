"""Revision 0008 (the reports' covering index) keeps a filled 0007 database, and is used."""

from __future__ import annotations

import importlib.util
import sqlite3

import pytest
from test_migrations import ROWS_0001, build_0001, table_rows

from stc_thidua import db, schema
from stc_thidua.revisions import HEAD

_SPEC = importlib.util.spec_from_file_location(
    "rev0008", schema.MIGRATIONS_DIR / "versions" / "0008_report_index.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
REV = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(REV)


def _indexes(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        conn.close()


def _tables(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return sorted(r[0] for r in rows if r[0] != "alembic_version")
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_upgrade_from_a_filled_previous_revision_keeps_every_row(isolated_db):
    assert REV.revision == HEAD
    build_0001(isolated_db)
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.down_revision)
        with engine.begin() as conn:  # contributions of the previous revision, as a clerk left them
            kind = conn.exec_driver_sql(  # 0005 gave the campaign its default kinds
                "SELECT id FROM contribution_kind WHERE campaign_id = 1 ORDER BY id"
            ).scalar()
            for n in range(30):
                conn.exec_driver_sql(
                    "INSERT INTO contribution (campaign_id, unit_id, kind_id, title, description, "
                    "quantity, amount, work_days, evidence, occurred_on, status, status_note, "
                    "verified_by, fingerprint) VALUES (1, 1, ?, ?, '', 1, ?, 0, '', "
                    "'2021-05-01', 'da_duyet', '', '', '')",
                    (kind, f"Sáng kiến {n}", 1000 * n),
                )
    finally:
        engine.dispose()
    tables = _tables(isolated_db)
    assert set(ROWS_0001) <= set(tables)
    before = table_rows(isolated_db, tables)
    assert len(before["contribution"]) >= 30
    assert "ix_contribution_report" not in _indexes(isolated_db)

    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.revision)
    finally:
        engine.dispose()
    assert "ix_contribution_report" in _indexes(isolated_db)
    assert table_rows(isolated_db, tables) == before
