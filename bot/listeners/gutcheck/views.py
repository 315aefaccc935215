"""Gut-check form submissions: start (posts the card as the home thread) and decide.

Wrong fields come back with ``response_action: errors`` next to the field, so the form
stays open and nothing is recorded. A form submitted twice records once: the view's id
and hash are claimed in the same transaction as the change.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.commands.gutcheck.command import decided_reply, started_reply
from assay.commands.gutcheck.requests import start_inputs_from_form
from assay.errors import AssayError, FieldErrors
from assay.ids import BlockId, CallbackId
from assay.runtime import Runtime
from assay.services.gutcheck.checks import start_gut_check
from assay.services.gutcheck.decisions import Decision
from assay.services.gutcheck.inputs import parse_timebox
from assay.services.gutcheck.reminder_posts import decided_reminder
from bot.context import slack_ctx
from bot.delivery import Delivery, redraw
from bot.modals.forms import form_error, once_key
from bot.modals.gutcheck import field_block_id, metadata_channel, start_form_values
from bot.modals.gutcheck_decide import DecideTarget, decide_form_values

log = logging.getLogger(__name__)
FORM_FIELDS = {
    "paper", "claim", "metric", "higher_is_better", "claimed_lift", "sd", "runs", "success",
    "kill", "owner", "timebox", "alpha", "technique",
}  # fmt: skip


def _plain(message: str) -> str:
    # Form errors are plain text: mrkdwn backticks would show as they are.
    return form_error(message)


def register(app: App, runtime: Runtime) -> None:
    @app.view(CallbackId.GUTCHECK_START_MODAL.value)
    def start_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body.get("view") or {}
        base = slack_ctx(runtime, body)
        ctx = Ctx(base.team_id, base.user_id, metadata_channel(view), runtime, "slack")
        try:
            inputs = start_inputs_from_form(start_form_values(view))
            result = start_gut_check(ctx, inputs, once_key=once_key("gutcheck-start", view))
        except FieldErrors as exc:
            errors = {field_block_id(f if f in FORM_FIELDS else "claim"): _plain(m) for f, m in exc.errors.items()}
            ack(response_action="errors", errors=errors)
            return
        except AssayError as exc:
            ack(response_action="errors", errors={field_block_id("claim"): _plain(exc.message)})
            return
        ack()
        if result.record is None:
            return  # the same submission again: recorded the first time
        Delivery(client, ctx, None).deliver(started_reply(ctx, result.record))

    @app.view(CallbackId.GUTCHECK_DECIDE_MODAL.value)
    def decide_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body.get("view") or {}
        target = DecideTarget.decode(str(view.get("private_metadata") or ""))
        why, timebox_text = decide_form_values(view)

        def refuse(block: BlockId, message: str) -> None:
            ack(response_action="errors", errors={block.value: _plain(message)})

        if target is None:
            refuse(BlockId.DECIDE_WHY, "This form lost track of its gut check. Close it and click the button again.")
            return
        if not why:
            refuse(BlockId.DECIDE_WHY, "Say why: the reason is kept with the decision.")
            return
        timebox = None
        if target.decision is Decision.EXTEND:
            try:
                timebox = parse_timebox(timebox_text or "")
            except ValueError as exc:
                refuse(BlockId.DECIDE_TIMEBOX, str(exc))
                return
        base = slack_ctx(runtime, body)
        ctx = Ctx(base.team_id, base.user_id, target.channel, runtime, "slack")
        try:
            reply = decided_reply(
                ctx, target.gutcheck, target.decision, why, timebox, once_key=once_key("gutcheck-decide", view)
            )
        except AssayError as exc:
            refuse(BlockId.DECIDE_WHY, exc.message)
            return
        ack()
        if (reply.data or {}).get("duplicate"):
            return
        Delivery(client, ctx, None).deliver(reply)
        if target.reminder is not None:
            text, blocks = decided_reminder(ctx, target.gutcheck, target.decision.value, why)
            redraw(client, target.reminder, text, blocks)
