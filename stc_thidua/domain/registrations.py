"""Registrations (đăng ký thi đua): which units and persons registered, aiming at what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from stc_thidua.errors import Ambiguous, Duplicate, InvalidInput, NotFound
from stc_thidua.guards import lock_campaign
from stc_thidua.models import Agency, Campaign, Person, Registration, Unit
from stc_thidua.schemas import validate
from stc_thidua.schemas_tracking import RegistrationIn
from stc_thidua.text import shown, vi_key, vi_name_key

if TYPE_CHECKING:
    from stc_thidua.domain.rules import RuleSet


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


def _day(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


@dataclass(frozen=True)
class RegistrationFrame:
    """What a registration of one campaign may aim at and when it may be dated.

    Titles come from the campaign's rule set (free text when no rule set covers the
    campaign); dates run from the first day of the plan's year to the campaign's end.
    """

    campaign_code: str
    rule_set: RuleSet | None
    first: dt.date
    last: dt.date
    default: dt.date

    def title(self, typed: str, *, collective: bool) -> str:
        """The canonical name of the title `typed` aims at ("LĐTT" → "Lao động tiên tiến")."""
        from stc_thidua.domain.rules import NOMINEES, find_form
        from stc_thidua.errors import ThiduaError
        from stc_thidua.text import clean_line

        text = clean_line(typed)
        if not text or self.rule_set is None:
            return text
        nominee = "tap_the" if collective else "ca_nhan"
        valid = ", ".join(f.name for f in self.rule_set.forms if nominee in f.nominees)
        try:
            form = find_form(self.rule_set, text)
        except ThiduaError:
            raise InvalidInput(
                f"Danh hiệu đăng ký “{shown(text)}” không có trong {self.rule_set.name}; "
                f"{NOMINEES[nominee]} đăng ký được: {valid}."
            ) from None
        if nominee not in form.nominees:
            allowed = " và ".join(NOMINEES[n] for n in form.nominees)
            raise InvalidInput(
                f"{form.name} chỉ dành cho {allowed}, không dành cho {NOMINEES[nominee]}; "
                f"{NOMINEES[nominee]} đăng ký được: {valid}."
            )
        return form.name

    def date(self, value: dt.date) -> dt.date:
        """`value`, refused when outside the frame."""
        if not self.first <= value <= self.last:
            raise InvalidInput(
                f"Ngày đăng ký {_day(value)} nằm ngoài thời gian đăng ký phong trào "
                f"“{self.campaign_code}” (từ {_day(self.first)} đến {_day(self.last)})."
            )
        return value


def registration_frame(
    *, session: Session, campaign: Campaign, today: dt.date | None = None
) -> RegistrationFrame:
    """The titles and dates a registration of `campaign` may have.

    The default date is today when today falls within the frame, else the campaign's start.
    """
    from stc_thidua.domain.rules import rule_set_for

    try:
        rule_set: RuleSet | None = rule_set_for(session=session, campaign=campaign)
    except NotFound:
        rule_set = None
    first = min(dt.date(campaign.issued_year, 1, 1), campaign.start_date)
    last = campaign.end_date
    today = today or dt.date.today()
    default = today if first <= today <= last else campaign.start_date
    return RegistrationFrame(campaign.code, rule_set, first, last, default)


def resolve_who(
    *,
    session: Session,
    campaign: Campaign,
    unit: str | None,
    person: str | None,
    together: bool = True,
) -> tuple[Unit, Person | None]:
    """The unit and person named, checked against the campaign's agency and each other.

    Names are looked up among the campaign's agency first: another agency may have a unit or
    a person of the same name. Only a name found nowhere there is looked for elsewhere, to
    say which agency it belongs to. With `together` unset (a filter), the person need not be
    of the unit today: a person moved since keeps their contributions in the old unit.
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
    check_who(
        session=session,
        campaign=campaign,
        unit=found_unit,
        person=found_person if together else None,
    )
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
    frame = registration_frame(session=session, campaign=campaign)
    valid = validate(RegistrationIn, {"registered_on": frame.default, **data})
    valid.target_title = frame.title(valid.target_title, collective=person is None)
    valid.registered_on = frame.date(valid.registered_on)
    lock_campaign(session, campaign.id)  # a concurrent registration of the same is seen
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
    """Remove a registration, unless an award passed by the Council or decided rests on it."""
    check_removable(session=session, registration=registration)
    session.delete(registration)


def check_removable(*, session: Session, registration: Registration) -> None:
    """Raise if an award passed by the Council, decided or sent upward rests on `registration`."""
    from sqlalchemy import and_

    from stc_thidua.models import Proposal

    nominee = (
        col(Proposal.person_id) == registration.person_id
        if registration.person_id is not None
        else and_(col(Proposal.unit_id) == registration.unit_id, col(Proposal.person_id).is_(None))
    )
    backed = session.exec(
        select(Proposal)
        .where(
            Proposal.campaign_id == registration.campaign_id,
            nominee,
            col(Proposal.status).in_(("hd_dat", "da_quyet_dinh", "trinh_cap_tren")),
        )
        .order_by(col(Proposal.id))
    ).first()
    if backed is not None:
        paper = (
            f"Quyết định số {backed.decision_number:02d}/{backed.decision_symbol}"
            if backed.decision_number is not None
            else "biểu quyết của Hội đồng"
            if backed.status == "hd_dat"
            else "tờ trình cấp trên"
        )
        raise InvalidInput(
            f"Đăng ký này là điều kiện của đề xuất số {backed.id} ({paper}), nên không xóa được."
        )
