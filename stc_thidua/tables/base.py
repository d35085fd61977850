"""The base of the table classes, and what several groups of tables share.

Annotations are real types (no `from __future__ import annotations`, whose strings pydantic
would compile and evaluate one by one) and pydantic's validators are built on first use only
(`defer_build`: most commands read rows and never validate one).
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, event, inspect
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig  # type: ignore[attr-defined]

from stc_thidua.text import name_key


class Table(SQLModel):
    """The base of the tables: validators are built when first used, not at import."""

    model_config = SQLModelConfig(defer_build=True)


def json_list() -> Any:
    """A list column stored as JSON, empty by default."""
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def now() -> dt.datetime:
    """The time now, in UTC (the default of creation and update times)."""
    return dt.datetime.now(dt.UTC)


# --- Keys of names, kept by the mapper so that no write path can forget them ---------------
#
# Uniqueness is on `text.name_key` (NFC, case-folded, spacing collapsed, diacritics kept):
# "Lê Văn Hùng" and "Lê Văn Hưng" are two people, "NTM-2021" and "ntm-2021" one campaign.
# A key is computed when the row is inserted and again only when its name changes, so a
# row that migration 0004 had to give a distinct key keeps it until it is renamed.


def keep_key(model: type[SQLModel], source: str, key: str) -> None:
    """Keep `model.key` equal to name_key(`model.source`) on every insert and rename."""

    def on_insert(_mapper: Any, _connection: Any, target: Any) -> None:
        setattr(target, key, name_key(getattr(target, source)))

    def on_update(_mapper: Any, _connection: Any, target: Any) -> None:
        if inspect(target).attrs[source].history.has_changes():
            setattr(target, key, name_key(getattr(target, source)))

    event.listen(model, "before_insert", on_insert)
    event.listen(model, "before_update", on_update)
