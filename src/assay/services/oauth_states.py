"""OAuth state for "Add to Slack": issued with an expiry, consumed once.

A state is ``<nonce>.<mac>``: the MAC (HMAC-SHA256 with SLACK_STATE_SECRET) refuses a forged
state before the database is asked; the row (a digest of the nonce, and its expiry) makes a
state good for one redirect only, in whichever process Slack sends the browser back to.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import col

from assay.clock import Clock
from assay.storage.engine import Database
from assay.storage.models import OAuthState

LONGEST_STATE = 200  # ours are 97 characters; anything far longer is not ours


def issue_state(db: Database, clock: Clock, secret: str, ttl: timedelta) -> str:
    """A new state good for ``ttl``; expired ones are cleared on the way."""
    nonce = secrets.token_urlsafe(24)
    now = clock.now()
    with db.session() as session:
        session.execute(delete(OAuthState).where(col(OAuthState.expires_at) <= now))
        session.add(OAuthState(digest=_digest(nonce), issued_at=now, expires_at=now + ttl))
    return f"{nonce}.{_mac(secret, nonce)}"


def consume_state(db: Database, clock: Clock, secret: str, state: str) -> bool:
    """True once for a state this service issued and that has not expired; False for a forged,
    replayed or expired one. Atomic: of two redirects racing with one state, one wins."""
    nonce, _, mac = state.rpartition(".")
    if not nonce or len(state) > LONGEST_STATE or not hmac.compare_digest(mac, _mac(secret, nonce)):
        return False
    with db.session() as session:
        result = session.execute(
            delete(OAuthState).where(col(OAuthState.digest) == _digest(nonce), col(OAuthState.expires_at) > clock.now())
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _mac(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()
