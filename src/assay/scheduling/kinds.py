"""The kinds of scheduled work, and how late each may still be delivered.

A *producer* kind (a reminder, a digest, a watch run) is composed at its due time into one or
more ``post`` items, each exactly one Slack message; see docs/schedules.md.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class Kind(StrEnum):
    POST = "post"  # one message, already composed
    GUTCHECK_DAY_BEFORE = "gutcheck.day_before"
    GUTCHECK_EXPIRY = "gutcheck.expiry"
    GUTCHECK_ESCALATION = "gutcheck.escalation"
    RADAR_DUE = "radar.due"
    RADAR_OVERDUE = "radar.overdue"
    REVIEW_REMINDER = "review.reminder"
    DIGEST = "digest.weekly"
    WATCH = "watch.daily"
    PREDICTION_DUE = "prediction.due"
    CITATION_REFRESH = "papers.citations"


# How late a producer may run and still make sense. Past it the item is marked stale: logged,
# counted on the review agenda, never silently dropped. None: never stale (a decision or an
# answer is still owed however late the reminder is). Review reminders are stale once the
# meeting has started, which the composer checks itself.
GRACE: dict[Kind, timedelta | None] = {
    Kind.POST: timedelta(days=2),
    Kind.GUTCHECK_DAY_BEFORE: None,  # stale when the time-box has ended: the expiry reminder goes instead
    Kind.GUTCHECK_EXPIRY: None,
    Kind.GUTCHECK_ESCALATION: None,
    Kind.RADAR_DUE: timedelta(days=3),
    Kind.RADAR_OVERDUE: timedelta(days=3),
    Kind.REVIEW_REMINDER: None,
    Kind.DIGEST: timedelta(days=1),
    Kind.WATCH: timedelta(days=2),
    Kind.PREDICTION_DUE: None,
    Kind.CITATION_REFRESH: timedelta(days=1),  # the next day's refresh catches up
}

# Where the whole of a long post can be read: a scheduled message is one Slack message, so one
# with more than fits ends with "… N more — see <command>".
SEE_ALSO: dict[Kind, str] = {
    Kind.DIGEST: "/paper queue all",
    Kind.WATCH: "/paper watch list",
    Kind.REVIEW_REMINDER: "/review agenda",
    Kind.CITATION_REFRESH: "/paper queue",
}

# Composing these records something outside the item (a watch run marks the papers it found as
# reported, a citation refresh stores the new counts and bands), so one interrupted mid-way is
# failed rather than composed again into nothing.
COMPOSING_HAS_EFFECTS = frozenset({Kind.WATCH, Kind.CITATION_REFRESH})

MAX_ATTEMPTS = 5  # Slack errors that may pass (429, 5xx, timeouts) are retried this often


def backoff(attempts: int) -> timedelta:
    """The wait before retry number ``attempts`` (1-based): 30 s, 1 min, 2 min, … at most 30 min."""
    return min(timedelta(seconds=30 * 2 ** max(0, attempts - 1)), timedelta(minutes=30))
