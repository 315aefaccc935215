"""Who holds a scheduled item: the lease a dispatcher takes when it claims one, and the checks
that keep two processes from delivering the same item.

A claim writes the worker's name, a lease end and one more attempt; the pair (worker, attempt)
is the claim's token. Whoever takes an item over — a claim after a retry, a recovery after the
lease ran out — writes a new attempt, so a process that was paused past its lease finds the
token changed and leaves the item alone.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, case, func, or_, select, update
from sqlmodel import Session, col

from assay.services.schedules.items import PENDING, SENDING, SENT
from assay.storage.models import ScheduledItem

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # longer than a post with all of Slack's 429 waits
VERIFY_SINCE = "verify_since"  # in a post's payload: a try got no answer; look in Slack from then on
LOOK_BACK = timedelta(minutes=1)  # a little before the try, for clocks that differ


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def marker(item: ScheduledItem) -> str:
    return f"assay-item-{item.id}"


@dataclass
class Report:
    """What one run delivered; ``lateness`` holds seconds after due, per post sent."""

    sent: int = 0
    composed: int = 0
    stale: int = 0
    cancelled: int = 0
    failed: int = 0
    retried: int = 0
    recovered: int = 0
    lateness: list[float] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for name in ("sent", "composed", "stale", "cancelled", "failed", "retried", "recovered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lateness += other.lateness


def due(now: datetime, team_id: str | None) -> Select[ScheduledItem]:
    """Pending items due at ``now`` (of one workspace, or all), soonest first."""
    query = select(ScheduledItem).where(
        col(ScheduledItem.status) == PENDING,
        col(ScheduledItem.due_at) <= now,
        or_(col(ScheduledItem.not_before).is_(None), col(ScheduledItem.not_before) <= now),
    )
    if team_id is not None:
        query = query.where(col(ScheduledItem.team_id) == team_id)
    return query.order_by(col(ScheduledItem.due_at), col(ScheduledItem.id))


def expired(now: datetime, team_id: str | None) -> Select[ScheduledItem]:
    """Items whose lease ran out while ``sending`` (their process stopped or stalled)."""
    query = select(ScheduledItem).where(col(ScheduledItem.status) == SENDING, col(ScheduledItem.lease_until) < now)
    if team_id is not None:
        query = query.where(col(ScheduledItem.team_id) == team_id)
    return query


def claim_due(session: Session, now: datetime, team_id: str | None, worker: str, limit: int) -> list[ScheduledItem]:
    """Lease up to ``limit`` due items to ``worker`` in one statement:
    ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``."""
    chosen = due(now, team_id).with_only_columns(col(ScheduledItem.id)).limit(limit)
    claimed = session.execute(
        update(ScheduledItem)
        .where(col(ScheduledItem.id).in_(chosen.with_for_update(skip_locked=True).scalar_subquery()))
        .values(status=SENDING, claimed_by=worker, lease_until=now + LEASE, attempts=col(ScheduledItem.attempts) + 1)
        .returning(ScheduledItem)
        .execution_options(synchronize_session=False)
    )
    return list(claimed.scalars())


def mark_sent(session: Session, rows: list[dict[str, Any]]) -> None:
    """Mark posts that went out sent, whoever holds them now (one ``executemany``); each row
    has ``item_id``, ``at``, ``channel`` and ``ts``."""
    mark = (
        update(ScheduledItem)
        .where(col(ScheduledItem.id) == bindparam("item_id"), col(ScheduledItem.status) != SENT)
        .values(status=SENT, sent_at=bindparam("at"), lease_until=None, last_error=None)
        .values(message_channel=bindparam("channel"), message_ts=bindparam("ts"))
    )
    session.connection().execute(mark, rows)


def take(row: ScheduledItem, worker: str, now: datetime) -> None:
    """Lease ``row`` to ``worker`` with a new token."""
    row.status, row.claimed_by = SENDING, worker
    row.lease_until, row.attempts = now + LEASE, row.attempts + 1


def held(session: Session, item: ScheduledItem, worker: str) -> ScheduledItem | None:
    """The row, locked, if ``worker`` still holds the claim ``item`` was read under (else it
    was taken over, or finished by whoever posted it)."""
    row: ScheduledItem | None = session.execute(
        select(ScheduledItem).where(col(ScheduledItem.id) == item.id).with_for_update()
    ).scalar_one_or_none()
    if row is None or row.status != SENDING or row.claimed_by != worker or row.attempts != item.attempts:
        log.warning("scheduled item %s was taken over or finished elsewhere; leaving it", item.id)
        return None
    return row


def next_due(session: Session, after: datetime, team_id: str | None) -> datetime | None:
    """When the next pending item falls due (or ends its backoff) after ``after``, if any."""
    at = case(
        (col(ScheduledItem.not_before) > col(ScheduledItem.due_at), col(ScheduledItem.not_before)),
        else_=col(ScheduledItem.due_at),
    )
    query = select(func.min(at)).where(col(ScheduledItem.status) == PENDING, at > after)
    if team_id is not None:
        query = query.where(col(ScheduledItem.team_id) == team_id)
    found: datetime | None = session.execute(query).scalar()
    return found
