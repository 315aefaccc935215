"""When the review meeting happens, and its reminder with the agenda at the lead time.

One schedule per workspace. Setting it again replaces it (and the pending reminder). The
planner keeps one reminder planned for the next meeting: ``meeting − lead``, or at once when
the schedule is set closer to the meeting than the lead time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.scheduling.calendar import next_fire
from assay.scheduling.kinds import Kind
from assay.scheduling.phrases import Recurrence, parse_recurrence
from assay.services.schedules import items
from assay.services.workspaces import ensure_workspace
from assay.storage.models import ReviewSchedule, ScheduledItem

SUBJECT = "review"
MAX_LEAD = timedelta(days=30)
_LEAD = re.compile(r"^\s*(\d{1,5})\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_lead(text: str) -> timedelta:
    """``1d``, ``2h``, ``30m``, ``0m`` → a lead time of at most 30 days; UserError otherwise."""
    match = _LEAD.match(text)
    if not match:
        raise UserError(f"`lead={text}` is not a lead time. Write a number and m, h, d or w, e.g. `lead=1d`.")
    lead = timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2).lower()])
    if lead > MAX_LEAD:
        raise UserError("The reminder can come at most 30 days before the meeting (lead=30d).")
    return lead


@dataclass(frozen=True)
class ScheduleSet:
    schedule: ReviewSchedule
    recurrence: Recurrence
    next_meeting: datetime | None


def set_schedule(ctx: Ctx, expression: str, tz: str | None, lead: timedelta) -> ScheduleSet:
    """Store the workspace's review schedule (replacing any) and plan the next reminder.

    ``tz`` defaults to the workspace's zone. Raises UserError for an expression that is
    neither a phrase nor a cron line, or one that never happens again.
    """
    recurrence = parse_recurrence(expression)
    rt = ctx.runtime
    with rt.db.session() as session:
        now = rt.clock.now()
        workspace = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
        zone = tz or workspace.timezone
        upcoming = next_fire(recurrence.cron, zone, now)
        if upcoming is None:
            raise UserError(f"`{expression}` never happens again. Give a schedule with a future date.")
        schedule = current_schedule(session, ctx.team_id)
        if schedule is None:
            schedule = ReviewSchedule(team_id=ctx.team_id, expression="", timezone=zone, lead_seconds=0, created_at=now)
            session.add(schedule)
        schedule.expression, schedule.cron, schedule.timezone = expression.strip(), recurrence.cron, zone
        schedule.lead_seconds, schedule.channel, schedule.created_by = (
            int(lead.total_seconds()),
            ctx.channel_id,
            ctx.user_id,
        )
        session.flush()
        items.cancel(session, ctx.team_id, (SUBJECT, schedule.id or 0))
        plan_next_reminder(session, schedule, now)
        return ScheduleSet(schedule, recurrence, upcoming)


def current_schedule(session: Session, team_id: str) -> ReviewSchedule | None:
    found: ReviewSchedule | None = session.execute(
        select(ReviewSchedule).where(col(ReviewSchedule.team_id) == team_id)
    ).scalar_one_or_none()
    return found


def _version(schedule: ReviewSchedule) -> str:
    """Changes when the schedule does, so a new schedule plans its own reminder."""
    text = f"{schedule.expression}|{schedule.timezone}|{schedule.lead_seconds}"
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10]


def next_meeting(schedule: ReviewSchedule, after: datetime) -> datetime | None:
    return next_fire(schedule.cron, schedule.timezone, after)


def plan_next_reminder(session: Session, schedule: ReviewSchedule, now: datetime) -> ScheduledItem | None:
    """Plan the reminder of the next meeting after ``now`` unless it is planned (idempotent)."""
    meeting = next_meeting(schedule, now)
    if meeting is None or schedule.id is None:
        return None
    due = max(meeting - timedelta(seconds=schedule.lead_seconds), now)
    return items.plan(
        session,
        team_id=schedule.team_id,
        kind=Kind.REVIEW_REMINDER,
        key=f"{Kind.REVIEW_REMINDER.value}:{schedule.id}:{_version(schedule)}:{meeting.isoformat()}",
        due_at=due,
        now=now,
        timezone=schedule.timezone,
        subject=(SUBJECT, schedule.id),
        payload={"meeting_at": meeting.isoformat(), "expression": schedule.expression, "timezone": schedule.timezone},
    )
