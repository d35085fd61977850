"""tracking: kinds of contribution, registrations and contributions extended

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 09:00:00.000000

Every campaign gets the default kinds of contribution (a frozen copy of data/kinds.toml as
it was when this revision was written). Existing contributions keep every row: their `kind`
text becomes `kind_id` (an unknown or empty kind becomes "khac", the old "nguon_luc"
becomes "xa_hoi_hoa") and `verified` becomes `status` ("da_duyet" or "cho_duyet").
Registrations get their unit from their person when it was left empty; a registration with
neither unit nor person names nobody and cannot be kept.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (code, name, aliases, content position, points, per million, per work day)
DEFAULT_KINDS = (
    (
        "giai_phap",
        "Giải pháp, sáng kiến",
        [
            "giải pháp",
            "giai phap",
            "sáng kiến",
            "sang kien",
            "giải pháp sáng kiến",
            "đề xuất giải pháp",
            "giải pháp, sáng kiến",
            "sáng kiến, giải pháp",
            "GP",
        ],
        1,
        10.0,
        0.0,
        0.0,
    ),
    (
        "tuyen_truyen",
        "Tuyên truyền",
        ["tuyên truyền", "tuyen truyen", "bài tuyên truyền", "tin bài", "TT"],
        2,
        2.0,
        0.0,
        0.0,
    ),
    (
        "mo_hinh",
        "Mô hình hay, cách làm mới",
        [
            "mô hình",
            "mo hinh",
            "mô hình hay",
            "cách làm mới",
            "cach lam moi",
            "mô hình hay cách làm mới",
            "mô hình hay, cách làm mới",
            "mô hình mới",
            "MH",
        ],
        4,
        8.0,
        0.0,
        0.0,
    ),
    (
        "xa_hoi_hoa",
        "Xã hội hóa",
        [
            "xã hội hóa",
            "xã hội hoá",
            "xa hoi hoa",
            "XHH",
            "nguồn lực",
            "nguon luc",
            "huy động nguồn lực",
            "vận động nguồn lực",
            "ủng hộ",
            "ngày công",
        ],
        2,
        1.0,
        1.0,
        0.5,
    ),
    ("khac", "Khác", ["khác", "khac", "hoạt động khác", "phong trào khác"], 3, 1.0, 0.0, 0.0),
)
OLD_KIND_CODES = {"nguon_luc": "xa_hoi_hoa"}
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
)
_PUNCTUATION = re.compile(r"[\s\-_/.,;:()\"'“”]+")


def _fingerprint(
    unit_id: int, person_id: int | None, kind_id: int, title: str, day: object, *figures: int
) -> str:
    """stc_thidua.keys.contribution_fingerprint as it was when this revision was written."""
    visible = _INVISIBLE.sub("", unicodedata.normalize("NFC", title))
    key = unicodedata.normalize("NFC", " ".join(visible.split()).casefold())
    key = _PUNCTUATION.sub(" ", key).strip()
    parts = (unit_id, person_id, kind_id, key, str(day)[:10], *figures)
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]


def _fill_kinds(bind: sa.engine.Connection) -> None:
    """The default kinds for every campaign; old contributions pointed at them."""
    campaigns = [row[0] for row in bind.execute(sa.text("SELECT id FROM campaign ORDER BY id"))]
    kind_table = sa.table(
        "contribution_kind",
        sa.column("campaign_id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("aliases", sa.JSON),
        sa.column("content_position", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("points", sa.Float),
        sa.column("points_per_million", sa.Float),
        sa.column("points_per_work_day", sa.Float),
    )
    rows = [
        {
            "campaign_id": campaign_id,
            "code": code,
            "name": name,
            "aliases": aliases,
            "content_position": content,
            "position": position,
            "points": points,
            "points_per_million": per_million,
            "points_per_work_day": per_day,
        }
        for campaign_id in campaigns
        for position, (code, name, aliases, content, points, per_million, per_day) in enumerate(
            DEFAULT_KINDS, start=1
        )
    ]
    if rows:
        op.bulk_insert(kind_table, rows)
    kinds = {
        (campaign_id, code): kind_id
        for kind_id, campaign_id, code in bind.execute(
            sa.text("SELECT id, campaign_id, code FROM contribution_kind")
        )
    }
    known = {k[0] for k in DEFAULT_KINDS}
    old = bind.execute(
        sa.text(
            "SELECT id, campaign_id, kind, verified, unit_id, person_id, title, occurred_on, "
            "amount, work_days FROM contribution"
        )
    )
    for row_id, campaign_id, kind, verified, unit_id, person_id, title, day, amount, days in list(
        old
    ):
        code = OLD_KIND_CODES.get(kind, kind)
        code = code if code in known else "khac"
        kind_id = kinds[(campaign_id, code)]
        bind.execute(
            sa.text(
                "UPDATE contribution SET kind_id = :k, status = :s, fingerprint = :f WHERE id = :i"
            ),
            {
                "k": kind_id,
                "s": "da_duyet" if verified else "cho_duyet",
                "f": _fingerprint(unit_id, person_id, kind_id, title, day, 1, amount, days),
                "i": row_id,
            },
        )


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "contribution_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("content_position", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("points_per_million", sa.Float(), nullable=False),
        sa.Column("points_per_work_day", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "code"),
    )
    with op.batch_alter_table("contribution_kind", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contribution_kind_campaign_id"), ["campaign_id"], unique=False
        )

    # new columns first (SQLite adds them in place), filled, then the table is rebuilt
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("quantity", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("evidence", sa.String(length=1000), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), nullable=False, server_default="cho_duyet")
        )
        batch_op.add_column(
            sa.Column("status_note", sa.String(length=1000), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("verified_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("fingerprint", sa.String(length=20), nullable=False, server_default="")
        )
    _fill_kinds(bind)
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.alter_column("kind_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "amount", existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False
        )
        for column in (
            "quantity",
            "evidence",
            "status",
            "status_note",
            "verified_by",
            "fingerprint",
        ):
            batch_op.alter_column(column, server_default=None)
        batch_op.create_foreign_key(
            "fk_contribution_kind_id_contribution_kind", "contribution_kind", ["kind_id"], ["id"]
        )
        batch_op.drop_column("kind")
        batch_op.drop_column("verified")
        batch_op.create_index(batch_op.f("ix_contribution_kind_id"), ["kind_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contribution_content_id"), ["content_id"], unique=False
        )
        batch_op.create_index(
            "ix_contribution_campaign_date", ["campaign_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            "ix_contribution_campaign_fingerprint", ["campaign_id", "fingerprint"], unique=False
        )
        batch_op.create_index(  # covering: standings read the index alone
            "ix_contribution_standings",
            [
                "campaign_id",
                "status",
                "occurred_on",
                "unit_id",
                "person_id",
                "kind_id",
                "quantity",
                "amount",
                "work_days",
            ],
            unique=False,
        )

    bind.execute(
        sa.text(
            "UPDATE registration SET unit_id = "
            "(SELECT person.unit_id FROM person WHERE person.id = registration.person_id) "
            "WHERE unit_id IS NULL AND person_id IS NOT NULL"
        )
    )
    bind.execute(sa.text("DELETE FROM registration WHERE unit_id IS NULL"))
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "target_title",
            existing_type=sa.String(length=20),
            type_=sa.String(length=200),
            existing_nullable=False,
        )
        batch_op.create_index(batch_op.f("ix_registration_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_person_id"))
        batch_op.drop_index(batch_op.f("ix_registration_unit_id"))
        batch_op.alter_column(
            "target_title",
            existing_type=sa.String(length=200),
            type_=sa.String(length=20),
            existing_nullable=False,
        )
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("verified", sa.Boolean(), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE contribution SET kind = (SELECT code FROM contribution_kind "
            "WHERE contribution_kind.id = contribution.kind_id), "
            "verified = (status = 'da_duyet')"
        )
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index("ix_contribution_standings")
        batch_op.drop_index("ix_contribution_campaign_fingerprint")
        batch_op.drop_index("ix_contribution_campaign_date")
        batch_op.drop_index(batch_op.f("ix_contribution_content_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_person_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_kind_id"))
        batch_op.drop_constraint("fk_contribution_kind_id_contribution_kind", type_="foreignkey")
        batch_op.alter_column("kind", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("verified", existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column(
            "amount", existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False
        )
        for column in (
            "kind_id",
            "quantity",
            "evidence",
            "status",
            "status_note",
            "verified_by",
            "fingerprint",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("contribution_kind", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_kind_campaign_id"))
    op.drop_table("contribution_kind")
