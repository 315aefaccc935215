"""How a watch reads a day's listing: which announcements count, and when a feed looks frozen.

arXiv announces Sunday to Thursday evening, US Eastern time; the listing feeds are rebuilt at
midnight Eastern, so a feed dated Monday to Friday (Eastern) carries that day's announcements and
Saturday's and Sunday's are empty. A feed that has not changed on 4 announcement days in a row is
possibly stale: the watch says so once in its channel, and again only after it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from assay.arxiv.listing import ListingItem

ARXIV_TIME = ZoneInfo("America/New_York")
STALE_AFTER_DAYS = 4
NEW, CROSS, REPLACE, REPLACE_CROSS = "new", "cross", "replace", "replace-cross"


def listing_day(now: datetime) -> date:
    """The date of the listing arXiv serves at ``now`` (its Eastern-time date)."""
    return now.astimezone(ARXIV_TIME).date()


def is_announcement_day(day: date) -> bool:
    """Monday to Friday carry announcements (arXiv holidays aside, which nobody publishes ahead)."""
    return day.weekday() < 5


def counts_for_watch(item: ListingItem, *, cross: bool) -> bool:
    """``new`` always, ``cross`` when the watch asks for cross-lists, replacements never."""
    return item.announce_type == NEW or (cross and item.announce_type == CROSS)


def is_new_version(item: ListingItem) -> bool:
    return item.announce_type in (REPLACE, REPLACE_CROSS)


@dataclass(frozen=True)
class FeedState:
    """What the watch remembers of its category's feed."""

    fingerprint: str | None
    checked_on: date | None
    unchanged_days: int
    stale_noted: bool


@dataclass(frozen=True)
class FeedCheck:
    state: FeedState
    report_stale: bool  # say "possibly stale" in the channel now


def check_feed(state: FeedState, fingerprint: str, day: date) -> FeedCheck:
    """Count the announcement days a feed stayed the same; report a frozen feed once.

    Only the first reading of each announcement day counts; weekend and repeated readings
    change nothing.
    """
    if not is_announcement_day(day) or state.checked_on == day:
        return FeedCheck(state, report_stale=False)
    if fingerprint != state.fingerprint:
        return FeedCheck(FeedState(fingerprint, day, 0, False), report_stale=False)
    unchanged = state.unchanged_days + 1
    report = unchanged >= STALE_AFTER_DAYS and not state.stale_noted
    new_state = FeedState(fingerprint, day, unchanged, state.stale_noted or report)
    return FeedCheck(new_state, report_stale=report)
