"""trust: installations keep their bot token sealed (Fernet), one per workspace; OAuth state
kept in the database and consumed once

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21

Tokens already stored in clear are sealed here with the newest key of ASSAY_SECRET_KEY. Without
a key, an empty installation table migrates as it is; a table holding tokens stops the
migration (nothing changed) and says to set the key, because a token must be neither left in
clear nor dropped silently (dropping it would log every OAuth workspace out).
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

import assay.storage.types
from assay.storage.migrate import MigrationRefused

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_installation = sa.table(
    "installation",
    sa.column("id", sa.Integer),
    sa.column("team_id", sa.String),
    sa.column("bot_token", sa.String),
    sa.column("bot_token_sealed", sa.Text),
)


def _keys() -> MultiFernet | None:
    value = op.get_context().config.attributes.get("secret_key") or os.environ.get("ASSAY_SECRET_KEY") or ""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    return MultiFernet([Fernet(key) for key in keys]) if keys else None


def _rows(column: str) -> list[tuple[int, str]]:
    table = _installation
    return [(row[0], row[1]) for row in op.get_bind().execute(sa.select(table.c.id, table.c[column]))]


def _refuse(count: int, direction: str) -> None:
    raise MigrationRefused(
        f"ASSAY_SECRET_KEY: the installation table holds {count} bot token(s) to {direction}; "
        "set ASSAY_SECRET_KEY (make one with `assay secrets new-key`) and start again"
    )


def _instant() -> assay.storage.types.UTCDateTime:
    return assay.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    bind = op.get_bind()
    rows = _rows("bot_token")
    cipher = _keys()
    if rows and cipher is None:
        _refuse(len(rows), "encrypt")
    # One installation per workspace from now on: keep the newest of any duplicates.
    newest = sa.select(sa.func.max(_installation.c.id)).group_by(_installation.c.team_id)
    bind.execute(sa.delete(_installation).where(_installation.c.id.not_in(newest.scalar_subquery())))

    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bot_token_sealed", sa.Text(), nullable=True))
    if cipher is not None:
        for row_id, token in _rows("bot_token"):
            sealed = cipher.encrypt(token.encode()).decode()
            bind.execute(
                sa.update(_installation).where(_installation.c.id == row_id).values(bot_token_sealed=sealed)
            )
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("bot_token")
        batch_op.alter_column("bot_token_sealed", existing_type=sa.Text(), nullable=False)
        batch_op.drop_index(batch_op.f("ix_installation_team_id"))
        batch_op.create_index(batch_op.f("ix_installation_team_id"), ["team_id"], unique=True)

    op.create_table(
        "oauthstate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("issued_at", _instant(), nullable=False),
        sa.Column("expires_at", _instant(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("oauthstate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oauthstate_digest"), ["digest"], unique=True)
        batch_op.create_index(batch_op.f("ix_oauthstate_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("oauthstate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauthstate_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oauthstate_digest"))
    op.drop_table("oauthstate")

    rows = _rows("bot_token_sealed")
    cipher = _keys()
    if rows and cipher is None:
        _refuse(len(rows), "decrypt")
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bot_token", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
    bind = op.get_bind()
    if cipher is not None:
        for row_id, sealed in rows:
            try:
                token = cipher.decrypt(sealed.encode()).decode()
            except InvalidToken:
                raise MigrationRefused(
                    "ASSAY_SECRET_KEY: no configured key opens a stored bot token; add the key that sealed it"
                ) from None
            bind.execute(sa.update(_installation).where(_installation.c.id == row_id).values(bot_token=token))
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("bot_token_sealed")
        batch_op.alter_column("bot_token", existing_type=sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False)
        batch_op.drop_index(batch_op.f("ix_installation_team_id"))
        batch_op.create_index(batch_op.f("ix_installation_team_id"), ["team_id"], unique=False)
