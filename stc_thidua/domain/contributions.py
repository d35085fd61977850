"""Contributions: what each unit and person did for a campaign, and the Office's verification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import LargeBinary, Text, and_, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from stc_thidua.dates import to_date
from stc_thidua.domain.kinds import KindIndex, list_kinds
from stc_thidua.domain.periods import quarter_of, quarter_range
from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.keys import label_key
from stc_thidua.models import (
    CONTRIBUTION_STATUSES,
    Campaign,
    CampaignContent,
    Contribution,
    ContributionKind,
    Person,
    Unit,
)
from stc_thidua.schemas import validate
from stc_thidua.schemas_tracking import ContributionIn
from stc_thidua.text import choose, shown

PENDING, VERIFIED, REJECTED = "cho_duyet", "da_duyet", "tu_choi"
_STATUS_WORDS = {
    **{code: code for code in CONTRIBUTION_STATUSES},
    **{label: code for code, label in CONTRIBUTION_STATUSES.items()},
    "chờ duyệt": PENDING,
    "chờ": PENDING,
    "chưa xác nhận": PENDING,
    "đã duyệt": VERIFIED,
    "xác nhận": VERIFIED,
    "từ chối": REJECTED,
}


def parse_status(value: str) -> str:
    """A status typed in any form: "đã xác nhận", "da-duyet", "tu_choi"."""
    try:
        return choose(value, _STATUS_WORDS, "Trạng thái")
    except InvalidInput:
        valid = ", ".join(f"“{label}”" for label in CONTRIBUTION_STATUSES.values())
        raise InvalidInput(
            f"Trạng thái “{shown(value)}” không hợp lệ; chọn một trong: {valid}."
        ) from None


def _day(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def check_date(*, campaign: Campaign, day: dt.date) -> None:
    """Refuse a date outside the campaign's time frame."""
    if not campaign.start_date <= day <= campaign.end_date:
        raise InvalidInput(
            f"ngày {_day(day)} nằm ngoài thời gian của phong trào "
            f"({_day(campaign.start_date)} – {_day(campaign.end_date)})."
        )


# the figures of a contribution, as an error names them
FIGURES = {"quantity": "số lượng", "amount": "số tiền", "work_days": "ngày công"}

RecordKey = tuple[int | None, int | None, int | None, str, dt.date]


def record_key(
    unit_id: int | None, person_id: int | None, kind_id: int | None, title: str, day: dt.date
) -> RecordKey:
    """What makes two contributions one record: who, kind, title and date (figures aside).

    A sheet row with the key of a recorded contribution is that contribution, corrected or not.
    """
    return (unit_id, person_id, kind_id, label_key(title), day)


@dataclass(frozen=True)
class Recorded:
    """A recorded contribution as duplicates are checked against it."""

    id: int
    figures: dict[str, int]

    def differences(self, figures: dict[str, Any]) -> str:
        """ "số tiền 1.500.000 → 15.000.000; ngày công 2 → 20": what `figures` change."""
        from stc_thidua.render.filters import vn_number

        return "; ".join(
            f"{label} {vn_number(self.figures[key])} → {vn_number(figures[key])}"
            for key, label in FIGURES.items()
            if self.figures[key] != figures[key]
        )


def recorded_records(
    *, session: Session, campaign: Campaign, keys: Sequence[RecordKey], except_id: int | None = None
) -> dict[RecordKey, Recorded]:
    """The campaign's recorded contributions having these record keys (the first of each)."""
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    wanted = set(keys)
    # who, kind and day first: a title is normalised only for a row that may be one of them
    near = {(*key[:3], key[4]) for key in wanted}
    found: dict[RecordKey, Recorded] = {}
    days = sorted({key[4] for key in wanted})
    kinds = sorted({key[2] for key in wanted if key[2] is not None})
    for start in range(0, len(days), 500):
        rows = session.execute(
            sa_select(
                c.id,
                c.unit_id,
                c.person_id,
                c.kind_id,
                c.title,
                c.occurred_on,
                c.quantity,
                c.amount,
                c.work_days,
            )
            .where(
                c.campaign_id == campaign.id,
                c.occurred_on.in_(days[start : start + 500]),
                c.kind_id.in_(kinds),
            )
            .order_by(c.id)
        )  # read as it comes: a province holds hundreds of thousands
        for rid, unit_id, person_id, kind_id, title, day, quantity, amount, work_days in rows:
            if rid == except_id or (unit_id, person_id, kind_id, day) not in near:
                continue
            key = record_key(unit_id, person_id, kind_id, title, day)
            if key in wanted and key not in found:
                figures = {"quantity": quantity, "amount": amount, "work_days": work_days}
                found[key] = Recorded(rid, figures)
    return found


