"""Workspaces and per-workspace numbering (P<n>, G<n>, …)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, SQLModel, col

from assay.storage.models import Workspace


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


def lock_workspace(session: Session, team_id: str) -> None:
    """Take the workspace's row lock until the transaction ends (FOR NO KEY UPDATE on
    PostgreSQL; on SQLite every write transaction begins IMMEDIATE and holds the only lock):
    check-then-insert steps of the same workspace run one after another."""
    session.execute(
        select(col(Workspace.team_id)).where(col(Workspace.team_id) == team_id).with_for_update(key_share=True)
    )


def next_number(session: Session, model: type[SQLModel], team_id: str) -> int:
    """The next per-workspace number for ``model`` (its table has team_id and number).

    The workspace's row is locked first (FOR NO KEY UPDATE on PostgreSQL, which leaves rows
    that refer to the workspace free to be written; SQLite has one writer anyway), so people
    adding at once take numbers one after another until their transactions end, instead of
    all reading the same maximum and all but one failing. A unique (team_id, number)
    constraint stays the guarantee; callers retry on a conflict (a workspace created meanwhile).
    """
    lock_workspace(session, team_id)
    column: Any = model.number  # type: ignore[attr-defined]
    team: Any = model.team_id  # type: ignore[attr-defined]
    current = session.execute(select(func.max(column)).where(team == team_id)).scalar()
    return int(current or 0) + 1


@dataclass(frozen=True)
class Deletion:
    """What forgetting a workspace removed: rows per table (tables without its rows left out)."""

    team_id: str
    rows_by_table: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.rows_by_table.values())

    @property
    def tables(self) -> int:
        return len(self.rows_by_table)


def delete_workspace_data(session: Session, team_id: str) -> Deletion:
    """Forget a workspace in the caller's transaction: every row of every table that has a
    ``team_id`` column (its installation and tokens included), and the workspace itself.

    Tables are found in ``SQLModel.metadata``, so a table added later is covered without
    being listed here, and emptied children first (the reverse of the order in which foreign
    keys need them), so the counts are exact and nothing depends on ON DELETE CASCADE.
    ``signalanswer`` has no team_id: it caches public answers about public papers, shared
    by every workspace on purpose. Deleting a workspace that has no rows deletes nothing.
    """
    deleted: dict[str, int] = {}
    for table in reversed(SQLModel.metadata.sorted_tables):
        team = table.c.get("team_id")
        if team is None:
            continue
        count = session.execute(delete(table).where(team == team_id)).rowcount  # type: ignore[attr-defined]
        if count:
            deleted[table.name] = int(count)
    return Deletion(team_id, deleted)
