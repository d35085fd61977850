"""name keys: names unique as typed (diacritics kept), codes unique whatever their case

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00.000000

Units (within an agency), persons (within a unit) and campaign codes get a key column
holding `text.name_key` of their name (NFC, case-folded, spacing collapsed, diacritics
kept) with a unique index; agency abbreviations are stored in upper case. Rows that an
older thidua let in twice (a person moved into a unit that had the same name) keep
their names: the later row's key gets "#<id>" appended, so the upgrade never loses a row
and `thidua db check` names them for a clerk to rename.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from alembic import op

from stc_thidua.text import name_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# table, name column, key column, scope column (None: unique in the whole table), index
KEYS = (
    ("unit", "name", "name_key", "agency_id", "uq_unit_agency_id_name_key"),
    ("person", "full_name", "name_key", "unit_id", "uq_person_unit_id_name_key"),
    ("campaign", "code", "code_key", None, "ix_campaign_code_key"),
)


def _keys(rows: Iterable[Any]) -> dict[int, str]:
    """The key of every row; a key already taken in its scope gets the row's id appended."""
    taken: set[tuple[object, str]] = set()
    keys: dict[int, str] = {}
    for row_id, name, scope in rows:
        key = name_key(name)
        if (scope, key) in taken:
            key = f"{key}#{row_id}"
        taken.add((scope, key))
        keys[row_id] = key
    return keys


def upgrade() -> None:
    bind = op.get_bind()
    for table, name, key, scope, index in KEYS:
        op.add_column(table, sa.Column(key, sa.String(), nullable=False, server_default=""))
        scope_sql = scope if scope else "NULL"
        rows = bind.execute(
            sa.text(f'SELECT id, "{name}", {scope_sql} FROM "{table}" ORDER BY id')
        ).all()
        for row_id, value in _keys(rows).items():
            bind.execute(
                sa.text(f'UPDATE "{table}" SET "{key}" = :key WHERE id = :id'),
                {"key": value, "id": row_id},
            )
        if bind.dialect.name == "postgresql":
            op.alter_column(table, key, server_default=None)
        columns = [scope, key] if scope else [key]
        op.create_index(index, table, columns, unique=True)
    agencies = bind.execute(sa.text("SELECT id, abbr FROM agency ORDER BY id")).all()
    present = {abbr for _id, abbr in agencies}
    for row_id, abbr in agencies:
        upper = abbr.upper()
        if upper != abbr and upper not in present:
            bind.execute(
                sa.text("UPDATE agency SET abbr = :abbr WHERE id = :id"),
                {"abbr": upper, "id": row_id},
            )
            present.add(upper)


def downgrade() -> None:
    for table, _name, key, _scope, index in reversed(KEYS):
        op.drop_index(index, table_name=table)
        op.drop_column(table, key)  # SQLite 3.35+ drops a column in place
