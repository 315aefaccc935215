"""`assay serve --socket` as an operator runs it: it connects to (fake) Slack's socket, answers
what comes over it, delivers scheduled posts from the same process, and stops on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from assay.storage.engine import make_engine
from tests.cli.runner import assay, base_env
from tests.conftest import Fakes
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode
from tests.slack_requests import fixture

APP_TOKEN = "xapp-1-A0ASSAY-1234-servesecret"


@pytest.fixture
def fake_socket() -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    yield server
    server.stop()


def test_serve_socket_answers_and_runs_the_scheduler(
    tmp_path: Path, fakes: Fakes, fake_slack: FakeSlack, fake_socket: FakeSocketMode
) -> None:
    fake_slack.socket_url = fake_socket.url
    env = {
        **base_env(tmp_path, fakes),
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_BOT_TOKEN": "xoxb-serve-socket-token",
        "SLACK_API_URL": fake_slack.api_url,
        "ASSAY_LOG_LEVEL": "WARNING",
    }
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    added = assay(["run", f'/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark it" due={tomorrow}'], env, tmp_path)
    assert added.returncode == 0, added.stderr
    engine = make_engine(env["ASSAY_DATABASE_URL"])
    with engine.begin() as conn:  # the owner's reminder falls due a minute ago
        moved = conn.execute(
            text("UPDATE scheduleditem SET due_at = :due WHERE kind = 'radar.due'"),
            {"due": (datetime.now(UTC) - timedelta(minutes=1)).replace(tzinfo=None)},
        )
        assert moved.rowcount == 1
    engine.dispose()

    process = subprocess.Popen(
        [sys.executable, "-m", "bot.main", "serve", "--socket"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fake_socket.wait_for_connections(1, timeout=60)
        radar = {**fixture("slash_command"), "command": "/radar", "text": ""}
        envelope = fake_socket.send("slash_commands", radar, accepts_response_payload=True)
        ack = fake_socket.wait_for_ack(envelope)
        assert ack.seconds < 3 and "LoRA" in str(ack.payload)
        # The scheduler's first tick after start: a few seconds, up to 15 on a loaded CI machine.
        reminder = fake_slack.wait_for(
            "chat.postMessage", lambda c: "benchmark it" in str(c.params.get("blocks")), timeout=60
        )[0]
        assert reminder.token == "xoxb-serve-socket-token" and reminder.params["channel"] == "DBOB"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
