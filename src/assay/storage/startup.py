"""Open the database at start, or stop with one line that says what is wrong with it.

Start-up is where a wrong ``ASSAY_DATABASE_URL`` shows: a closed port, a database that does not
exist, a schema migrated by a newer Assay. Each becomes a :class:`ConfigError` naming the
variable, never a traceback.
"""

from __future__ import annotations

from alembic.util.exc import CommandError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from assay.config import ConfigError
from assay.storage import migrate
from assay.storage.engine import POOL_SIZE, Database


def open_database(
    url: str, *, migrate_schema: bool = True, secret_key: str | None = None, pool_size: int = POOL_SIZE
) -> Database:
    """The database for ``url``, answering and (unless told not to) at the newest schema.

    Raises ConfigError when it cannot be reached, refuses us, or holds a schema this version
    of Assay does not know; MigrationRefused becomes a ConfigError too.
    """
    db = Database.from_url(url, pool_size=pool_size)
    try:
        if migrate_schema:
            prepare_schema(db.engine, secret_key=secret_key)
        return db
    except BaseException:
        db.dispose()
        raise


def prepare_schema(engine: Engine, *, secret_key: str | None = None) -> None:
    """Apply pending migrations; raises ConfigError saying why they cannot be applied."""
    url = engine.url.render_as_string(hide_password=False)
    try:
        directory = migrate.scripts(url)
        known = migrate.known_revisions(url, directory)
        head = migrate.head_revision(url, directory)
    except CommandError as exc:
        raise ConfigError(f"Assay's migrations cannot be read ({one_line(exc)}): reinstall Assay") from None
    try:
        current = migrate.current_revision(engine)
        if current is not None and current not in known:
            raise ConfigError(
                f"ASSAY_DATABASE_URL: the database's schema is at revision {current}, which this Assay does "
                f"not know (its newest is {head}): a newer Assay migrated it; run that version, or restore "
                "the backup taken before the upgrade"
            )
        if current is not None and current == head:
            return  # at the newest schema: no need to load the migration environment
        migrate.upgrade(engine, secret_key=secret_key)
    except migrate.MigrationRefused as exc:
        raise ConfigError(one_line(exc)) from None
    except SQLAlchemyError as exc:
        raise ConfigError(f"ASSAY_DATABASE_URL: {where(engine)} {database_problem(exc)}") from None


def where(engine: Engine) -> str:
    """The database named for a person, password hidden."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"the SQLite database {url.database or ':memory:'}"
    return f"the database {url.render_as_string(hide_password=True)}"


def database_problem(exc: SQLAlchemyError) -> str:
    """What the driver said, on one line."""
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    detail = one_line(original).removeprefix("connection failed: ")
    return f"cannot be used: {detail}" if detail else f"cannot be used ({type(original).__name__})"


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