def check_new_record(
    *, session: Session, campaign: Campaign, key: RecordKey, except_id: int | None = None
) -> None:
    """Refuse a contribution another recorded one already is (same who, kind, title, date)."""
    from stc_thidua.guards import lock_campaign

    lock_campaign(session, campaign.id)  # a concurrent writer's same record is seen, not missed
    same = recorded_records(session=session, campaign=campaign, keys=[key], except_id=except_id)
    if key in same:
        number = same[key].id
        raise Duplicate(
            f"Đã có đóng góp số {number} cùng người, loại, nội dung và ngày; muốn sửa số liệu, "
            f"dùng “thidua contribution edit {number}”."
        )


def content_for(
    *,
    session: Session,
    campaign: Campaign,
    kind: ContributionKind,
    position: int | None,
) -> CampaignContent | None:
    """The plan content a contribution serves: the one named, else the kind's default."""
    from stc_thidua.domain.kinds import plan_content

    if position is not None:
        return plan_content(session=session, campaign=campaign, position=position)
    if kind.content_position is not None:
        return session.exec(
            select(CampaignContent).where(
                CampaignContent.campaign_id == campaign.id,
                CampaignContent.position == kind.content_position,
            )
        ).first()
    return None


def add_contribution(
    *,
    session: Session,
    campaign: Campaign,
    unit: Unit,
    person: Person | None,
    kind: ContributionKind,
    data: dict[str, Any],
    content_position: int | None = None,
) -> Contribution:
    """Record a contribution, refused when its date, unit or person do not fit the campaign."""
    from stc_thidua.domain.registrations import check_who

    check_who(session=session, campaign=campaign, unit=unit, person=person)
    if kind.campaign_id != campaign.id:
        raise InvalidInput(f"Loại “{kind.name}” không thuộc phong trào “{campaign.code}”.")
    valid = validate(ContributionIn, {k: v for k, v in data.items() if v is not None})
    check_date(campaign=campaign, day=valid.occurred_on)
    key = record_key(
        unit.id, person.id if person else None, kind.id, valid.title, valid.occurred_on
    )
    check_new_record(session=session, campaign=campaign, key=key)
    content = content_for(session=session, campaign=campaign, kind=kind, position=content_position)
    contribution = Contribution.model_validate(
        {
            **valid.model_dump(),
            "campaign_id": campaign.id,
            "unit_id": unit.id,
            "person_id": person.id if person else None,
            "kind_id": kind.id,
            "content_id": content.id if content else None,
        }
    )
    session.add(contribution)
    session.flush()
    return contribution


@dataclass(frozen=True)
class ContributionFilter:
    """Which contributions a listing or a sum takes; None means any."""

    unit_id: int | None = None
    person_id: int | None = None
    kind_ids: Sequence[int] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    statuses: Sequence[str] | None = None
    ids: Sequence[int] | None = None
    label: str = field(default="", compare=False)  # "của “Văn phòng”, quý IV năm 2021"

    def clauses(self, campaign: Campaign) -> list[Any]:
        """SQL conditions of this filter on the contribution table."""
        c = Contribution.__table__.c  # type: ignore[attr-defined]
        where: list[Any] = [c.campaign_id == campaign.id]
        if self.unit_id is not None:
            where.append(c.unit_id == self.unit_id)
        if self.person_id is not None:
            where.append(c.person_id == self.person_id)
        if self.kind_ids is not None:
            where.append(c.kind_id.in_(list(self.kind_ids)))
        if self.statuses is not None:
            where.append(c.status.in_(list(self.statuses)))
        if self.start is not None:
            where.append(c.occurred_on >= self.start)
        if self.end is not None:
            where.append(c.occurred_on <= self.end)
        if self.ids is not None:
            where.append(c.id.in_(list(self.ids)))
        return where


