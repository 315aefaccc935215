"""Slash commands: parse, acknowledge within 3 s, run, deliver.

Fast commands (a parse and a database write) answer in the acknowledgement itself; slow
ones (arXiv, PDFs, pictures) acknowledge with a visible "working" line and answer later
from the listener's worker thread, so nothing blocks the acknowledgement.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.registry import Catalog
from assay.errors import AssayError
from assay.runtime import Runtime
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text
from bot.listeners.gutcheck import commands as gutcheck_commands
from bot.listeners.notes import commands as notes_commands
from bot.render import fallback, paginate, to_block_kit

log = logging.getLogger(__name__)


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    gutcheck_commands.register(app, runtime, catalog)  # before the generic listener: they open forms
    notes_commands.register(app, runtime, catalog)

    def handle(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ctx = slack_ctx(runtime, body)
        try:
            routed = catalog.route(body.get("command", ""), body.get("text", ""), from_slack=True)
        except AssayError as exc:
            ack(response_type="ephemeral", text=error_text(exc))
            return
        if routed.slow:
            ack(response_type="ephemeral", text=f"⏳ {routed.working}")
        try:
            reply = routed.run(ctx)
        except AssayError as exc:
            if routed.slow:
                respond(response_type="ephemeral", text=error_text(exc), replace_original=False)
            else:
                ack(response_type="ephemeral", text=error_text(exc))
            return
        except Exception as exc:
            log.exception("command %s failed", body.get("command"))
            if not routed.slow:
                ack(response_type="ephemeral", text=error_text(exc))
            else:
                respond(response_type="ephemeral", text=error_text(exc), replace_original=False)
            return
        quiet = reply.visibility == "ephemeral" and not reply.announcements and reply.image_path is None
        pages = paginate(to_block_kit(reply.blocks))
        if not routed.slow and quiet and len(pages) == 1:
            ack(response_type="ephemeral", text=fallback(reply.text), blocks=pages[0] or None)
            Delivery(client, ctx, respond).after(reply)  # after the ack: it can wait
            return
        if not routed.slow:
            ack()
        Delivery(client, ctx, respond).deliver(reply)

    for name in catalog.commands:
        app.command(name)(handle)
