"""radar: techniques, votes, moves, gates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "technique",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column(
            "name_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False
        ),
        sa.Column("ring", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "quadrant", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("next_action", sa.Text(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column(
            "created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "created_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "thread_channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "thread_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "name_key", name="uq_technique_name"),
    )
    with op.batch_alter_table("technique", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_technique_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "gaterecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("technique_id", sa.Integer(), nullable=False),
        sa.Column("gate", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gaterecord", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gaterecord_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gaterecord_technique_id"), ["technique_id"], unique=False
        )

    op.create_table(
        "radarmove",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("technique_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_ring", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column(
            "to_ring", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("radarmove", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_radarmove_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_radarmove_technique_id"), ["technique_id"], unique=False
        )

    op.create_table(
        "techniquepaper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("technique_id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("technique_id", "paper_id", name="uq_technique_paper"),
    )
    with op.batch_alter_table("techniquepaper", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_techniquepaper_paper_id"), ["paper_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_techniquepaper_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_techniquepaper_technique_id"), ["technique_id"], unique=False
        )

    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("technique_id", sa.Integer(), nullable=False),
        sa.Column(
            "user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("ring", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column(
            "voted_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "team_id", "technique_id", "user_id", name="uq_vote_person"
        ),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vote_technique_id"), ["technique_id"], unique=False
        )

    op.create_table(
        "votechange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("technique_id", sa.Integer(), nullable=False),
        sa.Column(
            "user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "from_ring", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column(
            "to_ring", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("votechange", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_votechange_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_votechange_technique_id"), ["technique_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("votechange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votechange_technique_id"))
        batch_op.drop_index(batch_op.f("ix_votechange_team_id"))

    op.drop_table("votechange")

    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_technique_id"))
        batch_op.drop_index(batch_op.f("ix_vote_team_id"))

    op.drop_table("vote")

    with op.batch_alter_table("techniquepaper", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_techniquepaper_technique_id"))
        batch_op.drop_index(batch_op.f("ix_techniquepaper_team_id"))
        batch_op.drop_index(batch_op.f("ix_techniquepaper_paper_id"))

    op.drop_table("techniquepaper")

    with op.batch_alter_table("radarmove", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_radarmove_technique_id"))
        batch_op.drop_index(batch_op.f("ix_radarmove_team_id"))

    op.drop_table("radarmove")

    with op.batch_alter_table("gaterecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gaterecord_technique_id"))
        batch_op.drop_index(batch_op.f("ix_gaterecord_team_id"))

    op.drop_table("gaterecord")

    with op.batch_alter_table("technique", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technique_team_id"))

    op.drop_table("technique")
