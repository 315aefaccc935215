"""OAuth mode for Slack-level tests: its settings, and an install played as a browser and Slack."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from pydantic import SecretStr

from tests.fakes.slack_api import FakeSlack, Workspace

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "client-secret-0123456789abcdef"
STATE_SECRET = "state-secret-0123456789abcdef"
SECRET_KEY = "Rm9yIHRlc3RzIG9ubHk6IG5vdCBhIHJlYWwga2V5ISE="  # a valid Fernet key, for tests only
STATE_COOKIE = "slack-app-oauth-state"


def oauth_settings(fake: FakeSlack, *, secret_key: str = SECRET_KEY) -> dict[str, Any]:
    """Settings overrides for OAuth mode (no SLACK_BOT_TOKEN); the fake knows the client."""
    fake.client = (CLIENT_ID, CLIENT_SECRET)
    return {
        "slack_bot_token": None,
        "slack_client_id": CLIENT_ID,
        "slack_client_secret": SecretStr(CLIENT_SECRET),
        "slack_state_secret": SecretStr(STATE_SECRET),
        "secret_key": SecretStr(secret_key),
    }


@dataclass
class Redirect:
    response: requests.Response
    state: str


def install_link(url: str) -> tuple[str, requests.Response]:
    """GET /slack/install: the "Add to Slack" link's state (and the page)."""
    page = requests.get(url + "/slack/install", timeout=10)
    match = re.search(r'<a href="([^"]+)"', page.text)
    assert page.status_code == 200 and match, page.text
    link = urlsplit(html.unescape(match.group(1)))
    assert link.netloc == "slack.com" and link.path == "/oauth/v2/authorize"
    query = parse_qs(link.query)
    assert query["client_id"] == [CLIENT_ID]
    (state,) = query["state"]
    assert page.cookies.get(STATE_COOKIE) == state  # the browser keeps it for the redirect
    return state, page


def redirect(url: str, code: str, state: str) -> requests.Response:
    """Slack sends the browser back with the code and the state (and the browser its cookie)."""
    return requests.get(
        url + "/slack/oauth_redirect",
        params={"code": code, "state": state},
        headers={"Cookie": f"{STATE_COOKIE}={state}"},  # a Secure cookie: sent by hand over http
        allow_redirects=False,
        timeout=10,
    )


def install(url: str, fake: FakeSlack, team_id: str, code: str | None = None) -> Workspace:
    """A whole install of ``team_id``: the link, Slack's consent (a code), the redirect."""
    state, _ = install_link(url)
    workspace = fake.grant(code or f"code-{team_id}", team_id)
    answer = redirect(url, code or f"code-{team_id}", state)
    assert answer.status_code == 200, answer.text
    return workspace
