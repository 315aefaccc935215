"""``assay serve``: Socket Mode, HTTP or the local shell, chosen from the configuration."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt import App

from assay.cli.main import shell_with_scheduler
from assay.config import Settings
from assay.runtime import Runtime, build_runtime
from assay.services.schedules.runner import Jobs
from bot.app import build_app, clients_for
from bot.notifier import SlackNotifier
from bot.server import bind, build_asgi, make_server

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
        scheduler.shutdown(wait=False)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    mode, why = choose_mode(settings, args.mode)
    runtime = build_runtime(settings)  # applies migrations first
    try:
        if mode == "shell":
            return shell_with_scheduler(runtime, reason=why)
        if mode == "socket":
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            if settings.slack_app_token is None:
                print("Socket Mode needs SLACK_APP_TOKEN (an xapp- token).")
                return 2
            app = build_app(runtime, socket_mode=True)
            log.info("Assay in Socket Mode (%s)", why)
            with scheduled(runtime, app):
                SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()  # type: ignore[no-untyped-call]
            return 0
        if settings.slack_signing_secret is None:
            print("HTTP mode needs SLACK_SIGNING_SECRET.")
            return 2
        app = build_app(runtime)
        server = make_server(build_asgi(app, runtime), log_level=settings.log_level)
        sock = bind(args.host, args.port)
        log.info("Assay serving HTTP on %s:%d (%s)", args.host, args.port, why)
        with scheduled(runtime, app):
            server.run(sockets=[sock])
        return 0
    finally:
        runtime.close()
