"""SQLModel tables. Input validation lives in `schemas`; these are rows.

Every command that opens the database builds these classes, so they are kept cheap to build:
annotations are real types (no `from __future__ import annotations`, whose strings pydantic
would compile and evaluate one by one) and pydantic's validators are built on first use only
(`defer_build`: most commands read rows and never validate one).
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, event, inspect
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig  # type: ignore[attr-defined]

from stc_thidua.text import name_key


class Table(SQLModel):
    """The base of the tables: validators are built when first used, not at import."""

    model_config = SQLModelConfig(defer_build=True)


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Setting(Table, table=True):
    """A key/value setting of this database, such as the current campaign."""

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(max_length=1000)


class Agency(Table, table=True):
    """An issuing agency (cơ quan), e.g. Sở Tài chính, identified by its abbreviation."""

    id: int | None = Field(default=None, primary_key=True)
    abbr: str = Field(index=True, unique=True, max_length=20)  # "STC": upper case, see below


class AgencyName(Table, table=True):
    """The names an agency prints during a period (the 2025 mergers renamed provinces)."""

    __tablename__ = "agency_name"

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    valid_from: dt.date
    valid_to: dt.date | None = None
    parent_body: str = Field(max_length=200)  # "UBND TỈNH SÓC TRĂNG"
    name: str = Field(max_length=200)  # "Sở Tài chính"
    place: str = Field(max_length=100)  # "Sóc Trăng" (địa danh on the date line)


class Campaign(Table, table=True):
    """An emulation movement (phong trào thi đua) and everything its plan prints."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=60)  # short handle: "ntm-2021"
    code_key: str = Field(default="", index=True, unique=True)  # name_key(code)
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
    rule_set: str = Field(default="", max_length=40)  # "" = the rules in force on start_date


class CampaignContent(Table, table=True):
    """One content (nội dung thi đua) of a plan; contributions are tracked against these."""

    __tablename__ = "campaign_content"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    position: int
    text: str = Field(max_length=2000)


