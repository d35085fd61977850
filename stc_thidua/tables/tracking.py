"""Tracking: kinds of contribution, registrations (đăng ký thi đua) and contributions."""

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Index, UniqueConstraint, event
from sqlmodel import Field

import stc_thidua.tables.plan  # noqa: F401  (contributions serve a content of the plan)
from stc_thidua.tables.base import Table, json_list


class ContributionKind(Table, table=True):
    """A kind of contribution (giải pháp, tuyên truyền, ...) of one campaign, with its points."""

    __tablename__ = "contribution_kind"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=30)  # "giai_phap", "tuyen_truyen", "mo_hinh", "xa_hoi_hoa", "khac"
    name: str = Field(max_length=200)  # "Giải pháp, sáng kiến"
    aliases: list[str] = json_list()  # what users type and sheets carry: "giai phap", "GIẢI PHÁP"
    content_position: int | None = None  # the plan content (position) it serves by default
    position: int = 0  # display order
    # the scoring scheme: points per unit of quantity, per million đồng, per work day
    points: float = 0.0
    points_per_million: float = 0.0
    points_per_work_day: float = 0.0


class Registration(Table, table=True):
    """A registration (đăng ký thi đua) of a unit or a person, with its commitments."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)  # a person's own unit
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    target_title: str = Field(default="", max_length=200)  # title aimed for, "" = none
    commitment: str = Field(default="", max_length=4000)
    registered_on: dt.date


# contribution statuses: code → what the clerk reads
CONTRIBUTION_STATUSES: dict[str, str] = {
    "cho_duyet": "chờ xác nhận",
    "da_duyet": "đã xác nhận",
    "tu_choi": "bị từ chối",
}


class Contribution(Table, table=True):
    """What a unit or person contributed to a campaign, verified by the Office."""

    __table_args__ = (
        # listings and standings filter a campaign by status and date, group by unit and kind
        Index("ix_contribution_campaign_date", "campaign_id", "occurred_on"),
        Index("ix_contribution_campaign_fingerprint", "campaign_id", "fingerprint"),
        # covering: standings by unit or person are read from the index alone
        Index(
            "ix_contribution_standings",
            "campaign_id",
            "status",
            "occurred_on",
            "unit_id",
            "person_id",
            "kind_id",
            "quantity",
            "amount",
            "work_days",
        ),
        # covering, in the reports' grouping order: sơ kết and tổng kết need no table, no sort
        Index(
            "ix_contribution_report",
            "campaign_id",
            "unit_id",
            "content_id",
            "kind_id",
            "status",
            "occurred_on",
            "person_id",
            "quantity",
            "amount",
            "work_days",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    content_id: int | None = Field(default=None, foreign_key="campaign_content.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)  # None: unit
    kind_id: int = Field(foreign_key="contribution_kind.id", index=True)
    title: str = Field(max_length=500)
    description: str = Field(default="", max_length=4000)
    quantity: int = 1
    amount: int = Field(default=0, sa_type=BigInteger)  # mobilised money, đồng
    work_days: int = 0
    evidence: str = Field(default="", max_length=1000)  # "Công văn số 123/STC-NS ngày ..."
    occurred_on: dt.date
    status: str = Field(default="cho_duyet", max_length=20)  # see CONTRIBUTION_STATUSES
    status_note: str = Field(default="", max_length=1000)  # why it was rejected
    verified_on: dt.date | None = None
    verified_by: str = Field(default="", max_length=100)
    # keys.contribution_fingerprint of who, kind, title, date and figures: finds the rows an
    # import already holds; kept up to date on every insert and update (see below)
    fingerprint: str = Field(default="", max_length=20)


@event.listens_for(Contribution, "before_insert")
@event.listens_for(Contribution, "before_update")
def _fingerprint(_mapper: Any, _connection: Any, row: Contribution) -> None:
    """Keep a contribution's fingerprint in step with its fields."""
    from stc_thidua.keys import contribution_fingerprint

    row.fingerprint = contribution_fingerprint(
        row.unit_id,
        row.person_id,
        row.kind_id,
        row.title,
        row.occurred_on,
        row.quantity,
        row.amount,
        row.work_days,
    )
