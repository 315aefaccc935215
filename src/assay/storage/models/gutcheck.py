"""Gut checks: a claim tested on our data, with runs per arm and decisions (reminders are
ScheduledItem rows)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.models.workspace import team_fk
from assay.storage.types import UTCDateTime


class GutCheck(Table, table=True):
    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_gutcheck_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    number: int
    paper_id: int = Field(foreign_key="paper.id", ondelete="CASCADE", index=True)
    technique_id: int | None = Field(default=None, foreign_key="technique.id", ondelete="SET NULL", index=True)
    claim: str = Field(sa_type=Text)
    metric: str = Field(max_length=200)
    higher_is_better: bool = True
    claimed_lift_pct: float | None = None
    success: str | None = Field(default=None, sa_type=Text)
    success_pct: float | None = None
    kill: str | None = Field(default=None, sa_type=Text)
    alpha: float = 0.05
    # A fixed design's runs per arm (None: sequential), and the run-to-run spread guessed at
    # the start in percent of the baseline (tunes the sequential test); both fixed at start.
    planned_runs: int | None = None
    sd_pct: float | None = None
    owner: str | None = Field(default=None, max_length=32)
    timebox_seconds: int
    started_at: datetime = Field(sa_type=UTCDateTime)
    timebox_ends: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="open", max_length=16)  # open | continued | pivoted | killed
    extensions: int = 0
    last_verdict: str | None = Field(default=None, max_length=32)
    # When the verdict last changed, and its one-line summary: the evidence chain (paper,
    # technique history, digests) reads these without recomputing the statistics.
    verdict_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verdict_summary: str | None = Field(default=None, sa_type=Text)
    created_by: str | None = Field(default=None, max_length=32)
    channel: str | None = Field(default=None, max_length=32)
    thread_channel: str | None = Field(default=None, max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)


class GutCheckRun(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    gutcheck_id: int = Field(foreign_key="gutcheck.id", ondelete="CASCADE", index=True)
    arm: str = Field(max_length=200)
    value: float
    seed: int | None = None
    logged_by: str | None = Field(default=None, max_length=32)
    logged_at: datetime = Field(sa_type=UTCDateTime)
    # An unlogged run stays, pointing at the correction that removed it; analyses skip it.
    correction_id: int | None = Field(default=None, foreign_key="gutcheckcorrection.id", ondelete="SET NULL")


class GutCheckCorrection(Table, table=True):
    """Runs unlogged as mistyped: who, when, why, and what the sequential test said before and after."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    gutcheck_id: int = Field(foreign_key="gutcheck.id", ondelete="CASCADE", index=True)
    runs: str = Field(max_length=400)  # the run numbers removed, e.g. "3,4"
    why: str = Field(sa_type=Text)
    by: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)
    p_before: float | None = None
    p_after: float | None = None
    verdict_before: str | None = Field(default=None, max_length=32)
    verdict_after: str | None = Field(default=None, max_length=32)


class GutCheckDecision(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    gutcheck_id: int = Field(foreign_key="gutcheck.id", ondelete="CASCADE", index=True)
    decision: str = Field(max_length=16)
    why: str = Field(sa_type=Text)
    verdict_at_decision: str | None = Field(default=None, max_length=32)
    timebox_ends_after: datetime | None = Field(default=None, sa_type=UTCDateTime)
    by: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)
