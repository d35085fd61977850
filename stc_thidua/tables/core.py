"""The core tables: settings, agencies and their names, campaigns, units, persons, the audit log.

Every command that opens a database builds these; the other groups are built when used.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, event
from sqlmodel import Field

from stc_thidua.tables.base import Table, json_list, keep_key, now


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
    basis: list[str] = json_list()  # căn cứ / "Thực hiện ..." lines and the introduction
    purposes: list[str] = json_list()
    requirements: list[str] = json_list()
    time_frame: str = Field(default="", max_length=1000)
    start_date: dt.date
    end_date: dt.date
    implementation: list[str] = json_list()  # tổ chức thực hiện, numbered paragraphs
    recipients: list[dict[str, str]] = json_list()  # [{"name": ..., "remark": ...}]
    archive: str = Field(default="VT", max_length=100)  # "Lưu: VP."
    signer_prefix: str = Field(default="", max_length=10)  # KT., TM., Q., TL., TUQ.
    signer_prefix_title: str = Field(default="", max_length=100)
    signer_title: str = Field(max_length=100)
    signer_name: str = Field(max_length=100)
    status: str = Field(default="du_thao", max_length=20)  # see domain.campaigns.STATUSES
    created_at: dt.datetime = Field(default_factory=now)
    rule_set: str = Field(default="", max_length=40)  # "" = the rules in force on start_date


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


class AuditLog(Table, table=True):
    """One recorded insert, change or delete of a row: when, who, what, old and new values."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=now, index=True)  # UTC
    user: str = Field(max_length=100)
    action: str = Field(max_length=10)  # insert, update, delete
    entity: str = Field(index=True, max_length=50)  # table name: "unit", "person"
    entity_id: int | None = None
    old_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


keep_key(Unit, "name", "name_key")
keep_key(Person, "full_name", "name_key")
keep_key(Campaign, "code", "code_key")


@event.listens_for(Agency, "before_insert")
@event.listens_for(Agency, "before_update")
def _upper_abbr(_mapper: Any, _connection: Any, target: Agency) -> None:
    """Abbreviations are stored in upper case, so that their uniqueness ignores case."""
    target.abbr = target.abbr.upper()
