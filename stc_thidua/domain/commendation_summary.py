"""What a report says about commendations (khen thưởng) proposed and decided in a period.

Kept apart from the rest of the report: one query over the campaign's proposals, whatever
their number. A sơ kết counts the proposals made and the decisions dated within its period;
the tổng kết counts every proposal of the campaign.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy import text
from sqlmodel import Session, col

from stc_thidua.domain.periods import Period
from stc_thidua.models import Campaign

# proposals that never went anywhere: not counted as proposed
_DROPPED = ("da_rut",)
DECIDED = "da_quyet_dinh"


@dataclass(frozen=True)
class CommendationLine:
    """One form of commendation (Giấy khen, LĐTT ...) with how many and how much."""

    form: str  # "Giấy khen của Giám đốc Sở"
    collectives: int
    persons: int
    amount: int  # đồng

    def as_json(self) -> dict[str, object]:
        """Stable keys for `--format json`."""
        return {
            "form": self.form,
            "collectives": self.collectives,
            "persons": self.persons,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class CommendationSummary:
    """Commendations proposed and decided in a period, by form."""

    proposed: tuple[CommendationLine, ...] = ()
    decided: tuple[CommendationLine, ...] = ()
    # distinct nominees (a person awarded LĐTT and CSTĐCS is one person, two awards)
    proposed_nominees: tuple[int, int] = (0, 0)  # (collectives, persons)
    decided_nominees: tuple[int, int] = (0, 0)

    @property
    def empty(self) -> bool:
        """Whether nothing was proposed or decided."""
        return not self.proposed and not self.decided


def commendations_in(
    *, session: Session, campaign: Campaign, period: Period
) -> CommendationSummary:
    """Commendations proposed and decided for `campaign` within `period`, by form."""
    if not _has_proposals(session, campaign):
        return CommendationSummary()  # most sơ kết come before any proposal
    from stc_thidua.domain.rules import rule_set_for
    from stc_thidua.models import Proposal

    whole = period.kind == "campaign"
    # one query for the columns counted here: thousands of proposals, never built as objects
    query = sa_select(
        col(Proposal.award),
        col(Proposal.person_id),
        col(Proposal.unit_id),
        col(Proposal.status),
        col(Proposal.amount),
        col(Proposal.created_at),
        col(Proposal.decision_date),
    ).where(col(Proposal.campaign_id) == campaign.id)
    rows = [tuple(row) for row in session.execute(query).all()]
    rules = rule_set_for(session=session, campaign=campaign)

    def made_in(created: dt.datetime | None) -> bool:
        if whole:
            return True
        if created is None:
            return False
        if created.tzinfo is None:  # SQLite gives naive UTC times back
            created = created.replace(tzinfo=dt.UTC)
        return period.start <= created.astimezone(_VN).date() <= period.end

    def decided_in(day: dt.date | None) -> bool:
        return whole or (day is not None and period.start <= day <= period.end)

    proposed = [r for r in rows if r[3] not in _DROPPED and made_in(r[5])]
    decided = [r for r in rows if r[3] == DECIDED and decided_in(r[6])]

    def lines(chosen: list[Any], with_money: bool) -> tuple[CommendationLine, ...]:
        by_form: dict[str, list[int]] = {}
        for award, person_id, _unit, _status, amount, _made, _day in chosen:
            form = rules.form(award)
            name = form.name if form else award
            line = by_form.setdefault(name, [0, 0, 0])
            line[1 if person_id is not None else 0] += 1
            line[2] += int(amount or 0) if with_money else 0
        return tuple(CommendationLine(name, c, p, a) for name, (c, p, a) in sorted(by_form.items()))

    def nominees(chosen: list[Any]) -> tuple[int, int]:
        units = {r[2] for r in chosen if r[1] is None}
        persons = {r[1] for r in chosen if r[1] is not None}
        return len(units), len(persons)

    return CommendationSummary(
        proposed=lines(proposed, with_money=False),
        decided=lines(decided, with_money=True),
        proposed_nominees=nominees(proposed),
        decided_nominees=nominees(decided),
    )


_VN = dt.timezone(dt.timedelta(hours=7))


def _has_proposals(session: Session, campaign: Campaign) -> bool:
    """Whether the campaign has a proposal: plain SQL, so that a report before any proposal
    builds neither the commendation tables nor the rules (a tenth of a sơ kết's start)."""
    found = session.execute(
        text("SELECT 1 FROM proposal WHERE campaign_id = :campaign LIMIT 1"),
        {"campaign": campaign.id},
    ).first()
    return found is not None
