"""A snapshot restores exactly what its build makes through the commands: every row of every
table of the migrated schema, value and type as stored, the id sequences, and so the ids that
the next inserts get. Each build the tests cache is checked here on every backend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from assay.clock import FixedClock
from assay.runtime import Runtime, build_runtime
from tests.conftest import NO_PACING, Fakes, fake_settings
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.dbs import sqlite_copy
from tests.faults.test_isolation import fill_two
from tests.faults.test_limits import fill_for_limits
from tests.snapshots import SNAPSHOTS
from tests.workspaces import CIPHER, Fill, fill_workspace, fill_workspaces, rows_by_team

BUILDS: dict[str, Callable[[Runtime], object]] = {
    "one workspace": lambda rt: fill_workspace(rt, "T1"),
    "two workspaces": lambda rt: fill_workspaces(rt, [Fill("T1", marker="ALPHA"), Fill("T2", "C2", "BETA")]),
    "isolation": lambda rt: SNAPSHOTS.built(rt, fill_two),
    "limits": lambda rt: SNAPSHOTS.built(rt, fill_for_limits),
}
# What a test does next: a row more in the tables with most ids, numbered after the build's.
NEXT = ('/radar add Hydra description="next"', '/gutcheck start P1 claim="next" metric=loss', "/paper watch cs.AI")

Stored = dict[str, list[dict[str, Any]]]


def stored(runtime: Runtime) -> Stored:
    """Every row of every table the database has, by primary key: on SQLite each value as the
    driver reads it with its type (1, 1.0 and True differ), on PostgreSQL as text (JSON's null
    and SQL's NULL differ); on PostgreSQL also the state of every sequence."""
    engine = runtime.db.engine
    postgres = engine.dialect.name == "postgresql"
    found: Stored = {}
    with engine.connect() as conn:
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            columns = [column["name"] for column in inspector.get_columns(table)]
            order = inspector.get_pk_constraint(table)["constrained_columns"] or columns
            chosen = ", ".join(f'CAST("{c}" AS TEXT)' if postgres else f'"{c}"' for c in columns)
            rows = conn.exec_driver_sql(f'SELECT {chosen} FROM "{table}" ORDER BY {", ".join(order)}').all()
            found[table] = [_typed(table, dict(zip(columns, row, strict=True)), postgres) for row in rows]
        if postgres:
            sequences = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
            found["(sequences)"] = [dict(conn.exec_driver_sql(sequences).all())]
    return found


def _typed(table: str, row: dict[str, Any], postgres: bool) -> dict[str, Any]:
    if table == "installation":  # sealed anew by each fill (Fernet's nonce and time): open it
        row["bot_token_sealed"] = CIPHER.open(row["bot_token_sealed"])
    return row if postgres else {column: (type(value).__name__, value) for column, value in row.items()}


@pytest.fixture
def runtime_on(fakes: Fakes, clock: FixedClock, tmp_path: Path) -> Callable[[str], Runtime]:
    def build(url: str) -> Runtime:
        return build_runtime(
            fake_settings(url, fakes), clock=clock, migrate_schema=False, output_dir=tmp_path, pacing=NO_PACING
        )

    return build


@pytest.fixture
def empty_again(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """The same backend, empty as a test finds it: a new SQLite copy, the PostgreSQL schema emptied."""

    def again() -> str:
        if db_url.startswith("sqlite"):
            (tmp_path / "again").mkdir()
            return sqlite_copy(request.getfixturevalue("_sqlite_template"), tmp_path / "again")
        request.getfixturevalue("_postgres").truncate()
        return db_url

    return again


def _build_and_go_on(runtime: Runtime, build: Callable[[Runtime], object]) -> tuple[Stored, Stored]:
    build(runtime)
    made = stored(runtime)
    for line in NEXT:
        run(runtime, line, team="T1")
    store_paper(runtime, "Next paper", team="T1", arxiv_id="2611.00077")
    return made, stored(runtime)


@pytest.mark.parametrize("name", list(BUILDS))
def test_a_restored_snapshot_holds_what_the_build_makes_and_the_next_ids_follow(
    db_url: str, runtime_on: Callable[[str], Runtime], empty_again: Callable[[], str], name: str
) -> None:
    build = BUILDS[name]
    first = runtime_on(db_url)
    restores = SNAPSHOTS.restores
    with SNAPSHOTS.rebuilding():  # through the commands, and the snapshot taken anew
        real = _build_and_go_on(first, build)
    first.close()
    assert SNAPSHOTS.restores == restores
    second = runtime_on(empty_again())
    try:
        restored = _build_and_go_on(second, build)
    finally:
        second.close()
    assert SNAPSHOTS.restores == restores + 1
    assert sum(len(rows) for rows in real[0].values()) > 10  # the build made rows to compare
    for table in real[0]:
        assert restored[0][table] == real[0][table], table
        assert restored[1][table] == real[1][table], f"{table}, after the next inserts"


def test_a_database_that_is_not_empty_is_filled_through_the_commands(any_runtime: Runtime) -> None:
    fill_workspace(any_runtime, "T1")  # restored, or filled for real and taken as a snapshot
    store_paper(any_runtime, "A paper of its own", team="T3")
    restores = SNAPSHOTS.restores
    fill_workspace(any_runtime, "T2")
    assert SNAPSHOTS.restores == restores
    counts = rows_by_team(any_runtime)
    assert counts["paper"] == {"T1": 2, "T2": 2, "T3": 1}
    assert {table: teams.get("T2") for table, teams in counts.items()} == {
        table: teams.get("T1") for table, teams in counts.items()
    }
