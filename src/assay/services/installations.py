"""OAuth installations: one per workspace, the bot token sealed at rest (storage/cipher.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from assay.storage.cipher import TokenCipher, UnreadableToken
from assay.storage.engine import Database
from assay.storage.models import Installation


@dataclass(frozen=True)
class InstalledBot:
    """What Assay keeps of an installation, with the token in clear (in memory only)."""

    team_id: str
    bot_token: str
    installed_at: datetime
    enterprise_id: str | None = None
    app_id: str | None = None
    bot_id: str | None = None
    bot_user_id: str | None = None
    bot_scopes: str = ""
    installer_user_id: str | None = None

    def __repr__(self) -> str:  # never the token, whoever prints it
        return f"InstalledBot(team_id={self.team_id!r}, bot_user_id={self.bot_user_id!r})"


@dataclass(frozen=True)
class ResealReport:
    resealed: int  # sealed with an older key, now with the newest
    current: int  # already sealed with the newest key
    unreadable: list[str]  # team ids whose token no configured key opens


def save_installation(db: Database, cipher: TokenCipher, bot: InstalledBot) -> None:
    """Store ``bot`` as the workspace's one installation (replacing any earlier one), the token
    sealed with the newest key. Two installs racing for one workspace: the later one wins."""
    for attempt in (1, 2):
        try:
            with db.session() as session:
                session.execute(delete(Installation).where(col(Installation.team_id) == bot.team_id))
                session.add(
                    Installation(
                        team_id=bot.team_id,
                        enterprise_id=bot.enterprise_id,
                        app_id=bot.app_id,
                        bot_id=bot.bot_id,
                        bot_user_id=bot.bot_user_id,
                        bot_token_sealed=cipher.seal(bot.bot_token),
                        bot_scopes=bot.bot_scopes,
                        installer_user_id=bot.installer_user_id,
                        installed_at=bot.installed_at,
                    )
                )
            return
        except IntegrityError:  # the unique team_id: a concurrent install inserted first
            if attempt == 2:
                raise


def find_installation(db: Database, cipher: TokenCipher, team_id: str) -> InstalledBot | None:
    """The workspace's installation with its token opened, or None when it is not installed.

    Raises UnreadableToken when no configured key opens the stored token.
    """
    with db.session() as session:
        row = session.execute(select(Installation).where(col(Installation.team_id) == team_id)).scalar_one_or_none()
    if row is None:
        return None
    return InstalledBot(
        team_id=row.team_id,
        bot_token=cipher.open(row.bot_token_sealed),
        installed_at=row.installed_at,
        enterprise_id=row.enterprise_id,
        app_id=row.app_id,
        bot_id=row.bot_id,
        bot_user_id=row.bot_user_id,
        bot_scopes=row.bot_scopes or "",
        installer_user_id=row.installer_user_id,
    )


def delete_installation(db: Database, team_id: str) -> None:
    """Forget the workspace's token (its data stays; uninstall deletes that separately)."""
    with db.session() as session:
        session.execute(delete(Installation).where(col(Installation.team_id) == team_id))


def reseal_all(db: Database, cipher: TokenCipher) -> ResealReport:
    """Re-seal every stored token with the newest key, in one transaction, so that older keys
    can be dropped from ASSAY_SECRET_KEY afterwards. Tokens no key opens are left as they are
    and reported."""
    resealed = current = 0
    unreadable: list[str] = []
    with db.session() as session:
        for row in session.execute(select(Installation).order_by(col(Installation.team_id))).scalars():
            if cipher.is_current(row.bot_token_sealed):
                current += 1
                continue
            try:
                row.bot_token_sealed = cipher.reseal(row.bot_token_sealed)
            except UnreadableToken:
                unreadable.append(row.team_id)
                continue
            resealed += 1
    return ResealReport(resealed, current, unreadable)
