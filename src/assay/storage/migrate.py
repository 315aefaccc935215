"""Apply and inspect migrations from code (``assay db upgrade``, ``assay serve`` at start)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the installed migrations and the given database."""
    location = resources.files("assay._migrations")
    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class MigrationRefused(Exception):
    """A migration that cannot run safely with this configuration; nothing was changed.
    The message names the variable to set."""


def upgrade(engine: Engine, revision: str = "head", *, secret_key: str | None = None) -> None:
    """Bring the schema to ``revision`` (default: the newest) inside one connection.

    ``secret_key`` (ASSAY_SECRET_KEY) lets a migration seal tokens stored in clear; raises
    MigrationRefused when a migration needs it and it is missing.
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["secret_key"] = secret_key
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def known_revisions(url: str) -> set[str]:
    """Every revision this version of Assay has a migration for."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config(url)).walk_revisions()}
