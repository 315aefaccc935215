"""Recurring schedules become rows: the next weekly digest, review reminder and daily watch run.

APScheduler's persistent job stores must not be shared by several processes (its FAQ warns of
duplicate and missed runs), so recurring work is not kept as APScheduler jobs. Instead every
process runs this planner once a minute; it computes each schedule's next occurrence with
APScheduler's cron trigger in the workspace's zone and adds it as a scheduled item. The item's
key names the occurrence, so many planners add it once. Missed occurrences are not multiplied
after downtime: the row planned before the outage is delivered once, then planning resumes
from now.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from assay.runtime import Runtime
from assay.scheduling.calendar import at_local, local_date
from assay.scheduling.kinds import Kind
from assay.services.digest import plan_next_digest
from assay.services.papers.watch_daily import daily_posts
from assay.services.review.schedule import plan_next_reminder
from assay.services.schedules import items
from assay.services.schedules.compose import Composition, Moot
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import PaperWatch, ReviewSchedule, ScheduledItem, Workspace

WATCH_AT = time(9, 0)  # arXiv announces around midnight UTC; by 09:00 anywhere the day's list is out


def plan_recurring(runtime: Runtime, now: datetime) -> int:
    """Plan the next occurrence of every recurring schedule; returns how many rows were added."""
    added = 0
    with runtime.db.session() as session:
        for workspace in session.execute(
            select(Workspace).where(col(Workspace.digest_schedule).is_not(None))
        ).scalars():
            added += plan_next_digest(session, workspace, now) is not None
        for schedule in session.execute(select(ReviewSchedule)).scalars():
            added += plan_next_reminder(session, schedule, now) is not None
        zones = dict(session.execute(select(col(Workspace.team_id), col(Workspace.timezone))).all())
        for watch in session.execute(select(PaperWatch).where(col(PaperWatch.active).is_(True))).scalars():
            added += plan_next_watch_run(session, watch, zones.get(watch.team_id, "UTC"), now) is not None
    return added


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
        subject=("watch", watch.id),
        payload={"watch_id": watch.id},
    )


def compose_watch(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    """Today's run of a watch: its digest (if anything is new) and any notes it has."""
    with runtime.db.session() as session:
        watch = session.get(PaperWatch, item.subject_id or 0)
        if watch is None or watch.team_id != item.team_id or not watch.active:
            raise Moot("the watch was stopped")
    return Composition([OutgoingMessage.from_announcement(a) for a in daily_posts(runtime, watch.id or 0)])
