"""Workspaces and per-workspace numbering (P<n>, G<n>, …)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, SQLModel, col

from assay.storage.models import (
    DiscussionMessage,
    HandledRequest,
    Installation,
    Workspace,
)


def ensure_workspace(session: Session, team_id: str, now: datetime, timezone: str = "UTC") -> Workspace:
    """The workspace row for ``team_id``, created on first use."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id, timezone=timezone, created_at=now)
        session.add(workspace)
        session.flush()
    return workspace


def team_timezone(session: Session, team_id: str, default: str = "UTC") -> str:
    """The workspace's IANA time zone (``/assay settings tz=``), or ``default`` before it has one."""
    zone = session.execute(select(col(Workspace.timezone)).where(col(Workspace.team_id) == team_id)).scalar()
    return str(zone) if zone else default


def next_number(session: Session, model: type[SQLModel], team_id: str) -> int:
    """The next per-workspace number for ``model`` (its table has team_id and number).

    A unique (team_id, number) constraint backs this; callers retry on the rare conflict
    between two concurrent writers.
    """
    column: Any = model.number  # type: ignore[attr-defined]
    team: Any = model.team_id  # type: ignore[attr-defined]
    current = session.execute(select(func.max(column)).where(team == team_id)).scalar()
    return int(current or 0) + 1


def delete_workspace_data(session: Session, team_id: str) -> None:
    """Forget a workspace: every row that carries its team_id, and its tokens."""
    session.execute(delete(HandledRequest).where(HandledRequest.team_id == team_id))  # type: ignore[arg-type]
    session.execute(delete(Installation).where(Installation.team_id == team_id))  # type: ignore[arg-type]
    session.execute(delete(DiscussionMessage).where(DiscussionMessage.team_id == team_id))  # type: ignore[arg-type]
    # Every other table references the workspace with ON DELETE CASCADE.
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        session.delete(workspace)
