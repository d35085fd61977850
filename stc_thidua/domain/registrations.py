"""Registrations (đăng ký thi đua): which units and persons registered, aiming at what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from stc_thidua.errors import Ambiguous, Duplicate, InvalidInput, NotFound
from stc_thidua.models import Agency, Campaign, Person, Registration, Unit
from stc_thidua.schemas import validate
from stc_thidua.schemas_tracking import RegistrationIn
from stc_thidua.text import vi_key, vi_name_key


@dataclass(frozen=True)
class RegistrationRow:
    """A registration as listings show it."""

    id: int
    unit_id: int
    unit: str
    person_id: int | None
    person: str | None
    target_title: str
    commitment: str
    registered_on: dt.date

    def as_json(self) -> dict[str, Any]:
        """Stable English keys, ISO date."""
        return {
            "id": self.id,
            "unit": self.unit,
            "unit_id": self.unit_id,
            "person": self.person,
            "person_id": self.person_id,
            "target_title": self.target_title,
            "commitment": self.commitment,
            "registered_on": self.registered_on.isoformat(),
        }


def resolve_who(
    *, session: Session, campaign: Campaign, unit: str | None, person: str | None
) -> tuple[Unit, Person | None]:
    """The unit and person named, checked against the campaign's agency and each other.

    Names are looked up among the campaign's agency first: another agency may have a unit or
    a person of the same name. Only a name found nowhere there is looked for elsewhere, to
    say which agency it belongs to.
    """
    from stc_thidua.domain.persons import find_person
    from stc_thidua.domain.units import find_unit

    if not unit and not person:
        raise InvalidInput("Hãy ghi đơn vị (--unit) hoặc người (--person).")
    agency = session.get(Agency, campaign.agency_id)

    def unit_named(query: str) -> Unit:
        try:
            return find_unit(session=session, query=query, agency=agency)
        except NotFound:
            return find_unit(session=session, query=query)  # check_who names its agency

    def person_named(query: str, in_unit: Unit | None) -> Person:
        try:
            return find_person(session=session, query=query, unit=in_unit, agency=agency)
        except NotFound:
            if in_unit is not None:
                raise
            return find_person(session=session, query=query)

    found_unit = unit_named(unit) if unit else None
    found_person = None
    if person:
        try:
            found_person = person_named(person, None)
        except Ambiguous:
            if found_unit is None:
                raise
            found_person = person_named(person, found_unit)
    if found_unit is None:
        assert found_person is not None
        found_unit = session.get(Unit, found_person.unit_id)
        assert found_unit is not None
    check_who(session=session, campaign=campaign, unit=found_unit, person=found_person)
    return found_unit, found_person


def check_who(*, session: Session, campaign: Campaign, unit: Unit, person: Person | None) -> None:
    """Refuse a unit of another agency, or a person of another unit."""
    if unit.agency_id != campaign.agency_id:
        agency = session.get(Agency, unit.agency_id)
        raise InvalidInput(
            f"Đơn vị “{unit.name}” thuộc cơ quan {agency.abbr if agency else '?'}, không thuộc "
            f"cơ quan {campaign.agency_abbr} của phong trào “{campaign.code}”."
        )
    if person is not None and person.unit_id != unit.id:
        own = session.get(Unit, person.unit_id)
        raise InvalidInput(
            f"“{person.full_name}” thuộc đơn vị “{own.name if own else '?'}”, "
            f"không thuộc “{unit.name}”."
        )


def default_day(campaign: Campaign) -> dt.date:
    """Today, kept within the campaign's time frame (a past campaign's registrations)."""
    return min(max(dt.date.today(), campaign.start_date), campaign.end_date)


def check_registration(
    *, session: Session, campaign: Campaign, title: str, day: dt.date, nominee: str
) -> None:
    """A registration is dated within the campaign and aims at a form of its rule set."""
    from stc_thidua.domain.contributions import check_date
    from stc_thidua.domain.rules import check_nominee, find_form, rule_set_for

    try:
        check_date(campaign=campaign, day=day)
    except InvalidInput as exc:
        raise InvalidInput(f"Đăng ký thi đua: {exc.message}") from None
    if title.strip():
        check_nominee(find_form(rule_set_for(session=session, campaign=campaign), title), nominee)


def add_registration(
    *,
    session: Session,
    campaign: Campaign,
    unit: Unit,
    person: Person | None,
    data: dict[str, Any],
) -> Registration:
    """Register a unit (or one of its persons) in a campaign; once per campaign each."""
    check_who(session=session, campaign=campaign, unit=unit, person=person)
    data = {k: v for k, v in data.items() if v is not None}
    data.setdefault("registered_on", default_day(campaign))
    valid = validate(RegistrationIn, data)
    check_registration(
        session=session,
        campaign=campaign,
        title=valid.target_title,
        day=valid.registered_on,
        nominee="ca_nhan" if person else "tap_the",
    )
    existing = find_registration(session=session, campaign=campaign, unit=unit, person=person)
    if existing is not None:
        who = person.full_name if person else unit.name
        raise Duplicate(f"“{who}” đã đăng ký phong trào “{campaign.code}”.")
    registration = Registration.model_validate(
        {
            **valid.model_dump(),
            "campaign_id": campaign.id,
            "unit_id": unit.id,
            "person_id": person.id if person else None,
        }
    )
    session.add(registration)
    session.flush()
    return registration


def find_registration(
    *, session: Session, campaign: Campaign, unit: Unit, person: Person | None
) -> Registration | None:
    """The registration of this unit (or person) in the campaign, if any."""
    query = select(Registration).where(
        Registration.campaign_id == campaign.id, Registration.unit_id == unit.id
    )
    if person is None:
        query = query.where(col(Registration.person_id).is_(None))
    else:
        query = query.where(Registration.person_id == person.id)
    return session.exec(query).first()


def get_registration(
    *, session: Session, campaign: Campaign, unit: Unit, person: Person | None
) -> Registration:
    """The registration of this unit or person, or NotFound."""
    found = find_registration(session=session, campaign=campaign, unit=unit, person=person)
    if found is None:
        who = person.full_name if person else unit.name
        raise NotFound(f"“{who}” chưa đăng ký phong trào “{campaign.code}”.")
    return found


def list_registrations(*, session: Session, campaign: Campaign) -> list[RegistrationRow]:
    """The campaign's registrations: units in name order, each unit's persons after it."""
    units = {u.id: u.name for u in session.exec(select(Unit)).all()}
    rows = session.exec(
        select(Registration, Person)
        .join(Person, col(Person.id) == Registration.person_id, isouter=True)
        .where(Registration.campaign_id == campaign.id)
    ).all()
    out = [
        RegistrationRow(
            id=r.id or 0,
            unit_id=r.unit_id,
            unit=units.get(r.unit_id, ""),
            person_id=r.person_id,
            person=p.full_name if p else None,
            target_title=r.target_title,
            commitment=r.commitment,
            registered_on=r.registered_on,
        )
        for r, p in rows
    ]
    return sorted(
        out,
        key=lambda r: (vi_key(r.unit), r.person is not None, vi_name_key(r.person or "")),
    )


def missing_registrations(
    *, session: Session, campaign: Campaign
) -> tuple[list[Unit], list[tuple[Person, str]]]:
    """Units, and persons with their unit's name, of the campaign's agency not registered."""
    from stc_thidua.domain.persons import list_persons
    from stc_thidua.domain.units import list_units

    agency = session.get(Agency, campaign.agency_id)
    registered = session.exec(
        select(Registration.unit_id, Registration.person_id).where(
            Registration.campaign_id == campaign.id
        )
    ).all()
    units_done = {u for u, p in registered if p is None}
    persons_done = {p for _, p in registered if p is not None}
    all_units = list_units(session=session, agency=agency)
    names = {u.id: u.name for u in all_units}
    units = [u for u in all_units if u.id not in units_done]
    persons = [
        (p, names.get(p.unit_id, ""))
        for p in list_persons(session=session, agency=agency)
        if p.id not in persons_done
    ]
    return units, persons


def remove_registration(*, session: Session, registration: Registration) -> None:
    """Remove a registration."""
    session.delete(registration)
