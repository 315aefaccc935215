"""What one kind of record looks like in the export: how it is collected, named and written.

Each kind of record the team keeps (papers, techniques, gut checks, predictions, review
meetings, watches) is one :class:`Kind`: a collector that reads one workspace's records as
JSON-ready dicts, and the Markdown of one record and of its line in the index. They are
listed in ``KINDS`` (``assay.cli.export.collect``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from assay.views.times import shown_time

Record = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    key: str  # the key of this kind in the JSON export, e.g. "papers"
    title: str  # its heading in the index, e.g. "Papers"
    collect: Callable[[Session, str], list[Record]]  # (session, team_id) → records, in order
    index_line: Callable[[Record], str]  # one Markdown line of the index (without the link)
    folder: str | None = None  # Markdown: one file per record in this folder; None: the index only
    file_name: Callable[[Record], str] | None = None
    markdown: Callable[[Record], str] | None = None


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


# The zone the Markdown being written shows times in: the workspace's (the JSON keeps instants
# in UTC). Set around one workspace's files by ``shown_in``.
_ZONE: ContextVar[str] = ContextVar("export_zone", default="UTC")


@contextmanager
def shown_in(zone: str) -> Iterator[None]:
    token = _ZONE.set(zone)
    try:
        yield
    finally:
        _ZONE.reset(token)


def when(value: str | None) -> str:
    """An exported ISO instant as Assay shows times, on the clocks of the workspace being written."""
    return shown_time(datetime.fromisoformat(value), _ZONE.get()) if value else "—"


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def paragraph(label: str, text: str | None) -> list[str]:
    """``**label**`` and the text as written (Markdown lines), or nothing when there is none."""
    if text is None or text == "":
        return []
    return [f"**{label}**", "", str(text), ""]


def bullets(pairs: list[tuple[str, Any]]) -> list[str]:
    """``- label: value`` for each value given."""
    return [f"- {label}: {value}" for label, value in pairs if value not in (None, "", [])]


def discussion_lines(messages: list[Record]) -> list[str]:
    if not messages:
        return []
    lines = ["## Discussion in the thread", ""]
    for m in messages:
        edited = f" (edited {when(m['edited_at'])})" if m.get("edited_at") else ""
        lines.append(f"- {m['user'] or 'someone'}, {when(m['at'])}{edited}: {m['text']}")
    return [*lines, ""]
