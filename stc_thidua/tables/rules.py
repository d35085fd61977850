"""The dated rules of commendation the user corrected or added (the shipped ones are data)."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from stc_thidua.tables.base import Table


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
