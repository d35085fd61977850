"""Input rules: dates, partial issue dates, Vietnamese validation messages (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from stc_thidua.errors import InvalidInput
from stc_thidua.schemas import CampaignCreate, parse_date, parse_issue_date, validate


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09/4/2021", (9, 4, 2021)),
        ("2021-04-09", (9, 4, 2021)),
        ("4/2021", (None, 4, 2021)),
        ("2021-04", (None, 4, 2021)),
        ("2021", (None, None, 2021)),
        ("29.2.2024", (29, 2, 2024)),
    ],
)
def test_issue_dates_keep_missing_parts_blank(typed, expected):
    got = parse_issue_date(typed)
    assert (got["issued_day"], got["issued_month"], got["issued_year"]) == expected


@pytest.mark.parametrize("typed", ["29/2/2021", "0/0/0", "1/13/2021", "1/2/3/2021", "ngày 9", ""])
def test_impossible_issue_dates_are_refused(typed):
    with pytest.raises(InvalidInput, match="Ngày ban hành"):
        parse_issue_date(typed)


def test_parse_date_reads_both_orders():
    assert parse_date("09/4/2021") == parse_date("2021-04-09") == dt.date(2021, 4, 9)
    with pytest.raises(ValueError, match="không tồn tại"):
        parse_date("31/4/2021")


def test_campaign_errors_name_field_and_key_in_vietnamese():
    with pytest.raises(InvalidInput) as info:
        validate(CampaignCreate, {"code": "x", "agency_abbr": "STC"})
    message = info.value.message
    assert "trích yếu: còn thiếu" in message
    assert "ngày bắt đầu: còn thiếu" in message
    assert "title" not in message  # the label, never the field's code
    assert "title" in info.value.fields


def test_signer_prefix_needs_the_heads_title():
    data = {
        "code": "x",
        "agency_abbr": "STC",
        "parent_body": "UBND",
        "agency_name": "Sở",
        "place": "P",
        "issued_year": 2026,
        "title": "T",
        "start_date": "01/01/2026",
        "end_date": "31/12/2026",
        "signer_title": "Phó Giám đốc",
        "signer_name": "A",
        "signer_prefix": "KT.",
    }
    with pytest.raises(InvalidInput, match="chức danh thủ trưởng"):
        validate(CampaignCreate, data)
    assert validate(CampaignCreate, {**data, "signer_prefix_title": "Giám đốc"}).code == "x"
    with pytest.raises(InvalidInput, match="quyền ký"):
        validate(CampaignCreate, {**data, "signer_prefix": "XX."})
