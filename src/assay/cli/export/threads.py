"""The discussion kept in home threads, as exported: read once per workspace."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Record, iso
from assay.storage.models import DiscussionMessage

Threads = dict[tuple[str, str], list[Record]]


def discussions(session: Session, team_id: str) -> Threads:
    """(channel, thread ts) → the human replies in that thread (deleted ones are gone), oldest first."""
    rows = session.exec(
        select(DiscussionMessage)
        .where(DiscussionMessage.team_id == team_id, col(DiscussionMessage.deleted).is_(False))
        .order_by(col(DiscussionMessage.posted_at), col(DiscussionMessage.id))
    ).all()
    threads: Threads = {}
    for m in rows:
        record = {"user": m.user_id, "text": m.text, "at": iso(m.posted_at), "edited_at": iso(m.edited_at)}
        threads.setdefault((m.channel, m.thread_ts), []).append(record)
    return threads


def thread_of(threads: Threads, channel: str | None, ts: str | None) -> list[Record]:
    return threads.get((channel, ts), []) if channel and ts else []
