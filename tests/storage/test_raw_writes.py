"""Writes on the DB-API connection (``Database.writing``): rows read back exactly as the ORM's,
errors come out as SQLAlchemy's and leave nothing behind, on both backends."""

from __future__ import annotations

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

WORKSPACE: Any = Workspace.__table__  # type: ignore[attr-defined]
AT = datetime(2026, 11, 21, 9, 30, 0, 0, tzinfo=timezone(timedelta(hours=2)))  # no microseconds


def private(url: str) -> Database:
    """A database with a pool of two of its own, not the test process's shared engine, whose
    pool holds connections of earlier tests (a unit would take the oldest idle one)."""
    return Database(make_engine(url, pool_size=2, max_overflow=0))


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


def test_a_connection_the_server_closed_is_reported_invalidated_and_the_next_unit_reconnects(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to close a connection")
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)  # no ping to catch it first
    db = private(db_url)  # a pool of its own: which connection a unit gets is known
    add, _ = statements(db)
    with db.engine.connect() as other:  # held, so that the units below take the other connection
        with db.writing() as unit:
            unit.cursor.execute("SELECT pg_backend_pid()")
            pid = int(unit.cursor.fetchone()[0])
        other.exec_driver_sql(f"SELECT pg_terminate_backend({pid}, 10000)")  # returns once it is gone
        with pytest.raises(DBAPIError) as failed, db.writing() as unit:
            unit.run(add, {"team": "T1", "at": AT})
        assert failed.value.connection_invalidated
        with db.writing() as unit:
            unit.run(add, {"team": "T1", "at": AT})
            unit.cursor.execute("SELECT pg_backend_pid()")
            assert int(unit.cursor.fetchone()[0]) != pid
    with db.reading() as session:
        assert [w.team_id for w in session.exec(orm_select(Workspace))] == ["T1"]
    db.dispose()


def test_a_column_default_computed_at_execution_is_refused_when_compiled() -> None:
    from sqlalchemy import Column, DateTime, Integer, MetaData, Table
    from sqlalchemy.dialects import sqlite

    at = Column("at", DateTime, default=datetime.now)
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), at)
    with pytest.raises(ValueError, match="at: only fixed column defaults"):
        Prepared(insert(table).values(id=bindparam("id")), sqlite.dialect())


def test_after_the_server_closed_every_connection_one_unit_fails_and_the_pool_starts_afresh(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server restart: SQLAlchemy's own rule, one failure drops every connection made before."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to close a connection")
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)  # no ping to catch them first
    db = private(db_url)  # a pool of its own: which connection a unit gets is known
    add, _ = statements(db)
    with db.engine.connect() as one, db.engine.connect() as two:  # two pooled connections, then idle
        pids = [int(c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()) for c in (one, two)]
    admin = make_engine(db_url, pool_size=1)
    with admin.connect() as conn:
        for pid in pids:
            conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid}, 10000)")  # returns once it is gone
    admin.dispose()
    with pytest.raises(DBAPIError) as failed, db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
    assert failed.value.connection_invalidated
    with db.writing() as unit:  # the other dead connection is not handed out: a new one is made
        unit.run(add, {"team": "T1", "at": AT})
    with db.reading() as session:
        assert [w.team_id for w in session.exec(orm_select(Workspace))] == ["T1"]
    db.dispose()


def test_a_database_that_cannot_be_reached_is_sqlalchemys_operational_error(tmp_path: Any) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path}/no/such/folder/assay.db")
    add, _ = statements(db)
    with pytest.raises(OperationalError, match="unable to open database file"), db.writing() as unit:
        unit.run(add, {"team": "T1", "at": AT})
