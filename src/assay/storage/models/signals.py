"""Answers of outside services, kept for a day and shared by every process on the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.types import UTCDateTime, json_column


class SignalAnswer(Table, table=True):
    """What Semantic Scholar or Hugging Face said about one paper, and when.

    The one table without ``team_id``: it holds public answers about public papers (the same
    citation count for every workspace), nothing a workspace typed, so sharing it saves calls.
    ``found`` False records "the service does not know this paper".
    """

    __table_args__ = (UniqueConstraint("service", "key", name="uq_signal_answer"),)

    id: int | None = Field(default=None, primary_key=True)
    service: str = Field(max_length=16)
    key: str = Field(max_length=128)
    found: bool
    value: dict[str, Any] | None = Field(default=None, sa_type=json_column())
    fetched_at: datetime = Field(sa_type=UTCDateTime, index=True)
