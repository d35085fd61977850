"""Reporting periods: quarters, halves, months, a chosen span, the whole campaign.

A period has a key ("2021-Q2") for storing notes against it and a label the documents print
("Quý II năm 2021"). Pure functions: no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from stc_thidua.errors import InvalidInput
from stc_thidua.text import fold, shown

WHOLE = "tong-ket"  # key of the whole campaign (tổng kết)


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with the label a report prints ("Quý II năm 2021").

    `key` names the period for the notes stored against it ("2021-Q2"); `kind` says how it
    was chosen (quarter, half, month, custom, campaign). Neither takes part in equality.
    """

    start: dt.date
    end: dt.date
    label: str
    key: str = field(default="", compare=False)
    kind: str = field(default="custom", compare=False)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def phrase(self) -> str:
        """The label inside a sentence: "quý II năm 2021", "từ ngày 01/4/2021 đến ngày ..."."""
        return self.label[:1].lower() + self.label[1:]

    @property
    def inside(self) -> str:
        """ "trong quý II năm 2021"; a span needs no "trong": "từ ngày ... đến ngày ..."."""
        return self.phrase if self.kind == "custom" else f"trong {self.phrase}"

    @property
    def opening(self) -> str:
        """The period opening a sentence: "Trong quý II năm 2021", "Từ ngày ... đến ngày ..."."""
        return self.inside[:1].upper() + self.inside[1:]

    @property
    def compared(self) -> str:
        """The period compared with: "quý I năm 2021", "kỳ trước (từ ngày ... đến ngày ...)"."""
        return f"kỳ trước ({self.phrase})" if self.kind == "custom" else self.phrase


def _fmt(day: dt.date) -> str:
    """ "01/4/2021", "15/01/2021": day zero-padded, months 1 and 2 too (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def quarter_of(day: dt.date) -> int:
    """The quarter (1-4) a date falls in."""
    return (day.month - 1) // 3 + 1


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    if quarter not in ROMAN_QUARTERS:
        raise InvalidInput(f"Quý {quarter} không hợp lệ; chọn 1, 2, 3 hoặc 4.")
    first = dt.date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    return first, dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def quarter_period(year: int, quarter: int) -> Period:
    """A quarter as a Period labelled "Quý II năm 2021"."""
    start, end = quarter_range(year, quarter)
    label = f"Quý {ROMAN_QUARTERS[quarter]} năm {year}"
    return Period(start, end, label, f"{year}-Q{quarter}", "quarter")


def half_period(year: int, half: int) -> Period:
    """Half `half` of `year`: "6 tháng đầu năm 2021" or "6 tháng cuối năm 2021"."""
    if half not in (1, 2):
        raise InvalidInput(
            f"Nửa năm {half} không hợp lệ; chọn 1 (6 tháng đầu) hoặc 2 (6 tháng cuối)."
        )
    start = dt.date(year, 1 if half == 1 else 7, 1)
    end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    label = f"6 tháng {'đầu' if half == 1 else 'cuối'} năm {year}"  # starts with a digit
    return Period(start, end, label, f"{year}-H{half}", "half")


def month_period(year: int, month: int) -> Period:
    """Month `month` of `year`: "Tháng 5 năm 2021" (months 1 and 2 zero-padded, as ND30 dates)."""
    if not 1 <= month <= 12:
        raise InvalidInput(f"Tháng {month} không hợp lệ; chọn từ 1 đến 12.")
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    shown_month = f"{month:02d}" if month <= 2 else str(month)
    return Period(
        dt.date(year, month, 1),
        end,
        f"Tháng {shown_month} năm {year}",
        f"{year}-M{month:02d}",
        "month",
    )


def span(start: dt.date, end: dt.date) -> Period:
    """A custom span labelled "Từ ngày 01/4/2021 đến ngày 30/6/2021"."""
    if end < start:
        raise InvalidInput(f"Ngày bắt đầu kỳ báo cáo {_fmt(start)} sau ngày kết thúc {_fmt(end)}.")
    label = f"Từ ngày {_fmt(start)} đến ngày {_fmt(end)}"
    return Period(start, end, label, f"{start.isoformat()}..{end.isoformat()}", "custom")


custom_period = span


def campaign_period(start: dt.date, end: dt.date) -> Period:
    """The whole campaign (tổng kết): "Năm 2021", or "Giai đoạn 2021 - 2025"."""
    label = (
        f"Năm {start.year}" if start.year == end.year else f"Giai đoạn {start.year} - {end.year}"
    )
    return Period(start, end, label, WHOLE, "campaign")


def previous_period(period: Period) -> Period | None:
    """The period just before, of the same kind (quý I before quý II); None for the whole."""
    if period.kind == "quarter":
        year, quarter = period.start.year, quarter_of(period.start)
        return quarter_period(year, quarter - 1) if quarter > 1 else quarter_period(year - 1, 4)
    if period.kind == "half":
        year = period.start.year
        return half_period(year, 1) if period.start.month == 7 else half_period(year - 1, 2)
    if period.kind == "month":
        year, month = period.start.year, period.start.month
        return month_period(year, month - 1) if month > 1 else month_period(year - 1, 12)
    if period.kind == "custom":
        length = period.end - period.start
        end = period.start - dt.timedelta(days=1)
        return custom_period(end - length, end)
    return None


def check_within(period: Period, start: dt.date, end: dt.date) -> None:
    """Refuse a period that does not overlap the campaign's time frame [start, end]."""
    if period.end < start or period.start > end:
        raise InvalidInput(
            f"{period.label} nằm ngoài thời gian của phong trào "
            f"(từ {_fmt(start)} đến {_fmt(end)}); hãy chọn kỳ khác."
        )


