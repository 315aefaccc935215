"""Slash commands: parse, acknowledge within 3 s, run, deliver.

Fast commands (a parse and a database write) answer in the acknowledgement itself and send
what can wait (a tally, a redrawn card, App Home) right after, from a follow-up pool.
Slow ones (arXiv, PDFs, pictures) acknowledge with a visible "working" line and answer later
from the pool for slow work (bot/followups.py), so nothing blocks an acknowledgement.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.commands.registry import Catalog, Routed
from assay.errors import AssayError
from assay.runtime import Runtime
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text
from bot.followups import run_later
from bot.listeners.gutcheck import commands as gutcheck_commands
from bot.listeners.notes import commands as notes_commands
from bot.render import fallback, paginate, to_block_kit

log = logging.getLogger(__name__)


FORMS = (gutcheck_commands.opens_start_form, notes_commands.opens_note_form)  # asked first


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    def handle(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ctx = slack_ctx(runtime, body)
        try:
            routed = catalog.route(body.get("command", ""), body.get("text", ""), from_slack=True)
        except AssayError as exc:
            ack(response_type="ephemeral", text=error_text(exc))
            return
        try:
            if any(opens(routed, ctx, ack, body, client, respond) for opens in FORMS):
                return  # a form opened instead of an answer (or the reason it could not)
        except Exception as exc:  # the person must hear that no form is coming
            log.exception("opening the form of %s failed", body.get("command"))
            ack(response_type="ephemeral", text=error_text(exc))
            return
        if routed.slow:  # acknowledged now, worked on in the pool for slow work
            ack(response_type="ephemeral", text=f"⏳ {routed.working}")
            run_later(app, lambda: run(routed, ctx, respond, client, body), "slow")
            return
        run(routed, ctx, respond, client, body, ack)

    def run(
        routed: Routed, ctx: Ctx, respond: Respond, client: WebClient, body: dict[str, Any], ack: Ack | None = None
    ) -> None:
        """Run a routed command and deliver its answer: in the acknowledgement when there is
        ``ack`` (a fast command), else after it (a slow one, acknowledged already)."""
        try:
            reply = routed.run(ctx)
        except Exception as exc:
            if not isinstance(exc, AssayError):
                log.exception("command %s failed", body.get("command"))
            if ack is not None:
                ack(response_type="ephemeral", text=error_text(exc))
            else:
                respond(response_type="ephemeral", text=error_text(exc), replace_original=False)
            return
        quiet = reply.visibility == "ephemeral" and not reply.announcements and reply.image_path is None
        pages = paginate(to_block_kit(reply.blocks))
        if ack is not None and quiet and len(pages) == 1:
            ack(response_type="ephemeral", text=fallback(reply.text), blocks=pages[0] or None)
            run_later(app, lambda: Delivery(client, ctx, respond).after(reply))  # it can wait
            return
        if ack is not None:
            ack()
        Delivery(client, ctx, respond).deliver(reply)

    # One listener for every command: Bolt works out each listener's arguments for each request
    # it tries, so one per command cost every acknowledgement a few of those (~20 µs each).
    app.command(re.compile("^(?:" + "|".join(re.escape(name) for name in catalog.commands) + ")$"))(handle)
