"""The research radar: techniques, votes (with every change), ring moves and stage gates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.models.workspace import team_fk
from assay.storage.types import UTCDateTime


class Technique(Table, table=True):
    __table_args__ = (UniqueConstraint("team_id", "name_key", name="uq_technique_name"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)  # casefolded name: names are unique case-insensitively
    ring: str = Field(max_length=16)
    quadrant: str | None = Field(default=None, max_length=40)
    description: str | None = Field(default=None, sa_type=Text)
    owner: str | None = Field(default=None, max_length=32)
    next_action: str | None = Field(default=None, sa_type=Text)
    due: date | None = None
    created_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    thread_channel: str | None = Field(default=None, max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)


class TechniquePaper(Table, table=True):
    __table_args__ = (UniqueConstraint("technique_id", "paper_id", name="uq_technique_paper"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    technique_id: int = Field(foreign_key="technique.id", ondelete="CASCADE", index=True)
    paper_id: int = Field(foreign_key="paper.id", ondelete="CASCADE", index=True)


class Vote(Table, table=True):
    """The current vote of one person on one technique (the tally is computed from these)."""

    __table_args__ = (
        UniqueConstraint("team_id", "technique_id", "user_id", name="uq_vote_person"),
        Index("ix_vote_tally", "team_id", "technique_id", "ring"),  # /radar's tallies, from the index alone
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    technique_id: int = Field(foreign_key="technique.id", ondelete="CASCADE", index=True)
    user_id: str = Field(max_length=32)
    ring: str = Field(max_length=16)
    why: str | None = Field(default=None, sa_type=Text)
    voted_at: datetime = Field(sa_type=UTCDateTime)


class VoteChange(Table, table=True):
    """Every vote ever cast, first votes and changes alike: the vote history."""

    # A vote reads the voter's newest entry for the technique (the ring it replaces) from this.
    __table_args__ = (Index("ix_votechange_voter", "team_id", "technique_id", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    technique_id: int = Field(foreign_key="technique.id", ondelete="CASCADE", index=True)
    user_id: str = Field(max_length=32)
    from_ring: str | None = Field(default=None, max_length=16)
    to_ring: str = Field(max_length=16)
    why: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(sa_type=UTCDateTime)


class RadarMove(Table, table=True):
    """An official ring change (or the first placement, with from_ring None)."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    technique_id: int = Field(foreign_key="technique.id", ondelete="CASCADE", index=True)
    from_ring: str | None = Field(default=None, max_length=16)
    to_ring: str = Field(max_length=16)
    why: str = Field(sa_type=Text)
    by: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)


class GateRecord(Table, table=True):
    """A stage-gate decision of the research-to-production pipeline."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    technique_id: int = Field(foreign_key="technique.id", ondelete="CASCADE", index=True)
    gate: str = Field(max_length=16)
    decision: str = Field(max_length=16)
    why: str = Field(sa_type=Text)
    by: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)
