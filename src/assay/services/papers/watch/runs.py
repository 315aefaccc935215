"""A watch's daily run, planned at 09:00 on the team's clocks, never before the day's listing is
out (what it posts: ``watch.daily``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from assay.scheduling.calendar import at_local, local_date
from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.storage.models import PaperWatch, ScheduledItem

WATCH_AT = time(9, 0)
# arXiv's listing feeds are rebuilt once a day at midnight US Eastern (04:00–05:00 UTC). West of
# about UTC+3, 09:00 local is after that; further east a run waits until 06:00 UTC, so a team
# in Tokyo reads the day's list at 15:00 instead of yesterday's at 09:00.
FEED_READY_UTC = time(6, 0)
SUBJECT = "watch"


def plan_next_watch_run(session: Session, watch: PaperWatch, tz: str, now: datetime) -> ScheduledItem | None:
    """The watch's next daily run (idempotent): see :func:`run_at`."""
    assert watch.id is not None
    day = local_date(now, tz)
    due = run_at(day, tz)
    if due <= now:
        day += timedelta(days=1)
        due = run_at(day, tz)
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


def run_at(day: date, tz: str) -> datetime:
    """When the run of the team's ``day`` goes: 09:00 there, or 06:00 UTC if that is later."""
    local = at_local(day, WATCH_AT, tz)
    ready = datetime.combine(local.astimezone(UTC).date(), FEED_READY_UTC, tzinfo=UTC)
    return max(local, ready)


def cancel_watch_runs(session: Session, watch: PaperWatch) -> None:
    assert watch.id is not None
    items.cancel(session, watch.team_id, (SUBJECT, watch.id))
