"""Installations at rest: the 0009 migration seals tokens stored in clear (or refuses without a
key), tokens are sealed with the newest key, and rotation re-seals old rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine, make_url

from assay.services.installations import InstalledBot, find_installation, reseal_all, save_installation
from assay.storage import migrate
from assay.storage.cipher import TokenCipher, UnreadableToken, new_key
from assay.storage.engine import Database, make_engine
from tests.dbs import BACKENDS, PG_URL

OLD, NEW = new_key(), new_key()
WHEN = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CLEAR = "xoxb-1111-2222-clear-text-token"


@pytest.fixture(params=BACKENDS)
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database (no schema at all) on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path}/blank.db")
        yield engine
        engine.dispose()
        return
    schema = f"assay_blank_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def at_0008_with_clear_tokens(engine: Engine, *rows: tuple[int, str, str]) -> None:
    migrate.upgrade(engine, "0008")
    with engine.begin() as conn:
        for row_id, team, token in rows:
            conn.execute(
                text(
                    "INSERT INTO installation (id, team_id, bot_token, payload, installed_at)"
                    " VALUES (:id, :team, :token, '{}', :at)"
                ),
                {"id": row_id, "team": team, "token": token, "at": WHEN},
            )


def columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("installation")}


def test_the_migration_seals_clear_tokens_with_the_newest_key(blank: Engine) -> None:
    at_0008_with_clear_tokens(blank, (1, "T1", CLEAR), (2, "T2", CLEAR + "-two"))
    migrate.upgrade(blank, secret_key=f"{NEW},{OLD}")
    assert "bot_token" not in columns(blank)
    with blank.connect() as conn:
        sealed = dict(conn.execute(text("SELECT team_id, bot_token_sealed FROM installation")).all())
    assert all(CLEAR not in value for value in sealed.values())
    newest = TokenCipher([NEW])
    assert {team: newest.open(value) for team, value in sealed.items()} == {"T1": CLEAR, "T2": CLEAR + "-two"}


def test_without_a_key_the_migration_refuses_and_changes_nothing(blank: Engine) -> None:
    at_0008_with_clear_tokens(blank, (1, "T1", CLEAR))
    with pytest.raises(migrate.MigrationRefused, match="ASSAY_SECRET_KEY: the installation table holds 1 bot token"):
        migrate.upgrade(blank)
    assert migrate.current_revision(blank) == "0008"
    with blank.connect() as conn:
        assert conn.execute(text("SELECT bot_token FROM installation")).scalar() == CLEAR


def test_an_empty_installation_table_migrates_without_a_key(blank: Engine) -> None:
    migrate.upgrade(blank, "0008")
    migrate.upgrade(blank)
    assert migrate.current_revision(blank) == migrate.head_revision("sqlite://")
    assert {"bot_token_sealed"} <= columns(blank) and "oauthstate" in inspect(blank).get_table_names()


def test_the_migration_keeps_the_newest_of_duplicate_installations(blank: Engine) -> None:
    at_0008_with_clear_tokens(blank, (1, "T1", "xoxb-old"), (2, "T1", "xoxb-newer"), (3, "T2", "xoxb-other"))
    migrate.upgrade(blank, secret_key=NEW)
    found = find_installation(Database(blank), TokenCipher([NEW]), "T1")
    assert found is not None and found.bot_token == "xoxb-newer"


def test_downgrading_opens_the_tokens_again(blank: Engine) -> None:
    at_0008_with_clear_tokens(blank, (1, "T1", CLEAR))
    migrate.upgrade(blank, secret_key=NEW)
    cfg = migrate.alembic_config(blank.url.render_as_string(hide_password=False))
    with blank.begin() as conn:
        cfg.attributes.update(connection=conn, secret_key=NEW)
        command.downgrade(cfg, "0008")
    with blank.connect() as conn:
        assert conn.execute(text("SELECT bot_token FROM installation")).scalar() == CLEAR


def bot(team: str, token: str) -> InstalledBot:
    return InstalledBot(team_id=team, bot_token=token, installed_at=WHEN, bot_user_id="UBOT")


def test_rotation_reads_old_rows_writes_with_the_newest_key_and_reseals(db_url: str) -> None:
    db = Database.from_url(db_url)
    save_installation(db, TokenCipher([OLD]), bot("T1", "xoxb-sealed-with-old"))
    rotated = TokenCipher([NEW, OLD])  # ASSAY_SECRET_KEY=<new>,<old>
    found = find_installation(db, rotated, "T1")
    assert found is not None and found.bot_token == "xoxb-sealed-with-old"
    save_installation(db, rotated, bot("T2", "xoxb-sealed-with-new"))
    with pytest.raises(UnreadableToken):
        find_installation(db, TokenCipher([NEW]), "T1")  # not re-sealed yet
    assert find_installation(db, TokenCipher([NEW]), "T2") is not None  # new writes: newest key

    report = reseal_all(db, rotated)
    assert (report.resealed, report.current, report.unreadable) == (1, 1, [])
    newest_only = TokenCipher([NEW])
    assert [find_installation(db, newest_only, t).bot_token for t in ("T1", "T2")] == [  # type: ignore[union-attr]
        "xoxb-sealed-with-old",
        "xoxb-sealed-with-new",
    ]
    assert reseal_all(db, newest_only).resealed == 0
    db.dispose()


def test_a_token_no_key_opens_is_reported_not_lost(db_url: str) -> None:
    db = Database.from_url(db_url)
    save_installation(db, TokenCipher([OLD]), bot("T1", "xoxb-lost-key"))
    report = reseal_all(db, TokenCipher([NEW]))
    assert report.unreadable == ["T1"] and report.resealed == 0
    found = find_installation(db, TokenCipher([OLD]), "T1")
    assert found is not None and found.bot_token == "xoxb-lost-key"
    db.dispose()


def test_an_installed_bot_never_shows_its_token() -> None:
    assert "xoxb-hidden" not in repr(bot("T1", "xoxb-hidden")) + str(bot("T1", "xoxb-hidden"))
