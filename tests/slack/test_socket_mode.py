"""Socket Mode with Slack's side played over loopback: the fake Web API answers
apps.connections.open with a local ws:// URL; the fake socket sends hello, then command,
interactivity and event envelopes. Each is acknowledged on the socket within 3 s and answered,
and a connection Slack drops is opened again."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlmodel import select

from assay.ids import ActionId
from assay.runtime import Runtime
from assay.storage.models import DiscussionMessage, Paper
from bot.app import build_app, finish_listeners
from bot.serve import close_socket_mode, socket_mode_handler
from tests.conftest import Fakes
from tests.fakes.atom import AtomEntry
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode
from tests.slack_requests import fixture

APP_TOKEN = "xapp-1-A0ASSAY-1234-socketsecret"
BOT_TOKEN = "xoxb-socket-test-token"
CHANNEL = "C2147483705"
ACK_WITHIN = 3.0


@dataclass
class SocketStack:
    runtime: Runtime
    fake: FakeSlack
    socket: FakeSocketMode
    handler: SocketModeHandler

    def command(self, command: str, text: str) -> str:
        payload = {**fixture("slash_command"), "command": command, "text": text}
        payload["response_url"] = self.fake.response_url("socket")
        return self.socket.send("slash_commands", payload, accepts_response_payload=True)


@pytest.fixture
def fake_socket() -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    yield server
    server.stop()


@pytest.fixture
def socket_mode(runtime: Runtime, fake_slack: FakeSlack, fake_socket: FakeSocketMode) -> Iterator[SocketStack]:
    runtime.settings = runtime.settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_app_token": SecretStr(APP_TOKEN),
            "slack_api_url": fake_slack.api_url,
        }
    )
    fake_slack.socket_url = fake_socket.url
    app = build_app(runtime, socket_mode=True)
    # As `assay serve --socket` builds it, but pinging every 0.2 s rather than every 10 s: the
    # ping is how the client notices a connection Slack dropped.
    handler = socket_mode_handler(app, APP_TOKEN, ping_interval=0.2)
    handler.connect()  # type: ignore[no-untyped-call]
    fake_socket.wait_for_connections(1)
    try:
        yield SocketStack(runtime, fake_slack, fake_socket, handler)
    finally:
        close_socket_mode(handler)  # as `assay serve --socket` stops
        finish_listeners(app)  # nothing of this test still calls Slack when the fakes stop


def wait_until(condition: Callable[[], Any], timeout: float = 10) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def test_the_app_opens_its_connection_with_the_app_token(socket_mode: SocketStack) -> None:
    (opened,) = socket_mode.fake.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert socket_mode.socket.connections == 1


def test_a_fast_command_is_answered_in_its_acknowledgement(socket_mode: SocketStack) -> None:
    envelope = socket_mode.command("/paper", "help")
    ack = socket_mode.socket.wait_for_ack(envelope)
    assert ack.seconds < ACK_WITHIN
    assert ack.payload is not None and ack.payload["response_type"] == "ephemeral"
    assert "/paper add" in str(ack.payload["blocks"])


def test_a_slow_command_is_acknowledged_then_posts_its_card(socket_mode: SocketStack, fakes: Fakes) -> None:
    fakes.arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need", categories=["cs.CL"]))
    envelope = socket_mode.command("/paper", "add 1706.03762")
    ack = socket_mode.socket.wait_for_ack(envelope)
    assert ack.seconds < ACK_WITHIN and ack.payload is not None and ack.payload["text"].startswith("⏳")
    (card,) = socket_mode.fake.wait_for("chat.postMessage")
    assert card.token == BOT_TOKEN and card.params["channel"] == CHANNEL
    assert "Attention Is All You Need" in card.params["text"]


def test_a_button_click_is_acknowledged_and_answered(socket_mode: SocketStack, fakes: Fakes) -> None:
    fakes.arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need", categories=["cs.CL"]))
    socket_mode.socket.wait_for_ack(socket_mode.command("/paper", "add 1706.03762"))
    (card,) = socket_mode.fake.wait_for("chat.postMessage")
    paper = wait_until(lambda: _paper(socket_mode.runtime))
    payload = fixture("block_actions")
    payload["response_url"] = socket_mode.fake.response_url("click")
    payload["container"]["message_ts"] = payload["message"]["ts"] = card.response["ts"]
    payload["actions"][0].update(action_id=f"{ActionId.PAPER_ASSIGN_ME.value}:{paper.id}", value=str(paper.id))
    envelope = socket_mode.socket.send("interactive", payload)
    assert socket_mode.socket.wait_for_ack(envelope).seconds < ACK_WITHIN
    (told,) = socket_mode.fake.wait_for("response_url", lambda c: "You are now the reader of `P1`" in str(c.params))
    assert told.path.endswith("/click")


def test_an_event_is_acknowledged_and_recorded(socket_mode: SocketStack, fakes: Fakes) -> None:
    fakes.arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need", categories=["cs.CL"]))
    socket_mode.socket.wait_for_ack(socket_mode.command("/paper", "add 1706.03762"))
    (card,) = socket_mode.fake.wait_for("chat.postMessage")
    wait_until(lambda: (p := _paper(socket_mode.runtime)) and p.thread_ts == card.response["ts"])
    event = fixture("event_message_reply")
    event["event"].update(thread_ts=card.response["ts"], text="Does the ablation hold on our data?")
    envelope = socket_mode.socket.send("events_api", event)
    assert socket_mode.socket.wait_for_ack(envelope).seconds < ACK_WITHIN
    said = wait_until(lambda: _discussion(socket_mode.runtime))
    assert [m.text for m in said] == ["Does the ablation hold on our data?"]


def test_a_dropped_connection_is_opened_again_and_keeps_answering(socket_mode: SocketStack) -> None:
    socket_mode.socket.drop()
    socket_mode.fake.wait_for("apps.connections.open", count=2)
    socket_mode.socket.wait_for_connections(2)
    envelope = socket_mode.command("/paper", "help")
    ack = socket_mode.socket.wait_for_ack(envelope)
    assert ack.connection == 2 and ack.seconds < ACK_WITHIN and "/paper add" in str(ack.payload)


def _paper(runtime: Runtime) -> Paper | None:
    with runtime.db.session() as session:
        return session.exec(select(Paper)).first()


def _discussion(runtime: Runtime) -> list[DiscussionMessage]:
    with runtime.db.session() as session:
        return list(session.exec(select(DiscussionMessage)).all())
