"""Workbooks a clerk opens in Excel: Vietnamese headers, typed dates and money, frozen header.

Knows no database: it writes the rows it is given (built by the domain).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"  # Excel shows the separator of the reader's locale: 1.500.000
POINTS_FORMAT = "#,##0.##"
MAX_WIDTH = 60


@dataclass(frozen=True)
class SheetColumn:
    """A column of an exported sheet: header and the kind of values ("text", "date", ...)."""

    header: str
    kind: str = "text"  # text, date, int, money, points; number: an id or rank, ungrouped


@dataclass(frozen=True)
class Sheet:
    """One worksheet: title lines above (merged), the header, the rows."""

    name: str
    columns: Sequence[SheetColumn]
    rows: Sequence[Sequence[Any]]
    titles: Sequence[str] = ()


def _width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "date":
        return 10
    if kind in ("money", "int", "number"):
        text = f"{value:,}" if isinstance(value, int) else str(value)
        return len(text)
    if kind == "points":
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook of `sheets`, as bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for spec in sheets:
        sheet = book.create_sheet(spec.name[:31])
        top = 1
        for title in spec.titles:
            sheet.cell(row=top, column=1, value=title).font = Font(bold=True, size=13)
            if len(spec.columns) > 1:
                sheet.merge_cells(
                    start_row=top, start_column=1, end_row=top, end_column=len(spec.columns)
                )
            sheet.cell(row=top, column=1).alignment = Alignment(horizontal="center")
            top += 1
        if spec.titles:
            top += 1  # a blank line between the titles and the table
        widths = [len(c.header) for c in spec.columns]
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=top, column=index, value=column.header)
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        formats = {"date": DATE_FORMAT, "money": MONEY_FORMAT, "int": MONEY_FORMAT, "number": "0"}
        formats["points"] = POINTS_FORMAT
        for offset, row in enumerate(spec.rows, start=1):
            for index, (column, value) in enumerate(zip(spec.columns, row, strict=False)):
                cell = sheet.cell(row=top + offset, column=index + 1, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, never a formula ("=1+1")
                elif column.kind in formats and value is not None:
                    cell.number_format = formats[column.kind]
                widths[index] = max(widths[index], _width(value, column.kind))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
        sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
        if spec.rows:
            last = get_column_letter(len(spec.columns))
            sheet.auto_filter.ref = f"A{top}:{last}{top + len(spec.rows)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(columns: Sequence[SheetColumn], rows: Sequence[Sequence[Any]]) -> str:
    """The same rows as CSV text (dates dd/mm/yyyy, numbers plain), formula-safe cells."""
    from stc_thidua.domain.tabular import write_csv

    def cell(value: Any) -> object:
        if isinstance(value, dt.date):
            return f"{value:%d/%m/%Y}"
        return "" if value is None else value

    return write_csv([c.header for c in columns], [[cell(v) for v in row] for row in rows])


# --- the sheets thidua exports ----------------------------------------------------------------

CONTRIBUTION_COLUMNS = (
    SheetColumn("STT", "number"),
    SheetColumn("Mã số", "number"),
    SheetColumn("Đơn vị"),
    SheetColumn("Họ và tên"),
    SheetColumn("Loại đóng góp"),
    SheetColumn("Nội dung"),
    SheetColumn("Ngày", "date"),
    SheetColumn("Quý", "number"),
    SheetColumn("Số lượng", "int"),
    SheetColumn("Số tiền (đồng)", "money"),
    SheetColumn("Ngày công", "int"),
    SheetColumn("Minh chứng"),
    SheetColumn("Mô tả"),
    SheetColumn("Nội dung thi đua số", "number"),
    SheetColumn("Trạng thái"),
    SheetColumn("Lý do từ chối"),
    SheetColumn("Ngày xác nhận", "date"),
    SheetColumn("Người xác nhận"),
)


def contribution_rows(rows: Sequence[Any], statuses: dict[str, str]) -> list[list[Any]]:
    """ContributionRow view-models as the cells of CONTRIBUTION_COLUMNS."""
    return [
        [
            number,
            r.id,
            r.unit,
            r.person or "",
            r.kind_name,
            r.title,
            r.date,
            r.quarter,
            r.quantity,
            r.amount,
            r.work_days,
            r.evidence,
            r.description,
            r.content,
            statuses.get(r.status, r.status),
            r.status_note,
            r.verified_on,
            r.verified_by,
        ]
        for number, r in enumerate(rows, start=1)
    ]


def standings_sheet(standings: Any) -> Sheet:
    """The standings as one sheet: rank, who, per kind the quantity and points, the totals."""
    person = standings.by == "person"
    columns = [SheetColumn("Hạng", "number"), SheetColumn("Họ và tên" if person else "Đơn vị")]
    if person:
        columns.append(SheetColumn("Đơn vị"))
    for kind in standings.kinds:
        columns.append(SheetColumn(f"{kind.name}: số lượng", "int"))
    columns += [
        SheetColumn("Số đóng góp", "int"),
        SheetColumn("Số tiền (đồng)", "money"),
        SheetColumn("Ngày công", "int"),
        SheetColumn("Điểm", "points"),
    ]
    rows = []
    for line in standings.rows:
        cells: list[Any] = [line.rank, line.name]
        if person:
            cells.append(line.unit)
        cells += [line.kinds[k.code].quantity for k in standings.kinds]
        cells += [line.total.count, line.total.amount, line.total.work_days, line.total.points]
        rows.append(cells)
    what = "CÁ NHÂN" if person else "ĐƠN VỊ"
    return Sheet(
        name="Xếp hạng",
        columns=columns,
        rows=rows,
        titles=(
            standings.agency_name.upper(),
            f"BẢNG THEO DÕI, XẾP HẠNG THI ĐUA CỦA {what}",
            f"Phong trào “{standings.campaign_title}”, {standings.period_label}",
        ),
    )
