"""Revision 0007 (report notes, extra sections, target progress) keeps a filled database."""

from __future__ import annotations

import importlib.util
import sqlite3

import pytest
from test_migrations import ROWS_0001, build_0001, table_rows

from stc_thidua import db, schema

_SPEC = importlib.util.spec_from_file_location(
    "rev0007", schema.MIGRATIONS_DIR / "versions" / "0007_report_notes_sections_progress.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
REV = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(REV)
NEW_TABLES = {"report_note", "extra_section", "target_progress"}


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_upgrade_from_the_previous_revision_keeps_every_row(isolated_db):
    build_0001(isolated_db)
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.down_revision)
    finally:
        engine.dispose()
    old_tables = sorted(_tables(isolated_db) - {"alembic_version"})
    assert set(ROWS_0001) <= set(old_tables)
    before = table_rows(isolated_db, old_tables)
    assert sum(len(rows) for rows in before.values()) >= sum(len(r) for r in ROWS_0001.values())

    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.revision)
    finally:
        engine.dispose()
    assert _tables(isolated_db) >= NEW_TABLES
    assert table_rows(isolated_db, old_tables) == before


@pytest.mark.sqlite_only
def test_progress_and_notes_are_written_after_the_upgrade_and_downgrade_drops_them(isolated_db):
    build_0001(isolated_db)
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.revision)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO target_progress (target_id, as_of, value, note) "
                "VALUES (1, '2021-06-30', 53, '')"
            )
            conn.exec_driver_sql(
                "INSERT INTO report_note (campaign_id, period_key, section, text, updated_at) "
                "VALUES (1, '2021-Q2', 'ton-tai', 'Chưa đều.', '2021-07-01 08:00:00')"
            )
        from alembic import command

        with engine.begin() as conn:
            command.downgrade(schema._alembic_config(conn), REV.down_revision)
    finally:
        engine.dispose()
    assert not NEW_TABLES & _tables(isolated_db)
