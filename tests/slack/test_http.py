"""The real Bolt app over HTTP: signatures, acknowledgements, health."""

from __future__ import annotations

import time
from typing import Any

import requests

from tests.slack_requests import sign


def test_healthz_is_200_when_the_database_answers(slack: Any) -> None:
    response = requests.get(slack.url + "/healthz", timeout=5)
    assert response.status_code == 200 and response.json()["database"] == "up"


def test_a_bad_signature_is_refused_with_401(slack: Any) -> None:
    response = slack.sender.command("/paper", "help", secret="wrong-secret")
    assert response.status_code == 401


def test_a_stale_timestamp_is_refused_with_401(slack: Any) -> None:
    stale = str(int(time.time()) - 6 * 60)
    response = slack.sender.command("/paper", "help", timestamp=stale)
    assert response.status_code == 401


def test_a_garbage_timestamp_is_a_4xx_not_a_500(slack: Any) -> None:
    body = "command=%2Fpaper&text=help"
    headers = {
        **sign(body),
        "X-Slack-Request-Timestamp": "not-a-number",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    response = requests.post(slack.url + "/slack/events", data=body, headers=headers, timeout=5)
    assert 400 <= response.status_code < 500


def test_help_is_answered_in_the_acknowledgement(slack: Any) -> None:
    response = slack.command("/paper", "help")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert any("/paper add" in str(b) for b in body["blocks"])


def test_a_user_error_is_an_ephemeral_acknowledgement(slack: Any) -> None:
    response = slack.command("/paper", "add not-an-id")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral" and "is not an arXiv id" in body["text"]
    assert slack.fake.calls_to("chat.postMessage") == []


def test_unknown_subcommands_get_a_clear_error(slack: Any) -> None:
    body = slack.command("/paper", "launch").json()
    assert "has no subcommand `launch`" in body["text"] and "/paper help" in body["text"]


def test_the_bot_token_goes_to_the_fake_api_and_is_never_logged(slack: Any, caplog: Any) -> None:
    slack.command("/assay", "settings")
    auth = slack.fake.calls_to("auth.test")
    assert auth and auth[0].token == "xoxb-test-token-not-real"
    assert "xoxb-test-token-not-real" not in caplog.text
