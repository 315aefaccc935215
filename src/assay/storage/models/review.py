"""The monthly research review (its schedule, meetings and nominations) and predictions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.models.workspace import team_fk
from assay.storage.types import UTCDateTime, json_column


class ReviewSchedule(Table, table=True):
    """When the workspace's review meeting happens: one schedule per workspace."""

    __table_args__ = (UniqueConstraint("team_id", name="uq_review_schedule_team"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    expression: str = Field(max_length=200)  # as typed: "first tue 10:00" or a cron line
    cron: dict[str, Any] = Field(default_factory=dict, sa_type=json_column())  # APScheduler cron fields
    timezone: str = Field(max_length=64)
    lead_seconds: int
    channel: str | None = Field(default=None, max_length=32)
    created_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ReviewMeeting(Table, table=True):
    """A review meeting closed with ``/review done``: what its agenda covered."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    since: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the previous review
    closed_at: datetime = Field(sa_type=UTCDateTime)
    closed_by: str | None = Field(default=None, max_length=32)
    agenda: dict[str, Any] = Field(default_factory=dict, sa_type=json_column())


class ReviewNomination(Table, table=True):
    """A technique or paper nominated for a deep dive at the next review."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    paper_id: int | None = Field(default=None, foreign_key="paper.id", ondelete="CASCADE", index=True)
    technique_id: int | None = Field(default=None, foreign_key="technique.id", ondelete="CASCADE", index=True)
    why: str | None = Field(default=None, sa_type=Text)
    by: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)
    meeting_id: int | None = Field(default=None, foreign_key="reviewmeeting.id", ondelete="SET NULL", index=True)


class Prediction(Table, table=True):
    """A prediction about a paper or technique, reviewed on its date: ``F<n>``."""

    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_prediction_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    number: int
    paper_id: int | None = Field(default=None, foreign_key="paper.id", ondelete="CASCADE", index=True)
    technique_id: int | None = Field(default=None, foreign_key="technique.id", ondelete="CASCADE", index=True)
    statement: str = Field(sa_type=Text)
    probability: float | None = None
    review_on: date
    made_by: str | None = Field(default=None, max_length=32)
    made_at: datetime = Field(sa_type=UTCDateTime)
    channel: str | None = Field(default=None, max_length=32)
    outcome: bool | None = None
    resolved_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
