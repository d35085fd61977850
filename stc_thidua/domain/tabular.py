"""Reading CSV files users keep: headers in Vietnamese with or without diacritics."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from stc_thidua.errors import InvalidInput, os_reason
from stc_thidua.text import keyword, nfc

MAX_ROWS = 100_000


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
    if b"\x00" in raw[:4096]:
        raise InvalidInput(f"Tệp {path.name} không phải tệp CSV (có vẻ là tệp nhị phân).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"Tệp {path.name} không phải văn bản UTF-8.") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(f"Tệp {path.name} trống.") from None
    except csv.Error as exc:
        raise InvalidInput(f"Tệp {path.name} sai định dạng CSV: {exc}.") from None
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
            row = {f: nfc(record[i]) if i < len(record) else "" for f, i in positions.items()}
            row["_line"] = str(line)
            rows.append(row)
    except csv.Error as exc:
        raise InvalidInput(
            f"Tệp {path.name} sai định dạng CSV ở dòng {reader.line_num}: {exc}."
        ) from None
    if not rows:
        raise InvalidInput(f"Tệp {path.name} không có dòng dữ liệu nào.")
    return rows
