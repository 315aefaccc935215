"""The review reminder: the agenda, posted at the lead time in the channel of the schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

from assay.runtime import Runtime
from assay.services.review.agenda import build_agenda
from assay.services.review.schedule import current_schedule
from assay.services.schedules.compose import Composition, Moot, Stale
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import ScheduledItem
from assay.views.review import agenda_blocks

# An agenda is still worth posting in the meeting's first minutes (with `lead=0m` it is due at
# the very start); later than this it would arrive in a meeting that has moved on.
STILL_USEFUL_AFTER_START = timedelta(minutes=30)


def compose_review(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    meeting = datetime.fromisoformat(str(item.payload["meeting_at"]))
    with runtime.db.session() as session:
        schedule = current_schedule(session, item.team_id)
        if schedule is None or schedule.id != item.subject_id:
            raise Moot("the review schedule was removed or replaced")
        if (schedule.expression, schedule.timezone) != (item.payload.get("expression"), item.payload.get("timezone")):
            raise Moot("the review schedule changed")
        if now >= meeting + STILL_USEFUL_AFTER_START:
            raise Stale(f"the review meeting of {meeting.isoformat()} is well under way")
        agenda = build_agenda(session, item.team_id, now, runtime.settings.timezone)
        channel = schedule.channel
    if not channel:
        raise Moot("the review schedule has no channel to post in")
    text, blocks = agenda_blocks(agenda, now, reminder_for=meeting)
    return Composition([OutgoingMessage(text, blocks, channel)])
