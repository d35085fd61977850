"""Periods of a campaign: quarters now; half-years, months and custom spans build on `Period`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stc_thidua.errors import InvalidInput

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with the label a report prints ("Quý II năm 2021")."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def quarter_of(day: dt.date) -> int:
    """The quarter (1–4) a date falls in."""
    return (day.month - 1) // 3 + 1


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    if quarter not in ROMAN_QUARTERS:
        raise InvalidInput(f"Quý {quarter} không hợp lệ; chọn 1, 2, 3 hoặc 4.")
    first = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, following - dt.timedelta(days=1)


def quarter_period(year: int, quarter: int) -> Period:
    """A quarter as a Period labelled "Quý II năm 2021"."""
    start, end = quarter_range(year, quarter)
    return Period(start, end, f"Quý {ROMAN_QUARTERS[quarter]} năm {year}")


def span(start: dt.date, end: dt.date) -> Period:
    """A custom span labelled "Từ 01/4/2021 đến 30/6/2021"."""
    if end < start:
        raise InvalidInput(f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
    return Period(start, end, f"Từ {_short(start)} đến {_short(end)}")


def _short(day: dt.date) -> str:
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"
