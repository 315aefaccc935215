"""Plan and cancel scheduled items inside the caller's unit of work.

Planning is idempotent: an item's ``key`` names the occurrence (``gutcheck.expiry:12:<instant>``),
and a key planned twice — by two processes, or by a retried request — is one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.scheduling.kinds import Kind
from assay.storage.models import ScheduledItem

PENDING, SENDING, SENT, CANCELLED, STALE, FAILED = "pending", "sending", "sent", "cancelled", "stale", "failed"
OPEN_STATUSES = (PENDING, SENDING)


def plan(
    session: Session,
    *,
    team_id: str,
    kind: Kind,
    key: str,
    due_at: datetime,
    now: datetime,
    timezone: str = "UTC",
    subject: tuple[str, int] | None = None,
    payload: dict[str, Any] | None = None,
) -> ScheduledItem | None:
    """Add the item unless its key is planned already; returns the new (or revived) row, or None.

    A cancelled item planned again is revived (a date changed back, a decision undone by a new
    time-box); a pending, sent, stale or failed one is left alone. The insert runs in a
    savepoint, so a concurrent planner adding the same key makes this a no-op instead of
    failing the caller's transaction.
    """
    key = key[:200]
    existing: ScheduledItem | None = session.execute(
        select(ScheduledItem).where(col(ScheduledItem.team_id) == team_id, col(ScheduledItem.key) == key)
    ).scalar_one_or_none()
    if existing is not None:
        if existing.status != CANCELLED:
            return None
        existing.status, existing.due_at, existing.timezone = PENDING, due_at, timezone
        existing.payload, existing.attempts, existing.last_error, existing.not_before = payload or {}, 0, None, None
        return existing
    item = ScheduledItem(
        team_id=team_id,
        kind=kind.value,
        key=key,
        subject_type=subject[0] if subject else None,
        subject_id=subject[1] if subject else None,
        due_at=due_at,
        timezone=timezone,
        payload=payload or {},
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError:
        return None
    return item


def cancel(session: Session, team_id: str, subject: tuple[str, int], kinds: Iterable[Kind] | None = None) -> int:
    """Cancel the pending items about ``subject`` (optionally only of ``kinds``); returns how many."""
    query = (
        update(ScheduledItem)
        .where(
            col(ScheduledItem.team_id) == team_id,
            col(ScheduledItem.subject_type) == subject[0],
            col(ScheduledItem.subject_id) == subject[1],
            col(ScheduledItem.status) == PENDING,
        )
        .values(status=CANCELLED)
    )
    if kinds is not None:
        query = query.where(col(ScheduledItem.kind).in_([k.value for k in kinds]))
    result = session.execute(query.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def pending_for(session: Session, team_id: str, subject: tuple[str, int]) -> list[ScheduledItem]:
    """The pending items about ``subject``, soonest first."""
    return list(
        session.execute(
            select(ScheduledItem)
            .where(
                col(ScheduledItem.team_id) == team_id,
                col(ScheduledItem.subject_type) == subject[0],
                col(ScheduledItem.subject_id) == subject[1],
                col(ScheduledItem.status) == PENDING,
            )
            .order_by(col(ScheduledItem.due_at))
        ).scalars()
    )
