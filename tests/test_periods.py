"""Quarters and periods of a campaign."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from stc_thidua.domain.periods import Period, quarter_of, quarter_period, quarter_range, span
from stc_thidua.errors import InvalidInput


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        ((2021, 1, 1), 1),
        ((2021, 3, 31), 1),
        ((2021, 4, 1), 2),
        ((2021, 9, 30), 3),
        ((2021, 12, 31), 4),
    ],
)
def test_quarter_of(day, quarter):
    assert quarter_of(dt.date(*day)) == quarter


def test_quarter_range_covers_the_year_without_gaps():
    ranges = [quarter_range(2024, q) for q in (1, 2, 3, 4)]
    assert ranges[0] == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert ranges[3] == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert start - end == dt.timedelta(days=1)


def test_quarter_five_is_refused():
    with pytest.raises(InvalidInput, match="Quý 5"):
        quarter_range(2021, 5)


def test_period_is_frozen_and_labelled():
    period = quarter_period(2021, 2)
    assert period == Period(dt.date(2021, 4, 1), dt.date(2021, 6, 30), "Quý II năm 2021")
    assert dt.date(2021, 5, 1) in period
    assert dt.date(2021, 7, 1) not in period
    with pytest.raises(AttributeError):
        period.label = "x"  # type: ignore[misc]


def test_span_label_and_order():
    assert span(dt.date(2021, 4, 1), dt.date(2021, 6, 30)).label == (
        "Từ ngày 01/4/2021 đến ngày 30/6/2021"
    )
    with pytest.raises(InvalidInput):
        span(dt.date(2021, 6, 30), dt.date(2021, 4, 1))
