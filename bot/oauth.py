"""OAuth (multi-workspace) mode: installations kept in Assay's database, signed state."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy import delete, select

from assay.clock import Clock
from assay.storage.engine import Database
from assay.storage.models import Installation as InstallationRow

STATE_TTL_SECONDS = 600


class DatabaseInstallationStore(InstallationStore):
    """Bot tokens per workspace in the ``installation`` table (deleted on uninstall)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def save(self, installation: Installation) -> None:
        if not installation.bot_token or not installation.team_id:
            return
        with self.db.session() as session:
            session.execute(delete(InstallationRow).where(InstallationRow.team_id == installation.team_id))  # type: ignore[arg-type]
            session.add(
                InstallationRow(
                    team_id=installation.team_id,
                    enterprise_id=installation.enterprise_id,
                    app_id=installation.app_id,
                    bot_id=installation.bot_id,
                    bot_user_id=installation.bot_user_id,
                    bot_token=installation.bot_token,
                    bot_scopes=",".join(installation.bot_scopes or []),
                    installer_user_id=installation.user_id,
                    installed_at=self.clock.now(),
                )
            )

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        row = self._row(team_id)
        if row is None:
            return None
        return Bot(
            app_id=row.app_id,
            enterprise_id=row.enterprise_id,
            team_id=row.team_id,
            bot_token=row.bot_token,
            bot_id=row.bot_id or "",
            bot_user_id=row.bot_user_id or "",
            bot_scopes=row.bot_scopes or "",
            installed_at=row.installed_at.timestamp(),
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        row = self._row(team_id)
        if row is None:
            return None
        return Installation(
            app_id=row.app_id,
            enterprise_id=row.enterprise_id,
            team_id=row.team_id,
            bot_token=row.bot_token,
            bot_id=row.bot_id,
            bot_user_id=row.bot_user_id,
            bot_scopes=row.bot_scopes or "",
            user_id=row.installer_user_id or "",
            installed_at=row.installed_at.timestamp(),
        )

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        with self.db.session() as session:
            session.execute(delete(InstallationRow).where(InstallationRow.team_id == team_id))  # type: ignore[arg-type]

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    def _row(self, team_id: str | None) -> InstallationRow | None:
        if not team_id:
            return None
        with self.db.session() as session:
            return (
                session.execute(
                    select(InstallationRow)
                    .where(InstallationRow.team_id == team_id)  # type: ignore[arg-type]
                    .order_by(InstallationRow.id.desc())  # type: ignore[union-attr]
                )
                .scalars()
                .first()
            )


class SignedStateStore(OAuthStateStore):
    """Stateless OAuth state: a timestamp and nonce signed with SLACK_STATE_SECRET."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def issue(self, *args: object, **kwargs: object) -> str:
        payload = f"{int(time.time())}.{secrets.token_urlsafe(16)}"
        return f"{payload}.{self._sign(payload)}"

    def consume(self, state: str) -> bool:
        payload, _, signature = state.rpartition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return False
        issued = payload.split(".", 1)[0]
        return issued.isdigit() and time.time() - int(issued) <= STATE_TTL_SECONDS

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()
