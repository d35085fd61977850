"""report notes, extra sections of plans and reports, target progress

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 10:00:00.000000

Three new tables, nothing existing changes: the clerk's notes for the judgement sections of
a period's report, the sections a plan or report adds to the standard outline, and the
progress of a target (chỉ tiêu) on a date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extra_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("period_key", sa.String(length=40), nullable=False),
        sa.Column("after", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("numbered", sa.JSON(), nullable=False),
        sa.Column("bullets", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extra_section", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extra_section_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "report_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(length=40), nullable=False),
        sa.Column("section", sa.String(length=30), nullable=False),
        sa.Column("text", sa.String(length=20000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "period_key", "section"),
    )
    with op.batch_alter_table("report_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_note_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "target_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["target.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("target_id", "as_of"),
    )
    with op.batch_alter_table("target_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_target_progress_target_id"), ["target_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("target_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_progress_target_id"))
    op.drop_table("target_progress")
    with op.batch_alter_table("report_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_note_campaign_id"))
    op.drop_table("report_note")
    with op.batch_alter_table("extra_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extra_section_campaign_id"))
    op.drop_table("extra_section")
