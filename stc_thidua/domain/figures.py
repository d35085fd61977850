"""The figures of a sơ kết / tổng kết: aggregates computed in SQL, a fixed number of queries.

Whatever the number of contributions, units or kinds, `report_figures` runs the same dozen
queries: totals are grouped in the database, never counted row by row in Python.
Only verified contributions (status "da_duyet") count; pending ones are counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, distinct, func, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session

from stc_thidua.domain.campaigns import contents_of, targets_of
from stc_thidua.domain.kinds import list_kinds
from stc_thidua.domain.periods import Period, previous_period, quarters_between, span
from stc_thidua.domain.targets import ProgressPoint, progress_of
from stc_thidua.domain.units import list_units
from stc_thidua.models import (
    Agency,
    Campaign,
    Contribution,
    Person,
    Registration,
    Unit,
)

VERIFIED, PENDING = "da_duyet", "cho_duyet"
NAMED_KINDS = ("giai_phap", "mo_hinh")  # listed by name in the report, with their units
NAMED_LIMIT = 60  # per kind: past this the report gives the count of the others


@dataclass(frozen=True)
class Totals:
    """Counts and sums of a set of verified contributions."""

    records: int = 0  # rows (đóng góp) recorded
    quantity: int = 0  # items: solutions, articles, models ...
    amount: int = 0  # đồng mobilised
    work_days: int = 0

    def plus(self, other: Totals) -> Totals:
        """The sum of two totals."""
        return Totals(
            self.records + other.records,
            self.quantity + other.quantity,
            self.amount + other.amount,
            self.work_days + other.work_days,
        )

    def as_json(self) -> dict[str, int]:
        """Stable keys for `--format json`."""
        return {
            "records": self.records,
            "quantity": self.quantity,
            "amount": self.amount,
            "work_days": self.work_days,
        }


@dataclass(frozen=True)
class KindInfo:
    """A kind of contribution as the report names it."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class UnitFigures:
    """One unit's verified contributions in the period."""

    unit_id: int
    name: str
    code: str
    total: Totals
    by_kind: dict[str, Totals]  # kind code → totals (only kinds with something)
    persons: int  # persons of the unit who contributed
    pending: int  # contributions still waiting for verification


@dataclass(frozen=True)
class ContentFigures:
    """One content of the plan and what was done for it."""

    position: int
    text: str
    total: Totals
    by_kind: dict[str, Totals]


@dataclass(frozen=True)
class NamedItem:
    """A solution or good model, listed by name with who proposed it."""

    kind: str
    title: str
    unit: str
    person: str | None
    occurred_on: dt.date


@dataclass(frozen=True)
class TargetFigures:
    """A target (chỉ tiêu) and how far it had come by the end of the period."""

    name: str
    value: float
    unit: str
    reached: float | None  # the last value recorded by the end of the period
    as_of: dt.date | None
    history: tuple[ProgressPoint, ...]


@dataclass(frozen=True)
class Registrations:
    """How many units and persons had registered by the end of the period, of how many."""

    units: int
    units_total: int
    persons: int
    persons_total: int


@dataclass(frozen=True)
class Figures:
    """Everything a report counts for one period."""

    period: Period
    previous: Period | None  # the period compared with (sơ kết only, within the campaign)
    kinds: tuple[KindInfo, ...]
    total: Totals
    by_kind: dict[str, Totals]
    previous_by_kind: dict[str, Totals] | None
    units: tuple[UnitFigures, ...]  # every unit of the agency, in document order
    unit_noun: str  # "phòng" when every unit is a phòng, else "đơn vị"
    contents: tuple[ContentFigures, ...]
    unassigned: Totals  # verified contributions tied to no content of the plan
    named: dict[str, tuple[NamedItem, ...]]
    named_more: dict[str, int]  # how many more of the kind were not listed
    persons_contributing: int
    pending: int
    rejected: int
    registrations: Registrations
    targets: tuple[TargetFigures, ...]
    series: dict[str, dict[str, int]] = field(default_factory=dict)  # quarter key → kind → qty
    series_labels: tuple[tuple[str, str], ...] = ()  # (quarter key, label) up to the period

    @property
    def units_contributing(self) -> int:
        """Units with at least one verified contribution in the period."""
        return sum(1 for u in self.units if u.total.records)


def _totals(row: Any) -> Totals:
    return Totals(
        int(row.records or 0), int(row.qty or 0), int(row.amount or 0), int(row.days or 0)
    )


def _sums() -> list[Any]:
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return [
        func.count().label("records"),
        func.sum(c.quantity).label("qty"),
        func.sum(c.amount).label("amount"),
        func.sum(c.work_days).label("days"),
    ]


