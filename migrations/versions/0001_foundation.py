"""foundation: workspace, installation, papers, discussion, handled requests

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handledrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "handled_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "key", name="uq_handled_request"),
    )
    with op.batch_alter_table("handledrequest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handledrequest_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "enterprise_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column("app_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("bot_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column(
            "bot_user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "bot_token", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False
        ),
        sa.Column(
            "bot_scopes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True
        ),
        sa.Column(
            "installer_user_id",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=True,
        ),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "installed_at",
            assay.storage.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_installation_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "workspace",
        sa.Column(
            "team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column(
            "digest_schedule",
            sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=True,
        ),
        sa.Column(
            "digest_channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "last_review_at",
            assay.storage.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "created_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("team_id"),
    )

    op.create_table(
        "discussionmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "thread_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column(
            "posted_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "edited_at", assay.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "channel", "ts", name="uq_discussion_msg"),
    )
    with op.batch_alter_table("discussionmessage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discussionmessage_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_discussionmessage_thread_ts"), ["thread_ts"], unique=False
        )

    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "arxiv_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column(
            "primary_category",
            sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=True,
        ),
        sa.Column(
            "published", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated", assay.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "abs_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True
        ),
        sa.Column(
            "pdf_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True
        ),
        sa.Column("pdf_pages", sa.Integer(), nullable=True),
        sa.Column(
            "pdf_status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "pdf_problem", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True
        ),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("code_urls", sa.JSON(), nullable=False),
        sa.Column(
            "paper_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column("paper_type_estimated", sa.Boolean(), nullable=False),
        sa.Column(
            "paper_type_reason",
            sqlmodel.sql.sqltypes.AutoString(length=500),
            nullable=True,
        ),
        sa.Column("relevance", sa.Integer(), nullable=True),
        sa.Column("citations", sa.Integer(), nullable=True),
        sa.Column(
            "priority", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column("priority_score", sa.Integer(), nullable=True),
        sa.Column("priority_terms", sa.JSON(), nullable=False),
        sa.Column("priority_estimated", sa.JSON(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reader", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("dropped_reason", sa.Text(), nullable=True),
        sa.Column(
            "added_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "added_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "technique_hint",
            sqlmodel.sql.sqltypes.AutoString(length=120),
            nullable=True,
        ),
        sa.Column(
            "thread_channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "thread_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "arxiv_id", name="uq_paper_arxiv"),
        sa.UniqueConstraint("team_id", "number", name="uq_paper_number"),
    )
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_team_id"))

    op.drop_table("paper")

    with op.batch_alter_table("discussionmessage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discussionmessage_thread_ts"))
        batch_op.drop_index(batch_op.f("ix_discussionmessage_team_id"))

    op.drop_table("discussionmessage")

    op.drop_table("workspace")

    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_installation_team_id"))

    op.drop_table("installation")

    with op.batch_alter_table("handledrequest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handledrequest_team_id"))

    op.drop_table("handledrequest")
