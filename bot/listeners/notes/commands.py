"""``/pass <n> <paper>`` without fields opens the note form (a modal) instead of answering.

Registered before the generic command listener. The gate is checked first, so a refusal
is the acknowledgement; otherwise the form opens at once with the command's trigger id.
Every other ``/pass`` request (notes typed as ``key=value``, ``show``, ``help``) falls
through to the generic listener.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.notes.requests import NoteRequest
from assay.commands.registry import Catalog
from assay.errors import AssayError
from assay.runtime import Runtime
from assay.services.notes.form import note_form
from bot.context import slack_ctx
from bot.delivery import error_text
from bot.listeners.notes.actions import show_note_form

COMMAND = "/pass"


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    def form_request(body: dict[str, Any]) -> NoteRequest | None:
        try:
            routed = catalog.route(COMMAND, str(body.get("text", "")), from_slack=True)
        except AssayError:
            return None  # the generic listener explains what is wrong
        request = routed.request
        return request if isinstance(request, NoteRequest) and request.asks_for_form else None

    @app.command(COMMAND, matchers=[lambda body: form_request(body) is not None])
    def open_form(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        request = form_request(body)
        assert request is not None
        ctx = slack_ctx(runtime, body)
        try:
            form = note_form(ctx, request.paper, request.pass_number, force=request.force)
        except AssayError as exc:
            ack(response_type="ephemeral", text=error_text(exc))
            return
        ack()
        problem = show_note_form(client, ctx, form, str(body.get("trigger_id", "")))
        if problem:
            respond(response_type="ephemeral", text=problem, replace_original=False)
