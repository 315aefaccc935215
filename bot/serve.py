"""``assay serve``: Socket Mode, HTTP or the local shell, chosen from the configuration."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from slack_bolt import App

from assay.cli.main import shell_with_scheduler
from assay.config import ConfigError, Settings
from assay.runtime import Runtime, build_runtime
from assay.services.schedules.runner import Jobs
from bot.app import build_app, clients_for, finish_listeners
from bot.notifier import SlackNotifier
from bot.server import bind, build_asgi, make_server
from bot.startup import check_slack

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger(__name__)


def choose_mode(settings: Settings, forced: str | None) -> tuple[str, str]:
    """The mode and why it was chosen."""
    if forced:
        return forced, f"{forced} mode was asked for"
    if settings.slack_app_token:
        return "socket", "SLACK_APP_TOKEN is set"
    if settings.slack_signing_secret and (settings.slack_bot_token or settings.oauth_mode):
        return "http", "SLACK_SIGNING_SECRET is set"
    return "shell", (
        "No Slack credentials (SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET with "
        "SLACK_BOT_TOKEN for HTTP), so Assay starts its local shell."
    )


@contextmanager
def scheduled(runtime: Runtime, app: App) -> Iterator[None]:
    """Scheduled posts go out from this process while it serves (unless ASSAY_SCHEDULER=off)."""
    if runtime.settings.scheduler != "on":
        log.info("scheduler off (ASSAY_SCHEDULER=off): this process delivers no scheduled posts")
        yield
        return
    scheduler = Jobs(runtime, SlackNotifier(clients_for(app, runtime))).start()
    try:
        yield
    finally:
        # A delivery under way finishes before the process lets go of its pools and database
        # (a second at most, plus its Slack calls): stopping without waiting left it running
        # into pools already shut down, and a post half-done.
        scheduler.shutdown(wait=True)


def check_credentials(settings: Settings, mode: str) -> None:
    """The credentials the mode needs are there; raises ConfigError naming the missing one."""
    has_bot = bool(settings.slack_bot_token or settings.oauth_mode)
    if mode == "socket" and settings.slack_app_token is None:
        raise ConfigError("SLACK_APP_TOKEN: Socket Mode needs the app-level token (xapp-…)")
    if mode == "http" and settings.slack_signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET: HTTP mode needs the app's signing secret (Basic Information)")
    if mode in ("socket", "http") and not has_bot:
        raise ConfigError(
            f"SLACK_BOT_TOKEN: {'Socket Mode' if mode == 'socket' else 'HTTP mode'} needs the bot token "
            "(xoxb-…), or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth"
        )


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot until stopped. Raises ConfigError (exit 2, one line) when the configuration
    cannot work: missing credentials, Slack unreachable or refusing the token, the database."""
    mode, why = choose_mode(settings, args.mode)
    check_credentials(settings, mode)
    if mode != "shell":
        check_slack(settings, socket_mode=mode == "socket")
    runtime = build_runtime(settings)  # applies migrations first
    try:
        if mode == "shell":
            return shell_with_scheduler(runtime, reason=why)
        if mode == "socket":
            return serve_socket_mode(runtime, why)
        app = build_app(runtime)
        server = make_server(build_asgi(app, runtime), log_level=settings.log_level)
        sock = bind(args.host, args.port)
        log.info("Assay serving HTTP on %s:%d (%s)", args.host, sock.getsockname()[1], why)  # --port 0: the one picked
        settle_heap()
        with scheduled(runtime, app):
            server.run(sockets=[sock])
        finish_listeners(app)
        return 0
    finally:
        runtime.close()


def serve_socket_mode(runtime: Runtime, why: str) -> int:
    """Socket Mode: connect, then serve and deliver scheduled posts until interrupted."""
    assert runtime.settings.slack_app_token is not None
    app = build_app(runtime, socket_mode=True)
    handler = socket_mode_handler(app, runtime.settings.slack_app_token.get_secret_value())
    handler.connect()  # type: ignore[no-untyped-call]
    log.info("Assay in Socket Mode (%s)", why)
    settle_heap()
    try:
        with scheduled(runtime, app):
            threading.Event().wait()
    except KeyboardInterrupt:
        log.info("Socket Mode stopped")
    finally:
        close_socket_mode(handler)
        finish_listeners(app)
    return 0


def close_socket_mode(handler: SocketModeHandler) -> None:
    """Close at once: ``handler.close()`` alone takes up to 4 s, as the client's receiving
    thread holds its socket's lock through a 3 s receive timeout and its message thread waits
    1 s on its queue. Shutting the socket down wakes the first, an empty message the second."""
    client = handler.client
    client.auto_reconnect_enabled = False
    client.closed = True
    sock = getattr(client.current_session, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    client.message_queue.put(None)
    handler.close()  # type: ignore[no-untyped-call]


def settle_heap() -> None:
    """Once started, move what start-up made (the libraries, the catalog, the app: some 240,000
    objects) out of the garbage collector's reach: they live as long as the process. A full
    collection went over all of them, 125 ms holding the interpreter, and landed in whatever
    acknowledgement was being answered; now it scans only what requests made since."""
    gc.collect()
    gc.freeze()


def socket_mode_handler(app: App, app_token: str, *, ping_interval: float = 10) -> SocketModeHandler:
    """slack_sdk's built-in client (no extra dependency). It pings every 10 s and, when a ping
    finds the connection gone (Slack drops it every few hours), asks apps.connections.open for a
    new URL and connects again: a dropped connection is back within about 10 s."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, app_token, ping_interval=ping_interval)
