"""Revision 0006 (commendation) upgrades a filled database of the previous revision."""

from __future__ import annotations

import importlib.util
import json

import pytest
from sqlalchemy import text
from test_migrations import ROWS_0001, build_0001, table_rows

from stc_thidua import db, schema, sqlitefile

_SPEC = importlib.util.spec_from_file_location(
    "rev0006", schema.MIGRATIONS_DIR / "versions" / "0006_commendation.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
REV = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(REV)


@pytest.mark.sqlite_only
def test_upgrade_keeps_every_row_of_the_previous_revision(isolated_db):
    build_0001(isolated_db)
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.down_revision)
    finally:
        engine.dispose()
    tables = sorted(ROWS_0001)
    before = table_rows(isolated_db, tables)
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.revision)
    finally:
        engine.dispose()
    after = table_rows(isolated_db, tables)
    for table in tables:
        width = len(before[table][0]) if before[table] else 0
        assert [r[:width] for r in after[table]] == before[table], table
    assert sqlitefile.read_revision(isolated_db) == REV.revision


def test_new_columns_take_their_defaults_on_every_backend(isolated_db):
    """Filled at the previous revision with plain SQL, then upgraded (SQLite and PostgreSQL)."""
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.down_revision)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO agency (id, abbr) VALUES (1, 'STC')"))
            conn.execute(
                text(
                    "INSERT INTO campaign (id, code, agency_id, parent_body, agency_name, "
                    "agency_abbr, doc_type, place, issued_year, title, movement_name, basis, "
                    "purposes, requirements, time_frame, start_date, end_date, implementation, "
                    "recipients, archive, signer_prefix, signer_prefix_title, signer_title, "
                    "signer_name, status, created_at, code_key) VALUES "
                    "(1, 'ntm-2021', 1, 'UBND', 'Sở', "
                    "'STC', 'KH', 'Sóc Trăng', 2021, 'Kế hoạch', '', '[]', '[]', '[]', '', "
                    "'2021-04-09', '2021-12-31', '[]', '[]', 'VP', '', '', 'Giám đốc', 'A', "
                    "'du_thao', '2021-04-09 08:00:00', 'ntm-2021')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO unit (id, agency_id, name, code, kind, head_title, head_name, "
                    "name_key) VALUES (1, 1, 'Văn phòng', 'VP', 'van_phong', '', '', 'văn phòng')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO person (id, unit_id, full_name, position, gender, name_key) "
                    "VALUES (1, 1, 'Đặng Thị Ánh Tuyết', '', 'nu', 'đặng thị ánh tuyết')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO proposal (id, campaign_id, unit_id, person_id, award, reason, "
                    "status, votes_for, council_size, created_at) VALUES (1, 1, NULL, 1, "
                    "'CSTĐCS', 'Hoàn thành xuất sắc.', 'de_xuat', 7, 9, '2021-12-20 10:00:00')"
                )
            )
        schema.upgrade(engine, REV.revision)
        with engine.connect() as conn:
            proposal = conn.execute(text("SELECT * FROM proposal")).mappings().one()
            campaign = conn.execute(text("SELECT rule_set FROM campaign")).scalar_one()
    finally:
        engine.dispose()
    assert (proposal["award"], proposal["reason"]) == ("CSTĐCS", "Hoàn thành xuất sắc.")
    assert (proposal["votes_for"], proposal["council_size"]) == (7, 9)
    assert proposal["vote_threshold"] == ""
    assert proposal["decision_symbol"] == ""
    assert proposal["decision_number"] is None
    problems = proposal["problems"]
    assert (json.loads(problems) if isinstance(problems, str) else problems) == []
    assert campaign == ""
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine)  # to the newest: a shared server changes only by db upgrade
    finally:
        engine.dispose()
    with db.session_scope(str(isolated_db)) as s:
        from stc_thidua.domain.proposals import get_proposal, info

        shown = info(session=s, proposal=get_proposal(session=s, proposal_id=1))
    assert shown.nominee == "Đặng Thị Ánh Tuyết"
    assert shown.vote_text == "7/9 thành viên = 77,8% < 80%: không đạt"  # CSTĐCS
