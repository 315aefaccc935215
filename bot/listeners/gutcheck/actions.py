"""The decide buttons of a gut-check card, and Enter in the start form's spread field.

A button's value is ``<row id>:<decision>``; the workspace comes from the payload's team,
so a click only ever reaches a gut check of the clicking user's workspace. A decision
the core would refuse (a kill is final; REGRESSION is a hard kill) is refused at the
click, before any form opens. Enter in the spread field redraws the start form with the
runs the claim needs under it (Slack keeps what was typed: the ids stay the same).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assay.commands.gutcheck.requests import plan_from_form
from assay.errors import AssayError
from assay.ids import ActionId
from assay.runtime import Runtime
from assay.services.gutcheck.decisions import Decision, decidable
from assay.textfmt import esc, truncate
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text, open_modal
from bot.modals.gutcheck import metadata_channel, start_form_values, start_modal
from bot.modals.gutcheck_decide import DecideTarget, decide_modal
from bot.render import action_pattern

log = logging.getLogger(__name__)
DAMAGED = '✗ This button is damaged. Use `/gutcheck decide G<n> <continue|pivot|kill|extend> why="..."` instead.'


def parse_value(value: str) -> tuple[int, Decision] | None:
    """``"12:kill"`` → (12, Decision.KILL); None for anything else."""
    row, _, decision = value.partition(":")
    try:
        return int(row), Decision(decision)
    except ValueError:
        return None


def _reminder_message(body: dict[str, Any]) -> tuple[str, str] | None:
    """Where a clicked reminder is, to redraw it once decided (None for other cards)."""
    action = str(((body.get("actions") or [{}])[0]).get("action_id", ""))
    container = body.get("container") or {}
    if not action.startswith(ActionId.GUTCHECK_REMINDER_DECIDE.value) or container.get("is_ephemeral"):
        return None
    channel, ts = container.get("channel_id"), container.get("message_ts")
    return (str(channel), str(ts)) if channel and ts else None


def register(app: App, runtime: Runtime) -> None:
    def decide_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx = slack_ctx(runtime, body)
        delivery = Delivery(client, ctx, respond)
        parsed = parse_value(str(((body.get("actions") or [{}])[0]).get("value", "")))
        if parsed is None:
            delivery.ephemeral(DAMAGED, [])
            return
        row_id, decision = parsed
        try:
            record = decidable(ctx, row_id, decision)
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        target = DecideTarget(record.handle, decision, ctx.channel_id, _reminder_message(body))
        view = decide_modal(target, esc(truncate(record.check.claim, 500)))
        problem = open_modal(client, str(body.get("trigger_id", "")), view, "decide form")
        if problem:
            delivery.ephemeral(problem, [])

    app.action(action_pattern(ActionId.GUTCHECK_DECIDE))(decide_clicked)
    app.action(action_pattern(ActionId.GUTCHECK_REMINDER_DECIDE))(decide_clicked)

    @app.action(ActionId.GUTCHECK_PLAN.value)
    def spread_entered(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body.get("view") or {}
        values = start_form_values(view)
        redrawn = start_modal(
            channel=metadata_channel(view),
            paper=None,
            user_id=str((body.get("user") or {}).get("id", "")),
            values=values,
            plan=plan_from_form(values),
        )
        try:
            client.views_update(view_id=str(view.get("id", "")), hash=view.get("hash"), view=redrawn)
        except SlackApiError as exc:
            # hash_conflict: the user typed on meanwhile; the next Enter shows the plan.
            log.info("could not show the gut-check plan: %s", exc.response.get("error"))
