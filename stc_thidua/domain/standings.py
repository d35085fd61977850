"""Standings (bảng theo dõi, xếp hạng): totals per unit or person and kind, points, ranks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from stc_thidua.domain.contributions import VERIFIED, ContributionFilter, roomy_cache
from stc_thidua.domain.kinds import list_kinds
from stc_thidua.models import Agency, Campaign, Contribution, ContributionKind, Person, Unit
from stc_thidua.text import vi_key, vi_name_key

BY = {"unit": "đơn vị", "person": "cá nhân"}


@dataclass(frozen=True)
class Totals:
    """Counts and sums of some contributions, and the points they earn."""

    count: int = 0
    quantity: int = 0
    amount: int = 0
    work_days: int = 0
    points: float = 0.0

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.count + other.count,
            self.quantity + other.quantity,
            self.amount + other.amount,
            self.work_days + other.work_days,
            round(self.points + other.points, 2),
        )

    def as_json(self) -> dict[str, Any]:
        """Numbers as numbers."""
        return {
            "count": self.count,
            "quantity": self.quantity,
            "amount": self.amount,
            "work_days": self.work_days,
            "points": self.points,
        }


@dataclass(frozen=True)
class KindColumn:
    """A kind of contribution as a column of the standings, with its scoring."""

    code: str
    name: str
    points: float
    points_per_million: float
    points_per_work_day: float

    def score(self, quantity: int, amount: int, work_days: int) -> float:
        """Points for these figures under this kind's scoring."""
        return round(
            quantity * self.points
            + amount / 1_000_000 * self.points_per_million
            + work_days * self.points_per_work_day,
            2,
        )


@dataclass(frozen=True)
class Standing:
    """One line of the standings: a unit or a person, per kind and in total, with its rank."""

    rank: int
    id: int
    name: str
    unit: str  # the unit itself, or the person's unit
    kinds: dict[str, Totals]
    total: Totals

    def as_json(self) -> dict[str, Any]:
        """Stable English keys."""
        return {
            "rank": self.rank,
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            **self.total.as_json(),
            "kinds": {code: t.as_json() for code, t in self.kinds.items()},
        }


@dataclass(frozen=True)
class Standings:
    """The standings of a campaign over a period: what `standings` prints and exports."""

    campaign_code: str
    campaign_title: str
    agency_name: str
    by: str  # "unit" or "person"
    start: dt.date
    end: dt.date
    statuses: tuple[str, ...]
    kinds: tuple[KindColumn, ...]
    rows: tuple[Standing, ...] = field(default_factory=tuple)

    @property
    def period_label(self) -> str:
        """ "từ 09/04/2021 đến 31/12/2021" """
        return f"từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    def as_json(self) -> dict[str, Any]:
        """Stable English keys, ISO dates, numbers as numbers."""
        return {
            "campaign": self.campaign_code,
            "by": self.by,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "statuses": list(self.statuses),
            "kinds": [
                {
                    "code": k.code,
                    "name": k.name,
                    "points": k.points,
                    "points_per_million": k.points_per_million,
                    "points_per_work_day": k.points_per_work_day,
                }
                for k in self.kinds
            ],
            "rows": [row.as_json() for row in self.rows],
        }