def _in_period(campaign: Campaign, start: dt.date, end: dt.date) -> Any:
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return and_(c.campaign_id == campaign.id, c.occurred_on >= start, c.occurred_on <= end)


def _grouped(
    session: Session, campaign: Campaign, period: Period
) -> list[Any]:  # unit, content, kind, status → sums
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    query = (
        sa_select(c.unit_id, c.content_id, c.kind_id, c.status, *_sums())
        .where(_in_period(campaign, period.start, period.end))
        .group_by(c.unit_id, c.content_id, c.kind_id, c.status)
    )
    return list(session.connection().execute(query))


def _persons(session: Session, campaign: Campaign, period: Period) -> tuple[dict[int, int], int]:
    """Persons who contributed, per unit and in all (one query: each unit's distinct persons).

    A person counts once in the whole even when they contributed in two units (moved midway).
    """
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    pairs = (
        sa_select(c.unit_id, c.person_id)
        .where(
            _in_period(campaign, period.start, period.end),
            c.status == VERIFIED,
            c.person_id.is_not(None),
        )
        .group_by(c.unit_id, c.person_id)
    )
    by_unit: dict[int, int] = defaultdict(int)
    everyone: set[int] = set()
    for unit_id, person_id in session.connection().execute(pairs):
        by_unit[int(unit_id)] += 1
        everyone.add(int(person_id))
    return dict(by_unit), len(everyone)


def _by_kind(session: Session, campaign: Campaign, period: Period) -> dict[int, Totals]:
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    query = (
        sa_select(c.kind_id, *_sums())
        .where(_in_period(campaign, period.start, period.end), c.status == VERIFIED)
        .group_by(c.kind_id)
    )
    return {int(row.kind_id): _totals(row) for row in session.connection().execute(query)}


def _named(
    session: Session, campaign: Campaign, period: Period, kinds: dict[str, KindInfo]
) -> dict[str, tuple[NamedItem, ...]]:
    """The first NAMED_LIMIT solutions and good models of the period, by date (one query)."""
    wanted = [kinds[code].id for code in NAMED_KINDS if code in kinds]
    if not wanted:
        return {}
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    u = Unit.__table__.c  # type: ignore[attr-defined]
    p = Person.__table__.c  # type: ignore[attr-defined]
    # one LIMIT per kind, read in date order from the index: never the whole period ranked
    firsts = [
        sa_select(
            c.kind_id,
            c.title,
            c.occurred_on,
            u.name.label("unit"),
            p.full_name.label("person"),
            c.id,
        )
        .join(Unit.__table__, u.id == c.unit_id)  # type: ignore[attr-defined]
        .outerjoin(Person.__table__, p.id == c.person_id)  # type: ignore[attr-defined]
        .where(
            _in_period(campaign, period.start, period.end),
            c.status == VERIFIED,
            c.kind_id == kind_id,
        )
        .order_by(c.occurred_on, c.id)
        .limit(NAMED_LIMIT)
        .subquery()
        for kind_id in wanted
    ]
    query = union_all(*(sa_select(first) for first in firsts))
    code_of = {k.id: k.code for k in kinds.values()}
    named: dict[str, list[NamedItem]] = defaultdict(list)
    rows = sorted(
        session.connection().execute(query), key=lambda r: (r.kind_id, r.occurred_on, r.id)
    )
    for row in rows:
        code = code_of[int(row.kind_id)]
        named[code].append(NamedItem(code, row.title, row.unit, row.person, row.occurred_on))
    return {k: tuple(v) for k, v in named.items()}


def _series(
    session: Session, campaign: Campaign, period: Period, kinds: dict[int, KindInfo]
) -> tuple[dict[str, dict[str, int]], tuple[tuple[str, str], ...]]:
    """Verified quantities per quarter and kind, from the campaign's start to the period's end."""
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    end = min(period.end, campaign.end_date)
    # per day, summed into quarters here: cheaper than the database's date functions per row
    query = (
        sa_select(c.occurred_on, c.kind_id, func.sum(c.quantity).label("qty"))
        .where(_in_period(campaign, campaign.start_date, end), c.status == VERIFIED)
        .group_by(c.occurred_on, c.kind_id)
    )
    series: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, kind_id, qty in session.connection().execute(query):
        key = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        series[key][kinds[int(kind_id)].code] += int(qty or 0)
    labels = tuple((q.key, q.label) for q in quarters_between(campaign.start_date, end))
    return {k: dict(v) for k, v in series.items()}, labels


