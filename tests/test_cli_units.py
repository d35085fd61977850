"""End-to-end: units and persons through the CLI on real temporary databases."""

from __future__ import annotations

import json

from dbdump import dump


def test_sample_units_in_document_order(cli, sample_db):
    units = json.loads(cli("unit", "list", "--json").stdout)
    names = [u["name"] for u in units]
    assert names[:3] == ["Ban Giám đốc", "Văn phòng", "Thanh tra"]
    phong = names[3:]
    assert phong.index("Phòng Tài chính doanh nghiệp") < phong.index("Phòng Tài chính đầu tư")
    assert phong.index("Phòng Tài chính đầu tư") < phong.index(
        "Phòng Tài chính hành chính sự nghiệp"
    )


def test_unit_lookup_is_accent_and_case_insensitive(cli, sample_db):
    for typed in ("Phòng Ngân sách", "phong ngan sach", "PHÒNG QUẢN LÝ NGÂN SÁCH", "QLNS"):
        shown = json.loads(cli("unit", "show", typed, "--json").stdout)
        assert shown["name"] == "Phòng Quản lý ngân sách", typed


def test_unit_add_edit_remove(cli, sample_db):
    assert cli("unit", "add", "Phòng Pháp chế", "--head-name", "Trần Văn C").exit_code == 0
    dup = cli("unit", "add", "PHÒNG  PHÁP CHẾ")  # the same name: case and spacing aside
    assert dup.exit_code != 0
    assert "Đã có đơn vị" in dup.stderr
    assert cli("đơn-vị", "sửa", "phap che", "--code", "PC").exit_code == 0
    assert json.loads(cli("unit", "show", "PC", "--json").stdout)["name"] == "Phòng Pháp chế"
    refused = cli("unit", "remove", "PC")
    assert refused.exit_code != 0
    assert "--yes" in refused.stderr
    assert cli("unit", "remove", "PC", "--yes").exit_code == 0
    busy = cli("unit", "remove", "Văn phòng", "--yes")
    assert busy.exit_code != 0
    assert "còn 4 người" in busy.stderr


def test_person_add_list_sorted_and_move(cli, sample_db):
    assert cli("person", "add", "Âu Thị Ánh", "-u", "van phong", "--gender", "nu").exit_code == 0
    people = json.loads(cli("person", "list", "--unit", "VP", "--json").stdout)
    assert [p["full_name"] for p in people] == [
        "Âu Thị Ánh",
        "Ngô Thanh Bình",
        "Lê Thị Thu Hà",
        "Trần Minh Tâm",
        "Đặng Thị Ánh Tuyết",
    ]
    assert cli("person", "edit", "Âu Thị Ánh", "--move-to", "Thanh tra").exit_code == 0
    moved = json.loads(cli("person", "show", "au thi anh", "--json").stdout)
    assert moved["unit"] == "Thanh tra"
    assert moved["gender"] == "nu"


def test_person_import_is_all_or_nothing(cli, sample_db, tmp_path):
    before = dump(sample_db)
    bad = tmp_path / "nguoi.csv"
    bad.write_text(
        "Họ tên,Đơn vị,Chức vụ,Giới tính\n"
        "Nguyễn Văn Một,Văn phòng,Chuyên viên,Nam\n"
        "Nguyễn Văn Hai,Phòng Không Có,Chuyên viên,Nam\n",
        encoding="utf-8",
    )
    result = cli("person", "import", str(bad))
    assert result.exit_code != 0
    assert "dòng 3" in result.stderr
    assert "Phòng Không Có" in result.stderr
    assert dump(sample_db) == before
    good = tmp_path / "ok.csv"
    good.write_text("ho ten;don vi\nNguyễn Văn Một;van phong\n", encoding="utf-8")
    assert cli("person", "import", str(good)).exit_code == 0
    assert dump(sample_db) != before


def test_unit_import_bad_rows_name_the_row(cli, sample_db, tmp_path):
    before = dump(sample_db)
    cases = {
        "dup.csv": ("ten\nPhòng A\nPHÒNG  A\n", "dòng 3"),
        "nohead.csv": ("ma,loai\nX,Phòng\n", "thiếu cột"),
        "kind.csv": ("ten,loai\nPhòng B,Tổ công tác\n", "loại đơn vị"),
        "empty.csv": ("", "trống"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = cli("unit", "import", str(path))
        assert result.exit_code != 0, name
        assert expected in result.stderr, (name, result.stderr)
    assert dump(sample_db) == before


def test_agency_list_has_dated_names(cli, sample_db):
    rows = json.loads(cli("agency", "list", "--json").stdout)
    assert [(r["place"], r["valid_to"]) for r in rows] == [
        ("Sóc Trăng", "2025-06-30"),
        ("Cần Thơ", None),
    ]
    overlap = cli(
        "agency",
        "add",
        "STC",
        "--name",
        "Sở Tài chính",
        "--parent-body",
        "X",
        "--place",
        "Y",
        "--from",
        "01/01/2020",
    )
    assert overlap.exit_code != 0
    assert "trùng" in overlap.stderr


def test_export_then_import_into_a_new_database(cli, sample_db, tmp_path, monkeypatch):
    """Units and people exported to CSV come back identical in another database."""
    units_csv = tmp_path / "units.csv"
    people_csv = tmp_path / "people.csv"
    assert cli("person", "add", "=HYPERLINK(1)", "-u", "VP").exit_code == 0
    assert cli("unit", "export", "--out", str(units_csv)).exit_code == 0
    assert cli("person", "xuất", "--out", str(people_csv)).exit_code == 0
    assert "'=HYPERLINK(1)" in people_csv.read_text(encoding="utf-8-sig")

    def without_ids(text: str) -> list[dict[str, object]]:
        return [{k: v for k, v in row.items() if not k.endswith("id")} for row in json.loads(text)]

    before_units = without_ids(cli("unit", "list", "--json").stdout)
    before_people = without_ids(cli("person", "list", "--json").stdout)
    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "other.db"))
    assert (
        cli(
            "agency",
            "add",
            "STC",
            "--name",
            "Sở Tài chính",
            "--parent-body",
            "UBND",
            "--place",
            "Sóc Trăng",
            "--from",
            "01/01/2020",
        ).exit_code
        == 0
    )
    assert cli("unit", "import", str(units_csv)).exit_code == 0
    assert cli("person", "import", str(people_csv)).exit_code == 0
    assert without_ids(cli("unit", "list", "--json").stdout) == before_units
    assert without_ids(cli("person", "list", "--json").stdout) == before_people


def test_unit_import_again_adds_nothing(cli, sample_db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("ten\nVăn phòng\nPhòng Mới\n", encoding="utf-8")
    first = cli("unit", "import", str(path))
    assert first.exit_code == 0, first.stderr
    assert "Đã nhập 1 đơn vị" in first.stderr
    assert "1 dòng đã có, bỏ qua" in first.stderr
    before = dump(sample_db)
    again = cli("unit", "import", str(path))
    assert again.exit_code == 0
    assert "Đã nhập 0 đơn vị" in again.stderr
    assert dump(sample_db) == before
