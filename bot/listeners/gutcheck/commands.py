"""``/gutcheck start`` without criteria opens the start form (a modal) instead of answering.

The core decides: it answers such a start with ``data["open_form"]`` and stays Slack-free;
the command listener (bot/listeners/commands.py) asks this first, and it maps that answer
to a modal opened with the command's trigger id (valid for 3 seconds, so it opens at once).
Every other ``/gutcheck`` request is the generic listener's.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.commands.gutcheck.requests import START_FORM, GutCheckStart
from assay.commands.registry import Routed
from assay.errors import AssayError
from bot.delivery import error_text, open_modal
from bot.modals.gutcheck import start_modal
from bot.render import fallback


def opens_start_form(
    routed: Routed, ctx: Ctx, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> bool:
    """Open the start form when ``routed`` is a start that asks for it, and say True; False
    for every other request (the generic listener answers those)."""
    if not (isinstance(routed.request, GutCheckStart) and routed.request.asks_for_form):
        return False
    try:
        reply = routed.run(ctx).completed()
    except AssayError as exc:
        ack(response_type="ephemeral", text=error_text(exc))
        return True
    data = reply.data or {}
    if data.get("open_form") != START_FORM:
        ack(response_type="ephemeral", text=fallback(reply.text))
        return True
    ack()
    paper = data.get("paper")
    view = start_modal(channel=ctx.channel_id, paper=paper if isinstance(paper, str) else None, user_id=ctx.user_id)
    problem = open_modal(client, str(body.get("trigger_id", "")), view, "gut-check form")
    if problem:
        respond(response_type="ephemeral", text=problem, replace_original=False)
    return True
