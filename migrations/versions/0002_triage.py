"""triage: arXiv watches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "paperwatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "category", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("exclude", sa.JSON(), nullable=False),
        sa.Column(
            "created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "created_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "last_scan_at",
            assay.storage.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "last_seen_published",
            assay.storage.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "number", name="uq_watch_number"),
    )
    with op.batch_alter_table("paperwatch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paperwatch_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "watchseen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column(
            "arxiv_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column(
            "seen_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["watch_id"], ["paperwatch.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("watch_id", "arxiv_id", name="uq_watch_seen"),
    )
    with op.batch_alter_table("watchseen", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchseen_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_watchseen_watch_id"), ["watch_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("watchseen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchseen_watch_id"))
        batch_op.drop_index(batch_op.f("ix_watchseen_team_id"))

    op.drop_table("watchseen")

    with op.batch_alter_table("paperwatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paperwatch_team_id"))

    op.drop_table("paperwatch")
