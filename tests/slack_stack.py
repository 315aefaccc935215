"""The real Bolt app served over real HTTP (uvicorn on a loopback port) against the fakes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests

from assay.runtime import Runtime
from bot.app import build_app, finish_listeners
from bot.server import bind, build_asgi, make_server
from tests.fakes.slack_api import FakeSlack
from tests.slack_requests import SIGNING_SECRET, SlackSender

BOT_TOKEN = "xoxb-test-token-not-real"


@dataclass
class SlackStack:
    url: str
    fake: FakeSlack
    runtime: Runtime
    sender: SlackSender

    def command(self, command: str, text: str, **kwargs: Any) -> requests.Response:
        return self.sender.command(command, text, **kwargs)


@contextmanager
def serve_app(runtime: Runtime, fake: FakeSlack, **settings_overrides: Any) -> Iterator[SlackStack]:
    runtime.settings = runtime.settings.model_copy(
        update={
            "slack_bot_token": _secret(BOT_TOKEN),
            "slack_signing_secret": _secret(SIGNING_SECRET),
            "slack_api_url": fake.api_url,
            **settings_overrides,
        }
    )
    app = build_app(runtime)
    server = make_server(build_asgi(app, runtime), log_level="warning")
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    url = f"http://127.0.0.1:{port}"
    try:
        yield SlackStack(url, fake, runtime, SlackSender(url + "/slack/events", fake.response_url()))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        finish_listeners(app)  # nothing of this test still writes when the next one starts


def _secret(value: str) -> Any:
    from pydantic import SecretStr

    return SecretStr(value)
