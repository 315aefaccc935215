"""``/gutcheck start`` without criteria opens the start form (a modal) instead of answering.

The core decides: it answers such a start with ``data["open_form"]`` and stays Slack-free;
this listener, registered before the generic command listener, maps that answer to a
modal opened with the command's trigger id (valid for 3 seconds, so it opens at once).
Every other ``/gutcheck`` request falls through to the generic listener.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.gutcheck.requests import START_FORM, GutCheckStart
from assay.commands.registry import Catalog
from assay.errors import AssayError
from assay.runtime import Runtime
from bot.context import slack_ctx
from bot.delivery import error_text, open_modal
from bot.modals.gutcheck import start_modal
from bot.render import fallback

COMMAND = "/gutcheck"


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    def asks_for_form(body: dict[str, Any]) -> bool:
        try:
            routed = catalog.route(COMMAND, str(body.get("text", "")), from_slack=True)
        except AssayError:
            return False  # the generic listener explains what is wrong
        return isinstance(routed.request, GutCheckStart) and routed.request.asks_for_form

    @app.command(COMMAND, matchers=[asks_for_form])
    def open_start_form(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ctx = slack_ctx(runtime, body)
        try:
            reply = catalog.dispatch(ctx, COMMAND, str(body.get("text", "")))
        except AssayError as exc:
            ack(response_type="ephemeral", text=error_text(exc))
            return
        data = reply.data or {}
        if data.get("open_form") != START_FORM:
            ack(response_type="ephemeral", text=fallback(reply.text))
            return
        ack()
        paper = data.get("paper")
        view = start_modal(channel=ctx.channel_id, paper=paper if isinstance(paper, str) else None, user_id=ctx.user_id)
        problem = open_modal(client, str(body.get("trigger_id", "")), view, "gut-check form")
        if problem:
            respond(response_type="ephemeral", text=problem, replace_original=False)
