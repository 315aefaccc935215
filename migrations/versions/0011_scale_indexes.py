"""scale indexes: vote tallies, a reader's notes and first notes of a pass read from indexes

Measured by bench/bench_scale.py at 100,000 votes and 50,000 notes: ``/radar``'s tallies
(grouped by technique and ring), App Home's "what I read" (a reader's notes) and the digest's
reading passes (first note of each reader's pass) each scanned every row of the workspace.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_vote_tally", "vote", ["team_id", "technique_id", "ring"]),
    ("ix_passnote_reader", "passnote", ["team_id", "author", "paper_id"]),
    ("ix_passnote_pass", "passnote", ["team_id", "paper_id", "author", "pass_number", "created_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
