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
    """Bring the schema to ``revision`` (default: the newest) in one transaction.

    ``secret_key`` (ASSAY_SECRET_KEY) lets a migration seal tokens stored in clear; raises
    MigrationRefused when a migration needs it and it is missing.

    On SQLite a migration that changes a column rebuilds its table: the old one is dropped.
    With foreign keys on, that drop would first delete every row referring to the table
    (ON DELETE CASCADE), so they are off while migrating (SQLite ignores the pragma inside a
    transaction, hence before it) and checked before the transaction commits.
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                cfg.attributes["secret_key"] = secret_key
                command.upgrade(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration left {len(broken)} rows with broken references")
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def scripts(url: str) -> ScriptDirectory:
    """The installed migrations (reading them parses every revision file: keep the result)."""
    return ScriptDirectory.from_config(alembic_config(url))


def head_revision(url: str, directory: ScriptDirectory | None = None) -> str | None:
    return (directory or scripts(url)).get_current_head()


def known_revisions(url: str, directory: ScriptDirectory | None = None) -> set[str]:
    """Every revision this version of Assay has a migration for."""
    return {script.revision for script in (directory or scripts(url)).walk_revisions()}
