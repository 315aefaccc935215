"""Events: discussion in home threads, and uninstalls (which delete the workspace's data).

Slack sends an event again (``X-Slack-Retry-Num``) when it saw no answer within 3 seconds or
got an error, maybe to another replica. Every event is handled once: its ``event_id`` is
claimed in the database before any listener runs (:class:`DedupeEvents`), and a repeat is
answered 200 and dropped. Slash commands and interactivity are never retried by Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from assay.runtime import Runtime
from assay.services import threads
from assay.services.once import claim_once, event_key
from assay.services.workspaces import delete_workspace_data
from bot.home import publish_home

log = logging.getLogger(__name__)


def _at(ts: str | None) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts or 0), UTC)
    except ValueError:
        return datetime.now(UTC)


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name) or []
    return str(values[0]) if values else None


class DedupeEvents(Middleware):
    """A global middleware: an event already handled (a Slack retry, here or at another
    replica) is acknowledged and goes no further. If the database cannot take the claim,
    the error becomes a 500 and Slack tries again later. (A Middleware subclass: Bolt calls
    it directly, where a function middleware has its arguments worked out per request.)"""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next()
        team = str(body.get("team_id") or body.get("enterprise_id") or "")
        retry = _header(req, "x-slack-retry-num")
        if claim_once(self.runtime.db, team, event_key(str(event_id)), self.runtime.clock.now()):
            if retry:
                reason = _header(req, "x-slack-retry-reason") or "?"
                log.info(
                    "event %s arrived again (retry %s, %s) before it was handled: handling it now",
                    event_id,
                    retry,
                    reason,
                )
            return next()
        log.info("event %s was handled already; Slack's retry %s is dropped", event_id, retry or "(none)")
        return BoltResponse(status=200, body="")


def register(app: App, runtime: Runtime) -> None:
    db = runtime.db
    app.use(DedupeEvents(runtime))

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

    def forget(body: dict[str, Any], why: str) -> None:
        team = body.get("team_id") or ""
        if not team:
            return
        with db.session() as session:
            deleted = delete_workspace_data(session, team)
        # The audit line: who went and how much, never a token (the rows are gone anyway).
        log.info("workspace %s uninstalled (%s): %d rows deleted in %d tables", team, why, deleted.rows, deleted.tables)

    @app.event("app_home_opened")
    def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return  # the Messages tab: nothing to draw
        publish_home(client, runtime, body.get("team_id") or "", str(event["user"]))

    @app.event("app_uninstalled")
    def on_uninstalled(body: dict[str, Any]) -> None:
        forget(body, "app_uninstalled")

    @app.event("tokens_revoked")
    def on_tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        if (event.get("tokens") or {}).get("bot"):
            forget(body, "tokens_revoked")
