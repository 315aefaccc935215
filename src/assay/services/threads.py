"""Home threads and the discussion recorded in them.

Each paper, technique and gut check has a home thread: the message that announced it. Human
replies there are discussion (edits and deletions respected); a Slack retry of the same
event never records twice (unique team, channel and ts).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from assay.commands.context import Ctx
from assay.replies import HomeRef
from assay.storage.engine import Database
from assay.storage.models import DiscussionMessage, GutCheck, Paper, Technique

_HOMES: dict[str, type[SQLModel]] = {"paper": Paper, "technique": Technique, "gutcheck": GutCheck}


def set_home(ctx: Ctx, home: HomeRef, channel: str, ts: str) -> None:
    """Record where an entity's announcement was posted; the first post wins."""
    model = _HOMES[home.kind]
    with ctx.runtime.db.session() as session:
        row = session.get(model, home.id)
        if row is None or row.team_id != ctx.team_id:  # type: ignore[attr-defined]
            return
        if row.thread_ts is None:  # type: ignore[attr-defined]
            row.thread_channel, row.thread_ts = channel, ts


def is_home_thread(session: Session, team_id: str, channel: str, thread_ts: str) -> bool:
    for model in _HOMES.values():
        found = session.execute(
            select(model.id).where(  # type: ignore[attr-defined]
                model.team_id == team_id,  # type: ignore[attr-defined]
                model.thread_channel == channel,  # type: ignore[attr-defined]
                model.thread_ts == thread_ts,  # type: ignore[attr-defined]
            )
        ).first()
        if found is not None:
            return True
    return False


def record_reply(
    db: Database, team_id: str, channel: str, thread_ts: str, ts: str, user_id: str | None, text: str, at: datetime
) -> bool:
    """Record a human reply in a home thread; False when it is not a home thread or known."""
    try:
        with db.session() as session:
            if not is_home_thread(session, team_id, channel, thread_ts):
                return False
            session.add(
                DiscussionMessage(
                    team_id=team_id,
                    channel=channel,
                    thread_ts=thread_ts,
                    ts=ts,
                    user_id=user_id,
                    text=text,
                    posted_at=at,
                )
            )
        return True
    except IntegrityError:
        return False  # the same message again (a Slack retry): already recorded


def _message(session: Session, team_id: str, channel: str, ts: str) -> DiscussionMessage | None:
    return session.execute(
        select(DiscussionMessage).where(
            DiscussionMessage.team_id == team_id,  # type: ignore[arg-type]
            DiscussionMessage.channel == channel,  # type: ignore[arg-type]
            DiscussionMessage.ts == ts,  # type: ignore[arg-type]
        )
    ).scalar_one_or_none()


def record_edit(db: Database, team_id: str, channel: str, ts: str, text: str, at: datetime) -> bool:
    with db.session() as session:
        message = _message(session, team_id, channel, ts)
        if message is None:
            return False
        message.text, message.edited_at = text, at
        return True


def record_delete(db: Database, team_id: str, channel: str, ts: str) -> bool:
    with db.session() as session:
        message = _message(session, team_id, channel, ts)
        if message is None:
            return False
        message.deleted, message.text = True, ""
        return True
