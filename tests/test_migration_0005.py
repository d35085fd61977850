"""Revision 0005 (tracking) upgrades a filled database of the previous revision, row by row."""

from __future__ import annotations

import importlib.util
import sqlite3

import pytest
from test_migrations import ROWS_0001, build_0001

from stc_thidua import db, schema, sqlitefile

_SPEC = importlib.util.spec_from_file_location(
    "rev0005", schema.MIGRATIONS_DIR / "versions" / "0005_tracking.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
REV = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(REV)


def _build_previous(path) -> None:
    """A database at 0005's previous revision, holding every table's test rows."""
    build_0001(path)
    engine = db.make_engine(db.resolve_url(str(path)))
    try:
        schema.upgrade(engine, REV.down_revision)
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    try:
        # a second contribution: the old "nguon_luc" kind, not verified; and a registration
        # of a person with no unit written, as the old schema allowed
        conn.execute(
            "INSERT INTO contribution (id, campaign_id, content_id, unit_id, person_id, kind, "
            "title, description, amount, work_days, occurred_on, verified, verified_on) VALUES "
            "(2, 1, NULL, 1, NULL, 'nguon_luc', 'Vận động', '', 5000000, 10, '2021-05-02', 0, NULL)"
        )
        conn.execute(
            "INSERT INTO registration (id, campaign_id, unit_id, person_id, target_title, "
            "commitment, registered_on) VALUES (2, 1, NULL, 1, 'LĐTT', '', '2021-04-12')"
        )
        conn.commit()
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_upgrade_keeps_every_contribution_and_registration(isolated_db):
    _build_previous(isolated_db)
    assert sqlitefile.read_revision(isolated_db) == REV.down_revision
    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REV.revision)
    finally:
        engine.dispose()
    conn = sqlite3.connect(isolated_db)
    conn.row_factory = sqlite3.Row
    try:
        kinds = conn.execute("SELECT * FROM contribution_kind ORDER BY position").fetchall()
        contributions = conn.execute(
            "SELECT c.*, k.code FROM contribution c JOIN contribution_kind k ON k.id = c.kind_id "
            "ORDER BY c.id"
        ).fetchall()
        registrations = conn.execute("SELECT * FROM registration ORDER BY id").fetchall()
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    assert [k["code"] for k in kinds] == [k[0] for k in REV.DEFAULT_KINDS]
    assert {k["campaign_id"] for k in kinds} == {1}
    old = ROWS_0001["contribution"][0]
    first, second = contributions
    for key in ("title", "description", "amount", "work_days", "occurred_on", "verified_on"):
        assert first[key] == old[key], key
    assert (first["code"], first["status"], first["quantity"]) == ("giai_phap", "da_duyet", 1)
    assert (second["code"], second["status"]) == ("xa_hoi_hoa", "cho_duyet")
    from stc_thidua.keys import contribution_fingerprint

    for row in contributions:  # the migration's frozen copy agrees with the program's key
        assert row["fingerprint"] == contribution_fingerprint(
            row["unit_id"],
            row["person_id"],
            row["kind_id"],
            row["title"],
            row["occurred_on"],
            row["quantity"],
            row["amount"],
            row["work_days"],
        )
    assert second["amount"] == 5_000_000
    assert "kind" not in first.keys()  # noqa: SIM118  (sqlite3.Row: `in` looks at values)
    assert "verified" not in first.keys()  # noqa: SIM118
    assert [(r["id"], r["unit_id"], r["person_id"]) for r in registrations] == [
        (1, 2, None),
        (2, 1, 1),  # the person's own unit
    ]
    assert registrations[0]["target_title"] == "TTLĐTT"


@pytest.mark.sqlite_only
def test_upgraded_contributions_read_back_through_the_domain(isolated_db):
    _build_previous(isolated_db)
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import list_contributions

    with db.session_scope(str(isolated_db)) as s:
        rows = list_contributions(session=s, campaign=find_campaign(session=s))
    assert [(r.kind, r.status, r.amount) for r in rows] == [
        ("giai_phap", "da_duyet", 9_000_000_000_000),
        ("xa_hoi_hoa", "cho_duyet", 5_000_000),
    ]
