"""Write the sample tracking workbooks of data/ as an office keeps them (run from the repo root).

    python data/make_sample.py

- `dang-ky-thi-dua-2021.xlsx`: the registrations of 2021 (one unit has not registered);
- `theo-doi-dong-gop-2021.xlsx`: a year of contributions (from the launch, 09/4/2021, to the
  end of 2021), one sheet per quarter, each under merged title rows, with the untidiness of
  real sheets: headers spelled differently on each sheet (with and without diacritics, upper
  case), kinds written several ways ("GIẢI PHÁP", "giai phap", "xã hội hoá", "XHH"), units by
  name or code, money as numbers or as text ("1.500.000"), dates as Excel dates or as text
  ("15/06/2021"), a guide sheet and a summary sheet that are not data, and blank numbered rows
  at the bottom of each sheet.

The units and persons are those of data/units.csv and data/persons.csv. The output is the same
on every run (a fixed seed), so the committed workbooks can be checked against this script.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
SEED = 2021
START, END = dt.date(2021, 4, 9), dt.date(2021, 12, 31)

TITLES = {
    "giai_phap": [
        "Giải pháp rút ngắn thời gian thẩm định quyết toán dự án nông thôn mới",
        "Sáng kiến số hóa hồ sơ thanh toán vốn xã đạt chuẩn",
        "Giải pháp lồng ghép nguồn vốn các chương trình mục tiêu",
        "Đề xuất quy trình giao dự toán sớm cho các xã",
        "Giải pháp theo dõi tiến độ giải ngân bằng bảng tính dùng chung",
        "Sáng kiến mẫu hóa hồ sơ đề nghị hỗ trợ xi măng làm đường",
    ],
    "tuyen_truyen": [
        "Bài viết về chung sức xây dựng nông thôn mới trên Trang thông tin của Sở",
        "Tuyên truyền tại hội nghị cán bộ, công chức",
        "Tin bài về kết quả giải ngân vốn nông thôn mới",
        "Phát tài liệu hỏi đáp về tiêu chí nông thôn mới",
    ],
    "mo_hinh": [
        "Mô hình “Phòng không giấy tờ” trong thẩm định",
        "Cách làm mới: tổ công tác hỗ trợ xã quyết toán",
        "Mô hình đỡ đầu xã nông thôn mới nâng cao",
    ],
    "xa_hoi_hoa": [
        "Vận động ủng hộ Quỹ xây dựng nông thôn mới",
        "Ngày công làm đường giao thông nông thôn tại xã đỡ đầu",
        "Vận động doanh nghiệp tài trợ cầu nông thôn",
        "Ủng hộ xây nhà tình thương",
    ],
    "khac": [
        "Tham gia Hội thao chào mừng ngày thành lập ngành",
        "Hiến máu tình nguyện",
    ],
}
# how each sheet spells the kinds (several spellings per kind, as clerks type them)
KIND_SPELLINGS = {
    "giai_phap": ["Giải pháp", "GIẢI PHÁP", "giai phap", "Sáng kiến", "Giải pháp, sáng kiến"],
    "tuyen_truyen": ["Tuyên truyền", "tuyen truyen", "TUYÊN TRUYỀN"],
    "mo_hinh": ["Mô hình hay", "Cách làm mới", "mo hinh", "Mô hình hay, cách làm mới"],
    "xa_hoi_hoa": ["Xã hội hóa", "Xã hội hoá", "XHH", "Nguồn lực", "xa hoi hoa"],
    "khac": ["Khác", "khac"],
}
HEADERS = [  # one spelling of the header row per sheet
    [
        "STT",
        "Đơn vị",
        "Họ và tên",
        "Loại đóng góp",
        "Nội dung",
        "Ngày",
        "Số lượng",
        "Số tiền (đồng)",
        "Ngày công",
        "Minh chứng",
        "Ghi chú",
    ],
    [
        "TT",
        "Tên đơn vị",
        "Họ tên",
        "Loại",
        "Tên giải pháp",
        "Ngày thực hiện",
        "SL",
        "Số tiền",
        "Số ngày công",
        "Văn bản",
        "Ghi chú",
    ],
    [
        "STT",
        "DON VI",
        "HO TEN",
        "LOAI",
        "NOI DUNG",
        "NGAY",
        "SO LUONG",
        "SO TIEN (DONG)",
        "NGAY CONG",
        "MINH CHUNG",
        "GHI CHU",
    ],
]
QUARTERS = [
    ("Quý II", START, dt.date(2021, 6, 30)),
    ("Quý III", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
    ("Quý IV", dt.date(2021, 10, 1), END),
]
AGENCY = "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG"
MOVEMENT = "“SÓC TRĂNG CHUNG SỨC XÂY DỰNG NÔNG THÔN MỚI” NĂM 2021"


def _read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _unit_label(rng: random.Random, unit: dict[str, str]) -> str:
    """A unit as clerks write it: its name, its code, or its name without diacritics."""
    choice = rng.random()
    if choice < 0.65:
        return unit["ten_don_vi"]
    if choice < 0.85:
        return unit["ma"]
    import unicodedata

    bare = unicodedata.normalize("NFD", unit["ten_don_vi"])
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def _money_cell(rng: random.Random, amount: int) -> object:
    """Money as a number, or as text with Vietnamese thousands separators."""
    if amount == 0:
        return None if rng.random() < 0.7 else 0
    return f"{amount:,}".replace(",", ".") if rng.random() < 0.4 else amount


def _date_cell(rng: random.Random, day: dt.date) -> object:
    """A date as an Excel date, or as dd/mm/yyyy text."""
    return f"{day:%d/%m/%Y}" if rng.random() < 0.35 else dt.datetime.combine(day, dt.time())


def _title_rows(sheet: object, width: int, quarter: str) -> None:
    for row, (text, size) in enumerate(
        [
            (AGENCY, 12),
            (f"SỔ THEO DÕI ĐÓNG GÓP PHONG TRÀO THI ĐUA {MOVEMENT}", 13),
            (f"{quarter} năm 2021", 12),
        ],
        start=1,
    ):
        cell = sheet.cell(row=row, column=1, value=text)  # type: ignore[attr-defined]
        cell.font = Font(bold=True, size=size)
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)  # type: ignore[attr-defined]


def contributions_workbook() -> Workbook:
    """The year of sample contributions."""
    rng = random.Random(SEED)
    units = _read("units.csv")
    persons = _read("persons.csv")
    by_unit: dict[str, list[dict[str, str]]] = {}
    for person in persons:
        by_unit.setdefault(person["don_vi"], []).append(person)
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "Mỗi quý một trang. Loại đóng góp: giải pháp, tuyên truyền, mô hình, xã hội hóa."
    guide["A2"] = "Số tiền ghi theo đồng; ngày ghi dd/mm/yyyy."
    kinds = list(TITLES)
    weights = [3, 4, 2, 3, 1]
    for (quarter, first, last), header in zip(QUARTERS, HEADERS, strict=True):
        sheet = book.create_sheet(quarter)
        _title_rows(sheet, len(header), quarter)
        header_row = 5
        for col, text in enumerate(header, start=1):
            sheet.cell(row=header_row, column=col, value=text).font = Font(bold=True)
        days = (last - first).days
        entries = []
        for _ in range(rng.randint(45, 60)):
            unit = rng.choice(units)
            kind = rng.choices(kinds, weights)[0]
            person = None
            if by_unit.get(unit["ten_don_vi"]) and rng.random() < 0.7:
                person = rng.choice(by_unit[unit["ten_don_vi"]])
            day = first + dt.timedelta(days=rng.randint(0, days))
            amount = work_days = 0
            if kind == "xa_hoi_hoa":
                amount = rng.choice([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 5_000_000])
                amount += rng.choice([0, 0, 250_000, 12_500_000])
                work_days = rng.choice([0, 0, 1, 2, 3, 5])
                if amount == 0 and work_days == 0:
                    work_days = 1
            quantity = rng.choice([1, 1, 1, 2, 3]) if kind == "tuyen_truyen" else 1
            evidence = ""
            if kind in ("giai_phap", "mo_hinh") or rng.random() < 0.3:
                evidence = f"Công văn số {rng.randint(10, 999)}/STC-VP ngày {day:%d/%m/%Y}"
            entries.append((day, unit, person, kind, quantity, amount, work_days, evidence))
        entries.sort(key=lambda e: e[0])
        for number, (day, unit, person, kind, quantity, amount, work_days, evidence) in enumerate(
            entries, start=1
        ):
            row = header_row + number
            values = [
                number,
                _unit_label(rng, unit),
                person["ho_ten"] if person else None,
                rng.choice(KIND_SPELLINGS[kind]),
                rng.choice(TITLES[kind]),
                _date_cell(rng, day),
                quantity if rng.random() < 0.8 else str(quantity),
                _money_cell(rng, amount),
                work_days or None,
                evidence or None,
                None,
            ]
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(value, int) and col == 8:
                    cell.number_format = "#,##0"
        # the numbered blank lines a template keeps at the bottom
        for extra in range(1, 6):
            sheet.cell(row=header_row + len(entries) + extra, column=1, value=len(entries) + extra)
        sheet.column_dimensions["B"].width = 34
        sheet.column_dimensions["E"].width = 60
        sheet.freeze_panes = f"A{header_row + 1}"
    summary = book.create_sheet("Tổng hợp")
    summary["A1"] = "TỔNG HỢP"
    summary["A3"] = "Quý"
    summary["B3"] = "Số tiền"
    for row, (quarter, _, _) in enumerate(QUARTERS, start=4):
        summary.cell(row=row, column=1, value=quarter)
        summary.cell(row=row, column=2, value=f"=SUM('{quarter}'!H6:H200)")
    return book


def registrations_workbook() -> Workbook:
    """The sample registrations: every unit but one, and most persons."""
    rng = random.Random(SEED + 1)
    units = _read("units.csv")
    persons = _read("persons.csv")
    book = Workbook()
    sheet = book.active
    sheet.title = "Đăng ký"
    sheet["A1"] = AGENCY
    sheet["A2"] = f"DANH SÁCH ĐĂNG KÝ THI ĐUA PHONG TRÀO {MOVEMENT}"
    for row in (1, 2):
        sheet.cell(row=row, column=1).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    header = ["STT", "Đơn vị", "Họ và tên", "Danh hiệu đăng ký", "Nội dung đăng ký", "Ngày đăng ký"]
    for col, text in enumerate(header, start=1):
        sheet.cell(row=4, column=col, value=text).font = Font(bold=True)
    lines: list[list[object]] = []
    for unit in units[:-1]:  # the last unit has not registered
        lines.append(
            [
                unit["ten_don_vi"],
                None,
                "Tập thể lao động tiên tiến",
                "Hoàn thành 100% nhiệm vụ được giao; có ít nhất một giải pháp phục vụ "
                "xây dựng nông thôn mới.",
                dt.datetime(2021, 4, rng.randint(12, 20)),
            ]
        )
    for person in persons:
        if person["don_vi"] == units[-1]["ten_don_vi"] or rng.random() < 0.2:
            continue
        title = "Chiến sĩ thi đua cơ sở" if rng.random() < 0.25 else "Lao động tiên tiến"
        lines.append(
            [
                person["don_vi"],
                person["ho_ten"],
                title,
                "Hoàn thành tốt nhiệm vụ; tham gia phong trào thi đua.",
                f"{rng.randint(12, 20):02d}/04/2021",
            ]
        )
    for number, line in enumerate(lines, start=1):
        for col, value in enumerate([number, *line], start=1):
            cell = sheet.cell(row=4 + number, column=col, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A5"
    return book


def _save(book: Workbook, path: Path) -> None:
    """Save with fixed document times, so that the same data gives the same bytes."""
    fixed = dt.datetime(2021, 12, 31, 17, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "Văn phòng Sở Tài chính"
    book.save(path)


def main() -> None:
    """Write both workbooks into data/."""
    _save(registrations_workbook(), HERE / "dang-ky-thi-dua-2021.xlsx")
    _save(contributions_workbook(), HERE / "theo-doi-dong-gop-2021.xlsx")
    print(
        "Đã ghi data/dang-ky-thi-dua-2021.xlsx và data/theo-doi-dong-gop-2021.xlsx", file=sys.stderr
    )


if __name__ == "__main__":
    main()
