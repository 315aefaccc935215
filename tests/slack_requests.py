"""Signed requests to the app, built from recorded payload shapes in tests/fixtures/slack."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests
from slack_sdk.signature import SignatureVerifier

FIXTURES = Path(__file__).parent / "fixtures" / "slack"
SIGNING_SECRET = "test-signing-secret-0123456789"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return copy.deepcopy(data)


def sign(body: str, *, secret: str = SIGNING_SECRET, timestamp: str | None = None) -> dict[str, str]:
    """Headers Slack would send: the signature covers ``v0:<timestamp>:<raw body>``."""
    ts = timestamp or str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


class SlackSender:
    """Posts signed requests to a running app at ``url`` (…/slack/events)."""

    def __init__(self, url: str, response_url: str) -> None:
        self.url = url
        self.response_url = response_url
        self.http = requests.Session()

    def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None, **sign_args: Any
    ) -> requests.Response:
        all_headers = {"Content-Type": content_type, **sign(body, **sign_args), **(headers or {})}
        return self.http.post(self.url, data=body.encode(), headers=all_headers, timeout=15)

    def command(
        self,
        command: str,
        text: str,
        *,
        user: str = "U2147483697",
        channel: str = "C2147483705",
        team: str = "T0001",
        **sign_args: Any,
    ) -> requests.Response:
        form = fixture("slash_command")
        form.update(
            command=command, text=text, user_id=user, channel_id=channel, team_id=team, response_url=self.response_url
        )
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **sign_args)

    def action(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "U2147483697",
        channel: str = "C2147483705",
        team: str = "T0001",
        message_ts: str = "1700000000.000001",
    ) -> requests.Response:
        payload = fixture("block_actions")
        payload["user"]["id"] = user
        payload["team"]["id"] = team
        payload["channel"]["id"] = channel
        payload["container"].update(channel_id=channel, message_ts=message_ts)
        payload["message"]["ts"] = message_ts
        payload["response_url"] = self.response_url
        payload["actions"][0].update(action_id=action_id, value=value)
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def home_action(
        self, action_id: str, value: str, *, user: str = "U2147483697", team: str = "T0001"
    ) -> requests.Response:
        """A button clicked on App Home: the container is the Home view (no channel, no message)."""
        payload = fixture("block_actions_home")
        payload["user"]["id"] = user
        payload["team"]["id"] = team
        payload["actions"][0].update(action_id=action_id, value=value)
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, Any],
        *,
        private_metadata: str = "",
        user: str = "U2147483697",
        team: str = "T0001",
        view_id: str = "V0001",
    ) -> requests.Response:
        payload = fixture("view_submission")
        payload["user"]["id"] = user
        payload["team"]["id"] = team
        payload["view"].update(callback_id=callback_id, private_metadata=private_metadata, id=view_id)
        payload["view"]["state"]["values"] = values
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def event(
        self, event: dict[str, Any], *, event_id: str = "Ev0001", team: str = "T0001", retry_num: int | None = None
    ) -> requests.Response:
        envelope = fixture("event_message_reply")
        envelope.update(event=event, event_id=event_id, team_id=team)
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return self.post(json.dumps(envelope), "application/json", headers=headers)
