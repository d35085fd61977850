"""What a report says about commendations (khen thưởng) proposed and decided in a period.

Kept apart from the rest of the report: two aggregate queries over the proposals, whatever
their number. A sơ kết counts the proposals made and the decisions dated within its period;
the tổng kết counts every proposal of the campaign.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from stc_thidua.domain.periods import Period
from stc_thidua.models import Campaign, Proposal

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

    @property
    def empty(self) -> bool:
        """Whether nothing was proposed or decided."""
        return not self.proposed and not self.decided


def commendations_in(
    *, session: Session, campaign: Campaign, period: Period
) -> CommendationSummary:
    """Commendations proposed and decided for `campaign` within `period`, by form."""
    from stc_thidua.domain.rules import rule_set_for

    whole = period.kind == "campaign"
    collective = case((col(Proposal.person_id).is_(None), 1), else_=0)
    base: list[Any] = [Proposal.campaign_id == campaign.id]
    proposed_where = [*base, col(Proposal.status).not_in(_DROPPED)]
    decided_where = [*base, Proposal.status == DECIDED]
    if not whole:
        # created_at is an aware UTC time: the day it was made, in Vietnam (UTC+7)
        start = dt.datetime.combine(period.start, dt.time(), tzinfo=_VN).astimezone(dt.UTC)
        end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=_VN)
        end = end.astimezone(dt.UTC)
        proposed_where += [col(Proposal.created_at) >= start, col(Proposal.created_at) < end]
        decided_where += [
            col(Proposal.decision_date) >= period.start,
            col(Proposal.decision_date) <= period.end,
        ]
    rules = rule_set_for(session=session, campaign=campaign)

    def lines(where: list[Any], with_money: bool) -> tuple[CommendationLine, ...]:
        query = (
            select(
                Proposal.award,
                collective,
                func.count(),
                func.coalesce(func.sum(Proposal.amount), 0),
            )
            .where(*where)
            .group_by(Proposal.award, collective)
        )
        by_form: dict[str, list[int]] = {}
        for award, is_collective, count, amount in session.exec(query).all():
            form = rules.form(award)
            name = form.name if form else award
            line = by_form.setdefault(name, [0, 0, 0])
            line[0 if is_collective else 1] += int(count or 0)
            line[2] += int(amount or 0) if with_money else 0
        return tuple(CommendationLine(name, c, p, a) for name, (c, p, a) in sorted(by_form.items()))

    return CommendationSummary(
        proposed=lines(proposed_where, with_money=False),
        decided=lines(decided_where, with_money=True),
    )


_VN = dt.timezone(dt.timedelta(hours=7))
