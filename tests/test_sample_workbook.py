"""The shipped sample workbook: totals checked independently, one bad cell changes nothing."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from dbdump import dump
from openpyxl import load_workbook

from stc_thidua.paths import data_dir

WORKBOOK = data_dir() / "theo-doi-dong-gop-2021.xlsx"
REGISTRATIONS = data_dir() / "dang-ky-thi-dua-2021.xlsx"


def _generator():
    spec = importlib.util.spec_from_file_location("make_sample", data_dir() / "make_sample.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def expected_totals() -> dict[tuple[str, str], Counter]:
    """Totals by (unit, kind code) read straight from the cells, without thidua's reader."""
    gen = _generator()
    units = {}
    for line in (data_dir() / "units.csv").read_text(encoding="utf-8").splitlines()[1:]:
        name, code = line.split(",")[:2]
        units[name] = units[code] = units[_bare(name)] = name
    kinds = {
        spelling: code for code, spellings in gen.KIND_SPELLINGS.items() for spelling in spellings
    }
    totals: dict[tuple[str, str], Counter] = {}
    book = load_workbook(WORKBOOK, data_only=True)
    for quarter, _, _ in gen.QUARTERS:
        for row in book[quarter].iter_rows(min_row=6, values_only=True):
            if row[1] is None:
                continue
            amount = row[7]
            if isinstance(amount, str):
                amount = int(amount.replace(".", ""))
            key = (units[row[1]], kinds[row[3]])
            counter = totals.setdefault(key, Counter())
            counter["count"] += 1
            counter["quantity"] += int(row[6])
            counter["amount"] += int(amount or 0)
            counter["work_days"] += int(row[8] or 0)
    return totals


def test_committed_workbooks_are_what_the_script_makes():
    gen = _generator()
    for made, path in (
        (gen.contributions_workbook(), WORKBOOK),
        (gen.registrations_workbook(), REGISTRATIONS),
    ):
        shipped = load_workbook(path)
        assert made.sheetnames == shipped.sheetnames
        for name in made.sheetnames:
            ours = [[c.value for c in row] for row in made[name].iter_rows()]
            theirs = [[c.value for c in row] for row in shipped[name].iter_rows()]
            assert ours == theirs, name


def _import_sample(cli, tmp_path: Path) -> None:
    result = cli("contribution", "import", str(WORKBOOK))
    assert result.exit_code == 0, result.stderr


def test_totals_by_unit_and_kind_match_the_cells(cli, sample_db, tmp_path):
    _import_sample(cli, tmp_path)
    expected = expected_totals()
    listed: dict[tuple[str, str], Counter] = {}
    for item in json.loads(cli("contribution", "list", "--json").stdout):
        counter = listed.setdefault((item["unit"], item["kind"]), Counter())
        counter["count"] += 1
        for key in ("quantity", "amount", "work_days"):
            counter[key] += item[key]
    assert listed == expected
    standings = json.loads(cli("standings", "--all-statuses", "--json").stdout)
    ranked = {
        (row["name"], code): Counter({k: v for k, v in totals.items() if k != "points" and v})
        for row in standings["rows"]
        for code, totals in row["kinds"].items()
        if totals["count"]
    }
    assert ranked == expected


def _digest(path: Path) -> str:
    wal = path.with_name(path.name + "-wal")
    return hashlib.sha256(
        path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    ).hexdigest()


@pytest.mark.parametrize(
    ("cell", "value", "reason"),
    [
        ("F12", "31/02/2021", "không tồn tại"),
        ("H12", "hai triệu", "(Số tiền): phải là số nguyên"),
        ("B12", "Phòng Không Có", "(Tên đơn vị): không tìm thấy đơn vị “Phòng Không Có”"),
        ("D12", "Bóng đá", "các loại"),
        ("E12", None, "(Tên giải pháp): không được để trống"),
        ("F12", "01/01/2022", "ngoài thời gian"),
    ],
)
def test_one_bad_cell_leaves_the_database_unchanged(cli, sample_db, tmp_path, cell, value, reason):
    book = load_workbook(WORKBOOK)
    book["Quý III"][cell] = value
    bad = tmp_path / "mot-o-sai.xlsx"
    book.save(bad)
    cli("registration", "list")  # the database opened once, so WAL files exist before
    before = _digest(sample_db) if isinstance(sample_db, Path) else None
    rows_before = dump(sample_db)
    result = cli("contribution", "import", str(bad))
    assert result.exit_code != 0
    last = result.stderr.strip().splitlines()[-1]
    assert f"trang “Quý III”, dòng 12, cột {cell[0]}" in last
    assert reason in last
    assert dump(sample_db) == rows_before
    if before is not None:
        assert _digest(sample_db) == before


def test_demo_imports_verifies_and_writes_the_standings(tmp_path, monkeypatch):
    import subprocess
    import sys

    env_db = tmp_path / "unused.db"
    monkeypatch.setenv("THIDUA_DB", str(env_db))
    folder = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "stc_thidua", "demo", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "155 đã nhập" in result.stdout
    standings = load_workbook(folder / "xep-hang-ntm-2021.xlsx").active
    assert standings["A5"].value == "Hạng"
    assert standings["A6"].value == 1
