"""Uninstall through the real app: app_uninstalled and tokens_revoked (bot) delete every row of
that workspace and nothing of another; one audit line says how much, with no secret in it."""

from __future__ import annotations

import logging

import pytest

from tests.slack_requests import SIGNING_SECRET
from tests.slack_stack import BOT_TOKEN, SlackStack
from tests.waiting import wait_until
from tests.workspaces import Fill, assert_every_table_filled, fill_workspaces, rows_by_team, team_tables

GONE, KEPT = "T0002", "T0001"


def _rows_of(slack: SlackStack, team: str) -> dict[str, int]:
    counts = rows_by_team(slack.runtime)
    return {table: counts[table].get(team, 0) for table in team_tables()}


@pytest.fixture
def two_workspaces(any_slack: SlackStack) -> dict[str, int]:
    fill_workspaces(any_slack.runtime, [Fill(KEPT), Fill(GONE)])
    assert_every_table_filled(rows_by_team(any_slack.runtime), KEPT, GONE)
    return _rows_of(any_slack, KEPT)


def _audit(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "uninstalled" in r.getMessage()]


def test_app_uninstalled_deletes_the_workspace_and_nothing_else(
    any_slack: SlackStack, two_workspaces: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    expected = sum(_rows_of(any_slack, GONE).values()) + 1  # and the claim of the event itself
    assert any_slack.sender.event({"type": "app_uninstalled"}, event_id="EvU1", team=GONE).status_code == 200
    wait_until(lambda: not any(_rows_of(any_slack, GONE).values()), what="every row of the workspace gone")
    assert _rows_of(any_slack, KEPT) == two_workspaces
    line = wait_until(lambda: _audit(caplog))
    assert line == [
        f"workspace {GONE} uninstalled (app_uninstalled): {expected} rows deleted in {len(team_tables())} tables"
    ]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "xoxb-" not in logged and BOT_TOKEN not in logged and SIGNING_SECRET not in logged


def test_a_retried_uninstall_deletes_nothing_more(
    any_slack: SlackStack, two_workspaces: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    any_slack.sender.event({"type": "app_uninstalled"}, event_id="EvU2", team=GONE)
    wait_until(lambda: len(_audit(caplog)) == 1)
    # The claim went with the workspace's rows, so Slack's retry runs again: and finds nothing.
    any_slack.sender.event({"type": "app_uninstalled"}, event_id="EvU2", team=GONE, retry_num=1)
    wait_until(lambda: len(_audit(caplog)) == 2)
    assert _audit(caplog)[1].endswith(": 1 rows deleted in 1 tables")  # its own claim, nothing else
    assert _rows_of(any_slack, KEPT) == two_workspaces


def test_revoking_the_bot_token_deletes_the_workspace_and_user_tokens_alone_do_not(
    any_slack: SlackStack, two_workspaces: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    only_users = {"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": []}}
    any_slack.sender.event(only_users, event_id="EvR1", team=GONE)
    bot_too = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    any_slack.sender.event(bot_too, event_id="EvR2", team=GONE)
    wait_until(lambda: _audit(caplog))
    assert _audit(caplog)[0].startswith(f"workspace {GONE} uninstalled (tokens_revoked): ")
    assert len(_audit(caplog)) == 1  # the user tokens alone deleted nothing
    assert not any(_rows_of(any_slack, GONE).values())
    assert _rows_of(any_slack, KEPT) == two_workspaces
