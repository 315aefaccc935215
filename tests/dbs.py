"""Test databases built with ``alembic upgrade head`` (never create_all): SQLite always,
PostgreSQL when ASSAY_TEST_DATABASE_URL points at one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from assay.storage import migrate
from assay.storage.engine import Database, make_engine

PG_URL = os.environ.get("ASSAY_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL.startswith("postgresql") else [])


def sqlite_template(directory: Path) -> Path:
    """One migrated SQLite file per test session; each database a test asks for is a fresh copy
    of it (``SqliteSlots``)."""
    path = directory / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / "assay.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


class PostgresSchema:
    """A private schema per test session, migrated once and emptied after each test."""

    def __init__(self) -> None:
        self.schema = f"assay_test_{uuid.uuid4().hex[:10]}"
        base = make_url(PG_URL)
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        admin.dispose()
        self.url = base.update_query_dict({"options": f"-csearch_path={self.schema}"}).render_as_string(
            hide_password=False
        )
        engine = make_engine(self.url)
        migrate.upgrade(engine)
        engine.dispose()
        self._emptying: str | None = None  # the script that empties the schema (see truncate)

    def engine(self) -> Engine:
        """The engine of this schema, shared by every runtime on it (see ``shared_engine``)."""
        return shared_engine(self.url)

    def truncate(self) -> None:
        """Empty every table and restart its ids, as a fresh database would have them.

        DELETE, not TRUNCATE: TRUNCATE of forty tables costs most of a second (it makes new
        files for each), DELETE of a test's few rows a few milliseconds. All of it is one
        script in one round trip, written once per session.
        """
        with self.engine().begin() as conn:
            if self._emptying is None:
                tables = reversed(SQLModel.metadata.sorted_tables)  # children before parents
                sequences = conn.execute(
                    text("SELECT sequencename FROM pg_sequences WHERE schemaname = :schema"), {"schema": self.schema}
                ).scalars()
                restarts = ", ".join(f'setval(\'"{self.schema}"."{name}"\', 1, false)' for name in sequences)
                self._emptying = "".join(f'DELETE FROM "{table.name}"; ' for table in tables) + f"SELECT {restarts}"
            conn.exec_driver_sql(self._emptying)

    def drop(self) -> None:
        engine = _SHARED.pop(self.url, None)
        if engine is not None:
            engine.dispose()
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        admin.dispose()


def postgres_session() -> Iterator[PostgresSchema]:
    schema = PostgresSchema()
    try:
        yield schema
    finally:
        schema.drop()


# Engines that every runtime opened on their URL shares, for the rest of the test process.
# A new engine per test compiled every SQL statement again in every test (about a tenth of the
# suite's CPU), where a running Assay compiles each once. Runtimes still close their database:
# ``Database.dispose`` empties the pool; the engine and its compiled statements stay.
_SHARED: dict[str, Engine] = {}


def shared_engine(url: str) -> Engine:
    """The engine every runtime on ``url`` gets from now on (made on first use)."""
    if url not in _SHARED:
        _SHARED[url] = make_engine(url, pool_size=10)  # four test processes share one server
    return _SHARED[url]


@contextmanager
def engines_shared() -> Iterator[None]:
    """While open, ``Database.from_url`` hands out the shared engine of a URL that has one."""
    original = Database.__dict__["from_url"]

    def from_url(cls: type[Database], url: str, **kwargs: Any) -> Database:
        engine = _SHARED.get(url)
        return cls(engine) if engine is not None else original.__func__(cls, url, **kwargs)

    Database.from_url = classmethod(from_url)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Database.from_url = original  # type: ignore[method-assign]
        for engine in _SHARED.values():
            engine.dispose()
        _SHARED.clear()


class SqliteSlots:
    """Migrated SQLite files at fixed paths, one per database a test holds at once, so their
    URLs (and engines, see ``shared_engine``) are the same from test to test. Each claim
    starts from a fresh copy of the template.

    A used file is restored in place, through SQLite's backup API, rather than deleted and
    copied again: a connection of an earlier test still open when the file was replaced would,
    on closing as the file's last connection, delete the write-ahead log at that path, which
    was by then the new file's ("locking protocol", seen once in a full run)."""

    def __init__(self, template: Path, directory: Path) -> None:
        self.template = template
        self.directory = directory
        self._free: list[Path] = []
        self._made = 0

    def claim(self) -> str:
        if self._free:
            path = self._free.pop()
        else:
            path = self.directory / f"slot{self._made}.db"
            self._made += 1
        url = f"sqlite:///{path}"
        shared_engine(url).dispose()  # no pooled connection of the last test is left to reuse
        if path.exists():
            with closing(sqlite3.connect(self.template)) as source, closing(sqlite3.connect(path)) as target:
                source.backup(target)
        else:
            shutil.copy(self.template, path)
        return url

    def release(self, url: str) -> None:
        self._free.append(Path(url.removeprefix("sqlite:///")))


def terminate_backends(url: str, *pids: int) -> None:
    """Close PostgreSQL backends as a server restart would, returning once they are gone
    (without its timeout ``pg_terminate_backend`` only sends the signal)."""
    admin = make_engine(url, pool_size=1)
    with admin.connect() as conn:
        for pid in pids:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": pid}).scalar_one()
    admin.dispose()
