"""timestamps with time zone

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 18:30:00.000000

The models keep creation times as aware UTC datetimes. On PostgreSQL the columns of 0001
were `timestamp without time zone`; they become `timestamptz`, the stored values read as
UTC. SQLite keeps its text timestamps unchanged: it has no separate type to move to.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (("campaign", "created_at"), ("proposal", "created_at"))


def _alter(timezone: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    inspector = sa.inspect(bind)
    for table, column in COLUMNS:
        current = next(c for c in inspector.get_columns(table) if c["name"] == column)
        if getattr(current["type"], "timezone", False) == timezone:
            continue
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(timezone=timezone),
            existing_type=sa.DateTime(timezone=not timezone),
            existing_nullable=False,
            postgresql_using=f"{column} AT TIME ZONE 'UTC'",
        )


def upgrade() -> None:
    _alter(timezone=True)


def downgrade() -> None:
    _alter(timezone=False)