class Target(Table, table=True):
    """A target (chỉ tiêu) of a campaign: "55 xã đạt chuẩn nông thôn mới"."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=300)
    value: float
    unit: str = Field(default="", max_length=50)


class Unit(Table, table=True):
    """A unit of the agency (phòng, ban, Văn phòng, Thanh tra)."""

    __table_args__ = (
        UniqueConstraint("agency_id", "name"),
        Index("uq_unit_agency_id_name_key", "agency_id", "name_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    name: str = Field(max_length=200)
    name_key: str = Field(default="")  # name_key(name): unique within the agency
    code: str = Field(max_length=30)  # short name: "NS", "VP"
    kind: str = Field(default="phong", max_length=20)  # see domain.units.KINDS
    head_title: str = Field(default="", max_length=100)
    head_name: str = Field(default="", max_length=100)
    parent_id: int | None = Field(default=None, foreign_key="unit.id")


class Person(Table, table=True):
    """A civil servant or employee (công chức, người lao động) of a unit."""

    __table_args__ = (Index("uq_person_unit_id_name_key", "unit_id", "name_key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    full_name: str = Field(max_length=100)
    name_key: str = Field(default="")  # name_key(full_name): unique within the unit
    position: str = Field(default="", max_length=100)
    gender: str = Field(default="", max_length=5)  # "nam", "nu" or "" (unknown)


class ContributionKind(Table, table=True):
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
    created_at: dt.datetime = Field(default_factory=_now)
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
    problems: list[dict[str, Any]] = _json_list()  # the last eligibility check, kept in the dossier


class RuleValue(Table, table=True):
    """A dated legal figure: base salary, award coefficient, vote threshold, quota."""

    __tablename__ = "rule_value"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=100)  # e.g. "luong_co_so", "he_so.LDTT"
    valid_from: dt.date
    valid_to: dt.date | None = None
    value: float
    confirmed: bool = True
    source: str = Field(default="", max_length=300)


class AuditLog(Table, table=True):
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


class ReportNote(Table, table=True):
    """The clerk's own words for one judgement section of the reports of one period."""

    __tablename__ = "report_note"
    __table_args__ = (UniqueConstraint("campaign_id", "period_key", "section"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    period_key: str = Field(max_length=40)  # "2021-Q2", "2021-H1", "tong-ket": see domain.periods
    section: str = Field(max_length=30)  # see domain.notes.SECTIONS: "ton-tai", "uu-diem" ...
    text: str = Field(max_length=20000)  # paragraphs separated by blank lines
    updated_at: dt.datetime = Field(default_factory=_now)


class ExtraSection(Table, table=True):
    """A section the plan's or a report's own outline adds: "Khen thưởng", "Kinh phí" ..."""

    __tablename__ = "extra_section"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    document: str = Field(max_length=20)  # "ke_hoach" (the plan) or "bao_cao" (the reports)
    period_key: str = Field(default="", max_length=40)  # reports: one period's, "" = all
    after: str = Field(max_length=30)  # the standard section it follows: "noi-dung", "cuoi" ...
    position: int  # order among the sections added after the same place
    heading: str = Field(max_length=300)
    paragraphs: list[str] = _json_list()
    numbered: list[str] = _json_list()  # items printed "1. ...", "2. ..."
    bullets: list[str] = _json_list()  # items printed "- ..."


class TargetProgress(Table, table=True):
    """How far a target (chỉ tiêu) had come on a date: 53 of 55 xã on 30/6/2021."""

    __tablename__ = "target_progress"
    __table_args__ = (UniqueConstraint("target_id", "as_of"),)

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="target.id", index=True, ondelete="CASCADE")
    as_of: dt.date
    value: float
    note: str = Field(default="", max_length=500)


class RuleOverride(Table, table=True):
    """A user's correction of one value of a rule set (thidua rules set), with its source."""

    __tablename__ = "rule_override"
    __table_args__ = (UniqueConstraint("rule_set", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    rule_set: str = Field(max_length=40)  # "nd91-2017"
    key: str = Field(max_length=200)  # "forms.LDTT.coefficient_person", "cstdcs_cap"
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    source: str = Field(max_length=300)
    unconfirmed: bool = False


class RuleSetDef(Table, table=True):
    """A rule set for a period the user added, copying a shipped one until corrected."""

    __tablename__ = "rule_set_def"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    name: str = Field(max_length=200)
    law: str = Field(default="", max_length=300)
    based_on: str = Field(max_length=40)
    valid_from: dt.date
    valid_to: dt.date | None = None
    source: str = Field(default="", max_length=300)


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


class CampaignAward(Table, table=True):
    """An award the plan announces: form, for whom, at most how many, and its criteria."""

    __tablename__ = "campaign_award"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    position: int
    form: str = Field(max_length=20)  # form code in the campaign's rule set
    nominee: str = Field(max_length=10)  # ca_nhan | tap_the
    max_count: int | None = None
    criteria: str = Field(default="", max_length=2000)


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
    at: dt.datetime = Field(default_factory=_now)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=30)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(default="", max_length=20)
    note: str = Field(default="", max_length=1000)


# --- Keys of names, kept by the mapper so that no write path can forget them ---------------
#
# Uniqueness is on `text.name_key` (NFC, case-folded, spacing collapsed, diacritics kept):
# "Lê Văn Hùng" and "Lê Văn Hưng" are two people, "NTM-2021" and "ntm-2021" one campaign.
# A key is computed when the row is inserted and again only when its name changes, so a
# row that migration 0004 had to give a distinct key keeps it until it is renamed.

_KEYED: tuple[tuple[type[SQLModel], str, str], ...] = (
    (Unit, "name", "name_key"),
    (Person, "full_name", "name_key"),
    (Campaign, "code", "code_key"),
)


def _key_on_insert(source: str, key: str) -> Any:
    def listener(_mapper: Any, _connection: Any, target: Any) -> None:
        setattr(target, key, name_key(getattr(target, source)))

    return listener


def _key_on_update(source: str, key: str) -> Any:
    def listener(_mapper: Any, _connection: Any, target: Any) -> None:
        if inspect(target).attrs[source].history.has_changes():
            setattr(target, key, name_key(getattr(target, source)))

    return listener


for _model, _source, _key in _KEYED:
    event.listen(_model, "before_insert", _key_on_insert(_source, _key))
    event.listen(_model, "before_update", _key_on_update(_source, _key))


@event.listens_for(Agency, "before_insert")
@event.listens_for(Agency, "before_update")
def _upper_abbr(_mapper: Any, _connection: Any, target: Agency) -> None:
    """Abbreviations are stored in upper case, so that their uniqueness ignores case."""
    target.abbr = target.abbr.upper()


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
