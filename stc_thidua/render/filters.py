"""Jinja filters: small pure functions for Vietnamese administrative documents (Nghị định 30/2020).

Every function here is also usable from Python (the DOCX writer calls them directly).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from stc_thidua.views import PartialDate

NBSP = "\u00a0"
DATE_BLANK = " "  # a missing day/month: with its two spaces, "ngày   tháng 4 năm 2021"
NUMBER_BLANK = "     "  # an unregistered number: "Số:      /KH-STC"

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_SCALES = ("", " nghìn", " triệu")


def nfc(text: str) -> str:
    """Normalise to Unicode NFC, the form TCVN 6909:2001 documents use."""
    return unicodedata.normalize("NFC", text)


def upper_vi(text: str) -> str:
    """Vietnamese text in capitals, kept in NFC."""
    return nfc(nfc(text).upper())


def _day(day: int | None, blank: str) -> str:
    return blank if day is None else f"{day:02d}"


def _month(month: int | None, blank: str) -> str:
    if month is None:
        return blank
    return f"{month:02d}" if month <= 2 else str(month)


def _parts(value: PartialDate | dt.date) -> tuple[int | None, int | None, int | None]:
    return value.year, value.month, value.day


def vn_date(value: PartialDate | dt.date, blank: str = DATE_BLANK) -> str:
    """Date line "ngày 09 tháng 4 năm 2021": day < 10 and month 1-2 zero-padded, gaps blank."""
    year, month, day = _parts(value)
    year_text = blank if year is None else str(year)
    return f"ngày {_day(day, blank)} tháng {_month(month, blank)} năm {year_text}"


def place_date(place: str, value: PartialDate | dt.date, blank: str = DATE_BLANK) -> str:
    """Place and date: "Sóc Trăng, ngày 09 tháng 4 năm 2021"."""
    return f"{place}, {vn_date(value, blank)}"


def short_date(value: PartialDate | dt.date, blank: str = DATE_BLANK) -> str:
    """The citation form "09/4/2021", "15/01/2021": same zero-padding rule as `vn_date`."""
    year, month, day = _parts(value)
    year_text = blank if year is None else str(year)
    return f"{_day(day, blank)}/{_month(month, blank)}/{year_text}"


def doc_number(number: int | None, symbol: str, blank: str = NUMBER_BLANK) -> str:
    """Number line "Số: 05/KH-STC"; unregistered, the blank stays: "Số:      /KH-STC".

    A document with no symbol of its own (a list attached to another) has no number line.
    """
    if not symbol:
        return ""
    number_text = blank if number is None else f"{number:02d}"
    return f"Số: {number_text}/{symbol}"


def vn_number(value: int | float | Decimal, places: int | None = None) -> str:
    """Number as "1.234.567" or "1,5": dots between thousands, a comma before decimals."""
    if places is not None:
        text = f"{value:,.{places}f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{Decimal(str(value)).normalize():,f}"
    return text.translate(str.maketrans(",.", ".,"))


def vn_money(value: int | Decimal) -> str:
    """Amount as "2.340.000 đồng"."""
    return f"{vn_number(value)} đồng"


def _below_thousand(group: int, inner: bool) -> str:
    """Read 0-999; a group after a higher one reads its empty hundreds ("không trăm lẻ năm")."""
    from num2words import num2words  # 20 ms of every language's tables: only when words are read

    words: str = num2words(group, lang="vi")
    if inner and group < 100:
        words = f"không trăm lẻ {words}" if group < 10 else f"không trăm {words}"
    return words


def _below_billion(value: int, inner: bool) -> list[str]:
    groups = [(value // 10**6) % 1000, (value // 1000) % 1000, value % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if group:
            scale = _SCALES[len(groups) - 1 - index]
            words.append(_below_thousand(group, inner or bool(words)) + scale)
    return words


def _integer_words(value: int, inner: bool = False) -> str:
    billions, rest = divmod(value, 10**9)
    words = []
    if billions:
        words.append(_integer_words(billions, inner) + " tỷ")
    words.extend(_below_billion(rest, inner or bool(billions)))
    return " ".join(words)


def number_in_words(value: int) -> str:
    """A whole number in words, inner hundreds read: 1005 → "một nghìn không trăm lẻ năm"."""
    if value < 0:
        return "âm " + number_in_words(-value)
    return "không" if value == 0 else _integer_words(value)


def money_in_words(value: int | Decimal) -> str:
    """Amount in words: "Hai triệu ba trăm bốn mươi nghìn đồng"."""
    if value != int(value):
        raise ValueError(f"Số tiền phải là số nguyên đồng: {value}")
    words = number_in_words(int(value))
    return f"{words[:1].upper()}{words[1:]} đồng"


def roman(value: int) -> str:
    """Roman numeral for a section number: 1 → "I", 4 → "IV"."""
    if not 0 < value < 4000:
        raise ValueError(f"Không viết được số La Mã cho {value}")
    letters = []
    for amount, symbol in _ROMAN:
        count, value = divmod(value, amount)
        letters.append(symbol * count)
    return "".join(letters)


def end_mark(text: str) -> str:
    """The body's last paragraph ends with "/.": "... thi đua." → "... thi đua./."."""
    stripped = text.rstrip()
    if stripped.endswith("/."):
        return stripped
    return f"{stripped}/." if stripped.endswith(".") else f"{stripped}./."


# characters that would make user text markup in Markdown (emphasis, links, code, raw HTML,
# headings, table cells): each is written with a backslash, which CommonMark prints as is
# (an underscore inside a word, "rất_chậm", is no markup and stays as typed)
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*[]<>|#"})
_MD_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")


def md(value: object) -> str:
    """User text in Markdown, its markup characters escaped ("<b>" prints as typed)."""
    return _MD_UNDERSCORE.sub(r"\\_", str(value).translate(_MD_SPECIAL))


def md_cell(value: object) -> str:
    """Text that fits in one Markdown table cell: markup escaped, line breaks as spaces."""
    return md(" ".join(str(value).split()))


def chart_number(value: float) -> str:
    """A chart's value as printed: whole numbers "1.234", others with one decimal "96,4"."""
    return vn_number(int(value)) if value == int(value) else vn_number(round(value, 1))


def percent(part: float, whole: float) -> str:
    """A share as printed: "96,4%" (one decimal, none when whole); "" when `whole` is 0."""
    if not whole:
        return ""
    value = round(100 * part / whole, 1)
    return f"{chart_number(value)}%"


FILTERS: dict[str, Callable[..., Any]] = {
    "nfc": nfc,
    "upper_vi": upper_vi,
    "vn_date": vn_date,
    "place_date": place_date,
    "short_date": short_date,
    "doc_number": doc_number,
    "vn_number": vn_number,
    "vn_money": vn_money,
    "number_in_words": number_in_words,
    "money_in_words": money_in_words,
    "roman": roman,
    "end_mark": end_mark,
    "md_cell": md_cell,
    "md": md,
    "chart_number": chart_number,
    "percent": percent,
}
