"""SQLModel tables. Input validation lives in `schemas`; these are rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, event
from sqlmodel import Field, SQLModel


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Setting(SQLModel, table=True):
    """A key/value setting of this database, such as the current campaign."""

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(max_length=1000)


class Agency(SQLModel, table=True):
    """An issuing agency (cơ quan), e.g. Sở Tài chính, identified by its abbreviation."""

    id: int | None = Field(default=None, primary_key=True)
    abbr: str = Field(index=True, unique=True, max_length=20)  # "STC": ký hiệu viết tắt


class AgencyName(SQLModel, table=True):
    """The names an agency prints during a period (the 2025 mergers renamed provinces)."""

    __tablename__ = "agency_name"

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    valid_from: dt.date
    valid_to: dt.date | None = None
    parent_body: str = Field(max_length=200)  # "UBND TỈNH SÓC TRĂNG"
    name: str = Field(max_length=200)  # "Sở Tài chính"
    place: str = Field(max_length=100)  # "Sóc Trăng" (địa danh on the date line)


class Campaign(SQLModel, table=True):
    """An emulation movement (phong trào thi đua) and everything its plan prints."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=60)  # short handle: "ntm-2021"
    agency_id: int = Field(foreign_key="agency.id", index=True)
    parent_body: str = Field(max_length=200)
    agency_name: str = Field(max_length=200)
    agency_abbr: str = Field(max_length=20)
    doc_number: int | None = None  # blank until the document is registered
    doc_type: str = Field(default="KH", max_length=10)  # KH: Kế hoạch
    place: str = Field(max_length=100)
    issued_year: int
    issued_month: int | None = None
    issued_day: int | None = None
    title: str = Field(max_length=500)  # trích yếu
    movement_name: str = Field(default="", max_length=300)
    basis: list[str] = _json_list()  # căn cứ / "Thực hiện ..." lines and the introduction
    purposes: list[str] = _json_list()
    requirements: list[str] = _json_list()
    time_frame: str = Field(default="", max_length=1000)
    start_date: dt.date
    end_date: dt.date
    implementation: list[str] = _json_list()  # tổ chức thực hiện, numbered paragraphs
    recipients: list[dict[str, str]] = _json_list()  # [{"name": ..., "remark": ...}]
    archive: str = Field(default="VT", max_length=100)  # "Lưu: VP."
    signer_prefix: str = Field(default="", max_length=10)  # KT., TM., Q., TL., TUQ.
    signer_prefix_title: str = Field(default="", max_length=100)
    signer_title: str = Field(max_length=100)
    signer_name: str = Field(max_length=100)
    status: str = Field(default="du_thao", max_length=20)  # see domain.campaigns.STATUSES
    created_at: dt.datetime = Field(default_factory=_now)


class CampaignContent(SQLModel, table=True):
    """One content (nội dung thi đua) of a plan; contributions are tracked against these."""

    __tablename__ = "campaign_content"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    position: int
    text: str = Field(max_length=2000)


class Target(SQLModel, table=True):
    """A target (chỉ tiêu) of a campaign: "55 xã đạt chuẩn nông thôn mới"."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=300)
    value: float
    unit: str = Field(default="", max_length=50)


class Unit(SQLModel, table=True):
    """A unit of the agency (phòng, ban, Văn phòng, Thanh tra)."""

    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    name: str = Field(max_length=200)
    code: str = Field(max_length=30)  # short name: "NS", "VP"
    kind: str = Field(default="phong", max_length=20)  # see domain.units.KINDS
    head_title: str = Field(default="", max_length=100)
    head_name: str = Field(default="", max_length=100)
    parent_id: int | None = Field(default=None, foreign_key="unit.id")


class Person(SQLModel, table=True):
    """A civil servant or employee (công chức, người lao động) of a unit."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    full_name: str = Field(max_length=100)
    position: str = Field(default="", max_length=100)
    gender: str = Field(default="", max_length=5)  # "nam", "nu" or "" (unknown)


class ContributionKind(SQLModel, table=True):
    """A kind of contribution (giải pháp, tuyên truyền, ...) of one campaign, with its points."""

    __tablename__ = "contribution_kind"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=30)  # "giai_phap", "tuyen_truyen", "mo_hinh", "xa_hoi_hoa", "khac"
    name: str = Field(max_length=200)  # "Giải pháp, sáng kiến"
    aliases: list[str] = _json_list()  # what users type and sheets carry: "giai phap", "GIẢI PHÁP"
    content_position: int | None = None  # the plan content (position) it serves by default
    position: int = 0  # display order
    # the scoring scheme: points per unit of quantity, per million đồng, per work day
    points: float = 0.0
    points_per_million: float = 0.0
    points_per_work_day: float = 0.0


class Registration(SQLModel, table=True):
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


class Contribution(SQLModel, table=True):
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


class Proposal(SQLModel, table=True):
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
    created_at: dt.datetime = Field(default_factory=_now)


class RuleValue(SQLModel, table=True):
    """A dated legal figure: base salary, award coefficient, vote threshold, quota."""

    __tablename__ = "rule_value"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=100)  # e.g. "luong_co_so", "he_so.LDTT"
    valid_from: dt.date
    valid_to: dt.date | None = None
    value: float
    confirmed: bool = True
    source: str = Field(default="", max_length=300)


class AuditLog(SQLModel, table=True):
    """One recorded insert, change or delete of a row: when, who, what, old and new values."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_now, index=True)  # UTC
    user: str = Field(max_length=100)
    action: str = Field(max_length=10)  # insert, update, delete
    entity: str = Field(index=True, max_length=50)  # table name: "unit", "person"
    entity_id: int | None = None
    old_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


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
