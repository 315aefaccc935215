"""Time-box reminders of a gut check: planned at start, cancelled or re-planned by decisions.

Three reminders, all in the gut check's home thread except the last:

- *day before* the time-box ends (planned only when that moment is still ahead);
- *expiry*, at the end, with the decision buttons;
- *escalation* to the channel, mentioning the owner, one working day after the expiry
  reminder went out without a decision (planned when the expiry reminder is delivered).

Each remembers the time-box end it was planned for, so an extension makes the old ones moot
even if a cancellation was missed; a decision cancels them all. What they say is composed
in ``reminder_posts``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.services.workspaces import team_timezone
from assay.storage.models import GutCheck, ScheduledItem

SUBJECT = "gutcheck"


def plan_reminders(session: Session, check: GutCheck, now: datetime) -> list[ScheduledItem]:
    """Plan the day-before and expiry reminders for ``check``'s current time-box end."""
    assert check.id is not None
    tz = team_timezone(session, check.team_id)
    ends = check.timebox_ends
    planned = []
    for kind, due in ((Kind.GUTCHECK_DAY_BEFORE, ends - timedelta(days=1)), (Kind.GUTCHECK_EXPIRY, ends)):
        if kind is Kind.GUTCHECK_DAY_BEFORE and due <= now:
            continue
        item = items.plan(
            session,
            team_id=check.team_id,
            kind=kind,
            key=f"{kind.value}:{check.id}:{ends.isoformat()}",
            due_at=due,
            now=now,
            timezone=tz,
            subject=(SUBJECT, check.id),
            payload={"timebox_ends": ends.isoformat()},
        )
        if item is not None:
            planned.append(item)
    return planned


def cancel_reminders(session: Session, check: GutCheck) -> int:
    """Cancel every pending reminder of ``check``; returns how many there were."""
    assert check.id is not None
    return items.cancel(session, check.team_id, (SUBJECT, check.id))
