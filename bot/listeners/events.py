"""Events: discussion in home threads, and uninstalls (which delete the workspace's data)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from assay.runtime import Runtime
from assay.services import threads
from assay.services.workspaces import delete_workspace_data
from bot.home import publish_home

log = logging.getLogger(__name__)


def _at(ts: str | None) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts or 0), UTC)
    except ValueError:
        return datetime.now(UTC)


def register(app: App, runtime: Runtime) -> None:
    db = runtime.db

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        team = body.get("team_id") or event.get("team") or ""
        channel = event.get("channel", "")
        subtype = event.get("subtype")
        if subtype == "message_changed":
            message = event.get("message") or {}
            threads.record_edit(db, team, channel, message.get("ts", ""), message.get("text", ""), _at(event.get("ts")))
        elif subtype == "message_deleted":
            threads.record_delete(db, team, channel, event.get("deleted_ts", ""))
        elif subtype in (None, "thread_broadcast", "file_share"):
            if event.get("bot_id") or not event.get("thread_ts") or event.get("thread_ts") == event.get("ts"):
                return  # only human replies inside a thread count as discussion
            threads.record_reply(
                db,
                team,
                channel,
                event["thread_ts"],
                event.get("ts", ""),
                event.get("user"),
                event.get("text", ""),
                _at(event.get("ts")),
            )

    def forget(body: dict[str, Any]) -> None:
        team = body.get("team_id") or ""
        if not team:
            return
        with db.session() as session:
            delete_workspace_data(session, team)
        log.info("workspace %s uninstalled: its data and tokens were deleted", team)

    @app.event("app_home_opened")
    def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return  # the Messages tab: nothing to draw
        publish_home(client, runtime, body.get("team_id") or "", str(event["user"]))

    @app.event("app_uninstalled")
    def on_uninstalled(body: dict[str, Any]) -> None:
        forget(body)

    @app.event("tokens_revoked")
    def on_tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        if (event.get("tokens") or {}).get("bot"):
            forget(body)
