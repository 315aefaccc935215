"""Once per request: a Slack retry or a double-submitted form changes things at most once.

The key (a form's view id and hash, an event id) is claimed in the same transaction as the
change it guards, so a refused change does not use the key up.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from assay.storage.models import HandledRequest


def claim_in_transaction(session: Session, team_id: str, key: str | None, now: datetime) -> bool:
    """Claim ``key`` inside the caller's transaction, so the claim and the change it guards
    commit together (or not at all). True when ``key`` is None or claimed now; False when
    an earlier request holds it. Two concurrent claims collide on the unique key at commit.
    """
    if key is None:
        return True
    key = key[:200]
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
