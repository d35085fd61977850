"""Defects an independent trial of tracking found, each kept fixed by a test.

A unit of another agency with the same name, an export over a clerk's own file, a
contribution moved between people by an edit, a campaign closed after its tổng kết, dates
moved past recorded contributions, an empty database file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbdump import dump

from stc_thidua.paths import data_dir


def _ok(result) -> None:
    assert result.exit_code == 0, result.stderr


def _add(cli, *extra: str):
    return cli(
        "contribution", "add", "-u", "VP", "-k", "khác", "-t", "Việc tốt", "-d", "15/06/2021",
        *extra,
    )  # fmt: skip


def test_names_are_looked_up_in_the_campaign_agency_first(cli, sample_db):
    _ok(cli("agency", "add", "SXD", "--name", "Sở Xây dựng", "--place", "Sóc Trăng",
            "--parent-body", "UBND tỉnh Sóc Trăng", "--from", "01/01/2020"))  # fmt: skip
    _ok(cli("unit", "import", "--agency", "SXD", str(data_dir() / "units.csv")))
    _ok(cli("person", "import", "--agency", "SXD", str(data_dir() / "persons.csv")))
    _ok(_add(cli))
    _ok(_add(cli, "-p", "Lê Thị Thu Hà", "-u", "VP"))
    _ok(cli("register", "--person", "Lê Thị Thu Hà"))
    listed = json.loads(cli("contribution", "list", "--unit", "VP", "--json").stdout)
    assert {item["unit"] for item in listed} == {"Văn phòng"}
    assert len(listed) == 2


def test_a_unit_only_in_another_agency_is_refused_with_its_agency(cli, sample_db):
    _ok(cli("agency", "add", "SXD", "--name", "Sở Xây dựng", "--place", "Sóc Trăng",
            "--from", "01/01/2020"))  # fmt: skip
    _ok(cli("unit", "add", "Phòng Quy hoạch", "--agency", "SXD"))
    before = dump(sample_db)
    result = cli("contribution", "add", "-u", "Phòng Quy hoạch", "-k", "khác", "-t", "x",
                 "-d", "15/06/2021")  # fmt: skip
    assert result.exit_code != 0
    assert "SXD" in result.stderr
    assert dump(sample_db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("contribution", "export", "--out", "{dir}/so-theo-doi.xlsx"),
        ("contribution", "export", "--out", "{dir}/so-theo-doi.csv"),
        ("standings", "--format", "xlsx", "--out", "{dir}/so-theo-doi.xlsx"),
        ("unit", "export", "--out", "{dir}/so-theo-doi.csv"),
        ("person", "export", "--out", "{dir}/so-theo-doi.csv"),
        ("campaign", "export", "--out", "{dir}/so-theo-doi.toml"),
    ],
)
def test_exports_never_replace_a_file_without_force(cli, sample_db, tmp_path, args):
    words = [a.format(dir=tmp_path) for a in args]
    target = Path(words[-1])
    target.write_text("SỔ CỦA TÔI", encoding="utf-8")
    refused = cli(*words)
    assert refused.exit_code != 0
    assert "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "SỔ CỦA TÔI"
    _ok(cli(*words, "--force"))
    assert target.read_bytes() != "SỔ CỦA TÔI".encode()


def test_an_edit_never_moves_a_contribution_between_people_or_units(cli, sample_db):
    _ok(_add(cli, "-p", "Lê Thị Thu Hà"))  # no. 1, a person of Văn phòng
    _ok(cli("contribution", "add", "-u", "QLNS", "-k", "khác", "-t", "Của phòng",
            "-d", "16/06/2021"))  # fmt: skip
    before = dump(sample_db)
    to_unit = cli("contribution", "edit", "1", "--unit", "QLNS")
    assert to_unit.exit_code != 0
    assert "Lê Thị Thu Hà" in to_unit.stderr
    to_person = cli("contribution", "edit", "2", "--person", "Lê Thị Thu Hà")
    assert to_person.exit_code != 0
    assert dump(sample_db) == before
    _ok(cli("contribution", "edit", "1", "--unit-own"))
    (first,) = [c for c in json.loads(cli("contribution", "list", "--json").stdout) if c["id"] == 1]
    assert first["person"] is None
    assert first["unit"] == "Văn phòng"


def test_a_closed_campaign_refuses_every_write_until_reopened(cli, sample_db, tmp_path):
    _ok(_add(cli))
    for step in (("campaign", "launch"), ("campaign", "status", "đang thực hiện")):
        _ok(cli(*step))
    _ok(cli("campaign", "close"))
    before = dump(sample_db)
    writes = [
        ("contribution", "add", "-u", "VP", "-k", "khác", "-t", "x", "-d", "1/10/2021"),
        ("contribution", "verify", "1"),
        ("contribution", "reject", "1", "--note", "x"),
        ("contribution", "edit", "1", "--amount", "5"),
        ("contribution", "remove", "1", "--yes"),
        ("register", "--unit", "VP"),
        ("kind", "add", "Mới"),
        ("note", "set", "--period", "Q2", "--section", "tồn-tại", "x"),
        ("target", "progress", "xã đạt chuẩn", "--value", "54", "--date", "30/9/2021"),
        ("propose", "--unit", "VP"),
    ]
    for words in writes:
        result = cli(*words)
        assert result.exit_code != 0, words
        assert "đã tổng kết" in result.stderr, (words, result.stderr)
    assert dump(sample_db) == before
    _ok(cli("campaign", "reopen"))
    _ok(cli("kind", "add", "Mới"))


def test_the_frame_cannot_move_past_recorded_contributions(cli, sample_db):
    _ok(_add(cli))
    before = dump(sample_db)
    result = cli("campaign", "edit", "--start", "01/07/2021")
    assert result.exit_code != 0
    assert "1 đóng góp" in result.stderr
    assert dump(sample_db) == before
    _ok(cli("campaign", "edit", "--end", "31/01/2022"))


@pytest.mark.sqlite_only
def test_an_empty_file_is_not_a_database_for_reading(cli, tmp_path):
    empty = tmp_path / "trong.db"
    empty.write_bytes(b"")
    result = cli("--db", str(empty), "campaign", "list")
    assert result.exit_code != 0
    assert "trống" in result.stderr
    assert empty.stat().st_size == 0
    failed = cli("--db", str(empty), "unit", "add", "Văn phòng")  # writes, but has no agency
    assert failed.exit_code != 0
    assert empty.stat().st_size == 0
