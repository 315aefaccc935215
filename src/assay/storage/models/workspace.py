"""The workspace (one Slack team), its installation, discussion and handled requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.types import UTCDateTime, json_column


def team_fk() -> Any:
    """A team_id column that belongs to a workspace and goes when the workspace goes."""
    return Column(
        String(32),
        ForeignKey("workspace.team_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


class Workspace(Table, table=True):
    team_id: str = Field(primary_key=True, max_length=32)
    name: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="UTC", max_length=64)
    digest_schedule: str | None = Field(default=None, max_length=64)
    digest_channel: str | None = Field(default=None, max_length=32)
    last_review_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Installation(Table, table=True):
    """An OAuth installation: the bot token of one workspace (multi-workspace mode).

    The token is stored sealed (Fernet, ``ASSAY_SECRET_KEY``; see storage/cipher.py), never in
    clear. One installation per workspace: installing again replaces it.
    """

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, unique=True, index=True)
    enterprise_id: str | None = Field(default=None, max_length=32)
    app_id: str | None = Field(default=None, max_length=32)
    bot_id: str | None = Field(default=None, max_length=32)
    bot_user_id: str | None = Field(default=None, max_length=32)
    bot_token_sealed: str = Field(sa_type=Text)
    bot_scopes: str | None = Field(default=None, max_length=2000)
    installer_user_id: str | None = Field(default=None, max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=json_column())
    installed_at: datetime = Field(sa_type=UTCDateTime)


class DiscussionMessage(Table, table=True):
    """A human reply in a home thread (paper, technique, gut check)."""

    __table_args__ = (UniqueConstraint("team_id", "channel", "ts", name="uq_discussion_msg"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    channel: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32, index=True)
    ts: str = Field(max_length=32)
    user_id: str | None = Field(default=None, max_length=32)
    text: str = Field(default="")
    deleted: bool = Field(default=False)
    posted_at: datetime = Field(sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HandledRequest(Table, table=True):
    """Idempotency keys: a Slack retry or a double-submitted modal is recorded once."""

    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_handled_request"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    key: str = Field(max_length=200)
    handled_at: datetime = Field(sa_type=UTCDateTime, index=True)  # old keys are forgotten by age