def _registrations(
    session: Session, campaign: Campaign, period: Period, units_total: int
) -> Registrations:
    r = Registration.__table__.c  # type: ignore[attr-defined]
    query = sa_select(
        func.count(distinct(case((r.person_id.is_(None), r.unit_id)))),
        func.count(distinct(r.person_id)),
    ).where(r.campaign_id == campaign.id, r.registered_on <= period.end)
    units, persons = session.connection().execute(query).one()
    p = Person.__table__.c  # type: ignore[attr-defined]
    u = Unit.__table__.c  # type: ignore[attr-defined]
    persons_total = (
        session.connection()
        .execute(
            sa_select(func.count())
            .select_from(Person.__table__.join(Unit.__table__, u.id == p.unit_id))  # type: ignore[attr-defined]
            .where(u.agency_id == campaign.agency_id)
        )
        .scalar_one()
    )
    return Registrations(int(units or 0), units_total, int(persons or 0), int(persons_total or 0))


def report_figures(*, session: Session, campaign: Campaign, period: Period) -> Figures:
    """Every figure of the report of `period`, in a fixed number of queries."""
    kind_rows = list_kinds(session=session, campaign=campaign)
    kinds = tuple(KindInfo(k.id or 0, k.code, k.name) for k in kind_rows)
    kind_by_id = {k.id: k for k in kinds}
    agency = session.get(Agency, campaign.agency_id)
    units = list_units(session=session, agency=agency)
    contents = contents_of(session=session, campaign=campaign)

    per_unit: dict[int, dict[str, Totals]] = defaultdict(dict)
    per_content: dict[int | None, dict[str, Totals]] = defaultdict(dict)
    by_kind: dict[str, Totals] = {}
    pending_by_unit: dict[int, int] = defaultdict(int)
    pending = rejected = 0
    for row in _grouped(session, campaign, period):
        if row.status == PENDING:
            pending_by_unit[int(row.unit_id)] += int(row.records)
            pending += int(row.records)
            continue
        if row.status != VERIFIED:
            rejected += int(row.records)
            continue
        code = kind_by_id[int(row.kind_id)].code
        totals = _totals(row)
        for bucket in (per_unit[int(row.unit_id)], per_content[row.content_id], by_kind):
            bucket[code] = bucket.get(code, Totals()).plus(totals)
    persons_by_unit, persons_total = _persons(session, campaign, period)

    def summed(parts: dict[str, Totals]) -> Totals:
        total = Totals()
        for value in parts.values():
            total = total.plus(value)
        return total

    unit_figures = tuple(
        UnitFigures(
            unit_id=u.id or 0,
            name=u.name,
            code=u.code,
            total=summed(per_unit.get(u.id or 0, {})),
            by_kind=dict(per_unit.get(u.id or 0, {})),
            persons=persons_by_unit.get(u.id or 0, 0),
            pending=pending_by_unit.get(u.id or 0, 0),
        )
        for u in units
    )
    content_figures = tuple(
        ContentFigures(
            c.position, c.text, summed(per_content.get(c.id, {})), dict(per_content.get(c.id, {}))
        )
        for c in contents
    )
    previous = previous_period(period)
    if previous is not None and previous.kind == "custom" and previous.start < campaign.start_date:
        # a span before the campaign began is compared from the campaign's first day only
        previous = (
            span(campaign.start_date, previous.end) if previous.end >= campaign.start_date else None
        )
    previous_by_kind = None
    if previous is not None and previous.end >= campaign.start_date:
        previous_by_kind = {
            kind_by_id[kind_id].code: totals
            for kind_id, totals in _by_kind(session, campaign, previous).items()
        }
    else:
        previous = None
    named = _named(session, campaign, period, {k.code: k for k in kinds})
    more = {
        code: by_kind[code].records - len(items)
        for code, items in named.items()
        if by_kind.get(code) and by_kind[code].records > len(items)
    }
    progress = progress_of(session=session, campaign=campaign, until=period.end)
    targets = tuple(
        TargetFigures(
            t.name,
            t.value,
            t.unit,
            progress[t.id or 0][-1].value if progress.get(t.id or 0) else None,
            progress[t.id or 0][-1].as_of if progress.get(t.id or 0) else None,
            tuple(progress.get(t.id or 0, ())),
        )
        for t in targets_of(session=session, campaign=campaign)
    )
    series, labels = _series(session, campaign, period, kind_by_id)
    noun = "phòng" if units and all(u.kind == "phong" for u in units) else "đơn vị"
    return Figures(
        period=period,
        previous=previous,
        kinds=kinds,
        total=summed(by_kind),
        by_kind=by_kind,
        previous_by_kind=previous_by_kind,
        units=unit_figures,
        unit_noun=noun,
        contents=content_figures,
        unassigned=summed(per_content.get(None, {})),
        named=named,
        named_more=more,
        persons_contributing=persons_total,
        pending=pending,
        rejected=rejected,
        registrations=_registrations(session, campaign, period, len(units)),
        targets=targets,
        series=series,
        series_labels=labels,
    )
