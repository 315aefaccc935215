"""OAuth state: one row per install link handed out, consumed once by Slack's redirect.

Not per workspace: the workspace is unknown until Slack redirects back. The row holds a
digest of the state, never the state itself, so a copy of the database opens no install.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.types import UTCDateTime


class OAuthState(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, unique=True, index=True)  # sha256 hex of the state's nonce
    issued_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
