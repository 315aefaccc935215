"""Scheduled work as data: every reminder, digest, agenda and watch run is a row.

A row is *due* at ``due_at`` (UTC; ``timezone`` is the workspace's zone, kept for display).
Delivery claims rows atomically, so several bot processes on one database deliver each
row once; a restart loses nothing because nothing lives only in memory. ``key`` is unique
per workspace: planning the same occurrence twice (two processes, a retry) adds one row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.models.workspace import team_fk
from assay.storage.types import UTCDateTime, json_column


class ScheduledItem(Table, table=True):
    """One thing to deliver at a time: a reminder, a digest, a watch run, or a Slack post.

    Status: ``pending`` → ``sending`` (claimed, with a lease) → ``sent``; or ``cancelled``
    (a decision made it moot), ``stale`` (too late to matter; logged and shown on the review
    agenda) or ``failed`` (with ``last_error``, for operators).
    """

    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_scheduled_key"),
        Index("ix_scheduled_due", "status", "due_at"),
        Index("ix_scheduled_subject", "team_id", "subject_type", "subject_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    kind: str = Field(max_length=40)
    key: str = Field(max_length=200)
    subject_type: str | None = Field(default=None, max_length=16)
    subject_id: int | None = None
    due_at: datetime = Field(sa_type=UTCDateTime)
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)  # retry backoff
    timezone: str = Field(default="UTC", max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=json_column())
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=Text)
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_channel: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
