"""Three-pass reading notes: one row per version of a reader's note of a pass.

A reader who revises their note of a pass adds a row; the newest row of each (paper,
reader, pass) is the note that shows, the older ones are its history (kept and exported).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.models.workspace import team_fk
from assay.storage.types import UTCDateTime, json_column


class PassNote(Table, table=True):
    __table_args__ = (
        Index("ix_passnote_reader", "team_id", "author", "paper_id"),  # App Home: what a reader reads
        Index("ix_passnote_pass", "team_id", "paper_id", "author", "pass_number", "created_at"),  # digest
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    paper_id: int = Field(foreign_key="paper.id", ondelete="CASCADE", index=True)
    pass_number: int  # 1, 2 or 3
    author: str = Field(max_length=32)
    # Pass 1 (5–10 minutes): is it worth reading?
    claim: str | None = Field(default=None, sa_type=Text)
    problem: str | None = Field(default=None, sa_type=Text)
    relevant: bool | None = None
    plausible: bool | None = None
    # Pass 2 (30–60 minutes): what it does and how well it shows it.
    technique: str | None = Field(default=None, sa_type=Text)
    results: str | None = Field(default=None, sa_type=Text)
    limitations: str | None = Field(default=None, sa_type=Text)
    missing: str | None = Field(default=None, sa_type=Text)
    implementable: bool | None = None
    red_flags: list[str] = Field(default_factory=list, sa_type=json_column())
    # Pass 3 (2–4 hours): could we rebuild it, and would it survive production?
    reimplement: bool | None = None
    assumptions: str | None = Field(default=None, sa_type=Text)
    breaks: str | None = Field(default=None, sa_type=Text)
    ablations: str | None = Field(default=None, sa_type=Text)
    viability: str | None = Field(default=None, max_length=24)
    efficiency: int | None = None
    integration: int | None = None
    robustness: int | None = None
    maintainability: int | None = None
    # Every pass.
    summary: str | None = Field(default=None, sa_type=Text)
    insight: str | None = Field(default=None, sa_type=Text)
    relevance: int | None = None
    minutes: int | None = None
    decision: str = Field(max_length=16)  # stop | continue
    forced: bool = False  # recorded without the reader's previous pass (force=yes)
    created_at: datetime = Field(sa_type=UTCDateTime)
