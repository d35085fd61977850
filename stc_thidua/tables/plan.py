"""A campaign's plan and reports: contents, targets and their progress, added sections, notes,
the awards the plan announces."""

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

import stc_thidua.tables.core  # noqa: F401  (the campaign the rows belong to)
from stc_thidua.tables.base import Table, json_list, now


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


class TargetProgress(Table, table=True):
    """How far a target (chỉ tiêu) had come on a date: 53 of 55 xã on 30/6/2021."""

    __tablename__ = "target_progress"
    __table_args__ = (UniqueConstraint("target_id", "as_of"),)

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="target.id", index=True, ondelete="CASCADE")
    as_of: dt.date
    value: float
    note: str = Field(default="", max_length=500)


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
    paragraphs: list[str] = json_list()
    numbered: list[str] = json_list()  # items printed "1. ...", "2. ..."
    bullets: list[str] = json_list()  # items printed "- ..."


class ReportNote(Table, table=True):
    """The clerk's own words for one judgement section of the reports of one period."""

    __tablename__ = "report_note"
    __table_args__ = (UniqueConstraint("campaign_id", "period_key", "section"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    period_key: str = Field(max_length=40)  # "2021-Q2", "2021-H1", "tong-ket": see domain.periods
    section: str = Field(max_length=30)  # see domain.notes.SECTIONS: "ton-tai", "uu-diem" ...
    text: str = Field(max_length=20000)  # paragraphs separated by blank lines
    updated_at: dt.datetime = Field(default_factory=now)


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
