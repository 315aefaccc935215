"""gutcheck designs: planned runs and the spread guess; unlogged runs kept with their correction

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gutcheck", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_runs", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sd_pct", sa.Float(), nullable=True))

    op.create_table(
        "gutcheckcorrection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("gutcheck_id", sa.Integer(), nullable=False),
        sa.Column("runs", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("p_before", sa.Float(), nullable=True),
        sa.Column("p_after", sa.Float(), nullable=True),
        sa.Column(
            "verdict_before", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "verdict_after", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.ForeignKeyConstraint(["gutcheck_id"], ["gutcheck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gutcheckcorrection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gutcheckcorrection_gutcheck_id"), ["gutcheck_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gutcheckcorrection_team_id"), ["team_id"], unique=False
        )

    with op.batch_alter_table("gutcheckrun", schema=None) as batch_op:
        batch_op.add_column(sa.Column("correction_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_gutcheckrun_correction_id",
            "gutcheckcorrection",
            ["correction_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("gutcheckrun", schema=None) as batch_op:
        batch_op.drop_constraint("fk_gutcheckrun_correction_id", type_="foreignkey")
        batch_op.drop_column("correction_id")

    with op.batch_alter_table("gutcheckcorrection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gutcheckcorrection_team_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheckcorrection_gutcheck_id"))

    op.drop_table("gutcheckcorrection")

    with op.batch_alter_table("gutcheck", schema=None) as batch_op:
        batch_op.drop_column("sd_pct")
        batch_op.drop_column("planned_runs")