def build_standings(
    *,
    session: Session,
    campaign: Campaign,
    by: str = "unit",
    kinds: Sequence[ContributionKind] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    all_statuses: bool = False,
) -> Standings:
    """Totals per unit (or person) and kind, points and ranks, ties sharing a rank.

    Verified contributions only unless `all_statuses`. Every unit (or person) of the agency
    is listed, those with nothing at the bottom. One grouped query, whatever the size.
    """
    if session.get_bind().dialect.name == "sqlite":
        roomy_cache(session)
    all_kinds = list_kinds(session=session, campaign=campaign)
    chosen = list(kinds) if kinds else all_kinds
    columns = {
        k.id: KindColumn(k.code, k.name, k.points, k.points_per_million, k.points_per_work_day)
        for k in chosen
    }
    statuses = None if all_statuses else (VERIFIED,)
    filters = ContributionFilter(
        kind_ids=[k.id for k in chosen if k.id is not None] if kinds else None,
        start=start,
        end=end,
        statuses=statuses,
    )
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    who = c.person_id if by == "person" else c.unit_id
    where = filters.clauses(campaign)
    if by == "person":
        where.append(c.person_id.is_not(None))
    query = (
        sa_select(
            who,
            c.kind_id,
            func.count(),
            func.sum(c.quantity),
            func.sum(c.amount),
            func.sum(c.work_days),
        )
        .where(and_(*where))
        .group_by(who, c.kind_id)
    )
    sums: dict[int, dict[str, Totals]] = {}
    for who_id, kind_id, count, quantity, amount, work_days in session.execute(query):
        column = columns[kind_id]
        totals = Totals(
            int(count),
            int(quantity or 0),
            int(amount or 0),
            int(work_days or 0),
            column.score(int(quantity or 0), int(amount or 0), int(work_days or 0)),
        )
        sums.setdefault(who_id, {})[column.code] = totals
    made_in: dict[int, list[int]] = {}  # person → the units their counted contributions are of
    if by == "person":
        pairs = sa_select(c.person_id, c.unit_id).where(and_(*where)).distinct()
        for person_id, unit_id in session.execute(pairs):
            made_in.setdefault(person_id, []).append(unit_id)
    entities = _entities(session=session, campaign=campaign, by=by, made_in=made_in)
    lines = []
    for entity_id, name, unit_name, sort_key in entities:
        per_kind = {k.code: sums.get(entity_id, {}).get(k.code, Totals()) for k in columns.values()}
        total = sum(per_kind.values(), Totals())
        lines.append((entity_id, name, unit_name, sort_key, per_kind, total))
    lines.sort(key=lambda line: (-line[5].points, -line[5].count, line[3]))
    rows: list[Standing] = []
    for position, (entity_id, name, unit_name, _, per_kind, total) in enumerate(lines, start=1):
        tied = rows and rows[-1].total.points == total.points
        rank = rows[-1].rank if tied else position
        rows.append(Standing(rank, entity_id, name, unit_name, per_kind, total))
    return Standings(
        campaign_code=campaign.code,
        campaign_title=campaign.movement_name or campaign.title,
        agency_name=campaign.agency_name,
        by=by,
        start=max(start or campaign.start_date, campaign.start_date),
        end=min(end or campaign.end_date, campaign.end_date),
        statuses=statuses or ("cho_duyet", "da_duyet", "tu_choi"),
        kinds=tuple(columns.values()),
        rows=tuple(rows),
    )


def _entities(
    *, session: Session, campaign: Campaign, by: str, made_in: dict[int, list[int]] | None = None
) -> list[tuple[int, str, str, Any]]:
    """(id, name, unit name, sort key) of every unit, or person, of the campaign's agency.

    A person's unit is the one their counted contributions were made in (as the unit
    standings credit them), all of them after a move; their unit today when there are none.
    """
    agency = session.get(Agency, campaign.agency_id)
    query = sa_select(col(Unit.id), col(Unit.name)).where(
        col(Unit.agency_id) == (agency.id if agency else None)
    )
    units: dict[int, str] = {int(r[0]): str(r[1]) for r in session.execute(query)}
    if by == "unit":
        return [(i, name, name, vi_key(name)) for i, name in units.items()]
    people = session.execute(
        sa_select(col(Person.id), col(Person.full_name), col(Person.unit_id)).where(
            col(Person.unit_id).in_(list(units))
        )
    )
    made_in = made_in or {}
    rows = []
    for i, name, unit_id in people:
        where = sorted({units.get(u, "?") for u in made_in.get(i, [unit_id])}, key=vi_key)
        unit_name = ", ".join(where)
        rows.append((i, name, unit_name, (vi_name_key(name), vi_key(unit_name))))
    return rows
