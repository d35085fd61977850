"""The one date parser: ISO or Vietnamese dd/mm/yyyy, inside one set of bounds."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from stc_thidua.errors import InvalidInput
from stc_thidua.text import nfc, shown

# Every date thidua stores lies in these years (an issue date, a campaign, a name period).
EARLIEST, LATEST = dt.date(1945, 1, 1), dt.date(2200, 12, 31)
_BOUNDS = f"từ {EARLIEST:%d/%m/%Y} đến {LATEST:%d/%m/%Y}"
_DIGITS = re.compile(r"[0-9]{1,4}")
_TIME = re.compile(r"(.+?)(?:\s+|T)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?")


def _parts(text: str) -> list[str]:
    return [p for p in text.replace("-", "/").replace(".", "/").split("/") if p != ""]


def check_bounds(value: dt.date) -> dt.date:
    """`value`, or ValueError when it lies outside the years thidua accepts."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"ngày {value:%d/%m/%Y} nằm ngoài khoảng {_BOUNDS}")
    return value


def parse_date(value: Any) -> Any:
    """A full date typed as 2021-04-09 or 09/4/2021 → date, checked against the bounds.

    Text that is not a date written in digits is returned unchanged (a schema then says
    so in its own words); a date that does not exist or lies out of bounds raises ValueError.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return check_bounds(value)
    if not isinstance(value, str):
        return value
    text = nfc(value)
    timed = _TIME.fullmatch(text)
    if timed and re.fullmatch(r"[0-9./-]+", timed.group(1)):  # Excel's CSV: "01/10/2021 0:00"
        text = timed.group(1)
        if any(int(n or 0) for n in timed.group(2, 3, 4)):
            raise ValueError(f"“{shown(value)}”: chỉ ghi ngày, không ghi giờ")
    parts = text.replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(_DIGITS.fullmatch(p) for p in parts):
        return value
    if 4 not in (len(parts[0]), len(parts[2])):
        return value
    numbers = [int(p) for p in parts]
    year, month, day = numbers if len(parts[0]) == 4 else numbers[::-1]
    try:
        return check_bounds(dt.date(year, month, day))
    except ValueError as exc:
        if "ngoài khoảng" in str(exc):
            raise
        raise ValueError(f"ngày {text} không tồn tại") from exc


def to_date(value: str, what: str) -> dt.date:
    """The date typed for option `what`, or one Vietnamese sentence saying why not."""
    try:
        parsed = parse_date(value)
    except ValueError as exc:
        raise InvalidInput(f"{what}: {exc}.") from None
    if not isinstance(parsed, dt.date):
        raise InvalidInput(
            f"{what}: “{shown(value)}” không phải ngày (vd. 2026-01-01 hoặc 01/01/2026)."
        )
    return parsed


def parse_issue_date(value: str) -> dict[str, int | None]:
    """ "09/4/2021" → day, month, year; "4/2021" and "2021" keep the missing parts blank."""
    parts = _parts(nfc(value))
    if not 1 <= len(parts) <= 3 or not all(_DIGITS.fullmatch(p) for p in parts):
        raise InvalidInput(
            f"Ngày ban hành “{shown(value)}” không hợp lệ (vd. 09/4/2021, 4/2021, 2021)."
        )
    numbers: list[int | None] = [int(p) for p in parts]
    if len(parts[0]) == 4:  # ISO order: year first
        numbers.reverse()
    day, month, year = [None] * (3 - len(numbers)) + numbers
    try:
        dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        raise InvalidInput(f"Ngày ban hành “{shown(value)}” không tồn tại.") from None
    if year is None or not EARLIEST.year <= year <= LATEST.year:
        raise InvalidInput(f"Ngày ban hành “{shown(value)}” nằm ngoài khoảng {_BOUNDS}.")
    return {"issued_day": day, "issued_month": month, "issued_year": year}


def issue_date(year: Any, month: Any = None, day: Any = None) -> dt.date | None:
    """The first day an issue date given in parts may be (None if it is not a valid date)."""
    if not isinstance(year, int) or not EARLIEST.year <= year <= LATEST.year:
        return None
    month = month if isinstance(month, int) else None
    day = day if isinstance(day, int) else None
    try:
        return dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