def year_within(start: dt.date, end: dt.date, make: Callable[[int], Period]) -> int:
    """The year a "--quarter 1" (half, month) without --year means for a campaign [start, end]:
    the first year whose period overlaps it. A campaign from 01/7/2021 to 30/6/2022 has its
    quý I in 2022; a campaign of one calendar year, its own year."""
    for year in range(start.year, end.year + 1):
        period = make(year)
        if period.end >= start and period.start <= end:
            return year
    return start.year


def choose_period(
    *,
    start: dt.date,
    end: dt.date,
    quarter: int | None = None,
    half: int | None = None,
    month: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    year: int | None = None,
) -> Period:
    """The one period the options name, checked against the campaign frame [start, end]."""
    chosen = [
        name
        for name, value in (
            ("--quarter", quarter),
            ("--half", half),
            ("--month", month),
            ("--from/--to", date_from or date_to),
        )
        if value is not None
    ]
    if not chosen:
        raise InvalidInput("Hãy chọn kỳ báo cáo: --quarter, --half, --month hoặc --from và --to.")
    if len(chosen) > 1:
        raise InvalidInput(f"Chỉ chọn một kỳ báo cáo, không dùng cùng lúc {' và '.join(chosen)}.")
    if quarter is not None:
        period = quarter_period(
            year or year_within(start, end, lambda y: quarter_period(y, quarter)), quarter
        )
    elif half is not None:
        period = half_period(year or year_within(start, end, lambda y: half_period(y, half)), half)
    elif month is not None:
        period = month_period(
            year or year_within(start, end, lambda y: month_period(y, month)), month
        )
    else:
        period = custom_period(date_from or start, date_to or end)
    check_within(period, start, end)
    return period


_SPEC_PATTERNS = (
    (re.compile(r"^(?:q|quy)\s*([0-9]+|i|ii|iii|iv)(?:\s*(?:nam)?\s*([0-9]{4}))?$"), "quarter"),
    (
        re.compile(
            r"^(?:h|nua|6 thang|6t|sau thang)\s*([0-9]+|dau|cuoi)(?:\s*(?:nam)?\s*([0-9]{4}))?$"
        ),
        "half",
    ),
    (re.compile(r"^(?:m|t|thang)\s*([0-9]+)(?:\s*(?:nam)?\s*([0-9]{4}))?$"), "month"),
)
_WHOLE_WORDS = {"tong ket", "tongket", "tk", "ca nam", "toan bo", "all", "whole"}


def parse_period(value: str, *, start: dt.date, end: dt.date) -> Period:
    """A period as typed: "Q2", "quý 2 2021", "H1", "T5", "tổng kết", "01/4/2021-30/6/2021"."""
    text = fold(value)
    if text in _WHOLE_WORDS:
        return campaign_period(start, end)
    iso = re.fullmatch(r"([0-9]{4})\s*q\s*([0-9])", text)  # "2021-Q2", the stored key
    if iso:
        return _checked(quarter_period(int(iso[1]), int(iso[2])), start, end)
    iso = re.fullmatch(r"([0-9]{4})\s*h\s*([0-9])", text)
    if iso:
        return _checked(half_period(int(iso[1]), int(iso[2])), start, end)
    iso = re.fullmatch(r"([0-9]{4})\s*m\s*([0-9]{1,2})", text)
    if iso:
        return _checked(month_period(int(iso[1]), int(iso[2])), start, end)
    for pattern, kind in _SPEC_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            words = {"dau": 1, "cuoi": 2, "i": 1, "ii": 2, "iii": 3, "iv": 4}
            number = words.get(match[1]) or int(match[1])
            maker = {"quarter": quarter_period, "half": half_period, "month": month_period}[kind]
            year = (
                int(match[2]) if match[2] else year_within(start, end, lambda y: maker(y, number))  # noqa: B023
            )
            return _checked(maker(year, number), start, end)
    span = _span(value)
    if span is not None:
        from stc_thidua.schemas import parse_date

        try:
            first, last = parse_date(span[0].strip()), parse_date(span[1].strip())
        except ValueError:
            first = last = None
        if isinstance(first, dt.date) and isinstance(last, dt.date):
            return _checked(custom_period(first, last), start, end)
    raise InvalidInput(
        f"Kỳ “{shown(value)}” không hiểu được; ví dụ: Q2, H1, T5, "
        "01/4/2021..30/6/2021 hoặc “tổng kết”."
    )


def _span(value: str) -> list[str] | None:
    """ "01/4/2021-30/6/2021", "2021-04-01..2021-06-30", "01/4/2021 đến 30/6/2021" → two dates."""
    text = value.strip()
    for separator in ("..", "–", "—", " đến ", " den ", " - "):
        if separator in text:
            return text.split(separator, 1)
    if "/" in text and text.count("-") == 1:
        return text.split("-", 1)
    return None


def _checked(period: Period, start: dt.date, end: dt.date) -> Period:
    check_within(period, start, end)
    return period


def quarters_between(start: dt.date, end: dt.date) -> list[Period]:
    """Every quarter that overlaps [start, end], in order (the axis of a progress chart)."""
    out: list[Period] = []
    year, quarter = start.year, quarter_of(start)
    while True:
        period = quarter_period(year, quarter)
        if period.start > end:
            return out
        out.append(period)
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
