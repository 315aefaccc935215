"""Writes on the DB-API connection (``Database.writing``): rows read back exactly as the ORM's,
errors come out as SQLAlchemy's and leave nothing behind, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import select as orm_select

from assay.storage import engine as engine_module
from assay.storage.engine import Database, make_engine
from assay.storage.models import Workspace
from assay.storage.raw import Prepared
from tests.dbs import terminate_backends

WORKSPACE: Any = Workspace.__table__  # type: ignore[attr-defined]
AT = datetime(2026, 11, 21, 9, 30, 0, 0, tzinfo=timezone(timedelta(hours=2)))  # no microseconds


def statements(db: Database) -> tuple[Prepared, Prepared]:
    dialect = db.engine.dialect
    add = Prepared(insert(WORKSPACE).values(team_id=bindparam("team"), created_at=bindparam("at")), dialect)
    first = Prepared(select(WORKSPACE.c.team_id).where(WORKSPACE.c.team_id >= bindparam("team")).limit(1), dialect)
    return add, first


def test_an_instant_written_raw_reads_back_through_the_orm_as_written(db_url: str) -> None:
    db = Database.from_url(db_url)
    add, first = statements(db)
    with db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
        assert unit.one(first, {"team": "T0"}) == ("T1",)  # LIMIT's own parameter is filled in
    with db.reading() as session:
        stored = session.exec(orm_select(Workspace)).one()
    assert stored.created_at == AT and stored.created_at.tzinfo is UTC
    assert stored.timezone == "UTC"  # the column's default, filled in
    with db.session() as session:  # and an ORM write of the same instant compares equal in SQL
        session.add(Workspace(team_id="T2", created_at=AT))
    with db.reading() as session:
        rows = session.exec(orm_select(Workspace).where(Workspace.created_at == AT)).all()
    assert sorted(w.team_id for w in rows) == ["T1", "T2"]


def test_a_constraint_violation_is_sqlalchemys_integrity_error_and_leaves_nothing(db_url: str) -> None:
    db = Database.from_url(db_url)
    add, _ = statements(db)
    with db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
    with pytest.raises(IntegrityError), db.writing() as unit:
        unit.run(add, {"team": "T2", "at": AT})
        unit.run(add, {"team": "T1", "at": AT})  # the same workspace again
    with db.reading() as session:
        assert [w.team_id for w in session.exec(orm_select(Workspace))] == ["T1"]  # T2 rolled back too


def test_an_exception_in_the_block_rolls_the_unit_back(db_url: str) -> None:
    db = Database.from_url(db_url)
    add, _ = statements(db)
    with pytest.raises(RuntimeError), db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
        raise RuntimeError("crash mid-way")
    with db.writing() as unit:  # the connection went back to the pool clean
        unit.run(add, {"team": "T2", "at": AT})
    with db.reading() as session:
        assert [w.team_id for w in session.exec(orm_select(Workspace))] == ["T2"]


def test_a_naive_instant_is_refused_before_anything_is_written(db_url: str) -> None:
    db = Database.from_url(db_url)
    add, _ = statements(db)
    with pytest.raises(ValueError, match="naive"), db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT.replace(tzinfo=None)})
    with db.reading() as session:
        assert session.exec(orm_select(Workspace)).all() == []


@pytest.fixture
def closable(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """PostgreSQL with a pool of two of its own (not the test process's shared engine, whose pool
    holds earlier tests' connections: which one a unit takes would be unknown), and no ping to
    find a closed connection before a statement does."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to close a connection")
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)
    db = Database(make_engine(db_url, pool_size=2, max_overflow=0))
    yield db
    db.dispose()


def pid_of(conn: Any) -> int:
    return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def test_a_connection_the_server_closed_is_reported_invalidated_and_the_next_unit_reconnects(
    closable: Database, db_url: str
) -> None:
    add, _ = statements(closable)
    with closable.engine.connect() as _held:  # out of the pool, so that the units take the other one
        with closable.engine.connect() as used:
            pid = pid_of(used)
        terminate_backends(db_url, pid)
        with pytest.raises(DBAPIError) as failed, closable.writing() as unit:
            unit.run(add, {"team": "T1", "at": AT})
        assert failed.value.connection_invalidated
        with closable.writing() as unit:  # a new connection
            unit.run(add, {"team": "T1", "at": AT})
    with closable.reading() as session:
        assert [w.team_id for w in session.exec(orm_select(Workspace))] == ["T1"]


def test_a_column_default_computed_at_execution_is_refused_when_compiled() -> None:
    from sqlalchemy import Column, DateTime, Integer, MetaData, Table
    from sqlalchemy.dialects import sqlite

    at = Column("at", DateTime, default=datetime.now)
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), at)
    with pytest.raises(ValueError, match="at: only fixed column defaults"):
        Prepared(insert(table).values(id=bindparam("id")), sqlite.dialect())


def test_after_the_server_closed_every_connection_one_unit_fails_and_the_pool_starts_afresh(
    closable: Database, db_url: str
) -> None:
    """A server restart: SQLAlchemy's own rule, one failure drops every connection made before."""
    add, _ = statements(closable)
    with closable.engine.connect() as one, closable.engine.connect() as two:  # both pooled, then idle
        pids = pid_of(one), pid_of(two)
    terminate_backends(db_url, *pids)
    with pytest.raises(DBAPIError) as failed, closable.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
    assert failed.value.connection_invalidated
    with closable.writing() as unit:  # the other dead connection is not handed out: a new one is made
        unit.run(add, {"team": "T1", "at": AT})
    with closable.reading() as session:
        assert [w.team_id for w in session.exec(orm_select(Workspace))] == ["T1"]


def test_a_database_that_cannot_be_reached_is_sqlalchemys_operational_error(tmp_path: Any) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path}/no/such/folder/assay.db")
    add, _ = statements(db)
    with pytest.raises(OperationalError, match="unable to open database file"), db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
