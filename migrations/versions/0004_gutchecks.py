"""gutchecks: gut checks, runs, decisions, reminders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gutcheck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("technique_id", sa.Integer(), nullable=True),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column(
            "metric", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False
        ),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("claimed_lift_pct", sa.Float(), nullable=True),
        sa.Column("success", sa.Text(), nullable=True),
        sa.Column("success_pct", sa.Float(), nullable=True),
        sa.Column("kill", sa.Text(), nullable=True),
        sa.Column("alpha", sa.Float(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("timebox_seconds", sa.Integer(), nullable=False),
        sa.Column(
            "started_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "timebox_ends",
            assay.storage.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column(
            "status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column(
            "last_verdict", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "verdict_at", assay.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("verdict_summary", sa.Text(), nullable=True),
        sa.Column(
            "created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "thread_channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "thread_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["technique_id"], ["technique.id"], ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "number", name="uq_gutcheck_number"),
    )
    with op.batch_alter_table("gutcheck", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gutcheck_paper_id"), ["paper_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheck_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheck_technique_id"), ["technique_id"], unique=False
        )

    op.create_table(
        "gutcheckdecision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("gutcheck_id", sa.Integer(), nullable=False),
        sa.Column(
            "decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column(
            "verdict_at_decision",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=True,
        ),
        sa.Column(
            "timebox_ends_after",
            assay.storage.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["gutcheck_id"], ["gutcheck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gutcheckdecision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gutcheckdecision_gutcheck_id"), ["gutcheck_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheckdecision_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "gutcheckreminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("gutcheck_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "due_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.ForeignKeyConstraint(["gutcheck_id"], ["gutcheck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gutcheckreminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gutcheckreminder_due_at"), ["due_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheckreminder_gutcheck_id"), ["gutcheck_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheckreminder_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "gutcheckrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("gutcheck_id", sa.Integer(), nullable=False),
        sa.Column("arm", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column(
            "logged_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "logged_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["gutcheck_id"], ["gutcheck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gutcheckrun", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gutcheckrun_gutcheck_id"), ["gutcheck_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheckrun_team_id"), ["team_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("gutcheckrun", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gutcheckrun_team_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheckrun_gutcheck_id"))

    op.drop_table("gutcheckrun")

    with op.batch_alter_table("gutcheckreminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gutcheckreminder_team_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheckreminder_gutcheck_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheckreminder_due_at"))

    op.drop_table("gutcheckreminder")

    with op.batch_alter_table("gutcheckdecision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gutcheckdecision_team_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheckdecision_gutcheck_id"))

    op.drop_table("gutcheckdecision")

    with op.batch_alter_table("gutcheck", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gutcheck_technique_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheck_team_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheck_paper_id"))

    op.drop_table("gutcheck")
