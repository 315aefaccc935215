"""Test databases built with ``alembic upgrade head`` (never create_all): SQLite always,
PostgreSQL when ASSAY_TEST_DATABASE_URL points at one."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from assay.storage import migrate
from assay.storage.engine import make_engine

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

    def truncate(self) -> None:
        engine = make_engine(self.url)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()

    def drop(self) -> None:
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
