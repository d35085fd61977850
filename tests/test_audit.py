"""The audit log: every insert, change and delete recorded in the same transaction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from stc_thidua.db import session_scope
from stc_thidua.domain.audit import list_log, parse_entity
from stc_thidua.errors import InvalidInput


def entries(db: Path | str, **filters: object) -> list[dict[str, object]]:
    """The log as plain data, oldest first."""
    with session_scope(str(db)) as s:
        rows = list_log(session=s, limit=None, **filters)  # type: ignore[arg-type]
        return [r.model_dump() for r in reversed(rows)]


def test_unit_insert_update_delete_are_logged_with_the_user(cli, sample_db):
    before = len(entries(sample_db))
    assert (
        cli("--user", "Chị Lan", "unit", "add", "Phòng Thử nghiệm", "--code", "TN").exit_code == 0
    )
    assert cli("unit", "edit", "TN", "--head-name", "Lê Văn C").exit_code == 0
    assert cli("--user", "Anh Ba", "unit", "remove", "TN", "--yes").exit_code == 0
    added, edited, removed = entries(sample_db)[before:]
    assert added["action"] == "insert"
    assert added["entity"] == "unit"
    assert added["user"] == "Chị Lan"
    assert added["old_values"] is None
    assert added["new_values"]["name"] == "Phòng Thử nghiệm"
    assert added["new_values"]["id"] == added["entity_id"]
    assert edited["action"] == "update"
    assert edited["old_values"] == {"head_name": ""}
    assert edited["new_values"] == {"head_name": "Lê Văn C"}
    assert removed["action"] == "delete"
    assert removed["user"] == "Anh Ba"
    assert removed["old_values"]["head_name"] == "Lê Văn C"
    assert removed["new_values"] is None
    assert {e["entity_id"] for e in (added, edited, removed)} == {added["entity_id"]}


def test_only_changed_columns_and_dates_as_iso_text(cli, sample_db):
    before = len(entries(sample_db))
    result = cli("campaign", "edit", "--start", "2021-05-01", "--number", "5")
    assert result.exit_code == 0, result.stderr
    campaign = [e for e in entries(sample_db)[before:] if e["entity"] == "campaign"]
    assert len(campaign) == 1
    assert campaign[0]["new_values"] == {"doc_number": 5, "start_date": "2021-05-01"}
    assert campaign[0]["old_values"]["doc_number"] is None
    assert isinstance(campaign[0]["old_values"]["start_date"], str)


def test_edit_without_real_change_logs_nothing(cli, sample_db):
    before = len(entries(sample_db))
    assert cli("person", "edit", "Kim Sô Phal", "--position", "Trưởng phòng").exit_code == 0
    assert len(entries(sample_db)) == before


def test_refused_command_logs_nothing(cli, sample_db):
    before = entries(sample_db)
    result = cli("person", "add", "Kim Sô Phal", "--unit", "Phòng Tin học và Thống kê")
    assert result.exit_code != 0
    assert entries(sample_db) == before


def test_rolled_back_transaction_takes_its_log_with_it(sample_db):
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import add_unit

    before = entries(sample_db)
    seen: list[int] = []

    def write_then_fail() -> None:
        with session_scope(str(sample_db)) as s:
            agency = resolve_agency(session=s, query=None)
            add_unit(session=s, agency=agency, data={"name": "Tổ X"})
            seen.append(len(list_log(session=s, limit=None)))
            raise RuntimeError("crash after the flush")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen == [len(before) + 1]
    assert entries(sample_db) == before


@pytest.mark.sqlite_only
def test_rows_the_database_cascades_to_are_logged(sample_db):
    """Deleting a campaign removes its contents and targets by ON DELETE CASCADE: all logged."""
    from stc_thidua.domain.campaigns import contents_of, find_campaign, targets_of

    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        children = {("campaign_content", c.id) for c in contents_of(session=s, campaign=campaign)}
        children |= {("target", t.id) for t in targets_of(session=s, campaign=campaign)}
        s.delete(campaign)
    deleted = {(e["entity"], e["entity_id"]) for e in entries(sample_db, entity=None)[-20:]}
    assert ("campaign", campaign.id) in deleted
    assert children
    assert children <= deleted


def test_log_command_filters_and_json(cli, sample_db):
    assert cli("--user", "kiểm thử", "unit", "add", "Tổ Một").exit_code == 0
    result = cli("nhật-ký", "--entity", "đơn vị", "--limit", "1", "--json")
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["entity"] == "unit"
    assert entry["user"] == "kiểm thử"
    assert entry["at"].endswith("+00:00")
    people = json.loads(cli("log", "-e", "person", "-n", "0", "--json").stdout)
    assert len(people) == 24
    assert {e["entity"] for e in people} == {"person"}
    future = cli("log", "--since", "01/01/2200", "--json")
    assert json.loads(future.stdout) == []
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert json.loads(cli("log", "--since", today, "-n", "1", "--json").stdout)
    table = cli("nhatky", "-e", "unit", "-n", "3")
    assert table.exit_code == 0
    assert "Tổ Một" in table.stdout
    assert "thêm" in table.stdout


def test_log_command_refuses_bad_filters(cli, sample_db):
    for args, expected in [
        (("log", "--entity", "bảng lương"), "Loại bản ghi “bảng lương” không hợp lệ"),
        (("log", "--since", "30/02/2026"), "không tồn tại"),
        (("log", "--since", "hôm qua"), "không phải ngày"),
    ]:
        result = cli(*args)
        assert result.exit_code != 0
        assert expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_parse_entity_takes_vietnamese_names():
    assert parse_entity("cán bộ") == "person"
    assert parse_entity("DE-XUAT") == "proposal"
    with pytest.raises(InvalidInput):
        parse_entity("log")


def test_log_help_is_vietnamese(cli):
    result = cli("log", "--help")
    assert result.exit_code == 0
    assert "nhật-ký" in result.stdout
    assert "--since" in result.stdout


def test_nothing_in_the_program_deletes_or_rewrites_the_log():
    package = Path(__file__).parents[1] / "stc_thidua"
    writers = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "AuditLog" in path.read_text(encoding="utf-8")
    }
    assert writers == {"models.py", "tables/core.py", "auditing.py", "domain/audit.py"}
    recorder = (package / "auditing.py").read_text(encoding="utf-8")
    assert "delete(AuditLog" not in recorder
    assert "update(AuditLog" not in recorder


def test_jsonable_turns_dates_and_odd_floats_into_text():
    from stc_thidua.auditing import jsonable

    value = {"d": dt.date(2026, 1, 2), "xs": [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)], "f": 1.5}
    assert jsonable(value) == {"d": "2026-01-02", "xs": ["2026-01-01T00:00:00+00:00"], "f": 1.5}
    assert jsonable(float("inf")) == "inf"
    assert json.dumps(jsonable({"n": float("nan")}), allow_nan=False) == '{"n": "nan"}'


def test_a_bulk_insert_the_database_refuses_is_one_sentence_and_writes_nothing(sample_db):
    """A row naming a unit that is not there: the import's own error, on either backend."""
    from sqlmodel import select

    from stc_thidua.auditing import insert_many
    from stc_thidua.errors import ThiduaError
    from stc_thidua.models import Contribution, ContributionKind

    with session_scope(str(sample_db)) as s:
        kind_id = s.exec(select(ContributionKind.id)).first()
    before = len(entries(sample_db))
    row = {
        "title": "Không có đơn vị này",
        "description": "",
        "quantity": 1,
        "amount": 0,
        "work_days": 0,
        "evidence": "",
        "occurred_on": dt.date(2021, 6, 1),
        "campaign_id": 1,
        "content_id": None,
        "unit_id": 999_999,
        "person_id": None,
        "kind_id": kind_id,
        "status": "cho_duyet",
        "status_note": "",
        "verified_on": None,
        "verified_by": "",
        "fingerprint": "x",
    }
    with pytest.raises(ThiduaError), session_scope(str(sample_db)) as s:
        insert_many(s, Contribution, [row])
    assert len(entries(sample_db)) == before


@pytest.mark.sqlite_only
def test_cascaded_rows_of_tables_the_command_never_built_are_logged(sample_db):
    """A process that built only the core tables deletes a campaign: the kinds and contents
    the database cascades to (tables of other groups, not yet built) are logged too."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sqlmodel import select\n"
        "from stc_thidua.db import session_scope\n"
        "from stc_thidua.models import Campaign\n"
        "assert 'stc_thidua.tables.tracking' not in sys.modules\n"
        f"with session_scope({str(sample_db)!r}) as s:\n"
        "    s.delete(s.exec(select(Campaign)).first())\n"
    )
    with session_scope(str(sample_db)) as s:
        from sqlmodel import select

        from stc_thidua.models import ContributionKind

        kinds = {("contribution_kind", k.id) for k in s.exec(select(ContributionKind))}
    assert kinds
    subprocess.run([sys.executable, "-c", code], check=True)
    deleted = {(e["entity"], e["entity_id"]) for e in entries(sample_db, entity=None)[-40:]}
    assert kinds <= deleted
    assert any(entity == "campaign_content" for entity, _ in deleted)
