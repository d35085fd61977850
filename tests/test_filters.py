"""The Jinja filters: Vietnamese dates, document numbers, numbers, money and words."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import jinja2
import pytest

from stc_thidua.render import filters
from stc_thidua.render.env import get_env, template_kind, templates_dir
from stc_thidua.views import PartialDate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2021, 4, 9), "ngày 09 tháng 4 năm 2021"),
        (dt.date(2021, 1, 15), "ngày 15 tháng 01 năm 2021"),
        (dt.date(2021, 2, 28), "ngày 28 tháng 02 năm 2021"),
        (dt.date(2021, 3, 1), "ngày 01 tháng 3 năm 2021"),
        (dt.date(2021, 10, 10), "ngày 10 tháng 10 năm 2021"),
        (dt.date(2021, 12, 31), "ngày 31 tháng 12 năm 2021"),
        (PartialDate(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (PartialDate(2021, 4, None), "ngày   tháng 4 năm 2021"),
        (PartialDate(2021, None, None), "ngày   tháng   năm 2021"),
    ],
)
def test_vn_date(value: dt.date | PartialDate, expected: str) -> None:
    assert filters.vn_date(value) == expected


def test_vn_date_blank_can_be_non_breaking() -> None:
    nbsp = filters.NBSP
    text = filters.vn_date(PartialDate(2021, 4), blank=nbsp * 4)
    assert text == f"ngày {nbsp * 4} tháng 4 năm 2021"


def test_place_date() -> None:
    assert filters.place_date("Sóc Trăng", PartialDate(2021, 4, 9)) == (
        "Sóc Trăng, ngày 09 tháng 4 năm 2021"
    )
    assert filters.place_date("Sóc Trăng", PartialDate(2021, 4)) == (
        "Sóc Trăng, ngày   tháng 4 năm 2021"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2021, 4, 9), "09/4/2021"),
        (dt.date(2021, 1, 15), "15/01/2021"),
        (dt.date(2022, 3, 8), "08/3/2022"),
        (dt.date(2025, 11, 20), "20/11/2025"),
        (PartialDate(2026, 2, 3), "03/02/2026"),
    ],
)
def test_short_date(value: dt.date | PartialDate, expected: str) -> None:
    assert filters.short_date(value) == expected


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "KH-STC", "Số: 05/KH-STC"),
        (1, "BC-STC", "Số: 01/BC-STC"),
        (12, "QĐ-STC", "Số: 12/QĐ-STC"),
        (123, "STC-VP", "Số: 123/STC-VP"),
        (None, "KH-STC", "Số:      /KH-STC"),
    ],
)
def test_doc_number(number: int | None, symbol: str, expected: str) -> None:
    assert filters.doc_number(number, symbol) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (1234567, "1.234.567"),
        (-2340000, "-2.340.000"),
        (1.5, "1,5"),
        (0.3, "0,3"),
        (Decimal("1234.75"), "1.234,75"),
        (2.0, "2"),
    ],
)
def test_vn_number(value: int | float | Decimal, expected: str) -> None:
    assert filters.vn_number(value) == expected


def test_vn_number_fixed_places() -> None:
    assert filters.vn_number(1234.5, places=2) == "1.234,50"
    assert filters.vn_number(Decimal("0.8"), places=1) == "0,8"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2340000, "2.340.000 đồng"), (702000, "702.000 đồng"), (0, "0 đồng")],
)
def test_vn_money(value: int, expected: str) -> None:
    assert filters.vn_money(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2340000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (1872000, "Một triệu tám trăm bảy mươi hai nghìn đồng"),
        (702000, "Bảy trăm lẻ hai nghìn đồng"),
        (1000000, "Một triệu đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (0, "Không đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (7020000, "Bảy triệu không trăm hai mươi nghìn đồng"),
        (1005000, "Một triệu không trăm lẻ năm nghìn đồng"),
        (1010, "Một nghìn không trăm mười đồng"),
        (1500000000, "Một tỷ năm trăm triệu đồng"),
        (2000005000, "Hai tỷ không trăm lẻ năm nghìn đồng"),
        (Decimal("3510000"), "Ba triệu năm trăm mười nghìn đồng"),
    ],
)
def test_money_in_words(value: int | Decimal, expected: str) -> None:
    assert filters.money_in_words(value) == expected


def test_money_in_words_rejects_fractions_of_a_dong() -> None:
    with pytest.raises(ValueError, match="số nguyên"):
        filters.money_in_words(Decimal("1000.5"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (40, "XL"),
        (1990, "MCMXC"),
    ],
)
def test_roman(value: int, expected: str) -> None:
    assert filters.roman(value) == expected


def test_roman_rejects_zero() -> None:
    with pytest.raises(ValueError, match="La Mã"):
        filters.roman(0)


def test_nfc_and_upper_vi() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Tài chính Sóc Trăng")
    assert filters.nfc(decomposed) == "Sở Tài chính Sóc Trăng"
    upper = filters.upper_vi(decomposed)
    assert upper == "SỞ TÀI CHÍNH SÓC TRĂNG"
    assert unicodedata.is_normalized("NFC", upper)
    assert filters.upper_vi("đồng ý, ưu tiên") == "ĐỒNG Ý, ƯU TIÊN"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thi đua./.", "thi đua./."),
        ("thi đua.", "thi đua./."),
        ("thi đua", "thi đua./."),
        ("thi đua.  ", "thi đua./."),
    ],
)
def test_end_mark(text: str, expected: str) -> None:
    assert filters.end_mark(text) == expected


def test_templates_dir_is_found() -> None:
    assert (templates_dir() / "kehoach.md.j2").is_file()


def test_template_kind() -> None:
    assert template_kind("kehoach.html.j2") == "html"
    assert template_kind("kehoach.md.j2") == "md"


def test_env_is_strict_and_escapes_html_only() -> None:
    html, md = get_env("html"), get_env("md")
    assert get_env("html") is html
    assert html.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert md.from_string("{{ x }}").render(x="<b>") == "<b>"
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        md.from_string("{{ missing }}").render()


def test_html_env_keeps_blanks_non_breaking() -> None:
    template = get_env("html").from_string("{{ d|vn_date }}|{{ n|doc_number('KH-STC') }}")
    text = template.render(d=PartialDate(2021, 4), n=None)
    day_blank, number_blank = text.split("|")
    assert filters.NBSP in day_blank
    assert day_blank.replace(filters.NBSP, "").split() == ["ngày", "tháng", "4", "năm", "2021"]
    assert number_blank.startswith("Số: " + filters.NBSP)
    assert number_blank.endswith("/KH-STC")
