"""vote history index: a vote's previous ring is read from an index, not from every vote cast

Every vote reads the voter's newest history row for the technique (the ring it replaces). Only
``technique_id`` was indexed, so that read went over every vote ever cast on the technique and
sorted them: an acknowledgement grew slower with each vote (bench/bench_ack.py).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_votechange_voter", "votechange", ["team_id", "technique_id", "user_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_votechange_voter", table_name="votechange")
