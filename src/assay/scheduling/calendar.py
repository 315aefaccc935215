"""Time-zone aware calendar arithmetic for schedules. Pure: no I/O, no clock.

Recurring times are APScheduler 3 cron fields evaluated in an IANA zone: APScheduler's cron
trigger already knows ``1st tue`` and ``last fri`` and does the DST arithmetic, so Assay does
not keep a calendar of its own. Two DST rules follow from it (tests pin both):

- a wall time that does not exist on a spring-forward day (02:30 in Berlin on the last Sunday
  of March) happens at the same distance after the gap (03:30 CEST);
- a wall time that happens twice on a fall-back day happens once, at its first occurrence.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

CronFields = Mapping[str, str]
CRON_FIELD_NAMES = ("minute", "hour", "day", "month", "day_of_week")


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone ``name``; UTC for an unknown or missing name (settings validate names)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def trigger(cron: CronFields, tz: str) -> CronTrigger:
    """APScheduler's cron trigger for these fields in zone ``tz``; ValueError if they don't parse."""
    from apscheduler.triggers.cron import CronTrigger  # here: most commands never need it

    fields = {name: str(cron.get(name, "*")) for name in CRON_FIELD_NAMES}
    return CronTrigger(second="0", timezone=zone(tz), **fields)


def next_fire(cron: CronFields, tz: str, after: datetime) -> datetime | None:
    """The first instant strictly after ``after`` that matches ``cron`` in ``tz`` (UTC), or None.

    A wall time repeated by a fall-back DST change is returned once (its first occurrence).
    """
    trig = trigger(cron, tz)
    local_zone = zone(tz)
    # Step in UTC: adding to an aware local time is wall-clock arithmetic and drops ``fold``.
    start = after.astimezone(UTC) + timedelta(seconds=1)
    for _ in range(4):  # a repeated wall time is skipped at most once per change
        fire: datetime | None = trig.get_next_fire_time(None, start.astimezone(local_zone))
        if fire is None:
            return None
        if not _repeats_an_earlier_wall_time(fire, after, local_zone):
            return fire.astimezone(UTC)
        start = fire.astimezone(UTC) + timedelta(seconds=1)
    return None


def _repeats_an_earlier_wall_time(fire: datetime, after: datetime, local_zone: ZoneInfo) -> bool:
    """True for the second pass of a wall time (fold=1) whose first pass is at or before ``after``."""
    local = fire.astimezone(local_zone)
    if local.fold == 0:
        return False
    first = local.replace(fold=0).astimezone(UTC)
    return first != local.astimezone(UTC) and first <= after


def at_local(day: date, wall: time, tz: str) -> datetime:
    """The instant (UTC) when the clocks of ``tz`` show ``wall`` on ``day``.

    A wall time skipped by DST is moved forward by the size of the gap; a repeated one is
    its first occurrence.
    """
    # fold=0 reads a skipped wall time with the offset from before the gap, which lands the
    # same distance after it; a repeated wall time with fold=0 is its first occurrence.
    return datetime.combine(day, wall).replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def next_working_day(instant: datetime, tz: str, days: int = 1) -> datetime:
    """The same wall time ``days`` working days (Monday to Friday in ``tz``) after ``instant``."""
    local = instant.astimezone(zone(tz))
    day = local.date()
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return at_local(day, local.time().replace(tzinfo=None), tz)


def local_text(instant: datetime, tz: str | tzinfo | None, *, with_weekday: bool = False) -> str:
    """``2026-12-01 10:00 CET`` (``Tue 2026-12-01 10:00 CET``): an instant on the team's clocks
    (``tz`` a zone name or a tzinfo; UTC when None)."""
    local = instant.astimezone(tz if isinstance(tz, tzinfo) else zone(tz))
    text = f"{local:%Y-%m-%d %H:%M} {local.tzname() or tz}"
    return f"{local:%a} {text}" if with_weekday else text


def local_date(instant: datetime, tz: str) -> date:
    """The date on the team's calendar at ``instant``."""
    return instant.astimezone(zone(tz)).date()
