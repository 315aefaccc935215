"""Servers for the acknowledgement benchmark, each started as a process of its own.

``python bench/ack_servers.py KIND PORT DB_URL FAKES_JSON`` where KIND is

- ``assay``: Assay's real HTTP stack, as ``assay serve`` builds it (bot/serve.py);
- ``tuned``: a bare Bolt app tuned the same way and on the same server stack (dispatch in
  the thread pool, 32 listener threads, uvicorn on a TCP_NODELAY socket), whose ``/radar``
  listener makes the same durable write in raw SQL (the vote upsert plus a history row, one
  transaction) before it acks;
- ``bolt``: a bare Bolt app with Bolt's defaults on Bolt's own Starlette adapter (which
  dispatches on the event loop), making the same write; uvicorn on the same socket.

Every server starts from the same migrated schema with the technique ``LoRA`` on the radar
(its card posted, so Assay redraws it after a vote) in workspace T0001.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import psycopg
from pydantic import SecretStr
from slack_bolt import Ack, App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.config import Settings
from assay.replies import HomeRef
from assay.runtime import Runtime, build_runtime
from assay.services.threads import set_home
from bot.app import WORKER_THREADS, build_app
from bot.serve import settle_heap
from bot.server import bind, build_asgi, make_server

SECRET = "bench-signing-secret"
TEAM = "T0001"
UPSERT = (
    "INSERT INTO vote (team_id, technique_id, user_id, ring, why, voted_at) VALUES ({p}, {p}, {p}, {p}, NULL, {p}) "
    "ON CONFLICT (team_id, technique_id, user_id) DO UPDATE SET ring = excluded.ring, voted_at = excluded.voted_at"
)
HISTORY = (
    "INSERT INTO votechange (team_id, technique_id, user_id, from_ring, to_ring, why, at) "
    "VALUES ({p}, {p}, {p}, NULL, {p}, NULL, {p})"
)


class RawVotes:
    """The durable write of a vote in raw SQL, one connection per listener thread."""

    def __init__(self, url: str, technique_id: int) -> None:
        self.url = make_url(url)
        self.technique_id = technique_id
        self.local = threading.local()
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self.writer = threading.Lock()  # SQLite: one writer at a time, queued like Assay's
        p = "?" if self.sqlite else "%s"
        self.upsert, self.history = UPSERT.format(p=p), HISTORY.format(p=p)

    def connection(self) -> Any:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            if self.sqlite:
                conn = sqlite3.connect(str(self.url.database), isolation_level=None, check_same_thread=False)
                for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=NORMAL"):
                    conn.execute(f"PRAGMA {pragma}")
            else:
                options = self.url.query.get("options")
                dsn = self.url.set(drivername="postgresql").render_as_string(hide_password=False).split("?")[0]
                conn = psycopg.connect(dsn, options=str(options or ""))
            self.local.conn = conn
        return conn

    def write(self, user_id: str, ring: str) -> None:
        now = datetime.now(UTC).replace(tzinfo=None)
        args = (TEAM, self.technique_id, user_id)
        conn = self.connection()
        if self.sqlite:
            with self.writer:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(self.upsert, (*args, ring, now.isoformat(" ")))
                conn.execute(self.history, (*args, ring, now.isoformat(" ")))
                conn.execute("COMMIT")
            return
        with conn.transaction():  # prepared at first use, as Assay's are
            conn.execute(self.upsert, (*args, ring, now), prepare=True)
            conn.execute(self.history, (*args, ring, now), prepare=True)


def bare_app(votes: RawVotes, api_url: str, *, tuned: bool) -> App:
    tuning: dict[str, Any] = {}
    if tuned:
        tuning = {
            "process_before_response": False,
            "listener_executor": ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="bare"),
        }
    client = WebClient(token="xoxb-bench", base_url=api_url)
    app = App(signing_secret=SECRET, client=client, token_verification_enabled=False, **tuning)

    @app.command("/radar")
    def vote(ack: Ack, body: dict[str, Any]) -> None:
        words = str(body.get("text", "")).split()
        votes.write(str(body["user_id"]), words[-1].upper())
        ack(response_type="ephemeral", text=f"Vote recorded: {words[-1].upper()} for {words[1]}.")

    return app


def bolt_asgi(app: App) -> Starlette:
    handler = SlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return Response("ok")

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)])


def seed(runtime: Runtime) -> int:
    """LoRA on the radar, its card posted in C1 (so a vote redraws it)."""
    ctx = Ctx(TEAM, "USEED", "C1", runtime, "cli")
    build_catalog().dispatch(ctx, "/radar", "add LoRA")
    set_home(ctx, HomeRef("technique", 1), "C1", "1700000000.000100")
    return 1


def main(argv: list[str]) -> None:
    kind, port, db_url, fakes = argv[1], int(argv[2]), argv[3], json.loads(argv[4])
    settings: dict[str, Any] = {
        "database_url": db_url,
        "slack_signing_secret": SecretStr(SECRET),
        "slack_bot_token": SecretStr("xoxb-bench"),
        "slack_api_url": fakes["slack"] + "/api/",
        "arxiv_api_url": fakes["arxiv"],
        "arxiv_delay_seconds": 0,
        "s2_api_url": fakes["s2"],
        "hf_api_url": fakes["hf"],
        "http_timeout_seconds": 20,
        "scheduler": "off",
        "log_level": "WARNING",
    }
    runtime = build_runtime(Settings(_env_file=None, **settings))  # type: ignore[call-arg]
    technique_id = seed(runtime)
    if kind == "assay":
        asgi: Any = build_asgi(build_app(runtime, token_verification=False), runtime)
    elif kind == "tuned":
        asgi = build_asgi(bare_app(RawVotes(db_url, technique_id), fakes["slack"] + "/api/", tuned=True), runtime)
    else:
        asgi = bolt_asgi(bare_app(RawVotes(db_url, technique_id), fakes["slack"] + "/api/", tuned=False))
    server = make_server(asgi, log_level="warning")
    settle_heap()  # as `assay serve` does once started; the baselines get the same
    server.run(sockets=[bind("127.0.0.1", port)])


if __name__ == "__main__":
    main(sys.argv)
