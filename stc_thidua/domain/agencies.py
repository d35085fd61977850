"""Issuing agencies and the names they print at a given date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from stc_thidua.dates import parse_date
from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.models import Agency, AgencyName, Campaign, Unit
from stc_thidua.text import Match, as_id, clean_line, match, vi_key


def get_or_create_agency(*, session: Session, abbr: str) -> Agency:
    """The agency with this abbreviation, created if new."""
    abbr = clean_line(abbr).upper()
    agency = session.exec(select(Agency).where(Agency.abbr == abbr)).first()
    if agency is None:
        agency = Agency(abbr=abbr)
        session.add(agency)
        session.flush()
    return agency


def match_agency(*, session: Session, query: str) -> Match[Agency]:
    """The agency named by `query` (id as listed, abbreviation or any of its names)."""
    agencies = list(session.exec(select(Agency)).all())
    row_id = as_id(query)
    if row_id is not None:
        by_id = session.get(Agency, row_id)
        if by_id is not None:
            return Match(by_id, by_id.abbr, exact=True)
        raise NotFound(f"Không có cơ quan mã số {row_id} (xem cột Mã của “thidua agency list”).")
    names: dict[int | None, list[str]] = {a.id: [a.abbr] for a in agencies}
    for row in session.exec(select(AgencyName)).all():
        names.setdefault(row.agency_id, []).append(row.name)
    return match(query, agencies, lambda a: names[a.id], "cơ quan")


def find_agency(*, session: Session, query: str) -> Agency:
    """The agency whose abbreviation or any of whose names matches `query`."""
    return match_agency(session=session, query=query).item


def names_on(*, session: Session, agency: Agency, on: dt.date) -> AgencyName | None:
    """The names in force for `agency` on the date `on`."""
    return period_in(periods_of(session=session, agency=agency), on)


def period_in(periods: Sequence[AgencyName], on: dt.date) -> AgencyName | None:
    """Of an agency's name `periods`, the one in force on `on` (the latest begun, if two)."""
    found = [p for p in periods if p.valid_from <= on and (p.valid_to is None or on <= p.valid_to)]
    return max(found, key=lambda p: p.valid_from) if found else None


def load_agency_names(*, session: Session, entries: list[dict[str, Any]]) -> int:
    """Load dated agency names (data/agencies.toml); returns how many periods were added."""
    added = 0
    for i, entry in enumerate(entries, start=1):
        try:
            agency = get_or_create_agency(session=session, abbr=str(entry["abbr"]))
            valid_from = parse_date(str(entry["valid_from"]))
            valid_to = entry.get("valid_to")
            row = AgencyName(
                agency_id=agency.id,  # type: ignore[arg-type]
                valid_from=valid_from,
                valid_to=parse_date(str(valid_to)) if valid_to else None,
                parent_body=clean_line(str(entry["parent_body"])),
                name=clean_line(str(entry["name"])),
                place=clean_line(str(entry["place"])),
            )
        except (KeyError, ValueError) as exc:
            raise InvalidInput(f"Danh mục cơ quan, mục {i}: thiếu hoặc sai {exc}.") from None
        session.add(row)
        added += 1
    session.flush()
    return added


def list_agencies(*, session: Session) -> list[tuple[Agency, list[AgencyName]]]:
    """Every agency with its dated names, oldest first."""
    out = []
    # sorted here, not in SQL: SQLite and PostgreSQL collate "Đ" differently
    agencies = sorted(session.exec(select(Agency)).all(), key=lambda a: vi_key(a.abbr))
    for agency in agencies:
        periods = session.exec(
            select(AgencyName)
            .where(AgencyName.agency_id == agency.id)
            .order_by(col(AgencyName.valid_from))
        ).all()
        out.append((agency, list(periods)))
    return out


def resolve_agency(*, session: Session, query: str | None) -> Agency:
    """The agency named by `query`; else the current campaign's; else the only one."""
    from stc_thidua.domain.settings import CURRENT_CAMPAIGN, get_setting
    from stc_thidua.errors import NotFound
    from stc_thidua.models import Campaign

    if query:
        return find_agency(session=session, query=query)
    current = get_setting(session=session, key=CURRENT_CAMPAIGN)
    campaign = session.get(Campaign, int(current)) if current and current.isdigit() else None
    if campaign is not None:
        agency = session.get(Agency, campaign.agency_id)
        if agency is not None:
            return agency
    agencies = session.exec(select(Agency)).all()
    if len(agencies) == 1:
        return agencies[0]
    if not agencies:
        raise NotFound(
            "Chưa có cơ quan nào; hãy thêm bằng “thidua agency add” hoặc tạo phong trào trước."
        )
    raise InvalidInput(
        f"Có nhiều cơ quan ({', '.join(a.abbr for a in agencies)}); hãy chỉ rõ --agency."
    )


def periods_of(*, session: Session, agency: Agency) -> list[AgencyName]:
    """The name periods of an agency, oldest first."""
    return list(
        session.exec(
            select(AgencyName)
            .where(AgencyName.agency_id == agency.id)
            .order_by(col(AgencyName.valid_from))
        ).all()
    )


