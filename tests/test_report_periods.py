"""Report periods: halves, months, spans, the whole campaign, as typed by a clerk."""

from __future__ import annotations

import datetime as dt

import pytest

from stc_thidua.domain.periods import (
    choose_period,
    half_period,
    month_period,
    parse_period,
    previous_period,
    quarter_period,
    quarters_between,
    span,
)
from stc_thidua.errors import InvalidInput

START, END = dt.date(2021, 4, 9), dt.date(2021, 12, 31)


def test_labels_and_phrases():
    assert quarter_period(2021, 2).phrase == "quý II năm 2021"
    assert half_period(2021, 1).label == "6 tháng đầu năm 2021"
    assert half_period(2021, 2).label == "6 tháng cuối năm 2021"
    assert month_period(2021, 5).label == "Tháng 5 năm 2021"
    assert month_period(2021, 2).phrase == "tháng 02 năm 2021"
    assert span(dt.date(2021, 4, 1), dt.date(2021, 6, 30)).phrase == (
        "từ ngày 01/4/2021 đến ngày 30/6/2021"
    )


def test_keys_name_the_period_for_notes():
    assert quarter_period(2021, 2).key == "2021-Q2"
    assert half_period(2021, 1).key == "2021-H1"
    assert month_period(2021, 5).key == "2021-M05"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Q2", "2021-Q2"),
        ("quý 2", "2021-Q2"),
        ("Quý II", "2021-Q2"),
        ("2021-Q3", "2021-Q3"),
        ("H1", "2021-H1"),
        ("6 tháng cuối", "2021-H2"),
        ("T5", "2021-M05"),
        ("tháng 12 2021", "2021-M12"),
        ("tổng kết", "tong-ket"),
        ("01/4/2021-30/6/2021", "2021-04-01..2021-06-30"),
        ("2021-04-01..2021-06-30", "2021-04-01..2021-06-30"),
    ],
)
def test_parse_period(typed, key):
    assert parse_period(typed, start=START, end=END).key == key


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"half": 3}, "Nửa năm 3 không hợp lệ"),
        ({"month": 13}, "Tháng 13 không hợp lệ"),
        ({"quarter": 5}, "Quý 5 không hợp lệ"),
        ({"quarter": 1, "year": 2022}, "Quý I năm 2022 nằm ngoài thời gian của phong trào"),
        ({"quarter": 1}, "Quý I năm 2021 nằm ngoài thời gian của phong trào"),
        (
            {"date_from": dt.date(2021, 6, 30), "date_to": dt.date(2021, 4, 1)},
            "sau ngày kết thúc",
        ),
        ({}, "Hãy chọn kỳ báo cáo"),
        ({"quarter": 2, "month": 5}, "Chỉ chọn một kỳ báo cáo"),
    ],
)
def test_bad_periods_are_one_sentence(options, message):
    with pytest.raises(InvalidInput, match=message) as caught:
        choose_period(start=START, end=END, **options)
    assert caught.value.message.count(".") >= 1
    assert "\n" not in caught.value.message


def test_unknown_period_text():
    with pytest.raises(InvalidInput, match="không hiểu được"):
        parse_period("quý năm", start=START, end=END)


def test_previous_periods():
    assert previous_period(quarter_period(2021, 1)) == quarter_period(2020, 4)
    assert previous_period(half_period(2021, 2)) == half_period(2021, 1)
    assert previous_period(month_period(2021, 1)) == month_period(2020, 12)
    before = previous_period(span(dt.date(2021, 4, 11), dt.date(2021, 4, 20)))
    assert before == span(dt.date(2021, 4, 1), dt.date(2021, 4, 10))


def test_quarters_between():
    keys = [q.key for q in quarters_between(START, END)]
    assert keys == ["2021-Q2", "2021-Q3", "2021-Q4"]
