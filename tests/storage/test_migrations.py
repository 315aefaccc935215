from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import assay.storage.models  # noqa: F401
from assay.storage import migrate
from assay.storage.engine import make_engine


def test_migrations_build_exactly_the_models_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_database_is_at_the_newest_revision(db_url: str) -> None:
    engine = make_engine(db_url)
    assert migrate.current_revision(engine) == migrate.head_revision(db_url)
    engine.dispose()


def test_upgrade_is_idempotent_and_downgrade_removes_every_table(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/fresh.db"
    engine = make_engine(url)
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert {"paper", "workspace", "vote", "gutcheck"} <= set(inspect(engine).get_table_names())
    cfg = migrate.alembic_config(url)
    from alembic import command

    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    engine.dispose()


def test_the_notes_migration_renames_the_reading_stages_both_ways(tmp_path: object) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    url = f"sqlite:///{tmp_path}/stages.db"
    cfg = migrate.alembic_config(url)
    notes = next(r for r in ScriptDirectory.from_config(cfg).walk_revisions() if (r.doc or "").startswith("notes:"))
    engine = make_engine(url)
    migrate.upgrade(engine, str(notes.down_revision))
    paper = (
        "INSERT INTO paper (team_id, number, arxiv_id, title, authors, abstract, categories, published, pdf_status,"
        " sections, code_urls, paper_type_estimated, priority_terms, priority_estimated, red_flags, stage, added_at)"
        " VALUES ('T1', :n, :a, 't', '[]', '', '[]', '2026-01-01', 'read', '[]', '[]', 1, '[]', '[]', '[]', :stage,"
        " '2026-01-01')"
    )
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace (team_id, timezone, created_at) VALUES ('T1', 'UTC', '2026-01-01')"))
        for n, stage in enumerate(("new", "pass 2", "done", "dropped"), start=1):
            conn.execute(text(paper), {"n": n, "a": f"2601.0000{n}", "stage": stage})

    def stages() -> list[str]:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("SELECT stage FROM paper ORDER BY number"))]

    migrate.upgrade(engine, notes.revision)
    assert stages() == ["unread", "pass 2", "decided", "dropped"]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, str(notes.down_revision))
    assert stages() == ["new", "pass 2", "done", "dropped"]
    assert "passnote" not in inspect(engine).get_table_names()
    engine.dispose()


def test_widening_the_names_rebuilds_sqlite_tables_without_losing_the_rows_that_refer_to_them(
    tmp_path: object,
) -> None:
    """0010 rebuilds technique, gutcheck and paper on SQLite: with foreign keys on, dropping
    the old table would cascade to every vote, move, run and note. Nothing may go."""
    from alembic.script import ScriptDirectory

    url = f"sqlite:///{tmp_path}/limits.db"
    cfg = migrate.alembic_config(url)
    limits = next(r for r in ScriptDirectory.from_config(cfg).walk_revisions() if (r.doc or "").startswith("limits:"))
    engine = make_engine(url)
    migrate.upgrade(engine, str(limits.down_revision))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace (team_id, timezone, created_at) VALUES ('T1', 'UTC', '2026-01-01')"))
        conn.execute(
            text(
                "INSERT INTO paper (id, team_id, number, arxiv_id, title, authors, abstract, categories, published,"
                " pdf_status, sections, code_urls, paper_type_estimated, priority_terms, priority_estimated,"
                " red_flags, stage, added_at, code_links, citations_status, community_status)"
                " VALUES (1, 'T1', 1, '2601.00001', 't', '[]', '', '[]', '2026-01-01', 'read', '[]', '[]', 1, '[]',"
                " '[]', '[]', 'unread', '2026-01-01', '[]', 'not-asked', 'not-asked')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO technique (id, team_id, name, name_key, ring, created_at)"
                " VALUES (1, 'T1', 'LoRA', 'lora', 'ASSESS', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO vote (team_id, technique_id, user_id, ring, voted_at)"
                " VALUES ('T1', 1, 'U1', 'TRIAL', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO gutcheck (id, team_id, number, paper_id, claim, metric, higher_is_better, alpha,"
                " timebox_seconds, started_at, timebox_ends, status, extensions)"
                " VALUES (1, 'T1', 1, 1, 'c', 'acc', 1, 0.05, 60, '2026-01-01', '2026-01-02', 'open', 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO gutcheckrun (team_id, gutcheck_id, arm, value, logged_at)"
                " VALUES ('T1', 1, 'baseline', 0.5, '2026-01-01')"
            )
        )
    migrate.upgrade(engine)

    def count(table: str) -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)

    assert [count(t) for t in ("paper", "technique", "vote", "gutcheck", "gutcheckrun")] == [1, 1, 1, 1, 1]
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("technique")}
    assert getattr(columns["name"], "length", None) == 200
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again for the pool
    with engine.begin() as conn:  # and the rebuilt tables still cascade
        conn.execute(text("DELETE FROM technique"))
    assert count("vote") == 0 and count("gutcheckrun") == 1
    engine.dispose()
