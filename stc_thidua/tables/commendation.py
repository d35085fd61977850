"""Commendation: proposals, their achievements and steps, ratings, disciplines, awards received."""

import datetime as dt
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

import stc_thidua.tables.tracking  # noqa: F401  (achievements are contributions)
from stc_thidua.tables.base import Table, json_list, now


class Proposal(Table, table=True):
    """A commendation proposal (đề xuất khen thưởng) for a unit or a person."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    award: str = Field(max_length=20)  # award code, see rules data
    reason: str = Field(default="", max_length=4000)
    status: str = Field(default="de_xuat", max_length=20)
    votes_for: int | None = None
    council_size: int | None = None
    created_at: dt.datetime = Field(default_factory=now)
    absent_written: int | None = None  # absent members who voted in writing
    vote_threshold: str = Field(default="", max_length=10)  # "80" or "qua_ban", as counted
    vote_passed: bool | None = None
    voted_on: dt.date | None = None
    decision_number: int | None = None
    decision_year: int | None = None  # numbers restart each year: unique per (agency, year)
    decision_symbol: str = Field(default="", max_length=30)  # "QĐ-STC"
    decision_date: dt.date | None = None
    base_salary: int | None = None  # in force on the decision date
    coefficient: float | None = None
    amount: int | None = None  # đồng, rounded as the period's rule says
    problems: list[dict[str, Any]] = json_list()  # the last eligibility check, kept in the dossier


class Rating(Table, table=True):
    """The annual rating (xếp loại) of a civil servant: hoàn thành xuất sắc / tốt / ..."""

    __table_args__ = (UniqueConstraint("person_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    year: int
    grade: str = Field(max_length=20)  # see domain.people.GRADES
    note: str = Field(default="", max_length=500)


class Discipline(Table, table=True):
    """A discipline (kỷ luật) of a civil servant in a year: khiển trách, cảnh cáo, ..."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    year: int
    level: str = Field(max_length=20)  # see domain.people.DISCIPLINES
    decided_on: dt.date | None = None
    decision: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=500)


class Commendation(Table, table=True):
    """A commendation a unit or person received: entered for the past or recorded by a decision."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    year: int
    form: str = Field(default="", max_length=20)  # form code ("LDTT"), "" for another form
    form_name: str = Field(max_length=200)
    decision: str = Field(default="", max_length=100)  # "45/QĐ-STC"
    decided_on: dt.date | None = None
    issuer: str = Field(default="", max_length=200)
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", ondelete="CASCADE")
    note: str = Field(default="", max_length=500)


class ProposalAchievement(Table, table=True):
    """A verified contribution a proposal cites as its achievement (one form per achievement)."""

    __tablename__ = "proposal_achievement"
    __table_args__ = (UniqueConstraint("proposal_id", "contribution_id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True, ondelete="CASCADE")
    contribution_id: int = Field(foreign_key="contribution.id", index=True, ondelete="CASCADE")


class ProposalEvent(Table, table=True):
    """One step of a proposal's life: when, who, what, from and to which status, and why."""

    __tablename__ = "proposal_event"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True, ondelete="CASCADE")
    at: dt.datetime = Field(default_factory=now)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=30)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(default="", max_length=20)
    note: str = Field(default="", max_length=1000)
