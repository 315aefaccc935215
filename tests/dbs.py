"""Test databases built with ``alembic upgrade head`` (never create_all): SQLite always,
PostgreSQL when ASSAY_TEST_DATABASE_URL points at one."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from assay.storage import migrate
from assay.storage.engine import Database, make_engine

PG_URL = os.environ.get("ASSAY_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL.startswith("postgresql") else [])


def sqlite_template(directory: Path) -> Path:
    """One migrated SQLite file per test session; each test gets a copy."""
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
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        """The engine of this schema, one per test process: every runtime on the schema uses it
        (see ``postgres_session``), so SQL compiled in one test is not compiled again in the next."""
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def truncate(self) -> None:
        """Empty every table and restart its ids, as a fresh database would have them.

        DELETE, not TRUNCATE: TRUNCATE of forty tables costs most of a second (it makes new
        files for each), DELETE of a test's few rows a few milliseconds.
        """
        tables = list(reversed(SQLModel.metadata.sorted_tables))  # children before parents
        with self.engine().begin() as conn:
            for table in tables:
                conn.execute(table.delete())
            sequences = conn.execute(
                text("SELECT sequencename FROM pg_sequences WHERE schemaname = :schema"), {"schema": self.schema}
            ).scalars()
            for sequence in list(sequences):
                conn.execute(text(f'SELECT setval(\'"{self.schema}"."{sequence}"\', 1, false)'))

    def drop(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        admin.dispose()


def postgres_session() -> Iterator[PostgresSchema]:
    """The test process's schema. While it lives, a runtime opened on its URL gets the schema's
    one engine: a new engine per test compiled every SQL statement again in every test (a
    tenth of the suite's CPU), where a running Assay compiles each once. Runtimes still close
    their database (``Database.dispose`` empties the pool; the engine and its compiled
    statements stay)."""
    schema = PostgresSchema()
    from_url = Database.__dict__["from_url"]

    def shared(cls: type[Database], url: str) -> Database:
        return cls(schema.engine()) if url == schema.url else from_url.__func__(cls, url)

    Database.from_url = classmethod(shared)  # type: ignore[method-assign,assignment]
    try:
        yield schema
    finally:
        Database.from_url = from_url  # type: ignore[method-assign]
        schema.drop()
