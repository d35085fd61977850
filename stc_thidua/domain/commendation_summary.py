"""What a report says about commendations (khen thưởng) proposed and decided in a period.

Kept apart from the rest of the report so the commendation records can be wired in without
touching the figures: until proposals and decisions exist, nothing was proposed or decided,
and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from stc_thidua.domain.periods import Period
from stc_thidua.models import Campaign


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
    """Commendations proposed and decided for `campaign` within `period`.

    The commendation records are not part of this program yet: none were proposed or decided.
    """
    del session, campaign, period
    return CommendationSummary()