@dataclass(frozen=True)
class NameAdded:
    """What `add_agency_name` did."""

    row: AgencyName
    closed: AgencyName | None = None  # the open period it closed the day before
    existed: bool = False  # the very same period was already there: nothing written


def _same(row: AgencyName, valid: Any) -> bool:
    return (row.name, row.parent_body, row.place, row.valid_from, row.valid_to) == (
        valid.name,
        valid.parent_body,
        valid.place,
        valid.valid_from,
        valid.valid_to,
    )


def _check_overlap(
    *, periods: list[AgencyName], start: dt.date, end: dt.date | None, except_id: int | None
) -> None:
    for other in periods:
        if other.id == except_id:
            continue
        if other.valid_from <= (end or dt.date.max) and start <= (other.valid_to or dt.date.max):
            until = f"{other.valid_to:%d/%m/%Y}" if other.valid_to else "nay"
            raise InvalidInput(
                f"Thời kỳ tên mới trùng với thời kỳ {other.valid_from:%d/%m/%Y}–{until} "
                f"của “{other.name}”; hãy sửa thời kỳ đó bằng “thidua agency edit”."
            )


def add_agency_name(*, session: Session, data: dict[str, Any]) -> NameAdded:
    """Add an agency, or a new period of its names (e.g. after a merger).

    A period starting after the agency's open period (one with no end date) closes that
    one the day before; adding a period identical to one already there changes nothing.
    """
    from stc_thidua.schemas import AgencyNameCreate, validate

    valid = validate(AgencyNameCreate, {k: v for k, v in data.items() if v is not None})
    agency = get_or_create_agency(session=session, abbr=valid.abbr)
    periods = periods_of(session=session, agency=agency)
    for row in periods:
        if _same(row, valid):
            return NameAdded(row, existed=True)
    closed = None
    open_ones = [p for p in periods if p.valid_to is None and p.valid_from < valid.valid_from]
    if open_ones:
        closed = open_ones[-1]
        closed.valid_to = valid.valid_from - dt.timedelta(days=1)
        session.add(closed)
    _check_overlap(periods=periods, start=valid.valid_from, end=valid.valid_to, except_id=None)
    row = AgencyName(agency_id=agency.id, **valid.model_dump(exclude={"abbr"}))  # type: ignore[arg-type]
    session.add(row)
    session.flush()
    return NameAdded(row, closed=closed)


def period_on(*, session: Session, agency: Agency, on: dt.date | None) -> AgencyName:
    """The period in force on `on` (default: the newest period) that an edit changes."""
    periods = periods_of(session=session, agency=agency)
    if not periods:
        raise NotFound(f"Cơ quan {agency.abbr} chưa có tên theo thời kỳ nào.")
    if on is None:
        return periods[-1]
    found = names_on(session=session, agency=agency, on=on)
    if found is None:
        raise NotFound(f"Cơ quan {agency.abbr} không có tên nào dùng vào ngày {on:%d/%m/%Y}.")
    return found


def edit_agency(
    *,
    session: Session,
    agency: Agency,
    changes: dict[str, Any],
    period: dt.date | None = None,
) -> Agency:
    """Change an agency's abbreviation, or the names of one period (`period`: a date in it).

    An empty `valid_to` reopens the period (in force until now).
    """
    from stc_thidua.schemas import AgencyAbbr, AgencyNameCreate, validate

    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    new_abbr = changes.pop("abbr", None)
    if new_abbr is not None:
        valid_abbr = validate(AgencyAbbr, {"abbr": new_abbr}).abbr.upper()
        other = session.exec(select(Agency).where(Agency.abbr == valid_abbr)).first()
        if other is not None and other.id != agency.id:
            raise Duplicate(f"Đã có cơ quan ký hiệu “{valid_abbr}”.")
        agency.abbr = valid_abbr
        session.add(agency)
    if changes:
        row = period_on(session=session, agency=agency, on=period)
        if isinstance(changes.get("valid_to"), str) and not changes["valid_to"].strip():
            changes["valid_to"] = None
        current = {
            "abbr": agency.abbr,
            "name": row.name,
            "parent_body": row.parent_body,
            "place": row.place,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        }
        valid = validate(AgencyNameCreate, {**current, **changes})
        _check_overlap(
            periods=periods_of(session=session, agency=agency),
            start=valid.valid_from,
            end=valid.valid_to,
            except_id=row.id,
        )
        for key, value in valid.model_dump(exclude={"abbr"}).items():
            setattr(row, key, value)
        session.add(row)
    session.flush()
    return agency


def remove_agency(*, session: Session, agency: Agency) -> None:
    """Remove an agency (with its name periods) that no campaign or unit belongs to."""
    for model, column, label in (
        (Campaign, Campaign.agency_id, "phong trào"),
        (Unit, Unit.agency_id, "đơn vị"),
    ):
        count = session.exec(
            select(func.count()).select_from(model).where(column == agency.id)
        ).one()
        if count:
            raise InvalidInput(
                f"Không xóa được cơ quan {agency.abbr}: còn {count} {label} thuộc cơ quan này."
            )
    for row in periods_of(session=session, agency=agency):
        session.delete(row)
    session.flush()
    session.delete(agency)
