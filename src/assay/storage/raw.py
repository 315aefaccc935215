"""Statements compiled once and run on the DB-API connection itself.

For the writes on the acknowledgement path (a vote), where SQLAlchemy's execution machinery
(execution contexts, result objects, events, the transaction's bookkeeping) cost several
times the database's own work. The statements are still built with SQLAlchemy, for either
dialect, and their parameters are converted by SQLAlchemy's own bind processors (UTC
instants and the like), so a row written here reads back exactly as one written through the
ORM. Errors come out as SQLAlchemy's exceptions, as they would from a Session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError


class Prepared:
    """One statement compiled for one dialect; :meth:`args` turns named values into what
    the DB-API driver takes (a tuple in the statement's order, or a dict)."""

    def __init__(self, statement: Any, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql: str = compiled.string
        required = {name for name, bind in compiled.binds.items() if bind.required}
        built = compiled.construct_params(dict.fromkeys(required), escape_names=False)
        self._fixed = {name: value for name, value in built.items() if name not in required}  # LIMIT 1…
        for column in [*compiled.insert_prefetch, *compiled.update_prefetch]:  # column defaults
            if column.default is None or not column.default.is_scalar:
                raise ValueError(f"{column.key}: only fixed column defaults can be filled in; give a value")
            self._fixed[column.key] = column.default.arg
        self._processors = dict(compiled._bind_processors)
        self._order: list[str] | None = list(compiled.positiontup or ()) if dialect.positional else None
        escaped = getattr(compiled, "escaped_bind_names", None)
        if escaped:  # pragma: no cover - only names needing quotes are escaped; ours never do
            raise ValueError(f"bind names must not need escaping: {sorted(escaped)}")

    def args(self, values: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        merged = {**self._fixed, **values}
        for name, process in self._processors.items():
            merged[name] = process(merged[name])
        return tuple(merged[name] for name in self._order) if self._order is not None else merged


class RawUnit:
    """A transaction on a DB-API cursor (see :func:`raw_unit`)."""

    def __init__(self, cursor: Any, options: dict[str, Any]) -> None:
        self.cursor = cursor
        self._options = options
        self.statement: Prepared | None = None  # the one running, for error reports
        self.values: dict[str, Any] = {}

    def run(self, statement: Prepared, values: dict[str, Any]) -> None:
        self.statement, self.values = statement, values
        self.cursor.execute(statement.sql, statement.args(values), **self._options)

    def one(self, statement: Prepared, values: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row (a tuple), or None."""
        self.run(statement, values)
        row = self.cursor.fetchone()
        return None if row is None else tuple(row)


@contextmanager
def raw_unit(engine: Engine, begin: str | None) -> Iterator[RawUnit]:
    """A pooled connection's transaction, committed when the block ends and rolled back on
    any exception. ``begin`` is the statement that opens it where the driver does not (SQLite
    runs in autocommit mode here: ``BEGIN IMMEDIATE``). A DB-API error, connecting included,
    comes out wrapped as SQLAlchemy would wrap it; a connection found dead is dropped, and
    with it every connection the pool made before it (as SQLAlchemy does): after a server
    restart one unit of work fails, not one per pooled connection."""
    dialect = engine.dialect
    error: Any = dialect.loaded_dbapi.Error  # the driver's own base class
    try:
        connection = engine.raw_connection()  # the pool's checkout events run (the idle ping)
    except error as exc:
        raise DBAPIError.instance("connect", {}, exc, error, dialect=dialect) from exc
    unit: RawUnit | None = None
    try:
        cursor = connection.cursor()
        # psycopg prepares a statement on the server after its 5th run on a connection; these
        # few run on every acknowledgement, so they are prepared at their first, unless the
        # connection says never (``prepare_threshold=None``, e.g. behind a transaction pooler).
        driver: Any = connection.driver_connection
        prepare = dialect.driver == "psycopg" and getattr(driver, "prepare_threshold", None) is not None
        unit = RawUnit(cursor, {"prepare": True} if prepare else {})
        if begin is None:
            yield unit
            connection.commit()
        else:
            # Opened and closed by statements of its own: sqlite3's Connection.commit() prepares
            # COMMIT afresh each time and lets go of the interpreter lock three times over,
            # each a chance for another thread to keep it, while SQLite's one writer waits.
            cursor.execute(begin)
            yield unit
            cursor.execute("COMMIT")
    except error as exc:
        dead = dialect.is_disconnect(exc, connection.dbapi_connection, None)
        if dead:  # this connection and every one made before it, as SQLAlchemy's Connection does
            engine.pool._invalidate(connection, exc)
        else:
            _roll_back(connection)
        sql = unit.statement.sql if unit and unit.statement else (begin or "COMMIT")
        values = unit.values if unit else {}
        raise DBAPIError.instance(sql, values, exc, error, dialect=dialect, connection_invalidated=dead) from exc
    except BaseException:
        _roll_back(connection)
        raise
    finally:
        if unit is not None:
            unit.cursor.close()
        connection.close()  # back to the pool (or gone, when invalidated)


def _roll_back(connection: Any) -> None:
    try:
        connection.rollback()
    except Exception:  # the connection broke meanwhile: it must not go back to the pool
        connection.invalidate()
