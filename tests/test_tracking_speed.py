"""Listings and standings: a fixed number of queries whatever the size, and indexes used."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import select

BENCH = Path(__file__).parent.parent / "bench" / "generate.py"
REPORTS = [
    ("report", "soket", "--quarter", "2", "--format", "md"),
    ("report", "tongket", "--format", "json"),
]
PROPOSALS = [("proposal", "list"), ("proposal", "list", "--json")]
COMMANDS = [
    ("contribution", "list", "--json"),
    ("contribution", "list", "--json", "--quarter", "2", "--status", "đã xác nhận"),
    ("contribution", "list"),
    ("standings", "--json"),
    ("standings", "--by", "person", "--json"),
    ("standings", "--quarter", "3"),
]


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def statements() -> Iterator[list[tuple[str, object]]]:
    """Every SQL statement sent to any database while inside."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _grow(db: str, extra: int) -> None:
    """Add `extra` contributions to the current campaign, as the generator makes them."""
    from sqlalchemy import insert, select

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.kinds import list_kinds
    from stc_thidua.models import Contribution, Person, Unit

    rng = random.Random(extra)
    with session_scope(db) as s:
        campaign = find_campaign(session=s)
        kinds = [k.id for k in list_kinds(session=s, campaign=campaign)]
        units = s.execute(select(Unit.id).where(Unit.agency_id == campaign.agency_id)).scalars()
        unit_ids = list(units)
        people = s.execute(select(Person.id, Person.unit_id).where(Person.unit_id.in_(unit_ids)))
        persons = list(people)
        rows = []
        for n in range(extra):
            person_id, unit_id = rng.choice(persons)
            rows.append(
                {
                    "campaign_id": campaign.id,
                    "unit_id": unit_id,
                    "person_id": person_id if n % 3 else None,
                    "kind_id": rng.choice(kinds),
                    "title": f"Thêm {n}",
                    "occurred_on": campaign.start_date,
                    "status": "da_duyet" if n % 2 else "cho_duyet",
                    "amount": 1000 * n,
                }
            )
        s.execute(insert(Contribution), rows)


def _count(cli, args: tuple[str, ...]) -> int:
    with statements() as seen:
        result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return len(seen)


def test_queries_do_not_grow_with_the_data(cli, isolated_db):
    _generator().generate(
        db=str(isolated_db), agencies=2, units=6, persons=30, contributions=20, seed=3
    )
    small = {args: _count(cli, args) for args in COMMANDS}
    _grow(str(isolated_db), 400)
    large = {args: _count(cli, args) for args in COMMANDS}
    assert large == small
    assert len(json.loads(cli("contribution", "list", "--json").stdout)) == 420


def test_json_listing_is_the_same_as_the_rows(sample_db):
    """The listing the database builds as JSON says what the Python rows say."""
    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import (
        ContributionFilter,
        contributions_json,
        list_contributions,
    )
    from stc_thidua.domain.imports import import_contributions
    from stc_thidua.paths import data_dir

    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        import_contributions(
            session=s, campaign=campaign, path=data_dir() / "theo-doi-dong-gop-2021.xlsx"
        )
        s.flush()
        quarter = ContributionFilter(start=dt.date(2021, 7, 1), end=dt.date(2021, 9, 30))
        for filters in (ContributionFilter(), quarter, ContributionFilter(statuses=["x"])):
            rows = list_contributions(session=s, campaign=campaign, filters=filters)
            text = contributions_json(session=s, campaign=campaign, filters=filters)
            assert json.loads(text) == [r.as_json() for r in rows]


