"""Once per request: a Slack retry or a double-submitted form changes things at most once.

A form's key (its view id and hash) is claimed in the same transaction as the change it
guards, so a refused change does not use the key up. An event's key (``event:<event_id>``)
is claimed before the event is handled, in its own transaction: Slack retries an event it
thinks was not received (no answer within 3 s, a 5xx), possibly at another replica, and the
claim is what tells them apart across processes. Keys are kept for :data:`KEEP_HANDLED`,
far longer than Slack's retries (three, within about five minutes), then forgotten by the
scheduler's planner (every minute in ``assay serve``, and in ``assay jobs run-due``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.storage.engine import Database
from assay.storage.models import HandledRequest

KEEP_HANDLED = timedelta(hours=24)
KEY_CHARS = 200  # the column's width


def event_key(event_id: str) -> str:
    return f"event:{event_id}"


def claim_in_transaction(session: Session, team_id: str, key: str | None, now: datetime) -> bool:
    """Claim ``key`` inside the caller's transaction, so the claim and the change it guards
    commit together (or not at all). True when ``key`` is None or claimed now; False when
    an earlier request holds it. Two concurrent claims collide on the unique key at commit.
    """
    if key is None:
        return True
    key = key[:KEY_CHARS]
    seen = (
        session.execute(
            select(HandledRequest).where(HandledRequest.team_id == team_id, HandledRequest.key == key)  # type: ignore[arg-type]
        )
        .scalars()
        .first()
    )
    if seen is not None:
        return False
    session.add(HandledRequest(team_id=team_id, key=key, handled_at=now))
    return True


def claim_once(db: Database, team_id: str, key: str, now: datetime) -> bool:
    """Claim ``key`` in a transaction of its own: True the first time in this workspace, from
    any process on the database; False for every repeat (the unique key decides a race)."""
    try:
        with db.session() as session:
            return claim_in_transaction(session, team_id, key, now)
    except IntegrityError:
        return False  # another process claimed it between our look and our commit


def forget_handled(db: Database, now: datetime) -> int:
    """Delete keys older than :data:`KEEP_HANDLED`; returns how many went."""
    with db.session() as session:
        result = session.execute(delete(HandledRequest).where(col(HandledRequest.handled_at) < now - KEEP_HANDLED))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
