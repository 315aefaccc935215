"""How Assay shows an instant to people.

Every time a card, a note, a list or the export shows goes through :func:`shown_time`, so
the way times are shown (today UTC, labelled) changes in this one place.
"""

from __future__ import annotations

from datetime import UTC, datetime


def shown_time(at: datetime) -> str:
    """``2026-11-21 09:00 UTC``."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