def _plans(path: Path, seen: list[tuple[str, object]]) -> list[str]:
    """The query plans SQLite chose for the statements that read contributions."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        plans = []
        for statement, parameters in seen:
            if not re.search(r"\bFROM contribution\b", statement) or "INSERT" in statement:
                continue
            rows = conn.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            plans.append("\n".join(row[-1] for row in rows))
        return plans
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_listing_and_standings_use_the_indexes(cli, isolated_db):
    _generator().generate(
        db=str(isolated_db), agencies=2, units=6, persons=30, contributions=300, seed=3
    )
    for args in COMMANDS:
        with statements() as seen:
            assert cli(*args).exit_code == 0
        plans = _plans(isolated_db, seen)
        assert plans, args
        for plan in plans:
            assert re.search(r"SEARCH (contribution|anon_\d+|c)\b.* USING", plan), (args, plan)
            assert not re.search(r"SCAN contribution(?! USING)", plan), (args, plan)
        if args[0] == "standings":
            # the standings index, or (on a small table) the reports' one: covering either way
            assert any(
                re.search(r"COVERING INDEX ix_contribution_(standings|report)\b", p) for p in plans
            ), plans


def test_json_listing_escapes_what_json_must(sample_db):
    """Quotes, backslashes, control characters and astral characters survive the database's JSON."""
    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import (
        contributions_json,
        contributions_json_chunks,
        list_contributions,
    )
    from stc_thidua.domain.kinds import list_kinds
    from stc_thidua.models import Contribution, Unit

    odd = 'Sáng kiến "số 1" \\ đường dẫn C:\\tmp\tcột\nxuống dòng 🎉 \u0001'
    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        unit = s.exec(select(Unit)).first()
        kind = list_kinds(session=s, campaign=campaign)[0]
        s.add(
            Contribution(
                campaign_id=campaign.id,
                unit_id=unit.id,
                kind_id=kind.id,
                title=odd,
                description="'; DROP TABLE unit; --",
                evidence="\x7f",
                occurred_on=campaign.start_date,
            )
        )
        s.flush()
        rows = list_contributions(session=s, campaign=campaign)
        text = contributions_json(session=s, campaign=campaign)
        assert json.loads(text) == [r.as_json() for r in rows]
        assert odd in {item["title"] for item in json.loads(text)}
        pieces = list(contributions_json_chunks(session=s, campaign=campaign))
        assert b"".join(pieces) == text


def _more_proposals(db: str, extra: int) -> None:
    """Add `extra` proposals (with achievements and events) as the generator makes them."""
    from sqlalchemy import select

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.models import Person, Unit

    with session_scope(db) as s:
        campaign = find_campaign(session=s)
        units = list(
            s.execute(select(Unit.id).where(Unit.agency_id == campaign.agency_id)).scalars()
        )
        people: dict[int, list[int]] = {}
        for person_id, unit_id in s.execute(select(Person.id, Person.unit_id)).all():
            people.setdefault(unit_id, []).append(person_id)
        _generator()._proposals(s, random.Random(extra), campaign, units, people, extra)


def test_proposals_and_reports_ask_as_many_queries_whatever_the_size(cli, isolated_db):
    _generator().generate(
        db=str(isolated_db), agencies=2, units=6, persons=30, contributions=40, seed=5, proposals=8
    )
    small = {args: _count(cli, args) for args in PROPOSALS + REPORTS}
    _grow(str(isolated_db), 300)
    _more_proposals(str(isolated_db), 60)
    large = {args: _count(cli, args) for args in PROPOSALS + REPORTS}
    assert large == small
    assert len(json.loads(cli("proposal", "list", "--json").stdout)) == 68


@pytest.mark.sqlite_only
def test_reports_read_their_covering_index(cli, isolated_db):
    _generator().generate(
        db=str(isolated_db), agencies=2, units=6, persons=30, contributions=300, seed=3
    )
    for args in REPORTS:
        with statements() as seen:
            assert cli(*args).exit_code == 0
        plans = _plans(isolated_db, seen)
        assert any("COVERING INDEX ix_contribution_report" in p for p in plans), plans
        for plan in plans:
            assert not re.search(r"SCAN contribution(?! USING)", plan), (args, plan)
