"""Issuing agencies and the names they print at a given date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from stc_thidua.errors import InvalidInput
from stc_thidua.models import Agency, AgencyName
from stc_thidua.schemas import parse_date
from stc_thidua.text import clean_line, match_one, vi_key


def get_or_create_agency(*, session: Session, abbr: str) -> Agency:
    """The agency with this abbreviation, created if new."""
    abbr = clean_line(abbr).upper()
    agency = session.exec(select(Agency).where(Agency.abbr == abbr)).first()
    if agency is None:
        agency = Agency(abbr=abbr)
        session.add(agency)
        session.flush()
    return agency


def find_agency(*, session: Session, query: str) -> Agency:
    """The agency whose abbreviation or any of whose names matches `query`."""
    agencies = list(session.exec(select(Agency)).all())
    names: dict[int | None, list[str]] = {a.id: [a.abbr] for a in agencies}
    for row in session.exec(select(AgencyName)).all():
        names.setdefault(row.agency_id, []).append(row.name)
    return match_one(query, agencies, lambda a: names[a.id], "cơ quan")


def names_on(*, session: Session, agency: Agency, on: dt.date) -> AgencyName | None:
    """The names in force for `agency` on the date `on`."""
    rows = session.exec(
        select(AgencyName)
        .where(AgencyName.agency_id == agency.id, AgencyName.valid_from <= on)
        .order_by(col(AgencyName.valid_from).desc())
    ).all()
    for row in rows:
        if row.valid_to is None or row.valid_to >= on:
            return row
    return None


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


def add_agency_name(*, session: Session, data: dict[str, Any]) -> AgencyName:
    """Add an agency (or a new period of its names, e.g. after a merger)."""
    from stc_thidua.schemas import AgencyNameCreate, validate

    valid = validate(AgencyNameCreate, data)
    agency = get_or_create_agency(session=session, abbr=valid.abbr)
    for other in session.exec(select(AgencyName).where(AgencyName.agency_id == agency.id)).all():
        other_end = other.valid_to or dt.date.max
        this_end = valid.valid_to or dt.date.max
        if other.valid_from <= this_end and valid.valid_from <= other_end:
            raise InvalidInput(
                f"Thời kỳ tên mới trùng với thời kỳ từ {other.valid_from:%d/%m/%Y} "
                f"của “{other.name}”; hãy đặt ngày hết hiệu lực cho thời kỳ cũ trước."
            )
    row = AgencyName(agency_id=agency.id, **valid.model_dump(exclude={"abbr"}))  # type: ignore[arg-type]
    session.add(row)
    session.flush()
    return row
