"""OAuth (multi-workspace) mode: Bolt's installation and state stores over Assay's database.

Bot tokens are sealed at rest (services/installations.py); states are issued with an expiry
and consumed once (services/oauth_states.py), so a replayed or forged state is refused.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_bolt.error import BoltError
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from assay.clock import Clock
from assay.services.installations import (
    InstalledBot,
    delete_installation,
    find_installation,
    save_installation,
)
from assay.services.oauth_states import consume_state, issue_state
from assay.storage.cipher import TokenCipher, UnreadableToken
from assay.storage.engine import Database

log = logging.getLogger(__name__)
STATE_TTL = timedelta(minutes=10)  # Bolt's default: time enough to read Slack's consent page


class DatabaseInstallationStore(InstallationStore):
    """One installation per workspace in the ``installation`` table, the bot token sealed."""

    def __init__(self, db: Database, clock: Clock, cipher: TokenCipher) -> None:
        self.db = db
        self.clock = clock
        self.cipher = cipher

    def save(self, installation: Installation) -> None:
        if not installation.bot_token or not installation.team_id:
            raise BoltError("the installation carries no bot token for a workspace")
        if installation.bot_refresh_token:
            log.warning(
                "workspace %s was installed with token rotation on; Assay does not refresh tokens, so its "
                "token stops working when it expires: turn token rotation off in the app's settings",
                installation.team_id,
            )
        save_installation(
            self.db,
            self.cipher,
            InstalledBot(
                team_id=installation.team_id,
                bot_token=installation.bot_token,
                installed_at=self.clock.now(),
                enterprise_id=installation.enterprise_id,
                app_id=installation.app_id,
                bot_id=installation.bot_id,
                bot_user_id=installation.bot_user_id,
                bot_scopes=",".join(installation.bot_scopes or []),
                installer_user_id=installation.user_id,
            ),
        )
        log.info("workspace %s installed Assay", installation.team_id)

    def installed(self, team_id: str | None) -> InstalledBot | None:
        """The workspace's installation, or None (also when its token cannot be opened: logged)."""
        if not team_id:
            return None
        try:
            return find_installation(self.db, self.cipher, team_id)
        except UnreadableToken:
            log.error(
                "the stored token of workspace %s cannot be opened with ASSAY_SECRET_KEY: was the key that "
                "sealed it removed? Put it back (after the newest), or reinstall the app in that workspace",
                team_id,
            )
            return None

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        found = self.installed(team_id)
        if found is None:
            return None
        return Bot(
            app_id=found.app_id,
            enterprise_id=found.enterprise_id,
            team_id=found.team_id,
            bot_token=found.bot_token,
            bot_id=found.bot_id or "",
            bot_user_id=found.bot_user_id or "",
            bot_scopes=found.bot_scopes,
            installed_at=found.installed_at.timestamp(),
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.installed(team_id)
        if found is None:
            return None
        return Installation(
            app_id=found.app_id,
            enterprise_id=found.enterprise_id,
            team_id=found.team_id,
            bot_token=found.bot_token,
            bot_id=found.bot_id,
            bot_user_id=found.bot_user_id,
            bot_scopes=found.bot_scopes,
            user_id=found.installer_user_id or "",
            installed_at=found.installed_at.timestamp(),
        )

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if team_id:
            delete_installation(self.db, team_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)


class DatabaseStateStore(OAuthStateStore):
    """OAuth states in the ``oauthstate`` table: issued with an expiry, consumed once."""

    def __init__(self, db: Database, clock: Clock, secret: str, ttl: timedelta = STATE_TTL) -> None:
        self.db = db
        self.clock = clock
        self._secret = secret
        self.ttl = ttl

    def issue(self, *args: object, **kwargs: object) -> str:
        return issue_state(self.db, self.clock, self._secret, self.ttl)

    def consume(self, state: str) -> bool:
        if not state:
            return False
        accepted = consume_state(self.db, self.clock, self._secret, state)
        if not accepted:
            log.warning("an OAuth redirect came back with a state that is forged, expired or used already")
        return accepted
