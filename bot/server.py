"""HTTP mode: a Starlette app served by uvicorn.

``POST /slack/events`` takes commands, interactivity and events; ``GET /healthz`` answers
200 when the database does; OAuth mode adds ``/slack/install`` and ``/slack/oauth_redirect``.
Bolt's own Starlette handler dispatches on the event loop, which would serialise every
request behind the slowest acknowledgement, so dispatch runs in the thread pool here.
"""

from __future__ import annotations

import socket
from typing import Any

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from assay.runtime import Runtime
from bot.followups import gate_of


def build_asgi(app: App, runtime: Runtime) -> Starlette:
    gate = gate_of(app)

    async def events(request: Request) -> Response:
        body = await request.body()
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        # Bolt raises (and answers 500) on a timestamp that is not an integer; refuse it here.
        if not timestamp.strip().isdigit():
            return PlainTextResponse("invalid or missing X-Slack-Request-Timestamp", status_code=400)
        with gate.acknowledging():  # follow-ups give way meanwhile (bot/followups.py)
            bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        ok = await run_in_threadpool(runtime.db.ping)
        return JSONResponse({"ok": ok, "database": "up" if ok else "down"}, status_code=200 if ok else 503)

    routes = [
        Route("/slack/events", events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(flow.handle_installation, bolt_request))

        async def redirect(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(flow.handle_callback, bolt_request))

        routes += [
            Route(flow.install_path, install, methods=["GET"]),
            Route(flow.redirect_uri_path, redirect, methods=["GET"]),
        ]
    return Starlette(routes=routes)


def make_server(asgi: Any, *, log_level: str = "info") -> uvicorn.Server:
    config = uvicorn.Config(asgi, log_level=log_level.lower(), access_log=False, timeout_keep_alive=30, lifespan="off")
    return uvicorn.Server(config)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0 picks a free port: tests and benchmarks use that)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit this: without it, a keep-alive response written in two parts
    # waits ~40 ms for the client's delayed ACK (Nagle's algorithm).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
