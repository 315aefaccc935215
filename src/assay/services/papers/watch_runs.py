"""A watch's daily run, planned at 09:00 on the team's clocks (what it posts: ``watch_daily``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session

from assay.scheduling.calendar import at_local, local_date
from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.storage.models import PaperWatch, ScheduledItem

WATCH_AT = time(9, 0)  # arXiv announces around midnight UTC; by 09:00 anywhere the day's list is out
SUBJECT = "watch"


def plan_next_watch_run(session: Session, watch: PaperWatch, tz: str, now: datetime) -> ScheduledItem | None:
    """The watch's next daily run at 09:00 on the team's clocks (idempotent)."""
    assert watch.id is not None
    day = local_date(now, tz)
    due = at_local(day, WATCH_AT, tz)
    if due <= now:
        day += timedelta(days=1)
        due = at_local(day, WATCH_AT, tz)
    return items.plan(
        session,
        team_id=watch.team_id,
        kind=Kind.WATCH,
        key=f"{Kind.WATCH.value}:{watch.id}:{day.isoformat()}",
        due_at=due,
        now=now,
        timezone=tz,
        subject=(SUBJECT, watch.id),
        payload={"watch_id": watch.id},
    )


def cancel_watch_runs(session: Session, watch: PaperWatch) -> None:
    assert watch.id is not None
    items.cancel(session, watch.team_id, (SUBJECT, watch.id))
