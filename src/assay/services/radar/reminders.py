"""Due dates of TRIAL and ASSESS techniques: a DM to the owner on the day, and a nudge in the
technique's thread a week later if the date has not moved.

Planned whenever a technique is added, edited or moved; the reminders remember the owner and
date they were planned for, so a changed date or owner (or a move out of TRIAL/ASSESS) makes
the old ones moot. The reminders go out at 09:00 on the team's clocks.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from assay.radar.rules import RINGS_NEEDING_OWNER, Ring
from assay.runtime import Runtime
from assay.scheduling.calendar import at_local, local_date
from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.services.schedules.compose import Composition, Moot
from assay.services.schedules.messages import OutgoingMessage
from assay.services.workspaces import team_timezone
from assay.storage.models import ScheduledItem, Technique
from assay.views.radar.reminders import due_blocks, due_text

SUBJECT = "technique"
REMIND_AT = time(9, 0)
NUDGE_AFTER = timedelta(days=7)


def replan_due(session: Session, technique: Technique, now: datetime) -> None:
    """Cancel the technique's pending due reminders and plan them again for its current state."""
    assert technique.id is not None
    items.cancel(session, technique.team_id, (SUBJECT, technique.id))
    if Ring(technique.ring) not in RINGS_NEEDING_OWNER or not (technique.owner and technique.due):
        return
    tz = team_timezone(session, technique.team_id)
    payload = {"due": technique.due.isoformat(), "owner": technique.owner}
    for kind, day in ((Kind.RADAR_DUE, technique.due), (Kind.RADAR_OVERDUE, technique.due + NUDGE_AFTER)):
        items.plan(
            session,
            team_id=technique.team_id,
            kind=kind,
            key=f"{kind.value}:{technique.id}:{technique.due.isoformat()}:{technique.owner}",
            due_at=at_local(day, REMIND_AT, tz),
            now=now,
            timezone=tz,
            subject=(SUBJECT, technique.id),
            payload=payload,
        )


def _current(runtime: Runtime, item: ScheduledItem) -> Technique:
    with runtime.db.session() as session:
        technique = session.get(Technique, item.subject_id or 0)
    if technique is None or technique.team_id != item.team_id:
        raise Moot("the technique is gone")
    if Ring(technique.ring) not in RINGS_NEEDING_OWNER:
        raise Moot(f"{technique.name} moved to {technique.ring}")
    due = technique.due.isoformat() if technique.due else None
    if due != item.payload.get("due") or technique.owner != item.payload.get("owner"):
        raise Moot(f"{technique.name}'s due date or owner changed")
    return technique


def compose_due(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    technique = _current(runtime, item)
    assert technique.due is not None and technique.owner is not None
    text = due_text(technique, overdue=False)
    blocks = due_blocks(technique, overdue=False, today=_day(now, item))
    return Composition([OutgoingMessage(text, blocks, user=technique.owner)])


def compose_overdue(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    technique = _current(runtime, item)
    text = due_text(technique, overdue=True)
    blocks = due_blocks(technique, overdue=True, today=_day(now, item))
    if technique.thread_channel and technique.thread_ts:
        return Composition([OutgoingMessage(text, blocks, technique.thread_channel, technique.thread_ts)])
    return Composition([OutgoingMessage(text, blocks, user=technique.owner)])


def _day(now: datetime, item: ScheduledItem) -> date:
    return local_date(now, item.timezone)
