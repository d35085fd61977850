"""commendation: rule corrections, ratings, disciplines, history, plan awards, proposals

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 23:40:28.368555

New tables for the commendation workflow; the proposal table gains its vote, decision and
money columns, and a campaign may name the rule set it uses. Existing rows keep every value:
the new NOT NULL columns get server defaults.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_set", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("unconfirmed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule_set", "key"),
    )
    op.create_table(
        "rule_set_def",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("law", sa.String(length=300), nullable=False),
        sa.Column("based_on", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "campaign_award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("nominee", sa.String(length=10), nullable=False),
        sa.Column("max_count", sa.Integer(), nullable=True),
        sa.Column("criteria", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("campaign_award", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_award_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "discipline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("discipline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discipline_person_id"), ["person_id"], unique=False)

    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "year"),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_person_id"), ["person_id"], unique=False)

    op.create_table(
        "commendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("form_name", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("commendation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commendation_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commendation_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "proposal_achievement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contribution_id"], ["contribution.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("proposal_id", "contribution_id"),
    )
    with op.batch_alter_table("proposal_achievement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_achievement_contribution_id"), ["contribution_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposal_achievement_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "proposal_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proposal_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_event_proposal_id"), ["proposal_id"], unique=False
        )

    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rule_set", sa.String(length=40), nullable=False, server_default="")
        )

    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("absent_written", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("vote_threshold", sa.String(length=10), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("vote_passed", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("voted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decision_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decision_year", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("decision_symbol", sa.String(length=30), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("decision_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("base_salary", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("coefficient", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("problems", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_column("problems")
        batch_op.drop_column("amount")
        batch_op.drop_column("coefficient")
        batch_op.drop_column("base_salary")
        batch_op.drop_column("decision_date")
        batch_op.drop_column("decision_symbol")
        batch_op.drop_column("decision_year")
        batch_op.drop_column("decision_number")
        batch_op.drop_column("voted_on")
        batch_op.drop_column("vote_passed")
        batch_op.drop_column("vote_threshold")
        batch_op.drop_column("absent_written")

    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("rule_set")

    with op.batch_alter_table("proposal_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_event_proposal_id"))

    op.drop_table("proposal_event")
    with op.batch_alter_table("proposal_achievement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_achievement_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_achievement_contribution_id"))

    op.drop_table("proposal_achievement")
    with op.batch_alter_table("commendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commendation_unit_id"))
        batch_op.drop_index(batch_op.f("ix_commendation_person_id"))

    op.drop_table("commendation")
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_person_id"))

    op.drop_table("rating")
    with op.batch_alter_table("discipline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discipline_person_id"))

    op.drop_table("discipline")
    with op.batch_alter_table("campaign_award", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_award_campaign_id"))

    op.drop_table("campaign_award")
    op.drop_table("rule_set_def")
    op.drop_table("rule_override")
