"""Helpers for commendation tests: the sample records and small hand-made scenarios."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from stc_thidua.domain.campaigns import create_campaign
from stc_thidua.domain.commendation_sample import load_commendation_sample
from stc_thidua.domain.contributions import add_contribution, verify_contributions
from stc_thidua.domain.kinds import find_kind
from stc_thidua.domain.people import add_discipline, set_rating
from stc_thidua.domain.persons import find_person
from stc_thidua.domain.registrations import add_registration
from stc_thidua.domain.units import find_unit
from stc_thidua.models import Campaign, Person, Unit
from stc_thidua.paths import data_dir


def load_sample(session: Session) -> Campaign:
    """The seed campaign with its commendation sample records."""
    return load_commendation_sample(session=session, data=data_dir())


def new_campaign(session: Session, year: int, code: str) -> Campaign:
    """A campaign of Sở Tài chính running through `year`."""
    return create_campaign(
        session=session,
        data={
            "code": code,
            "agency": "STC",
            "issued_year": year,
            "issued_month": 1,
            "title": f"Phát động thi đua năm {year}",
            "movement_name": f"Thi đua năm {year}",
            "start_date": f"{year}-01-15",
            "end_date": f"{year}-12-31",
            "signer_title": "Giám đốc",
            "signer_name": "Dương Thị Kim Thúy",
        },
    )


def who(session: Session, name: str) -> tuple[Unit, Person | None]:
    """A person (with their unit) or a unit, by name."""
    try:
        person = find_person(session=session, query=name)
    except Exception:
        return find_unit(session=session, query=name), None
    unit = session.get(Unit, person.unit_id)
    assert unit is not None
    return unit, person


def register(session: Session, campaign: Campaign, name: str, target: str = "") -> None:
    """Register a unit or person in the campaign."""
    unit, person = who(session, name)
    add_registration(
        session=session,
        campaign=campaign,
        unit=unit,
        person=person,
        data={"target_title": target, "registered_on": campaign.start_date},
    )


def contribute(
    session: Session, campaign: Campaign, name: str, kind: str = "tuyen_truyen", **data: Any
) -> int:
    """A verified contribution of a unit or person; returns its id."""
    unit, person = who(session, name)
    row = add_contribution(
        session=session,
        campaign=campaign,
        unit=unit,
        person=person,
        kind=find_kind(session=session, campaign=campaign, query=kind),
        data={
            "title": data.pop("title", f"Đóng góp của {name}"),
            "occurred_on": data.pop("occurred_on", campaign.start_date + dt.timedelta(days=30)),
            **data,
        },
    )
    assert row.id is not None
    verify_contributions(session=session, campaign=campaign, ids=[row.id])
    return row.id


def rate(session: Session, name: str, year: int, grade: str) -> None:
    """Set a person's rating."""
    set_rating(
        session=session, person=find_person(session=session, query=name), year=year, grade=grade
    )


def discipline(session: Session, name: str, year: int, level: str) -> None:
    """Record a discipline."""
    add_discipline(
        session=session, person=find_person(session=session, query=name), year=year, level=level
    )
