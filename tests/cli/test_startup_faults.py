"""Start-up faults stop `assay` with exit code 2 and one line naming the variable or the
problem, never a traceback: the database, the service URLs, Slack, the secret key."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from assay.storage import migrate
from assay.storage.engine import make_engine
from tests.cli.runner import assay, assay_process, base_env, closed_port
from tests.conftest import Fakes
from tests.dbs import PG_URL
from tests.fakes.slack_api import FakeSlack
from tests.oauth_install import CLIENT_ID, CLIENT_SECRET, SECRET_KEY
from tests.slack_requests import SIGNING_SECRET

BOT_TOKEN = "xoxb-startup-test-token"
needs_postgres = pytest.mark.skipif(not PG_URL.startswith("postgresql"), reason="ASSAY_TEST_DATABASE_URL not set")


@pytest.fixture
def env(tmp_path: Path, fakes: Fakes) -> dict[str, str]:
    return base_env(tmp_path, fakes)


@pytest.fixture
def slack_env(env: dict[str, str], fake_slack: FakeSlack) -> dict[str, str]:
    return {
        **env,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "ASSAY_SCHEDULER": "off",
    }


def one_line_exit_2(out: subprocess.CompletedProcess[str], *says: str) -> str:
    """The run failed as a start-up fault should; returns the line."""
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    for word in says:
        assert word in lines[0], lines[0]
    return lines[0]


def serve(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return assay(["serve", "--http", "--host", "127.0.0.1", "--port", str(closed_port())], env, cwd, timeout=60)


@pytest.mark.parametrize("command", [["run", "/assay help"], ["db", "upgrade"], ["db", "current"], ["jobs", "run-due"]])
def test_a_database_on_a_closed_port_is_one_line(env: dict[str, str], tmp_path: Path, command: list[str]) -> None:
    url = f"postgresql+psycopg://postgres:hunter2-pw@127.0.0.1:{closed_port()}/assay"
    line = one_line_exit_2(assay(command, {**env, "ASSAY_DATABASE_URL": url}, tmp_path), "ASSAY_DATABASE_URL")
    assert "refused" in line.lower() and "hunter2-pw" not in line


def test_the_console_script_itself_stops_with_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """The same fault through a real process: its exit code and stderr, not main()'s."""
    url = f"postgresql+psycopg://postgres:hunter2-pw@127.0.0.1:{closed_port()}/assay"
    out = assay_process(["run", "/assay help"], {**env, "ASSAY_DATABASE_URL": url}, tmp_path)
    line = one_line_exit_2(out, "ASSAY_DATABASE_URL")
    assert "refused" in line.lower() and "hunter2-pw" not in line


