"""notes: three-pass reading notes; reading stages renamed (new → unread, done → decided)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The reading stages take the words of the three-pass method: a paper nobody has noted is
# "unread", and one whose readers have all finished is "decided".
RENAMED = (("new", "unread"), ("done", "decided"))


def _rename_stages(pairs: Sequence[tuple[str, str]]) -> None:
    paper = sa.table("paper", sa.column("stage", sa.String))
    for old, new in pairs:
        op.execute(paper.update().where(paper.c.stage == old).values(stage=new))


def upgrade() -> None:
    op.create_table(
        "passnote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("pass_number", sa.Integer(), nullable=False),
        sa.Column(
            "author", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("claim", sa.Text(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("relevant", sa.Boolean(), nullable=True),
        sa.Column("plausible", sa.Boolean(), nullable=True),
        sa.Column("technique", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("limitations", sa.Text(), nullable=True),
        sa.Column("missing", sa.Text(), nullable=True),
        sa.Column("implementable", sa.Boolean(), nullable=True),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("reimplement", sa.Boolean(), nullable=True),
        sa.Column("assumptions", sa.Text(), nullable=True),
        sa.Column("breaks", sa.Text(), nullable=True),
        sa.Column("ablations", sa.Text(), nullable=True),
        sa.Column(
            "viability", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True
        ),
        sa.Column("efficiency", sa.Integer(), nullable=True),
        sa.Column("integration", sa.Integer(), nullable=True),
        sa.Column("robustness", sa.Integer(), nullable=True),
        sa.Column("maintainability", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("insight", sa.Text(), nullable=True),
        sa.Column("relevance", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column(
            "decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("passnote", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_passnote_paper_id"), ["paper_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_passnote_team_id"), ["team_id"], unique=False
        )
    _rename_stages(RENAMED)


def downgrade() -> None:
    _rename_stages([(new, old) for old, new in RENAMED])
    with op.batch_alter_table("passnote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passnote_team_id"))
        batch_op.drop_index(batch_op.f("ix_passnote_paper_id"))

    op.drop_table("passnote")
