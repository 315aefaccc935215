"""Servers for the acknowledgement benchmark, started as separate processes.

``python bench/ack_servers.py assay PORT DB_URL`` serves Assay's real HTTP stack;
``python bench/ack_servers.py bare PORT`` serves a bare Bolt app whose listener only acks,
through the same Starlette + uvicorn front, so the difference is Assay's own work.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from slack_bolt import Ack, App
from slack_sdk import WebClient

from assay.config import Settings
from assay.runtime import build_runtime
from bot.app import build_app
from bot.server import bind, build_asgi, make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fakes.slack_api import FakeSlack

SECRET = "bench-signing-secret"


def bare_app(api_url: str) -> App:
    client = WebClient(token="xoxb-bench", base_url=api_url)
    app = App(signing_secret=SECRET, client=client, token_verification_enabled=False)

    @app.command("/assay")
    def ack_only(ack: Ack) -> None:
        ack()

    return app


def main(argv: list[str]) -> None:
    kind, port = argv[1], int(argv[2])
    # Bolt asks auth.test once per process; a loopback fake answers it (no Slack here).
    fake = FakeSlack().start()
    settings_values: dict[str, Any] = {
        "database_url": argv[3] if len(argv) > 3 else "sqlite:///bench-ack.db",
        "slack_signing_secret": SecretStr(SECRET),
        "slack_bot_token": SecretStr("xoxb-bench"),
        "slack_api_url": fake.api_url,
        "log_level": "WARNING",
    }
    runtime = build_runtime(Settings(_env_file=None, **settings_values))  # type: ignore[call-arg]
    app = bare_app(fake.api_url) if kind == "bare" else build_app(runtime, token_verification=False)
    server = make_server(build_asgi(app, runtime), log_level="warning")
    server.run(sockets=[bind("127.0.0.1", port)])


if __name__ == "__main__":
    main(sys.argv)