def test_serve_with_an_unreachable_database_is_one_line(slack_env: dict[str, str], tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/assay"
    one_line_exit_2(serve({**slack_env, "ASSAY_DATABASE_URL": url}, tmp_path), "ASSAY_DATABASE_URL", "refused")


@needs_postgres
def test_a_postgres_database_that_does_not_exist_is_named(env: dict[str, str], tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL).set(database="assay_no_such_database").render_as_string(hide_password=False)
    one_line_exit_2(
        assay(["run", "/assay help"], {**env, "ASSAY_DATABASE_URL": url}, tmp_path),
        "ASSAY_DATABASE_URL",
        '"assay_no_such_database" does not exist',
    )


def test_a_sqlite_file_in_a_missing_folder_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/no/such/folder/assay.db"
    one_line_exit_2(
        assay(["run", "/assay help"], {**env, "ASSAY_DATABASE_URL": url}, tmp_path),
        "ASSAY_DATABASE_URL",
        "unable to open database file",
    )


def test_a_schema_newer_than_this_assay_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    assert assay(["db", "upgrade"], env, tmp_path).returncode == 0
    engine = make_engine(env["ASSAY_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    head = migrate.head_revision("sqlite://")
    for command in (["run", "/assay help"], ["db", "upgrade"]):
        one_line_exit_2(assay(command, env, tmp_path), "ASSAY_DATABASE_URL", "revision 0099", f"newest is {head}")


def test_clear_tokens_without_a_key_stop_the_migration(env: dict[str, str], tmp_path: Path) -> None:
    engine = make_engine(env["ASSAY_DATABASE_URL"])
    migrate.upgrade(engine, "0008")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO installation (team_id, bot_token, payload, installed_at)"
                " VALUES ('T1', 'xoxb-clear-token-in-db', '{}', '2026-01-01')"
            )
        )
    engine.dispose()
    out = assay(["run", "/assay help"], env, tmp_path)
    line = one_line_exit_2(out, "ASSAY_SECRET_KEY", "1 bot token")
    assert "xoxb-clear-token-in-db" not in line
    assert assay(["run", "/assay help"], {**env, "ASSAY_SECRET_KEY": SECRET_KEY}, tmp_path).returncode == 0


@pytest.mark.parametrize("url", ["export.arxiv.org/api/query", "ftp://export.arxiv.org/api/query", "https://"])
def test_a_bad_arxiv_url_is_one_line(env: dict[str, str], tmp_path: Path, url: str) -> None:
    one_line_exit_2(assay(["run", "/assay help"], {**env, "ASSAY_ARXIV_API_URL": url}, tmp_path), "ASSAY_ARXIV_API_URL")


def test_a_slack_api_url_that_is_not_a_url_is_one_line(slack_env: dict[str, str], tmp_path: Path) -> None:
    one_line_exit_2(serve({**slack_env, "SLACK_API_URL": "slack.com/api"}, tmp_path), "SLACK_API_URL")


def test_an_unreachable_slack_is_one_line(slack_env: dict[str, str], tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/api/"
    one_line_exit_2(serve({**slack_env, "SLACK_API_URL": url}, tmp_path), "SLACK_API_URL", "could not be reached")


@pytest.mark.parametrize("error", ["token_revoked", "invalid_auth"])
def test_a_refused_bot_token_is_one_line(
    slack_env: dict[str, str], fake_slack: FakeSlack, tmp_path: Path, error: str
) -> None:
    fake_slack.refuse(BOT_TOKEN, error)
    line = one_line_exit_2(serve(slack_env, tmp_path), "SLACK_BOT_TOKEN", f"({error})")
    assert BOT_TOKEN not in line
    assert [c.method for c in fake_slack.calls] == ["auth.test#failed"]


def test_a_refused_app_token_is_one_line(slack_env: dict[str, str], fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.refuse("xapp-1-A0-refused", "invalid_auth")
    env = {**slack_env, "SLACK_APP_TOKEN": "xapp-1-A0-refused"}
    one_line_exit_2(assay(["serve", "--socket"], env, tmp_path, timeout=60), "SLACK_APP_TOKEN", "invalid_auth")


@pytest.mark.parametrize(
    ("missing", "env_update"),
    [
        ("SLACK_SIGNING_SECRET", {"SLACK_SIGNING_SECRET": ""}),
        ("SLACK_APP_TOKEN", {}),
    ],
)
def test_a_forced_mode_without_its_credentials_is_one_line(
    slack_env: dict[str, str], tmp_path: Path, missing: str, env_update: dict[str, str]
) -> None:
    mode = "--socket" if missing == "SLACK_APP_TOKEN" else "--http"
    one_line_exit_2(assay(["serve", mode], {**slack_env, **env_update}, tmp_path, timeout=60), missing)


def test_a_bad_secret_key_is_one_line_and_never_echoed(env: dict[str, str], tmp_path: Path) -> None:
    bad = "not-a-fernet-key-but-a-secret-all-the-same"
    line = one_line_exit_2(
        assay(["run", "/assay help"], {**env, "ASSAY_SECRET_KEY": bad}, tmp_path), "ASSAY_SECRET_KEY"
    )
    assert bad not in line and "assay secrets new-key" in line


def test_oauth_mode_without_a_secret_key_is_one_line(slack_env: dict[str, str], tmp_path: Path) -> None:
    env = {**slack_env, "SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}
    one_line_exit_2(serve(env, tmp_path), "ASSAY_SECRET_KEY", "OAuth mode")
