"""signals: citations, official code and community interest on papers; listing-feed state and
cross-lists on watches; a shared cache of outside answers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PAPER_COLUMNS = (
    "code_links",
    "citation_count",
    "influential_citations",
    "citations_status",
    "citations_as_of",
    "citations_problem",
    "official_code",
    "upvotes",
    "github_stars",
    "project_page",
    "community_status",
    "community_as_of",
    "community_problem",
    "newest_version",
)
_WATCH_COLUMNS = (
    "cross",
    "listing_fingerprint",
    "listing_checked_on",
    "listing_unchanged_days",
    "listing_stale_noted",
)


def upgrade() -> None:
    string = sqlmodel.sql.sqltypes.AutoString
    instant = assay.storage.types.UTCDateTime(timezone=True)
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_links", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("citation_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("influential_citations", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("citations_status", string(length=16), nullable=False, server_default="not-asked")
        )
        batch_op.add_column(sa.Column("citations_as_of", instant, nullable=True))
        batch_op.add_column(sa.Column("citations_problem", string(length=300), nullable=True))
        batch_op.add_column(sa.Column("official_code", string(length=500), nullable=True))
        batch_op.add_column(sa.Column("upvotes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("github_stars", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("project_page", string(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("community_status", string(length=16), nullable=False, server_default="not-asked")
        )
        batch_op.add_column(sa.Column("community_as_of", instant, nullable=True))
        batch_op.add_column(sa.Column("community_problem", string(length=300), nullable=True))
        batch_op.add_column(sa.Column("newest_version", sa.Integer(), nullable=True))

    with op.batch_alter_table("paperwatch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cross", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("listing_fingerprint", string(length=64), nullable=True))
        batch_op.add_column(sa.Column("listing_checked_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("listing_unchanged_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("listing_stale_noted", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    op.create_table(
        "signalanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", string(length=16), nullable=False),
        sa.Column("key", string(length=128), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("fetched_at", instant, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("service", "key", name="uq_signal_answer"),
    )
    with op.batch_alter_table("signalanswer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signalanswer_fetched_at"), ["fetched_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signalanswer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signalanswer_fetched_at"))
    op.drop_table("signalanswer")

    with op.batch_alter_table("paperwatch", schema=None) as batch_op:
        for name in reversed(_WATCH_COLUMNS):
            batch_op.drop_column(name)

    with op.batch_alter_table("paper", schema=None) as batch_op:
        for name in reversed(_PAPER_COLUMNS):
            batch_op.drop_column(name)
