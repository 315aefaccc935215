"""Engines and units of work for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from assay.storage.raw import RawUnit, raw_unit

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_READERS = 6  # reading units of work at once on SQLite
PING_AFTER_IDLE_SECONDS = 2.0  # PostgreSQL: a pooled connection idle this long is pinged before use
POOL_SIZE = 32  # PostgreSQL: connections kept per process (ASSAY_DATABASE_POOL_SIZE); 8 more at a peak
READING = "assay_reading"  # execution option of the engine behind Database.reading


def make_engine(url: str, *, pool_size: int = POOL_SIZE, **kwargs: Any) -> Engine:
    """Create an engine with the pragmas and pool Assay relies on.

    SQLite gets WAL (readers never block the writer), a busy timeout (writers queue instead
    of failing) and foreign keys. PostgreSQL goes through psycopg 3, pinging connections that
    sat idle in the pool (:func:`_ping_when_idle`). Its pool keeps ``pool_size`` connections:
    as many as the server's threads use at once (32 listener threads), because a connection
    made for a burst and closed after it costs a PostgreSQL backend started and stopped.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={
                "check_same_thread": False,
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
            },
            poolclass=NullPool if parsed.database in (None, "", ":memory:") else None,
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; issue it ourselves so that a
        # write transaction takes the lock up front instead of failing midway.
        # A reading unit of work (``Database.reading``) begins deferred: in WAL mode it reads
        # a snapshot while a writer writes, and never takes the write lock.
        event.listen(
            engine,
            "begin",
            lambda conn: conn.exec_driver_sql(
                "BEGIN" if conn.get_execution_options().get(READING) else "BEGIN IMMEDIATE"
            ),
        )
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, **{"pool_size": pool_size, "max_overflow": 8, **kwargs})
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only when it sat idle ``PING_AFTER_IDLE_SECONDS``
    or more; a dead one is replaced before any statement sees it.

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout: a round trip (and ~0.3 ms of CPU)
    before each acknowledgement's write, on a connection that was working a moment before. A
    connection that did die in use (the server restarted) fails its statement once, and the
    whole pool is then discarded (by SQLAlchemy, or by :func:`assay.storage.raw.raw_unit`),
    so the next unit of work reconnects.
    """

    def stamp(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def check(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError("a pooled connection was closed by the server") from exc  # pool retries

    event.listen(engine, "connect", stamp)  # new: no ping needed
    event.listen(engine, "checkin", stamp)
    event.listen(engine, "checkout", check)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN in the "begin" event
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Database:
    """The engine plus units of work. One per process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time. Queuing threads on a lock hands the database over
        # at once, where SQLite's own busy handler would sleep in steps of up to 100 ms.
        self._writer: threading.RLock | None = threading.RLock() if engine.dialect.name == "sqlite" else None
        self._reader = engine.execution_options(**{READING: True})
        # Readers that skip the writer's queue are bounded so that they never take every
        # connection of SQLite's pool (5 + 10 overflow) from the writer.
        self._readers = threading.BoundedSemaphore(SQLITE_READERS if self._writer else 1_000_000)

    @classmethod
    def from_url(cls, url: str, *, pool_size: int = POOL_SIZE) -> Database:
        return cls(make_engine(url, pool_size=pool_size))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any exception."""
        with self._writer or nullcontext(), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def writing(self) -> Iterator[RawUnit]:
        """A unit of work on the DB-API connection itself, its statements compiled once
        (:mod:`assay.storage.raw`): for the writes on the acknowledgement path (a vote), where
        SQLAlchemy's execution cost more than the statements. Committed when the block ends,
        rolled back on any exception."""
        with self._writer or nullcontext(), raw_unit(self.engine, "BEGIN IMMEDIATE" if self._writer else None) as unit:
            yield unit

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads: it never waits for SQLite's one writer (nor holds
        it up), so what follows an acknowledgement does not queue behind the next one's write.
        Nothing is committed; objects read stay loaded after the block."""
        with self._readers, Session(self._reader, expire_on_commit=False) as session:
            yield session

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()
