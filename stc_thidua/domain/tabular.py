"""Reading CSV files users keep: headers in Vietnamese with or without diacritics."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from stc_thidua.errors import InvalidInput, os_reason
from stc_thidua.text import keyword, nfc

MAX_ROWS = 100_000

# called as progress(rows_done, rows_total) while a file is imported
Progress = Callable[[int, int], None] | None


def read_csv(path: Path, columns: dict[str, set[str]], required: set[str]) -> list[dict[str, str]]:
    """Rows of a CSV file keyed by field name; `columns` maps field → accepted header keywords.

    The whole file is checked before anything is returned; errors name the file and row.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp {path}.") from None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {path}: {os_reason(exc)}.") from None
    # Excel's "Unicode Text" is UTF-16 with a byte-order mark; anything else must be UTF-8.
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    if encoding != "utf-16" and b"\x00" in raw[:4096]:
        raise InvalidInput(f"Tệp {path.name} không phải tệp CSV (có vẻ là tệp nhị phân).")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        kind = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise InvalidInput(f"Tệp {path.name} không phải văn bản {kind}.") from None
    # The delimiter is the one the header row uses most; quotes are always '"'. (csv.Sniffer
    # took the "'" that protects a formula-like cell for a quote character, and split names.)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(f"Tệp {path.name} trống.") from None
    except csv.Error as exc:
        raise InvalidInput(f"Tệp {path.name} sai định dạng CSV: {_csv_reason(exc)}.") from None
    lookup = {kw: field for field, kws in columns.items() for kw in kws}
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        field = lookup.get(keyword(name))
        if field is not None and field not in positions:
            positions[field] = index
    missing = [f for f in sorted(required) if f not in positions]
    if missing:
        wanted = ", ".join(sorted(columns[f], key=len)[-1] for f in missing)
        raise InvalidInput(f"Tệp {path.name} thiếu cột: {wanted}.")
    rows: list[dict[str, str]] = []
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise InvalidInput(f"Tệp {path.name} có hơn {MAX_ROWS} dòng.")
            row = {
                f: unsafe_cell(nfc(record[i])) if i < len(record) else ""
                for f, i in positions.items()
            }
            row["_line"] = str(line)
            rows.append(row)
    except csv.Error as exc:
        raise InvalidInput(
            f"Tệp {path.name} sai định dạng CSV ở dòng {reader.line_num}: {_csv_reason(exc)}."
        ) from None
    if not rows:
        raise InvalidInput(f"Tệp {path.name} không có dòng dữ liệu nào.")
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A leading "'" is escaped too, so that a name that itself starts with "'=" comes back whole.
_ESCAPED = (*_FORMULA_START, "'")


def safe_cell(value: object) -> str:
    """A cell spreadsheet programs will not run as a formula: "=1+1" becomes "'=1+1"."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_ESCAPED) else text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell` when a file we wrote comes back in."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_ESCAPED) else text


def _csv_reason(exc: csv.Error) -> str:
    """Why the csv module refused a file, in Vietnamese."""
    text = str(exc)
    if "field limit" in text:
        return f"có ô dài quá {csv.field_size_limit()} ký tự"
    if "NUL" in text:
        return "có ký tự NUL"
    return "dấu ngoặc kép hoặc xuống dòng không khớp"


def write_csv(header: list[str], rows: list[list[object]]) -> str:
    """CSV text (UTF-8 with BOM for Excel is added by the caller) with formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return buffer.getvalue()
