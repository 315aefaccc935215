"""What a gut check's time-box reminders say, composed when they are due (see ``reminders``)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from assay.commands.context import Ctx
from assay.replies import Block
from assay.runtime import Runtime
from assay.scheduling.calendar import next_working_day
from assay.scheduling.kinds import Kind
from assay.services.gutcheck.checks import Record, find_gut_check, load_record
from assay.services.gutcheck.reminders import SUBJECT
from assay.services.schedules import items
from assay.services.schedules.compose import Composition, Moot, Stale
from assay.services.schedules.messages import OutgoingMessage
from assay.services.workspaces import team_timezone
from assay.storage.models import GutCheck, ScheduledItem
from assay.views.gutcheck.reminders import reminder_blocks, reminder_decided_blocks, reminder_text


def _current(runtime: Runtime, item: ScheduledItem) -> tuple[Record, str]:
    """The gut check the item is about, if the reminder still makes sense; Moot otherwise."""
    with runtime.db.session() as session:
        check = session.get(GutCheck, item.subject_id or 0)
        if check is None or check.team_id != item.team_id:
            raise Moot("the gut check is gone")
        if check.status != "open":
            raise Moot(f"G{check.number} was decided ({check.status})")
        if check.timebox_ends.isoformat() != item.payload.get("timebox_ends"):
            raise Moot(f"G{check.number}'s time-box was changed")
        # Times are written on the team's clocks as they are now: the zone may have changed
        # since the reminder was planned (the instant it is due stays).
        return load_record(session, check), team_timezone(session, item.team_id, runtime.settings.timezone)


def _in_home(record: Record, text: str, kind: Kind, tz: str, now: datetime) -> OutgoingMessage:
    check = record.check
    blocks = reminder_blocks(record, kind, now, tz)
    if check.thread_channel and check.thread_ts:
        return OutgoingMessage(text, blocks, check.thread_channel, check.thread_ts)
    return OutgoingMessage(text, blocks, check.channel)


def compose_day_before(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    record, tz = _current(runtime, item)
    if now >= record.check.timebox_ends:
        raise Stale("the time-box has already ended; the expiry reminder goes instead")
    text = reminder_text(record, Kind.GUTCHECK_DAY_BEFORE, tz)
    return Composition([_in_home(record, text, Kind.GUTCHECK_DAY_BEFORE, tz, now)])


def compose_expiry(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    record, tz = _current(runtime, item)
    text = reminder_text(record, Kind.GUTCHECK_EXPIRY, tz)
    check = record.check

    def plan_escalation(session: Session, at: datetime) -> None:
        assert check.id is not None
        items.plan(
            session,
            team_id=check.team_id,
            kind=Kind.GUTCHECK_ESCALATION,
            key=f"{Kind.GUTCHECK_ESCALATION.value}:{check.id}:{check.timebox_ends.isoformat()}",
            due_at=next_working_day(at, tz),
            now=at,
            timezone=tz,
            subject=(SUBJECT, check.id),
            payload={"timebox_ends": check.timebox_ends.isoformat()},
        )

    return Composition([_in_home(record, text, Kind.GUTCHECK_EXPIRY, tz, now)], [plan_escalation])


def compose_escalation(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    record, tz = _current(runtime, item)
    check = record.check
    text = reminder_text(record, Kind.GUTCHECK_ESCALATION, tz)
    blocks = reminder_blocks(record, Kind.GUTCHECK_ESCALATION, now, tz)
    channel = check.thread_channel or check.channel
    if channel and check.thread_ts:  # the thread's reply, also shown to the whole channel
        return Composition([OutgoingMessage(text, blocks, channel, check.thread_ts, broadcast=True)])
    return Composition([OutgoingMessage(text, blocks, channel)])


def decided_reminder(ctx: Ctx, ref: str, decision: str, why: str) -> tuple[str, list[Block]]:
    """A time-box reminder redrawn after someone decided from it: who decided what, no buttons."""
    with ctx.runtime.db.session() as session:
        record = load_record(session, find_gut_check(session, ctx.team_id, ref))
        tz = team_timezone(session, ctx.team_id)
    blocks = reminder_decided_blocks(record, decision, ctx.user_id, why, tz, ctx.runtime.clock.now())
    return f"{record.handle}: decided {decision}.", blocks