def period_bounds(
    *,
    campaign: Campaign,
    quarter: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    year: int | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The dates a `--quarter N [--year Y]` or `--from`/`--to` choice means for this campaign.

    A quarter without a year is the first one inside the campaign (a campaign over several
    years reaches the others with --year). A period that does not overlap the campaign is
    refused in one sentence, as the reports refuse it.
    """
    from stc_thidua.domain.periods import check_within, quarter_period, span, year_within

    first, last = campaign.start_date, campaign.end_date
    if year is not None and quarter is None:
        raise InvalidInput("--year chỉ dùng cùng --quarter (năm của quý).")
    if quarter is not None:
        if start is not None or end is not None:
            raise InvalidInput("Chọn hoặc --quarter, hoặc --from/--to, không chọn cả hai.")
        if year is None:
            year = year_within(first, last, lambda y: quarter_period(y, quarter))
        check_within(quarter_period(year, quarter), first, last)
        return quarter_range(year, quarter)
    if start is not None and end is not None and end < start:
        raise InvalidInput(f"Ngày --to {_day(end)} trước ngày --from {_day(start)}.")
    if start is not None or end is not None:
        check_within(
            span(start or min(first, end or first), end or max(last, start or last)), first, last
        )
    return start, end


@dataclass(frozen=True, slots=True)
class ContributionRow:
    """A contribution as listings and exports show it (names resolved)."""

    id: int
    unit_id: int
    unit: str
    person_id: int | None
    person: str | None
    kind_id: int
    kind: str  # code
    kind_name: str
    content: int | None  # position of the plan content
    title: str
    description: str
    quantity: int
    amount: int
    work_days: int
    evidence: str
    date: dt.date
    status: str
    status_note: str
    verified_on: dt.date | None
    verified_by: str
    quarter: int = field(default=0)

    def as_json(self) -> dict[str, Any]:
        """Stable English keys, ISO dates, numbers as numbers."""
        return {
            "id": self.id,
            "unit": self.unit,
            "unit_id": self.unit_id,
            "person": self.person,
            "person_id": self.person_id,
            "kind": self.kind,
            "kind_name": self.kind_name,
            "content": self.content,
            "title": self.title,
            "description": self.description,
            "date": self.date.isoformat(),
            "quarter": self.quarter,
            "quantity": self.quantity,
            "amount": self.amount,
            "work_days": self.work_days,
            "evidence": self.evidence,
            "status": self.status,
            "status_note": self.status_note,
            "verified_on": self.verified_on.isoformat() if self.verified_on else None,
            "verified_by": self.verified_by,
        }


def list_contributions(
    *, session: Session, campaign: Campaign, filters: ContributionFilter | None = None
) -> list[ContributionRow]:
    """The campaign's contributions matching `filters`, in the order they were recorded.

    A fixed number of queries, whatever the number of rows.
    """
    filters = filters or ContributionFilter()
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    units = dict(session.execute(sa_select(col(Unit.id), col(Unit.name))).all())
    persons = _person_names(session=session, campaign=campaign)
    kinds = {k.id: k for k in list_kinds(session=session, campaign=campaign)}
    contents = dict(
        session.execute(
            sa_select(col(CampaignContent.id), col(CampaignContent.position)).where(
                col(CampaignContent.campaign_id) == campaign.id
            )
        ).all()
    )
    query = (
        sa_select(
            c.id,
            c.unit_id,
            c.person_id,
            c.kind_id,
            c.content_id,
            c.title,
            c.description,
            c.quantity,
            c.amount,
            c.work_days,
            c.evidence,
            c.occurred_on,
            c.status,
            c.status_note,
            c.verified_on,
            c.verified_by,
        )
        .where(and_(*filters.clauses(campaign)))
        .order_by(c.id)
    )
    rows = []
    for r in session.execute(query):
        kind = kinds[r[3]]
        rows.append(
            ContributionRow(
                r[0],
                r[1],
                units.get(r[1], ""),
                r[2],
                persons.get(r[2]) if r[2] is not None else None,
                r[3],
                kind.code,
                kind.name,
                contents.get(r[4]) if r[4] is not None else None,
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
                r[15],
                quarter_of(r[11]),
            )
        )
    return rows


def _person_names(*, session: Session, campaign: Campaign) -> dict[int, str]:
    """Names of the persons of the campaign's agency (the only ones who contribute)."""
    return dict(
        session.execute(
            sa_select(col(Person.id), col(Person.full_name))
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .where(col(Unit.agency_id) == campaign.agency_id)
        ).all()
    )


def get_contribution(*, session: Session, campaign: Campaign, contribution_id: int) -> Contribution:
    """One contribution of the campaign by its number."""
    found = session.get(Contribution, contribution_id)
    if found is None or found.campaign_id != campaign.id:
        raise NotFound(
            f"Không có đóng góp số {contribution_id} trong phong trào “{campaign.code}”."
        )
    return found


def contribution_row(
    *, session: Session, campaign: Campaign, contribution_id: int
) -> ContributionRow:
    """One contribution with its names resolved."""
    get_contribution(session=session, campaign=campaign, contribution_id=contribution_id)
    rows = list_contributions(
        session=session, campaign=campaign, filters=ContributionFilter(ids=[contribution_id])
    )
    return rows[0]


def edit_contribution(
    *,
    session: Session,
    campaign: Campaign,
    contribution: Contribution,
    changes: dict[str, Any],
    unit: Unit | None = None,
    person: Person | None = None,
    kind: ContributionKind | None = None,
    content_position: int | None = None,
    clear_person: bool = False,
) -> Contribution:
    """Change a contribution; it is checked again as a whole, and goes back to "chờ xác nhận"."""
    from stc_thidua.domain.registrations import check_who

    changes = {k: v for k, v in changes.items() if v is not None}
    if (
        not changes
        and unit is None
        and person is None
        and kind is None
        and (content_position is None and not clear_person)
    ):
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    fields = set(ContributionIn.model_fields)
    current = contribution.model_dump(include=fields)
    valid = validate(ContributionIn, {**current, **changes})
    check_date(campaign=campaign, day=valid.occurred_on)
    new_unit = unit or session.get(Unit, contribution.unit_id)
    assert new_unit is not None
    new_person = person
    if new_person is None and not clear_person and contribution.person_id is not None:
        # the person stays: moving their contribution to another unit is refused by check_who
        # (name the person of the new unit, or --unit-own for the unit's own contribution)
        new_person = session.get(Person, contribution.person_id)
    if unit is not None or person is not None or clear_person:
        # only a change of who is checked again: a person moved to another unit since keeps
        # this contribution in the unit they made it in, and it stays correctable
        check_who(session=session, campaign=campaign, unit=new_unit, person=new_person)
    new_kind = kind or session.get(ContributionKind, contribution.kind_id)
    assert new_kind is not None
    check_new_record(
        session=session,
        campaign=campaign,
        key=record_key(
            new_unit.id,
            new_person.id if new_person else None,
            new_kind.id,
            valid.title,
            valid.occurred_on,
        ),
        except_id=contribution.id,
    )
    for key, value in valid.model_dump().items():
        setattr(contribution, key, value)
    contribution.unit_id = new_unit.id  # type: ignore[assignment]
    contribution.person_id = new_person.id if new_person else None
    contribution.kind_id = new_kind.id  # type: ignore[assignment]
    if content_position is not None or kind is not None:
        content = content_for(
            session=session, campaign=campaign, kind=new_kind, position=content_position
        )
        contribution.content_id = content.id if content else None
    if contribution.status != PENDING:
        contribution.status = PENDING
        contribution.status_note = ""
        contribution.verified_on = None
        contribution.verified_by = ""
    session.add(contribution)
    session.flush()
    return contribution


def remove_contribution(*, session: Session, contribution: Contribution) -> None:
    """Remove a contribution."""
    session.delete(contribution)
    session.flush()


def verify_contributions(
    *,
    session: Session,
    campaign: Campaign,
    ids: Sequence[int] | None = None,
    filters: ContributionFilter | None = None,
    on: dt.date | None = None,
) -> list[Contribution]:
    """Mark contributions "đã xác nhận" by the Office: the listed numbers, or all a filter takes.

    Numbers that are not the campaign's are refused all together, naming them.
    """
    by = str(session.info.get("user") or "")[:100]
    on = on or dt.date.today()
    if ids is not None:
        found = _by_ids(session=session, campaign=campaign, ids=ids)
    else:
        f = filters or ContributionFilter()
        found = list(session.exec(select(Contribution).where(and_(*f.clauses(campaign)))).all())
    changed = []
    for contribution in found:
        if contribution.status == VERIFIED:
            continue
        contribution.status = VERIFIED
        contribution.status_note = ""
        contribution.verified_on = on
        contribution.verified_by = by
        session.add(contribution)
        changed.append(contribution)
    session.flush()
    return changed


def reject_contribution(
    *, session: Session, campaign: Campaign, contribution_id: int, note: str
) -> Contribution:
    """Mark a contribution "bị từ chối" with the reason the Office gives."""
    from stc_thidua.text import clean_line

    reason = clean_line(note)
    if not reason:
        raise InvalidInput("Hãy ghi lý do từ chối (--note).")
    if len(reason) > 1000:
        raise InvalidInput("Lý do từ chối quá dài (tối đa 1000 ký tự).")
    contribution = get_contribution(
        session=session, campaign=campaign, contribution_id=contribution_id
    )
    contribution.status = REJECTED
    contribution.status_note = reason
    contribution.verified_on = dt.date.today()
    contribution.verified_by = str(session.info.get("user") or "")[:100]
    session.add(contribution)
    session.flush()
    return contribution


def _by_ids(*, session: Session, campaign: Campaign, ids: Sequence[int]) -> list[Contribution]:
    wanted = sorted(set(ids))
    found = list(
        session.exec(
            select(Contribution).where(
                Contribution.campaign_id == campaign.id, col(Contribution.id).in_(wanted)
            )
        ).all()
    )
    missing = sorted(set(wanted) - {c.id for c in found})
    if missing:
        numbers = ", ".join(str(n) for n in missing[:10])
        raise NotFound(f"Không có đóng góp số {numbers} trong phong trào “{campaign.code}”.")
    return found


def count_contributions(
    *, session: Session, campaign: Campaign, filters: ContributionFilter | None = None
) -> int:
    """How many contributions a filter takes."""
    f = filters or ContributionFilter()
    query = sa_select(func.count()).select_from(Contribution).where(and_(*f.clauses(campaign)))
    return int(session.execute(query).scalar_one())


def kind_index(*, session: Session, campaign: Campaign) -> KindIndex:
    """The resolver of kind names for this campaign."""
    return KindIndex(list_kinds(session=session, campaign=campaign))


def make_filter(
    *,
    session: Session,
    campaign: Campaign,
    unit: str | None = None,
    person: str | None = None,
    kinds: Sequence[str] | None = None,
    quarter: int | None = None,
    start: str | None = None,
    end: str | None = None,
    status: str | None = None,
    year: int | None = None,
) -> ContributionFilter:
    """The filter that the options of a listing, export or batch verification name."""
    from stc_thidua.domain.registrations import resolve_who

    unit_id = person_id = None
    if unit or person:
        found_unit, found_person = resolve_who(
            session=session, campaign=campaign, unit=unit, person=person, together=False
        )
        # a person's contributions wherever they were made (a person moves between units)
        unit_id = found_unit.id if unit else None
        person_id = found_person.id if found_person else None
    index = kind_index(session=session, campaign=campaign)
    kind_ids = [index.resolve(k).id or 0 for k in kinds] if kinds else None
    first, last = period_bounds(
        campaign=campaign,
        quarter=quarter,
        start=to_date(start, "--from") if start else None,
        end=to_date(end, "--to") if end else None,
        year=year,
    )
    parts = []  # what the filter takes, in words, for a question such as "Xác nhận ...?"
    if unit or person:
        named = found_person.full_name if found_person else found_unit.name
        parts.append(f"của “{named}”" + (f" tại “{found_unit.name}”" if unit and person else ""))
    if kinds and kind_ids is not None:
        names = [k.name for k in index.kinds if k.id in kind_ids]
        parts.append("loại " + ", ".join(f"“{name}”" for name in names))
    if quarter is not None:
        from stc_thidua.domain.periods import quarter_period

        label = quarter_period(first.year if first else campaign.start_date.year, quarter).label
        parts.append(label[0].lower() + label[1:])  # "quý IV năm 2021"
    elif first or last:
        parts.append(" ".join(
            ([f"từ {_day(first)}"] if first else []) + ([f"đến {_day(last)}"] if last else [])
        ))  # fmt: skip
    return ContributionFilter(
        unit_id=unit_id,
        person_id=person_id,
        kind_ids=kind_ids,
        start=first,
        end=last,
        statuses=[parse_status(status)] if status else None,
        label=", ".join(parts),
    )


JSON_KEYS = (
    "id",
    "unit",
    "unit_id",
    "person",
    "person_id",
    "kind",
    "kind_name",
    "content",
    "title",
    "description",
    "date",
    "quarter",
    "quantity",
    "amount",
    "work_days",
    "evidence",
    "status",
    "status_note",
    "verified_on",
    "verified_by",
)


def contributions_json(
    *, session: Session, campaign: Campaign, filters: ContributionFilter | None = None
) -> bytes:
    """The items of `list_contributions(...)` as a JSON array in UTF-8, one item per line."""
    return b"".join(contributions_json_chunks(session=session, campaign=campaign, filters=filters))


def contributions_json_chunks(
    *, session: Session, campaign: Campaign, filters: ContributionFilter | None = None
) -> Iterator[bytes]:
    """`contributions_json` in pieces of a few megabytes, streamed as the database sends them.

    The database writes each item's JSON itself (json_object in SQLite; in PostgreSQL the
    text is concatenated, strings escaped by to_json, twice as fast as json_build_object):
    200,000 items in about a second, where building them in Python takes several. Rows are
    fetched in batches (PostgreSQL sends them by COPY, as raw bytes), so memory stays flat
    however many items there are.
    """
    from sqlalchemy import Integer, case, cast, extract, literal

    filters = filters or ContributionFilter()
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    u = Unit.__table__.c  # type: ignore[attr-defined]
    p = Person.__table__.c  # type: ignore[attr-defined]
    kinds = list_kinds(session=session, campaign=campaign)
    contents = session.execute(
        sa_select(col(CampaignContent.id), col(CampaignContent.position)).where(
            col(CampaignContent.campaign_id) == campaign.id
        )
    ).all()
    postgres = session.get_bind().dialect.name == "postgresql"
    if not postgres:
        roomy_cache(session)

    def lookup(column: Any, pairs: Sequence[tuple[Any, Any]]) -> Any:
        """A small table looked up in the query itself (the kinds, the plan's contents)."""
        if not pairs:
            return literal(None)
        return case({key: literal(value) for key, value in pairs}, value=column, else_=None)

    quarter: Any
    if postgres:
        quarter = cast(extract("quarter", c.occurred_on), Integer)
    else:
        quarter = (cast(func.substr(c.occurred_on, 6, 2), Integer) + 2) // 3
    values = (
        c.id,
        u.name,
        c.unit_id,
        p.full_name,
        c.person_id,
        lookup(c.kind_id, [(k.id, k.code) for k in kinds]),
        lookup(c.kind_id, [(k.id, k.name) for k in kinds]),
        lookup(c.content_id, [(i, position) for i, position in contents]),
        c.title,
        c.description,
        c.occurred_on,
        quarter,
        c.quantity,
        c.amount,
        c.work_days,
        c.evidence,
        c.status,
        c.status_note,
        c.verified_on,
        c.verified_by,
    )
    pairs = [part for key, value in zip(JSON_KEYS, values, strict=True) for part in (key, value)]
    arguments = [literal(part) if isinstance(part, str) else part for part in pairs]
    tables: Any = (Contribution.__table__, Unit.__table__, Person.__table__)  # type: ignore[attr-defined]
    rows = tables[0].join(tables[1], u.id == c.unit_id).outerjoin(tables[2], p.id == c.person_id)
    where = and_(*filters.clauses(campaign))
    if postgres:
        item = _json_text(list(zip(JSON_KEYS, values, strict=True)))
    else:
        item = cast(func.json_object(*arguments), LargeBinary)  # bytes: never decoded
    query = sa_select(item).select_from(rows).where(where).order_by(c.id)
    parts = _copied(session, query) if postgres else _fetched(session, query)
    yield from _as_array(parts)


_SEPARATOR = b",\n  "


def _json_text(fields: list[tuple[str, Any]]) -> Any:
    """PostgreSQL: one JSON object as text, `"key":value` pieces joined with ||.

    Numbers print as they are, dates as quoted ISO dates, strings through to_json (escaped;
    an empty string, most of the optional ones, needs no call), NULL as null. The object
    reads as SQLite's json_object writes it.
    """
    import json

    from sqlalchemy import Date, Integer, case, cast, literal_column
    from sqlalchemy import String as SaString
    from sqlalchemy.types import NullType

    def sql_text(value: str) -> Any:
        return literal_column("'" + value.replace("'", "''") + "'", SaString)

    item: Any = None
    for n, (key, value) in enumerate(fields):
        prefix = sql_text(("{" if n == 0 else ",") + json.dumps(key) + ":")
        shown: Any
        if isinstance(value.type, NullType):
            shown = sql_text("null")
        elif isinstance(value.type, Integer):  # BigInteger too
            shown = func.coalesce(cast(value, Text), sql_text("null"))
        elif isinstance(value.type, Date):  # ISO whatever the server's DateStyle
            quoted = sql_text('"') + func.to_char(value, "YYYY-MM-DD") + sql_text('"')
            shown = func.coalesce(quoted, sql_text("null"))
        else:
            shown = case(
                (value == "", sql_text('""')),
                else_=func.coalesce(cast(func.to_json(value), Text), sql_text("null")),
            )
        piece = prefix + shown
        item = piece if item is None else item + piece
    return item + sql_text("}")


def _fetched(session: Session, query: Any) -> Iterator[bytes]:
    """The items of `query` (one column, as bytes), a batch of them joined per piece.

    Read from the driver's cursor: Python row objects for 200,000 one-column rows, and
    decoding UTF-8 only to encode it again, would double the listing's time.
    """
    result = session.connection().execute(query)
    cursor: Any = result.cursor
    try:
        while batch := cursor.fetchmany(20_000):
            yield _SEPARATOR.join(row[0] for row in batch)
    finally:
        result.close()


def _copied(session: Session, query: Any) -> Iterator[bytes]:
    """The items of `query` sent by PostgreSQL's COPY: raw bytes, no row objects on the way.

    CSV with a quote and a delimiter that JSON never holds raw (it escapes control characters)
    leaves each item as it is, one per line.
    """
    compiled = query.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
    )
    raw: Any = session.connection().connection.dbapi_connection
    statement = (
        f"COPY ({compiled.string}) TO STDOUT (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"
    )
    with raw.cursor() as cursor, cursor.copy(statement, compiled.params) as copy:
        pending = b""
        for block in copy:
            text = pending + bytes(block)
            cut = text.rfind(b"\n")
            if cut < 0:
                pending = text
                continue
            pending = text[cut + 1 :]
            yield text[:cut].replace(b"\n", _SEPARATOR)
        if pending:
            yield pending


def _as_array(parts: Iterator[bytes]) -> Iterator[bytes]:
    """Pieces of items (each already joined by the separator) framed as one JSON array."""
    first = True
    for part in parts:
        if not part:
            continue
        yield (b"[\n  " if first else _SEPARATOR) + part
        first = False
    yield b"[]\n" if first else b"\n]\n"


def roomy_cache(session: Session) -> None:
    """Let SQLite keep up to 64 MB of pages for this command (allocated only as used): a
    listing that joins 200,000 rows to units and persons then reads each page from the
    operating system once, not again and again (a third of its time otherwise).
    """
    from sqlalchemy import text

    session.execute(text("PRAGMA cache_size = -65536"))
