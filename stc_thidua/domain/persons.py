"""People: civil servants and employees of the units."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from stc_thidua.domain.units import list_units
from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.models import Agency, Person, Unit
from stc_thidua.schemas import PersonCreate, validate
from stc_thidua.text import Match, as_id, choose, match, name_key, vi_name_key

GENDERS = {"nam": "Nam", "nu": "Nữ", "": ""}
_GENDER_WORDS = {
    "nam": "nam",
    "m": "nam",
    "male": "nam",
    "nữ": "nu",
    "nu": "nu",
    "f": "nu",
    "female": "nu",
    "": "",
}


def parse_gender(value: str) -> str:
    """ "Nữ", "nu", "F" → "nu"; "Nam", "M" → "nam"; blank stays blank."""
    return choose(value, _GENDER_WORDS, "Giới tính", GENDERS) if value.strip() else ""


def list_persons(
    *, session: Session, unit: Unit | None = None, agency: Agency | None = None
) -> list[Person]:
    """People sorted the Vietnamese way (given name, then middle, then family name)."""
    query = select(Person)
    if unit is not None:
        query = query.where(Person.unit_id == unit.id)
    elif agency is not None:
        query = query.join(Unit).where(Unit.agency_id == agency.id)
    return sorted(session.exec(query).all(), key=lambda p: vi_name_key(p.full_name))


def match_person(
    *, session: Session, query: str, unit: Unit | None = None, agency: Agency | None = None
) -> Match[Person]:
    """The person named by `query` (id as listed, or name), and whether it was exact."""
    row_id = as_id(query)
    if row_id is not None:
        found = session.get(Person, row_id)
        if found is not None and (unit is None or found.unit_id == unit.id):
            owner = session.get(Unit, found.unit_id)
            if agency is None or (owner is not None and owner.agency_id == agency.id):
                return Match(found, found.full_name, exact=True)
        raise NotFound(f"Không có người mã số {row_id} (xem cột Mã của “thidua person list”).")
    people = list_persons(session=session, unit=unit, agency=agency)
    units = {u.id: u for u in session.exec(select(Unit)).all()}

    def names(p: Person) -> list[str]:
        unit_name = units[p.unit_id].name if p.unit_id in units else ""
        return [f"{p.full_name} ({unit_name})", p.full_name]

    return match(query, people, names, "người")


def find_person(
    *, session: Session, query: str, unit: Unit | None = None, agency: Agency | None = None
) -> Person:
    """The person named by `query`; `unit` narrows the search among namesakes."""
    return match_person(session=session, query=query, unit=unit, agency=agency).item


def locate_person(
    *, session: Session, query: str, unit: str | None = None, agency: str | None = None
) -> Person:
    """The person a user names, optionally with the unit and agency names that narrow it."""
    return locate_match(session=session, query=query, unit=unit, agency=agency).item


def locate_match(
    *, session: Session, query: str, unit: str | None = None, agency: str | None = None
) -> Match[Person]:
    """Like `locate_person`, telling whether the name was matched exactly."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import find_unit

    found_agency = resolve_agency(session=session, query=agency)
    in_unit = find_unit(session=session, query=unit, agency=found_agency) if unit else None
    return match_person(session=session, query=query, unit=in_unit, agency=found_agency)


def names_taken(*, session: Session, unit: Unit, except_id: int | None = None) -> set[str]:
    """The name keys of the people of `unit` (all but `except_id`)."""
    rows = session.exec(select(Person.id, Person.full_name).where(Person.unit_id == unit.id)).all()
    return {name_key(name) for row_id, name in rows if row_id != except_id}


def claim_name(*, unit: Unit, full_name: str, taken: set[str]) -> None:
    """The one uniqueness rule for people: refuse a name (as typed, case aside) taken in `unit`.

    `taken` holds the `name_key`s already in the unit and receives this one. Adding,
    editing, moving and importing a person all go through here, so "Lê Văn Hùng" and
    "Lê Văn Hưng" may share a unit while "lê văn hùng" cannot join "Lê Văn Hùng".
    """
    key = name_key(full_name)
    if key in taken:
        raise Duplicate(f"Đơn vị “{unit.name}” đã có “{full_name}”.")
    taken.add(key)


def add_person(*, session: Session, unit: Unit, data: dict[str, Any]) -> Person:
    """Add a person to `unit`; the same name twice in one unit is refused."""
    person = _new_person(unit=unit, data=data, taken=names_taken(session=session, unit=unit))
    session.add(person)
    session.flush()
    return person


def _new_person(*, unit: Unit, data: dict[str, Any], taken: set[str]) -> Person:
    """A validated Person row for `unit`; `taken` holds the name keys already there."""
    valid = validate(PersonCreate, {k: v for k, v in data.items() if v is not None})
    claim_name(unit=unit, full_name=valid.full_name, taken=taken)
    gender = parse_gender(valid.gender)
    return Person.model_validate({**valid.model_dump(), "gender": gender, "unit_id": unit.id})


def edit_person(
    *, session: Session, person: Person, changes: dict[str, Any], unit: Unit | None = None
) -> Person:
    """Change some fields of a person, or move them to another unit (names stay unique)."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes and unit is None:
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    current = person.model_dump(include={"full_name", "position", "gender"})
    valid = validate(PersonCreate, {**current, **changes})
    target = unit
    if target is None:
        target = session.get(Unit, person.unit_id)
        assert target is not None
    if target.id != person.unit_id or name_key(valid.full_name) != name_key(person.full_name):
        taken = names_taken(session=session, unit=target, except_id=person.id)
        claim_name(unit=target, full_name=valid.full_name, taken=taken)
    person.full_name = valid.full_name
    person.position = valid.position
    person.gender = parse_gender(valid.gender)
    person.unit_id = target.id  # type: ignore[assignment]
    session.add(person)
    return person


def contributions_in_unit(*, session: Session, person: Person) -> int:
    """How many of the person's contributions are of their unit today (they stay if moved)."""
    from stc_thidua.models import Contribution

    return int(
        session.exec(
            select(func.count())
            .select_from(Contribution)
            .where(Contribution.person_id == person.id, Contribution.unit_id == person.unit_id)
        ).one()
    )


def remove_person(*, session: Session, person: Person) -> None:
    """Remove a person that no record refers to."""
    from stc_thidua.models import Commendation, Contribution, Proposal, Registration

    for model, column, label in (
        (Contribution, Contribution.person_id, "đóng góp"),
        (Registration, Registration.person_id, "đăng ký"),
        (Proposal, Proposal.person_id, "đề xuất"),
        (Commendation, Commendation.person_id, "khen thưởng trong lịch sử"),
    ):
        count = session.exec(
            select(func.count()).select_from(model).where(column == person.id)
        ).one()
        if count:
            raise InvalidInput(f"Không xóa được “{person.full_name}”: còn {count} {label}.")
    session.delete(person)


def persons_csv(*, session: Session, agency: Agency) -> str:
    """The agency's people as CSV in the columns `import_persons` reads."""
    from stc_thidua.domain.tabular import write_csv

    names = {u.id: u.name for u in list_units(session=session, agency=agency)}
    return write_csv(
        ["Họ và tên", "Đơn vị", "Chức vụ", "Giới tính"],  # headers the import reads back
        [
            [p.full_name, names.get(p.unit_id, ""), p.position, GENDERS.get(p.gender, "")]
            for p in list_persons(session=session, agency=agency)
        ],
    )
