"""How Assay shows an instant to people: on the team's clocks, with the zone's abbreviation.

Every time a card, a note, a list or a scheduled post shows goes through :func:`shown_time`.
Views get the zone from the team's "now" (``Ctx.now()``, an aware datetime in the workspace's
zone) or as a name.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from assay.scheduling.calendar import local_text


def shown_time(at: datetime, zone: tzinfo | str | None = None, *, weekday: bool = False) -> str:
    """``2026-12-01 10:00 CET`` (``Tue 2026-12-01 10:00 CET``); UTC without a zone."""
    return local_text(at, zone, with_weekday=weekday)
