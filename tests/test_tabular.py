"""The one sheet reader: CSV and XLSX as offices keep them, and the files it must refuse."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from stc_thidua.domain.imports import CONTRIBUTION_COLUMNS, PERSON_COLUMNS
from stc_thidua.domain.tabular import FileProblems, read_table
from stc_thidua.errors import InvalidInput
from stc_thidua.schemas_tracking import parse_number


def _workbook(path: Path, sheets: dict[str, list[list[object]]], merged_titles: int = 0) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for line in range(1, merged_titles + 1):
            sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=4)
    book.save(path)
    return path


HEADER = [
    "STT",
    "Tên đơn vị",
    "Họ tên",
    "LOẠI",
    "Tên giải pháp",
    "Ngày thực hiện",
    "Số tiền (đồng)",
]


def test_header_under_merged_titles_and_excel_row_numbers(tmp_path):
    path = _workbook(
        tmp_path / "so.xlsx",
        {
            "Quý II": [
                ["SỞ TÀI CHÍNH"],
                ["SỔ THEO DÕI ĐÓNG GÓP"],
                [],
                HEADER,
                [1, "Văn phòng", "Ngô Thanh Bình", "giai phap", "GP 1", dt.datetime(2021, 6, 1), 0],
                [2, None, None, None, None, None, None],
                [3, "VP", None, "XHH", "Ủng hộ", "15/06/2021", "1.500.000"],
                [4],
                [5],
            ]
        },
        merged_titles=2,
    )
    table = read_table(path, CONTRIBUTION_COLUMNS)
    assert [r.number for r in table.rows] == [5, 7]
    first, second = table.rows
    assert first.sheet == "Quý II"
    assert first.values["occurred_on"] == dt.date(2021, 6, 1)
    assert first.letters["amount"] == "G"
    assert second.values["amount"] == "1.500.000"
    assert second.values["occurred_on"] == "15/06/2021"
    assert table.notes == []


def test_every_sheet_or_the_one_named(tmp_path):
    row = ["VP", "Khác", "Việc", "01/06/2021"]
    header = ["don vi", "loai", "noi dung", "ngay"]  # no diacritics, English-free
    path = _workbook(
        tmp_path / "so.xlsx",
        {"Hướng dẫn": [["Ghi theo mẫu"]], "Quý 2": [header, row], "Quý 3": [header, row, row]},
    )
    table = read_table(path, CONTRIBUTION_COLUMNS)
    assert [(r.sheet, r.number) for r in table.rows] == [("Quý 2", 2), ("Quý 3", 2), ("Quý 3", 3)]
    assert table.notes == ["Bỏ qua trang “Hướng dẫn”: không có hàng tiêu đề."]
    only = read_table(path, CONTRIBUTION_COLUMNS, sheet="quy 3")
    assert len(only.rows) == 2
    with pytest.raises(InvalidInput, match="không có trang “Quý 9”"):
        read_table(path, CONTRIBUTION_COLUMNS, sheet="Quý 9")


def test_english_field_names_are_headers_too(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("unit,kind,title,date,amount\nVP,khac,X,01/06/2021,5\n", encoding="utf-8")
    assert read_table(path, CONTRIBUTION_COLUMNS).rows[0].values["amount"] == "5"


def test_extra_columns_are_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Họ và tên,Đơn vị,Quê quán,Số điện thoại\nA,VP,X,1\n", encoding="utf-8")
    table = read_table(path, PERSON_COLUMNS)
    assert table.notes == ["Các cột không dùng ở tệp p.csv: “Quê quán”, “Số điện thoại”."]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b"")],
)
def test_csv_encodings(tmp_path, encoding, bom):
    path = tmp_path / "p.csv"
    path.write_bytes(bom + "Họ tên;Đơn vị\nLê Văn Hưng;Văn phòng\n".encode(encoding))
    (row,) = read_table(path, PERSON_COLUMNS).rows
    assert row.values == {"full_name": "Lê Văn Hưng", "unit": "Văn phòng"}


TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Text as Vietnamese Windows writes it: letters with â, ơ... whole, tone marks apart."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def test_windows_1258_with_decomposed_tones_becomes_nfc(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(windows_1258("Họ tên,Đơn vị\nLê Văn Hưng,Phòng Tài chính đầu tư\n"))
    table = read_table(path, PERSON_COLUMNS)
    assert table.rows[0].values["full_name"] == unicodedata.normalize("NFC", "Lê Văn Hưng")
    assert table.rows[0].values["unit"] == "Phòng Tài chính đầu tư"
    assert any("Windows-1258" in note for note in table.notes)


def test_an_encoding_it_cannot_read_is_named(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"Ho ten,Don vi\n\x81\x8d\x8f\x90\n")
    with pytest.raises(InvalidInput, match="không phải UTF-8, UTF-16 hay Windows-1258"):
        read_table(path, PERSON_COLUMNS)


def test_damaged_utf8_is_refused_not_read_as_windows_1258(tmp_path):
    """One bad byte in a UTF-8 file must not turn every name into mojibake."""
    path = tmp_path / "hong.csv"
    path.write_bytes("Họ tên,Đơn vị\nLê Văn Hưng,Văn phòng\n".encode() + b"X\xed\xb3\xbf,VP\n")
    with pytest.raises(InvalidInput, match="UTF-8 nhưng hỏng ở dòng 3"):
        read_table(path, PERSON_COLUMNS)


def test_unterminated_quote_is_refused(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text('ho_ten,don_vi\nA,VP\n"unterminated,KH2,Phòng,,\n', encoding="utf-8")
    table = read_table(path, PERSON_COLUMNS)
    assert table.problems
    assert table.problems[0].row == 3
    assert "ngoặc kép" in table.problems[0].reason


def test_more_cells_than_headers_is_a_problem(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("ho_ten,don_vi\nA,VP,thừa\n", encoding="utf-8")
    (problem,) = read_table(path, PERSON_COLUMNS).problems
    assert problem.row == 2


def test_xlsx_renamed_csv_is_read_as_excel(tmp_path):
    path = _workbook(tmp_path / "that.csv", {"P": [["Họ tên", "Đơn vị"], ["A", "VP"]]})
    table = read_table(path, PERSON_COLUMNS)
    assert table.format == "xlsx"
    assert "thực chất là tệp Excel" in table.notes[0]
    assert table.rows[0].values["full_name"] == "A"


def test_csv_renamed_xlsx_is_read_as_csv(tmp_path):
    path = tmp_path / "that.xlsx"
    path.write_text("Họ tên,Đơn vị\nA,VP\n", encoding="utf-8")
    table = read_table(path, PERSON_COLUMNS)
    assert table.format == "csv"
    assert "thực chất là văn bản CSV" in table.notes[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "trống"),
        (b"\xef\xbb\xbf\r\n", "trống"),
        (b"%PDF-1.7 ...", "tệp PDF"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "cơ sở dữ liệu SQLite"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04garbage", "ZIP"),
        (b"a,b\n1,2\n", "không có hàng tiêu đề"),
    ],
)
def test_files_that_are_not_what_they_claim(tmp_path, content, expected):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=expected):
        read_table(path, PERSON_COLUMNS)


def test_missing_folder_and_locked_files(tmp_path, monkeypatch):
    with pytest.raises(InvalidInput, match="Không tìm thấy tệp"):
        read_table(tmp_path / "none.csv", PERSON_COLUMNS)
    with pytest.raises(InvalidInput, match="thư mục"):
        read_table(tmp_path, PERSON_COLUMNS)
    path = _workbook(tmp_path / "open.xlsx", {"P": [["Họ tên", "Đơn vị"], ["A", "VP"]]})
    (tmp_path / "~$open.xlsx").write_bytes(b"owner")
    with pytest.raises(InvalidInput, match="đang mở trong Excel"):
        read_table(path, PERSON_COLUMNS)

    def locked(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", locked)
    with pytest.raises(InvalidInput, match="đang bị khóa"):
        read_table(tmp_path / "x.csv", PERSON_COLUMNS)


def test_missing_required_column_is_named(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Đơn vị,Loại,Ngày\nVP,khác,01/06/2021\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="thiếu cột Nội dung"):
        read_table(path, CONTRIBUTION_COLUMNS)


def test_file_problems_sentence_names_the_first_and_counts_the_rest():
    from stc_thidua.domain.tabular import Problem

    error = FileProblems("a.xlsx", [Problem("x.", 3, "B (Đơn vị)", "Q2"), Problem("y.", 4)])
    assert error.message == (
        "Tệp a.xlsx có 2 lỗi, không dòng nào được nhập: trang “Q2”, dòng 3, cột B (Đơn vị): x "
        "(và 1 lỗi khác, liệt kê ở trên)."
    )


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000 đồng", 1_500_000),
        ("1500000đ", 1_500_000),
        (1500000.0, 1_500_000),
        ("12", 12),
        ("", 0),
        ("-5", -5),
    ],
)
def test_numbers_as_sheets_hold_them(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize("cell", ["1,5", "1.50", "nhiều", "1.5.0"])
def test_numbers_that_are_not_whole_stay_for_the_schema_to_refuse(cell):
    assert parse_number(cell) == cell


def test_lean_xlsx_reader_agrees_with_openpyxl(tmp_path):
    from openpyxl import load_workbook

    from stc_thidua.domain import xlsx
    from stc_thidua.paths import data_dir

    book = Workbook()
    sheet = book.active
    sheet.append(["Ngày", "Số", "Chữ", "Đúng"])
    sheet.append([dt.datetime(2021, 6, 15), 1500000, "Lê Văn Hưng", True])
    sheet.append([])
    sheet.append([None, 2.5, "=1+1", None])
    sheet["C4"].data_type = "s"
    sheet["A6"] = dt.date(2021, 12, 31)
    made = tmp_path / "x.xlsx"
    book.save(made)
    for path in (made, data_dir() / "theo-doi-dong-gop-2021.xlsx"):
        lean = {name: list(rows()) for name, rows in xlsx.sheets(path.read_bytes())}
        reference = load_workbook(path, read_only=True, data_only=True)
        for name in reference.sheetnames:
            worksheet = reference[name]
            worksheet.reset_dimensions()
            expected = [tuple(r) for r in worksheet.iter_rows(values_only=True)]
            mine = lean[name]
            assert len(mine) == len(expected), name
            for ours, theirs in zip(mine, expected, strict=True):
                # openpyxl reads a formula never computed as blank; we say what it is
                ours = tuple(None if isinstance(v, xlsx.Uncomputed) else v for v in ours)
                assert list(theirs[: len(ours)]) == list(ours)
                assert all(v is None for v in theirs[len(ours) :])


def test_what_the_lean_reader_does_not_know_goes_to_openpyxl(tmp_path, monkeypatch):
    from stc_thidua.domain import xlsx

    def refuse(raw: bytes):
        raise xlsx.Unsupported("test")

    monkeypatch.setattr(xlsx, "sheets", refuse)
    path = _workbook(tmp_path / "p.xlsx", {"P": [["Họ tên", "Đơn vị"], ["A", "VP"]]})
    assert read_table(path, PERSON_COLUMNS).rows[0].values == {"full_name": "A", "unit": "VP"}


def test_a_formula_never_computed_is_a_problem_at_its_cell(tmp_path):
    path = _workbook(
        tmp_path / "f.xlsx",
        {
            "S": [
                ["Đơn vị", "Loại", "Nội dung", "Ngày", "Số tiền"],
                ["VP", "khác", "X", "01/06/2021", "=1000*5"],
            ]
        },
    )
    (problem,) = read_table(path, CONTRIBUTION_COLUMNS).problems
    assert (problem.sheet, problem.row, problem.column) == ("S", 2, "E (Số tiền)")
    assert "công thức chưa được tính" in problem.reason
