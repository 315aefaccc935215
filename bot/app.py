"""Build the Bolt app: Web API client, modes (single workspace or OAuth), listeners, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from assay.commands.catalog import build_catalog
from assay.commands.registry import Catalog
from assay.config import Settings
from assay.runtime import Runtime
from assay.storage.cipher import TokenCipher
from bot.followups import finish_follow_ups
from bot.listeners import register_listeners
from bot.oauth import DatabaseInstallationStore, DatabaseStateStore
from bot.retries import retry_handlers

log = logging.getLogger(__name__)

BOT_SCOPES = [
    "commands",
    "chat:write",
    "chat:write.public",
    "channels:join",
    "channels:history",
    "groups:history",
    "files:write",
    "users:read",
    "im:write",  # due-date reminders go to the owner as a direct message
    "im:history",  # after a crash, check whether a reminder DM went out before sending it again
]


class _TokenGivenTwice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that it is unused when a client comes too;
    ours carries that very token, so the warning would only alarm operators at every start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_TokenGivenTwice())
WORKER_THREADS = 32  # Bolt's default of 5 starves under load: slow commands hold a thread


def build_web_client(
    settings: Settings, token: str | None = None, *, logger: logging.Logger | None = None
) -> WebClient:
    """A Web API client for SLACK_API_URL that waits out 429s and retries 5xx once or twice."""
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=int(settings.http_timeout_seconds),
        logger=logger,
        retry_handlers=retry_handlers(),
    )


def installation_store(runtime: Runtime) -> DatabaseInstallationStore:
    """OAuth mode's installations, sealed with ASSAY_SECRET_KEY (required there; checked at start)."""
    key = runtime.settings.secret_key
    if key is None:
        raise ValueError("ASSAY_SECRET_KEY is required in OAuth mode")
    return DatabaseInstallationStore(runtime.db, runtime.clock, TokenCipher.from_setting(key.get_secret_value()))


def clients_for(app: App | None, runtime: Runtime) -> Callable[[str], WebClient | None]:
    """The Web API client that speaks for a workspace: the one bot token in single-workspace
    mode, the workspace's own installation in OAuth mode (None when it is not installed).
    Every one of them retries 429s, 5xx and dropped connections (``build_web_client``)."""
    settings = runtime.settings
    if not settings.oauth_mode:
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        client = app.client if app is not None else build_web_client(settings, token)
        return lambda team_id: client if client.token else None
    store = installation_store(runtime)

    def for_team(team_id: str) -> WebClient | None:
        bot = store.installed(team_id)
        return build_web_client(settings, bot.bot_token) if bot is not None else None

    return for_team


def build_app(
    runtime: Runtime,
    *,
    catalog: Catalog | None = None,
    socket_mode: bool = False,
    token_verification: bool = True,
) -> App:
    """The Bolt app for this runtime.

    Over HTTP every request's signature is verified (always on; stale timestamps refused);
    in Socket Mode Slack's websocket authenticates the app instead.
    """
    settings = runtime.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if secret is None and not socket_mode:
        raise ValueError("SLACK_SIGNING_SECRET is required to serve Slack over HTTP")
    common: dict[str, Any] = {
        "name": "assay",  # without a name Bolt reads the caller's file from inspect.stack(): ~25 ms
        "signing_secret": secret,
        "process_before_response": False,
        "listener_executor": ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="assay-slack"),
        "request_verification_enabled": not socket_mode,
    }
    if settings.oauth_mode:
        assert settings.slack_client_secret is not None
        state_secret = settings.slack_state_secret or settings.slack_client_secret
        app = App(
            # Bolt copies this client for every request, retry handlers included, and gives the
            # copy the token of the workspace that sent the request.
            client=build_web_client(settings),
            oauth_settings=OAuthSettings(
                client_id=settings.slack_client_id,
                client_secret=settings.slack_client_secret.get_secret_value(),
                scopes=BOT_SCOPES,
                installation_store=installation_store(runtime),
                state_store=DatabaseStateStore(runtime.db, runtime.clock, state_secret.get_secret_value()),
                install_path="/slack/install",
                redirect_uri_path="/slack/oauth_redirect",
            ),
            **common,
        )
    else:
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        app = App(
            client=build_web_client(settings, token),
            token_verification_enabled=token_verification and token is not None,
            **common,
        )
    # Every command loads now, not inside the first user's 3-second acknowledgement.
    register_listeners(app, runtime, catalog or build_catalog(eager=True))

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        log.error("unhandled error in a Slack listener: %s", type(error).__name__, exc_info=error)
        return None

    return app


def finish_listeners(app: App) -> None:
    """Let the work already acknowledged finish (follow-ups, redrawn cards, App Home) before the
    process lets go of its database: called once the server has stopped taking requests."""
    executor = app.listener_runner.listener_executor
    if isinstance(executor, ThreadPoolExecutor):
        executor.shutdown(wait=True)
    finish_follow_ups(app)  # after the listeners: they hand work over until they end
