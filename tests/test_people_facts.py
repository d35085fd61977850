"""Ratings, disciplines and commendation history per year, through the CLI."""

from __future__ import annotations

import json

import pytest
from dbdump import dump


def test_rating_set_and_list(cli, sample_db):
    result = cli("rating", "set", "Phan Quốc Khánh", "--year", "2021", "--grade", "tốt")
    assert result.exit_code == 0, result.stderr
    assert "Hoàn thành tốt nhiệm vụ" in result.stderr
    assert cli("xếp-loại", "đặt", "vo thi cam tu", "-y", "2021", "-g", "HTXSNV").exit_code == 0
    # setting again replaces the year's rating
    assert cli("rating", "set", "Phan Quốc Khánh", "-y", "2021", "-g", "xuất sắc").exit_code == 0
    rows = json.loads(cli("rating", "list", "--year", "2021", "--json").stdout)
    assert {(r["full_name"], r["grade"]) for r in rows} == {
        ("Phan Quốc Khánh", "xuat_sac"),
        ("Võ Thị Cẩm Tú", "xuat_sac"),
    }
    assert len(json.loads(cli("log", "--entity", "xếp loại", "--json").stdout)) == 3


def test_rating_import_from_a_sheet(cli, sample_db, tmp_path):
    sheet = tmp_path / "xep-loai.csv"
    sheet.write_text(
        "Họ tên,Đơn vị,Năm,Xếp loại\n"
        "Phan Quốc Khánh,QLNS,2021,Hoàn thành tốt nhiệm vụ\n"
        "Mai Văn Lộc,HCSN,2021,HTXSNV\n"
        "Ngô Thanh Bình,Văn phòng,2021,hoàn thành\n",
        encoding="utf-8",
    )
    result = cli("rating", "import", str(sheet))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(cli("rating", "list", "--json").stdout)
    assert {r["full_name"]: r["grade"] for r in rows} == {
        "Phan Quốc Khánh": "tot",
        "Mai Văn Lộc": "xuat_sac",
        "Ngô Thanh Bình": "hoan_thanh",
    }


def test_rating_import_lists_every_bad_row_and_writes_nothing(cli, sample_db, tmp_path):
    sheet = tmp_path / "xep-loai.csv"
    sheet.write_text(
        "ho_ten,nam,xep_loai\n"
        "Phan Quốc Khánh,2021,tốt\n"
        "Không Có Ai,2021,tốt\n"
        "Mai Văn Lộc,3021,tốt\n"
        "Ngô Thanh Bình,2021,giỏi\n"
        "Phan Quốc Khánh,2021,xuất sắc\n",
        encoding="utf-8",
    )
    before = dump(sample_db)
    result = cli("rating", "import", str(sheet))
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    for line in ("dòng 3", "dòng 4", "dòng 5", "dòng 6"):
        assert line in message
    assert "dòng 2:" not in message
    assert dump(sample_db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rating", "set", "Phan Quốc Khánh", "-y", "3021", "-g", "tốt"], "Năm “3021”"),
        (["rating", "set", "Phan Quốc Khánh", "-y", "1900", "-g", "tốt"], "Năm “1900”"),
        (["rating", "set", "Phan Quốc Khánh", "-y", "năm ngoái", "-g", "tốt"], "Năm"),
        (["rating", "set", "Phan Quốc Khánh", "-y", "2021", "-g", "giỏi"], "Xếp loại"),
        (["rating", "set", "Người Lạ", "-y", "2021", "-g", "tốt"], "Không tìm thấy người"),
        (["discipline", "add", "Phan Quốc Khánh", "-y", "2021", "-l", "phê bình"], "kỷ luật"),
        (["discipline", "add", "Phan Quốc Khánh", "-y", "2099", "-l", "cảnh cáo"], "Năm"),
        (
            ["commendation", "add", "-p", "Phan Quốc Khánh", "-f", "Huân chương", "-y", "2020"],
            "có:",
        ),
        (["commendation", "add", "-u", "QLNS", "-f", "LĐTT", "-y", "2020"], "cá nhân"),
        (["commendation", "add", "-f", "LĐTT", "-y", "2020"], "--person"),
    ],
)
def test_bad_people_input_writes_nothing(cli, sample_db, args, message):
    before = dump(sample_db)
    result = cli(*args)
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert dump(sample_db) == before


def test_discipline_add_list_remove(cli, sample_db):
    added = cli(
        "kỷ-luật", "thêm", "Mai Văn Lộc", "-y", "2021", "-l", "Cảnh cáo", "--decision", "7/QĐ"
    )
    assert added.exit_code == 0, added.stderr
    rows = json.loads(cli("discipline", "list", "--year", "2021", "--json").stdout)
    assert [(r["full_name"], r["level"]) for r in rows] == [("Mai Văn Lộc", "canh_cao")]
    assert cli("discipline", "remove", str(rows[0]["id"])).exit_code != 0  # needs --yes
    assert cli("discipline", "remove", str(rows[0]["id"]), "--yes").exit_code == 0
    assert json.loads(cli("discipline", "list", "--json").stdout) == []


def test_history_of_a_person_and_a_unit(cli, sample_db):
    assert (
        cli(
            "commendation",
            "add",
            "--person",
            "Phan Quốc Khánh",
            "--form",
            "LĐTT",
            "--year",
            "2020",
            "--decision",
            "45/QĐ-STC",
            "--date",
            "20/12/2020",
        ).exit_code
        == 0
    )
    assert cli("commendation", "add", "-u", "QLNS", "-f", "TTLĐTT", "-y", "2020").exit_code == 0
    person = json.loads(cli("person", "history", "phan quoc khanh", "--json").stdout)
    assert [(c["year"], c["form"], c["decision"]) for c in person["commendations"]] == [
        (2020, "LDTT", "45/QĐ-STC")
    ]
    unit = json.loads(cli("unit", "lịch-sử", "Phòng Ngân sách", "--json").stdout)
    assert [(c["year"], c["form_name"]) for c in unit["commendations"]] == [
        (2020, "Tập thể lao động tiên tiến")
    ]
    empty = cli("person", "history", "Mai Văn Lộc")
    assert empty.exit_code == 0
    assert "chưa có khen thưởng" in empty.stderr
