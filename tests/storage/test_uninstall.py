"""Uninstall: every row of the workspace goes, in one transaction; other workspaces keep theirs."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from assay.runtime import Runtime
from assay.services.workspaces import delete_workspace_data
from assay.storage.models import SignalAnswer
from tests.workspaces import Fill, assert_every_table_filled, fill_workspace, fill_workspaces, rows_by_team, team_tables


def test_forgetting_a_workspace_empties_every_table_of_its_rows_and_only_its_rows(any_runtime: Runtime) -> None:
    fill_workspaces(any_runtime, [Fill("T1"), Fill("T2")])
    before = rows_by_team(any_runtime)
    assert_every_table_filled(before, "T1", "T2")  # a new table with team_id must be filled above
    with any_runtime.db.session() as session:
        deleted = delete_workspace_data(session, "T2")
    after = rows_by_team(any_runtime)
    assert {table: after[table].get("T2", 0) for table in team_tables()} == dict.fromkeys(team_tables(), 0)
    assert {table: after[table].get("T1") for table in team_tables()} == {
        table: before[table]["T1"] for table in team_tables()
    }
    assert deleted.rows == sum(before[table]["T2"] for table in team_tables())
    assert deleted.tables == len(team_tables())


def test_the_shared_cache_of_public_answers_stays(any_runtime: Runtime) -> None:
    fill_workspace(any_runtime, "T1")
    with any_runtime.db.session() as session:
        session.add(
            SignalAnswer(service="s2", key="2611.00001", found=True, value={}, fetched_at=any_runtime.clock.now())
        )
    with any_runtime.db.session() as session:
        delete_workspace_data(session, "T1")
    with any_runtime.db.session() as session:
        assert session.execute(select(func.count()).select_from(SignalAnswer)).scalar() == 1


def test_a_failure_midway_deletes_nothing(any_runtime: Runtime) -> None:
    """One transaction: when a statement fails, the rows deleted before it come back."""
    fill_workspace(any_runtime, "T1")
    before = rows_by_team(any_runtime)
    statements = 0

    def fail_on_the_fifth_delete(conn: object, cursor: object, statement: str, *args: object) -> None:
        nonlocal statements
        if statement.lstrip().upper().startswith("DELETE"):
            statements += 1
            if statements == 5:
                raise RuntimeError("the database went away")

    engine = any_runtime.db.engine
    event.listen(engine, "before_cursor_execute", fail_on_the_fifth_delete)
    try:
        with pytest.raises(RuntimeError), any_runtime.db.session() as session:
            delete_workspace_data(session, "T1")
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_the_fifth_delete)
    assert statements == 5
    assert rows_by_team(any_runtime) == before


def test_forgetting_an_unknown_workspace_deletes_nothing(any_runtime: Runtime) -> None:
    fill_workspace(any_runtime, "T1")
    before = rows_by_team(any_runtime)
    with any_runtime.db.session() as session:
        deleted = delete_workspace_data(session, "T9")
    assert (deleted.rows, deleted.tables) == (0, 0)
    assert rows_by_team(any_runtime) == before


def test_every_table_but_the_shared_cache_carries_team_id() -> None:
    """A table without team_id is not deleted on uninstall and not scoped by workspace: adding
    one must be a decision (and a line in docs/operations.md), not an accident."""
    from sqlmodel import SQLModel

    shared = {t.name for t in SQLModel.metadata.sorted_tables if "team_id" not in t.c}
    assert shared == {"signalanswer", "oauthstate"}
