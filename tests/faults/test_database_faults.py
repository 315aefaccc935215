"""The database going away under a running app: the health check says so, a command is answered
in plain words with nothing changed, an event is answered 500 so that Slack sends it again, and
everything works again when the database is back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from tests.core.helpers import run
from tests.slack_stack import SlackStack
from tests.workspaces import rows_by_team


@contextmanager
def database_down(stack: SlackStack) -> Iterator[None]:
    """Every statement and every connection taken from the pool is refused, as by a server
    that went away (the vote's write takes its connection straight from the pool)."""

    def refuse(*_: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    engine = stack.runtime.db.engine
    hooks = [(engine, "before_cursor_execute"), (engine.pool, "checkout")]
    for target, name in hooks:
        event.listen(target, name, refuse)
    try:
        yield
    finally:
        for target, name in hooks:
            event.remove(target, name, refuse)


def test_a_database_that_goes_away_is_reported_and_nothing_is_half_done(any_slack: SlackStack) -> None:
    run(any_slack.runtime, "/radar add LoRA", team="T0001")
    before = rows_by_team(any_slack.runtime)
    with database_down(any_slack):
        health = requests.get(any_slack.url + "/healthz", timeout=5)
        assert (health.status_code, health.json()) == (503, {"ok": False, "database": "down"})
        answer = any_slack.command("/radar", "vote LoRA TRIAL").json()
        assert answer["response_type"] == "ephemeral"
        assert answer["text"] == "⚠️ Something went wrong on our side; nothing was changed. The error was logged."
        assert any_slack.sender.event({"type": "app_uninstalled"}, event_id="EvDB1").status_code == 500
    assert rows_by_team(any_slack.runtime) == before
    assert requests.get(any_slack.url + "/healthz", timeout=5).status_code == 200
    assert "Vote recorded" in any_slack.command("/radar", "vote LoRA TRIAL").json()["text"]
