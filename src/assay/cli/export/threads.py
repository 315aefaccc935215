"""The discussion kept in a home thread, as exported."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Record, iso
from assay.storage.models import DiscussionMessage


def discussion(session: Session, team_id: str, channel: str | None, ts: str | None) -> list[Record]:
    """The human replies in a home thread (deleted ones are gone), oldest first."""
    if not channel or not ts:
        return []
    rows = session.exec(
        select(DiscussionMessage)
        .where(
            DiscussionMessage.team_id == team_id,
            DiscussionMessage.channel == channel,
            DiscussionMessage.thread_ts == ts,
            col(DiscussionMessage.deleted).is_(False),
        )
        .order_by(col(DiscussionMessage.posted_at), col(DiscussionMessage.id))
    ).all()
    return [{"user": m.user_id, "text": m.text, "at": iso(m.posted_at), "edited_at": iso(m.edited_at)} for m in rows]
