"""OAuth mode end to end over HTTP against the fake Slack: the install page, Slack's redirect,
oauth.v2.access, the token sealed at rest, and the workspace answered with its own token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from assay.clock import FixedClock
from assay.runtime import Runtime
from assay.storage.cipher import TokenCipher
from bot.oauth import STATE_TTL
from tests.fakes.slack_api import FakeSlack
from tests.oauth_install import CLIENT_ID, CLIENT_SECRET, SECRET_KEY, install, install_link, oauth_settings, redirect
from tests.slack_stack import SlackStack, serve_app

TEAM = "T0BETA"


@pytest.fixture
def oauth(any_runtime: Runtime, fake_slack: FakeSlack) -> Iterator[SlackStack]:
    """The real app over HTTP in OAuth mode, on every configured database backend."""
    with serve_app(any_runtime, fake_slack, **oauth_settings(fake_slack)) as stack:
        yield stack


def stored_tokens(runtime: Runtime) -> list[tuple[str, str]]:
    with runtime.db.engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(text("SELECT team_id, bot_token_sealed FROM installation"))]


def test_an_install_stores_the_workspace_with_its_token_sealed(oauth: SlackStack) -> None:
    state, _ = install_link(oauth.url)
    workspace = oauth.fake.grant("code-1", TEAM, name="Beta")
    answer = redirect(oauth.url, "code-1", state)
    assert answer.status_code == 200 and "Thank you" in answer.text
    (exchange,) = oauth.fake.calls_to("oauth.v2.access")
    assert (exchange.params["client_id"], exchange.params["client_secret"]) == (CLIENT_ID, CLIENT_SECRET)
    assert exchange.params["code"] == "code-1"
    ((team, sealed),) = stored_tokens(oauth.runtime)
    assert team == TEAM
    assert workspace.token not in sealed and workspace.token.split("-")[1] not in sealed
    assert TokenCipher.from_setting(SECRET_KEY).open(sealed) == workspace.token


def test_a_command_from_an_installed_workspace_is_answered_with_its_own_token(oauth: SlackStack) -> None:
    beta = install(oauth.url, oauth.fake, TEAM)
    gamma = install(oauth.url, oauth.fake, "T0GAMMA")
    assert oauth.command("/radar", "add LoRA", team=TEAM).status_code == 200
    (card,) = oauth.fake.wait_for("chat.postMessage")
    assert card.headers["Authorization"] == f"Bearer {beta.token}"
    assert "LoRA" in card.params["text"]
    assert oauth.command("/radar", "add DoRA", team="T0GAMMA").status_code == 200
    cards = oauth.fake.wait_for("chat.postMessage", count=2)
    assert cards[1].headers["Authorization"] == f"Bearer {gamma.token}" and "DoRA" in cards[1].params["text"]
    # Bolt checked each token with auth.test before it ran the command
    assert {c.token for c in oauth.fake.calls_to("auth.test")} >= {beta.token, gamma.token}


def test_a_workspace_that_did_not_install_is_not_answered(oauth: SlackStack) -> None:
    install(oauth.url, oauth.fake, TEAM)
    oauth.command("/radar", "add LoRA", team="T0STRANGER")
    assert oauth.fake.calls_to("chat.postMessage") == []


def test_a_forged_state_is_refused_and_nothing_is_installed(oauth: SlackStack) -> None:
    install_link(oauth.url)
    oauth.fake.grant("code-1", TEAM)
    for forged in ("made-up", "nonce.0000", "x" * 5000):
        answer = redirect(oauth.url, "code-1", forged)
        assert answer.status_code == 401, forged[:20]
    assert oauth.fake.calls_to("oauth.v2.access") == [] and stored_tokens(oauth.runtime) == []


def test_a_replayed_state_is_refused(oauth: SlackStack) -> None:
    state, _ = install_link(oauth.url)
    oauth.fake.grant("code-1", TEAM)
    assert redirect(oauth.url, "code-1", state).status_code == 200
    oauth.fake.grant("code-2", "T0EVIL")
    assert redirect(oauth.url, "code-2", state).status_code == 401
    assert [team for team, _ in stored_tokens(oauth.runtime)] == [TEAM]
    assert len(oauth.fake.calls_to("oauth.v2.access")) == 1


def test_a_state_older_than_its_ttl_is_refused(oauth: SlackStack) -> None:
    state, _ = install_link(oauth.url)
    clock = oauth.runtime.clock
    assert isinstance(clock, FixedClock)
    clock.advance(STATE_TTL + timedelta(seconds=1))
    oauth.fake.grant("code-1", TEAM)
    assert redirect(oauth.url, "code-1", state).status_code == 401
    assert stored_tokens(oauth.runtime) == []


def test_installing_again_replaces_the_workspace_token(oauth: SlackStack) -> None:
    install(oauth.url, oauth.fake, TEAM, code="first")
    again = install(oauth.url, oauth.fake, TEAM, code="second")
    ((team, sealed),) = stored_tokens(oauth.runtime)
    assert team == TEAM and TokenCipher.from_setting(SECRET_KEY).open(sealed) == again.token


def test_per_request_clients_wait_out_a_429_and_deliver(oauth: SlackStack) -> None:
    beta = install(oauth.url, oauth.fake, TEAM)
    oauth.fake.fail_next("chat.postMessage", status=429, retry_after=0)
    oauth.command("/radar", "add LoRA", team=TEAM)
    (card,) = oauth.fake.wait_for("chat.postMessage")
    assert card.token == beta.token and "LoRA" in card.params["text"]
    assert len(oauth.fake.calls_to("chat.postMessage#failed")) == 1


def test_the_scheduler_clients_decrypt_the_token_and_retry(oauth: SlackStack) -> None:
    from bot.app import clients_for

    beta = install(oauth.url, oauth.fake, TEAM)
    client = clients_for(None, oauth.runtime)(TEAM)
    assert client is not None and client.token == beta.token
    assert clients_for(None, oauth.runtime)("T0NOBODY") is None
    oauth.fake.fail_next("chat.postMessage", status=503)
    oauth.fake.fail_next("conversations.open", status=429, retry_after=0)
    opened = client.conversations_open(users="U1")
    posted = client.chat_postMessage(channel=str(opened["channel"]["id"]), text="hello")
    assert posted["ok"] is True
    assert [c.method for c in oauth.fake.calls if c.method != "auth.test"][-4:] == [
        "conversations.open#failed",
        "conversations.open",
        "chat.postMessage#failed",
        "chat.postMessage",
    ]


def test_the_install_page_sets_a_state_cookie_for_ten_minutes(oauth: SlackStack) -> None:
    _, page = install_link(oauth.url)
    cookie: Any = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and f"Max-Age={int(STATE_TTL.total_seconds())}" in cookie
