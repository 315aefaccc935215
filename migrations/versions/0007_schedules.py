"""schedules: scheduled items, review meetings, predictions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Gut-check reminders move from their own table into scheduleditem, which holds every kind of
scheduled work from now on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import assay.storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reviewmeeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("since", assay.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviewmeeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviewmeeting_team_id"), ["team_id"], unique=False)

    op.create_table(
        "reviewschedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("expression", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("cron", sa.JSON(), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("lead_seconds", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", name="uq_review_schedule_team"),
    )
    with op.batch_alter_table("reviewschedule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviewschedule_team_id"), ["team_id"], unique=False)

    op.create_table(
        "scheduleditem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("subject_type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("due_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("not_before", assay.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("lease_until", assay.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", assay.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("message_channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("message_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "key", name="uq_scheduled_key"),
    )
    with op.batch_alter_table("scheduleditem", schema=None) as batch_op:
        batch_op.create_index("ix_scheduled_due", ["status", "due_at"], unique=False)
        batch_op.create_index("ix_scheduled_subject", ["team_id", "subject_type", "subject_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scheduleditem_team_id"), ["team_id"], unique=False)

    op.create_table(
        "prediction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=True),
        sa.Column("technique_id", sa.Integer(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("made_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("made_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("outcome", sa.Boolean(), nullable=True),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("resolved_at", assay.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "number", name="uq_prediction_number"),
    )
    with op.batch_alter_table("prediction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prediction_paper_id"), ["paper_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prediction_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prediction_technique_id"), ["technique_id"], unique=False)

    op.create_table(
        "reviewnomination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=True),
        sa.Column("technique_id", sa.Integer(), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["reviewmeeting.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technique_id"], ["technique.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviewnomination", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviewnomination_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviewnomination_paper_id"), ["paper_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviewnomination_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviewnomination_technique_id"), ["technique_id"], unique=False)

    op.execute(
        """
        INSERT INTO scheduleditem (team_id, kind, key, subject_type, subject_id, due_at, timezone, payload,
                                   status, attempts, created_at)
        SELECT team_id,
               CASE kind WHEN 'day-before' THEN 'gutcheck.day_before' ELSE 'gutcheck.expiry' END,
               'migrated:' || CAST(id AS VARCHAR(20)), 'gutcheck', gutcheck_id, due_at, 'UTC', '{}',
               status, 0, due_at
        FROM gutcheckreminder
        """
    )
    with op.batch_alter_table("gutcheckreminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gutcheckreminder_due_at"))
        batch_op.drop_index(batch_op.f("ix_gutcheckreminder_gutcheck_id"))
        batch_op.drop_index(batch_op.f("ix_gutcheckreminder_team_id"))

    op.drop_table("gutcheckreminder")


def downgrade() -> None:
    op.create_table(
        "gutcheckreminder",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("team_id", sa.VARCHAR(length=32), nullable=False),
        sa.Column("gutcheck_id", sa.INTEGER(), nullable=False),
        sa.Column("kind", sa.VARCHAR(length=16), nullable=False),
        sa.Column("due_at", assay.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.VARCHAR(length=16), nullable=False),
        sa.ForeignKeyConstraint(["gutcheck_id"], ["gutcheck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gutcheckreminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gutcheckreminder_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_gutcheckreminder_gutcheck_id"), ["gutcheck_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_gutcheckreminder_due_at"), ["due_at"], unique=False)

    op.execute(
        """
        INSERT INTO gutcheckreminder (team_id, gutcheck_id, kind, due_at, status)
        SELECT team_id, subject_id,
               CASE kind WHEN 'gutcheck.day_before' THEN 'day-before' ELSE 'expiry' END,
               due_at, CASE WHEN status IN ('pending', 'sent', 'cancelled') THEN status ELSE 'cancelled' END
        FROM scheduleditem
        WHERE kind IN ('gutcheck.day_before', 'gutcheck.expiry') AND subject_id IS NOT NULL
        """
    )

    with op.batch_alter_table("reviewnomination", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewnomination_technique_id"))
        batch_op.drop_index(batch_op.f("ix_reviewnomination_team_id"))
        batch_op.drop_index(batch_op.f("ix_reviewnomination_paper_id"))
        batch_op.drop_index(batch_op.f("ix_reviewnomination_meeting_id"))

    op.drop_table("reviewnomination")
    with op.batch_alter_table("prediction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prediction_technique_id"))
        batch_op.drop_index(batch_op.f("ix_prediction_team_id"))
        batch_op.drop_index(batch_op.f("ix_prediction_paper_id"))

    op.drop_table("prediction")
    with op.batch_alter_table("scheduleditem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheduleditem_team_id"))
        batch_op.drop_index("ix_scheduled_subject")
        batch_op.drop_index("ix_scheduled_due")

    op.drop_table("scheduleditem")
    with op.batch_alter_table("reviewschedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewschedule_team_id"))

    op.drop_table("reviewschedule")
    with op.batch_alter_table("reviewmeeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewmeeting_team_id"))

    op.drop_table("reviewmeeting")
