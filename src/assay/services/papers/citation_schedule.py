"""The daily citation refresh as scheduled work: planned at 06:00 on each workspace's clocks,
composed into the priority-change notes :func:`refresh_citations` returns (each for its paper's
home thread)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session

from assay.runtime import Runtime
from assay.scheduling.calendar import at_local, local_date
from assay.scheduling.kinds import Kind
from assay.services.papers.citation_refresh import refresh_citations
from assay.services.schedules import items
from assay.services.schedules.compose import Composition
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import ScheduledItem

REFRESH_AT = time(6, 0)  # before the working day, so the morning's queue shows today's counts


def plan_next_citation_refresh(session: Session, team_id: str, tz: str, now: datetime) -> ScheduledItem | None:
    """The workspace's next daily refresh (idempotent: the key names the day)."""
    day = local_date(now, tz)
    due = at_local(day, REFRESH_AT, tz)
    if due <= now:
        day += timedelta(days=1)
        due = at_local(day, REFRESH_AT, tz)
    return items.plan(
        session,
        team_id=team_id,
        kind=Kind.CITATION_REFRESH,
        key=f"{Kind.CITATION_REFRESH.value}:{day.isoformat()}",
        due_at=due,
        now=now,
        timezone=tz,
    )


def compose_citation_refresh(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    """Refresh the workspace's reading queue; each priority change is said in its home thread."""
    del now
    notes = refresh_citations(runtime, item.team_id)
    return Composition([OutgoingMessage.from_announcement(note) for note in notes])
