"""Tracking in the domain: kinds, registrations, contributions, verification."""

from __future__ import annotations

import datetime as dt

import pytest

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.contributions import (
    ContributionFilter,
    add_contribution,
    list_contributions,
    reject_contribution,
    verify_contributions,
)
from stc_thidua.domain.kinds import add_kind, find_kind, list_kinds
from stc_thidua.domain.registrations import (
    add_registration,
    list_registrations,
    missing_registrations,
    resolve_who,
)
from stc_thidua.errors import Duplicate, InvalidInput, NotFound


def _add(s, unit="QLNS", person=None, kind="giai_phap", **data):
    campaign = find_campaign(session=s)
    found_unit, found_person = resolve_who(session=s, campaign=campaign, unit=unit, person=person)
    return add_contribution(
        session=s,
        campaign=campaign,
        unit=found_unit,
        person=found_person,
        kind=find_kind(session=s, campaign=campaign, query=kind),
        data={"title": "Giải pháp A", "occurred_on": "15/06/2021", **data},
    )


def test_new_campaign_gets_the_default_kinds(sample_db):
    with session_scope(str(sample_db)) as s:
        kinds = list_kinds(session=s, campaign=find_campaign(session=s))
    assert [k.code for k in kinds] == ["giai_phap", "tuyen_truyen", "mo_hinh", "xa_hoi_hoa", "khac"]
    assert kinds[0].name == "Giải pháp, sáng kiến"
    assert kinds[3].points_per_million > 0


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("GIẢI PHÁP", "giai_phap"),
        ("giai phap", "giai_phap"),
        ("Sáng kiến", "giai_phap"),
        ("Giải pháp/Sáng kiến", "giai_phap"),
        ("xã hội hoá", "xa_hoi_hoa"),
        ("Xã hội hóa", "xa_hoi_hoa"),
        ("nguồn lực", "xa_hoi_hoa"),
        ("tuyen_truyen", "tuyen_truyen"),
        ("Mô hình hay, cách làm mới", "mo_hinh"),
    ],
)
def test_kinds_answer_to_their_spellings(sample_db, typed, code):
    with session_scope(str(sample_db)) as s:
        assert find_kind(session=s, campaign=find_campaign(session=s), query=typed).code == code


def test_a_kind_with_wrong_diacritics_is_not_guessed(sample_db):
    with session_scope(str(sample_db)) as s, pytest.raises(InvalidInput) as err:
        find_kind(session=s, campaign=find_campaign(session=s), query="giải phàp")
    assert "các loại" in err.value.message
    assert "Giải pháp, sáng kiến" in err.value.message


def test_added_kind_must_not_take_another_kinds_alias(sample_db):
    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        kind = add_kind(session=s, campaign=campaign, data={"name": "Hiến đất", "points": 5})
        assert kind.code == "hien_dat"
        assert find_kind(session=s, campaign=campaign, query="hien dat").id == kind.id
        with pytest.raises(Duplicate, match="Giải pháp, sáng kiến"):
            add_kind(session=s, campaign=campaign, data={"name": "Mới", "aliases": ["sáng kiến"]})


def test_contribution_fields_and_default_content(sample_db):
    with session_scope(str(sample_db)) as s:
        c = _add(s, person="Phan Quốc Khánh", amount="1.500.000", quantity="2")
        campaign = find_campaign(session=s)
        (row,) = list_contributions(session=s, campaign=campaign)
    assert c.status == "cho_duyet"
    assert (row.unit, row.person, row.kind, row.amount, row.quantity) == (
        "Phòng Quản lý ngân sách",
        "Phan Quốc Khánh",
        "giai_phap",
        1_500_000,
        2,
    )
    assert row.content == 1  # giải pháp serves the plan's first content by default
    assert row.quarter == 2
    assert row.as_json()["date"] == "2021-06-15"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"occurred_on": "01/01/2021"}, "ngoài thời gian của phong trào"),
        ({"occurred_on": "31/02/2021"}, "không tồn tại"),
        ({"person": "Mai Văn Lộc"}, "không thuộc “Phòng Quản lý ngân sách”"),
        ({"amount": "-5"}, "số tiền"),
        ({"amount": "nhiều"}, "số tiền"),
        ({"title": "  "}, "trích yếu"),
    ],
)
def test_bad_contributions_are_refused_with_the_reason(sample_db, kwargs, reason):
    with session_scope(str(sample_db)) as s, pytest.raises(InvalidInput) as err:
        _add(s, **kwargs)
    assert reason in err.value.message


def test_unit_of_another_agency_is_refused(sample_db):
    from stc_thidua.domain.agencies import get_or_create_agency
    from stc_thidua.domain.units import add_unit

    with session_scope(str(sample_db)) as s:
        other = get_or_create_agency(session=s, abbr="SXD")
        add_unit(session=s, agency=other, data={"name": "Phòng Kinh tế xây dựng"})
        with pytest.raises(InvalidInput, match="không thuộc cơ quan STC"):
            _add(s, unit="Phòng Kinh tế xây dựng")


def test_verify_and_reject(sample_db):
    with session_scope(str(sample_db), user="vanphong") as s:
        first, second, third = (_add(s, title=f"GP {i}") for i in range(3))
        campaign = find_campaign(session=s)
        changed = verify_contributions(session=s, campaign=campaign, ids=[first.id, second.id])
        assert len(changed) == 2
        assert first.verified_by == "vanphong"
        reject_contribution(session=s, campaign=campaign, contribution_id=third.id, note="Trùng")
        with pytest.raises(NotFound, match="999"):
            verify_contributions(session=s, campaign=campaign, ids=[first.id, 999])
        verified = list_contributions(
            session=s, campaign=campaign, filters=ContributionFilter(statuses=["da_duyet"])
        )
    assert [r.id for r in verified] == [first.id, second.id]
    assert third.status == "tu_choi"
    assert third.status_note == "Trùng"


def test_registrations_and_who_is_missing(sample_db):
    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        unit, person = resolve_who(session=s, campaign=campaign, unit=None, person="Lê Thị Thu Hà")
        assert unit.name == "Văn phòng"
        add_registration(
            session=s, campaign=campaign, unit=unit, person=person, data={"target_title": "LĐTT"}
        )
        add_registration(
            session=s, campaign=campaign, unit=unit, person=None, data={"commitment": "100%"}
        )
        with pytest.raises(Duplicate):
            add_registration(session=s, campaign=campaign, unit=unit, person=None, data={})
        rows = list_registrations(session=s, campaign=campaign)
        units, persons = missing_registrations(session=s, campaign=campaign)
    assert [(r.unit, r.person) for r in rows] == [
        ("Văn phòng", None),
        ("Văn phòng", "Lê Thị Thu Hà"),
    ]
    # today, kept within the campaign (09/4/2021 – 31/12/2021) when that has passed
    assert rows[1].registered_on == min(dt.date.today(), dt.date(2021, 12, 31))
    assert "Văn phòng" not in {u.name for u in units}
    assert len(units) == 8
    assert "Lê Thị Thu Hà" not in {p.full_name for p, _ in persons}
    assert len(persons) == 23
