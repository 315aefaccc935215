"""Which citation count the priority uses, and how the card names where it came from.

A count typed with ``citations=`` wins over Semantic Scholar's (the person adding the paper may
know better, e.g. counting a workshop version); otherwise Semantic Scholar's; otherwise none,
with the reason it is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

TYPED, SEMANTIC_SCHOLAR, UNKNOWN = "typed", "semantic-scholar", "unknown"


@dataclass(frozen=True)
class CitationsUsed:
    count: int | None
    source: str  # typed | semantic-scholar | unknown
    note: str | None  # where the count came from, for the priority term
    missing: str | None  # why there is no count


def citations_used(
    *, typed: int | None, counted: int | None, as_of: datetime | None, problem: str | None
) -> CitationsUsed:
    """The count the priority uses: typed first, then Semantic Scholar's."""
    if typed is not None:
        also = f"; Semantic Scholar counts {counted}" if counted is not None else ""
        return CitationsUsed(typed, TYPED, f"given with citations={also}", None)
    if counted is not None:
        when = f", {as_of.date().isoformat()}" if as_of is not None else ""
        return CitationsUsed(counted, SEMANTIC_SCHOLAR, f"Semantic Scholar{when}", None)
    return CitationsUsed(None, UNKNOWN, None, problem)


def when_said(as_of: date, today: date) -> str:
    """``today``, ``yesterday``, ``3 days ago`` or the date, for the card."""
    days = (today - as_of).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago" if days < 14 else as_of.isoformat()
