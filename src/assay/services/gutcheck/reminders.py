"""When to remind about a gut check's time-box: data the scheduler delivers.

A gut check gets a "day-before" reminder (only when that moment is still ahead) and an
"expiry" reminder at the end of its time-box. A decision cancels the pending ones; an
extension cancels them and plans new ones for the new end.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from assay.storage.models import GutCheck, GutCheckReminder

DAY_BEFORE = "day-before"
EXPIRY = "expiry"
PENDING, CANCELLED = "pending", "cancelled"


def plan_reminders(session: Session, check: GutCheck, now: datetime) -> list[GutCheckReminder]:
    """Add pending reminders for ``check``'s current time-box end; returns them."""
    assert check.id is not None
    due = [(DAY_BEFORE, check.timebox_ends - timedelta(days=1)), (EXPIRY, check.timebox_ends)]
    reminders = [
        GutCheckReminder(team_id=check.team_id, gutcheck_id=check.id, kind=kind, due_at=at, status=PENDING)
        for kind, at in due
        if kind == EXPIRY or at > now
    ]
    session.add_all(reminders)
    return reminders


def cancel_reminders(session: Session, check: GutCheck) -> int:
    """Mark every pending reminder of ``check`` cancelled; returns how many there were."""
    pending = session.execute(
        select(GutCheckReminder).where(
            GutCheckReminder.team_id == check.team_id,  # type: ignore[arg-type]
            GutCheckReminder.gutcheck_id == check.id,  # type: ignore[arg-type]
            GutCheckReminder.status == PENDING,  # type: ignore[arg-type]
        )
    ).scalars()
    count = 0
    for reminder in pending:
        reminder.status = CANCELLED
        count += 1
    return count
