"""``/pass <n> <paper>`` without fields opens the note form (a modal) instead of answering.

The command listener (bot/listeners/commands.py) asks this first. The gate is checked
first, so a refusal is the acknowledgement; otherwise the form opens at once with the
command's trigger id. Every other ``/pass`` request (notes typed as ``key=value``, ``show``,
``help``) is the generic listener's.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.commands.notes.requests import NoteRequest
from assay.commands.registry import Routed
from assay.errors import AssayError
from assay.services.notes.form import note_form
from bot.delivery import error_text
from bot.listeners.notes.actions import show_note_form


def opens_note_form(
    routed: Routed, ctx: Ctx, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> bool:
    """Open the note form when ``routed`` is a ``/pass`` that asks for it, and say True; False
    for every other request (the generic listener answers those)."""
    request = routed.request
    if not (isinstance(request, NoteRequest) and request.asks_for_form):
        return False
    try:
        form = note_form(ctx, request.paper, request.pass_number, force=request.force)
    except AssayError as exc:
        ack(response_type="ephemeral", text=error_text(exc))
        return True
    ack()
    problem = show_note_form(client, ctx, form, str(body.get("trigger_id", "")))
    if problem:
        respond(response_type="ephemeral", text=problem, replace_original=False)
    return True
