"""Before serving, check that Slack answers and accepts the token: a wrong ``SLACK_API_URL``
or a revoked token stops ``assay serve`` with one line, not a traceback minutes later."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from assay.config import ConfigError, Settings
from bot.app import build_web_client

# slack_sdk logs a failed connection at ERROR itself; the one line we print says it better.
_quiet = logging.getLogger("assay.startup.slack")
_quiet.setLevel(logging.CRITICAL)
_quiet.propagate = False

REFUSED_TOKEN = {
    "invalid_auth": "it is not a valid token",
    "not_authed": "no token reached Slack",
    "token_revoked": "it was revoked (the app was uninstalled or the token regenerated)",
    "token_expired": "it expired (token rotation is on: turn it off for Assay)",
    "account_inactive": "the workspace or the bot user was deactivated",
    "not_allowed_token_type": "it is not a bot token (xoxb-…)",
}


def check_slack(settings: Settings, *, socket_mode: bool = False) -> None:
    """Ask Slack once (``auth.test`` with the bot token; ``api.test`` in OAuth mode, where each
    workspace brings its own token; in Socket Mode also ``apps.connections.open`` with the
    app-level token). Raises ConfigError naming the variable at fault."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = build_web_client(settings, token, logger=_quiet)
    _check_bot(settings, client, token)
    if socket_mode and settings.slack_app_token is not None:
        try:
            # The URL it hands out is left unused; the handler asks for its own when it connects.
            client.apps_connections_open(app_token=settings.slack_app_token.get_secret_value())
        except SlackApiError as exc:
            raise refused_app_token(exc) from None


def _check_bot(settings: Settings, client: WebClient, token: str | None) -> None:
    try:
        if token is not None:
            client.auth_test()
        elif settings.oauth_mode:
            client.api_test()
    except SlackApiError as exc:
        code = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if token is not None and code in REFUSED_TOKEN:
            raise ConfigError(
                f"SLACK_BOT_TOKEN: Slack refused the bot token ({code}): {REFUSED_TOKEN[code]}; copy the Bot "
                "User OAuth Token again from the app's OAuth & Permissions page"
            ) from None
        if code:
            raise ConfigError(f"SLACK_API_URL: Slack answered {code} at {settings.slack_api_url}") from None
        raise ConfigError(
            f"SLACK_API_URL: {settings.slack_api_url} does not answer as Slack's Web API does "
            f"(HTTP {exc.response.status_code})"
        ) from None
    except (SlackClientError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ConfigError(
            f"SLACK_API_URL: Slack could not be reached at {settings.slack_api_url} ({_one_line(reason)})"
        ) from None


def refused_app_token(exc: SlackApiError) -> ConfigError:
    """Socket Mode's apps.connections.open failed: say so about SLACK_APP_TOKEN."""
    code = exc.response.get("error") if isinstance(exc.response.data, dict) else None
    return ConfigError(
        f"SLACK_APP_TOKEN: Slack refused to open a Socket Mode connection ({code or exc.response.status_code}): "
        "use an app-level token (xapp-…) with the connections:write scope, and turn Socket Mode on"
    )


def _one_line(value: object) -> str:
    return " ".join(str(value).split())
