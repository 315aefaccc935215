"""Buttons on scheduled posts: resolve a prediction from its reminder, add a paper from a watch digest.

Each clicked message is redrawn so that the next reader sees what happened: the reminder
shows the outcome, the digest shows the paper's handle where its button was.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.registry import Catalog
from assay.errors import AssayError
from assay.ids import ActionId
from assay.replies import Section
from assay.runtime import Runtime
from assay.services.predictions.book import resolve_prediction
from assay.textfmt import esc, user
from assay.views.predictions import resolved_text
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text, redraw, update_message
from bot.render import action_pattern

log = logging.getLogger(__name__)


def _clicked(body: dict[str, Any]) -> tuple[str, str, str | None]:
    """(action id, value, message ts) of the click."""
    action = (body.get("actions") or [{}])[0]
    ts = (body.get("container") or {}).get("message_ts")
    return str(action.get("action_id", "")), str(action.get("value", "")), str(ts) if ts else None


def without_button(body: dict[str, Any], note: str) -> list[dict[str, Any]]:
    """The clicked message's blocks with the clicked button replaced by ``note`` (mrkdwn)."""
    action_id, _, _ = _clicked(body)
    blocks: list[dict[str, Any]] = []
    for block in (body.get("message") or {}).get("blocks") or []:
        accessory = block.get("accessory") or {}
        if block.get("type") == "section" and accessory.get("action_id") == action_id:
            block = {key: value for key, value in block.items() if key != "accessory"}
            text = dict(block.get("text") or {"type": "mrkdwn", "text": ""})
            text["text"] = f"{text.get('text', '')}\n{note}"[:3000]
            block["text"] = text
        blocks.append(block)
    return blocks


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    @app.action(action_pattern(ActionId.PREDICTION_RESOLVE))
    def resolve_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx = slack_ctx(runtime, body)
        delivery = Delivery(client, ctx, respond)
        _, value, ts = _clicked(body)
        row, _, word = value.partition(":")
        if not row.isdigit() or word not in {"true", "false"}:
            delivery.ephemeral("✗ This button is damaged. Use `/predict resolve F<n> true|false` instead.", [])
            return
        try:
            prediction, target = resolve_prediction(ctx, int(row), word == "true")
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        text = resolved_text(prediction, target.label, ctx.user_id)
        if ctx.channel_id and ts:
            redraw(client, (ctx.channel_id, ts), text, [Section(text)])

    @app.action(action_pattern(ActionId.WATCH_ADD_PAPER))
    def add_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx = slack_ctx(runtime, body)
        delivery = Delivery(client, ctx, respond)
        _, arxiv_id, ts = _clicked(body)
        delivery.ephemeral(f"⏳ Adding arXiv {esc(arxiv_id)}: fetching it and reading its PDF…", [])
        try:
            reply = catalog.dispatch(ctx, "/paper", f"add {arxiv_id}")
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        except Exception as exc:  # the clicker must hear that nothing was added
            log.exception("adding a paper from a watch digest failed")
            delivery.ephemeral(error_text(exc), [])
            return
        delivery.deliver(reply)
        handle = (reply.data or {}).get("handle")
        if handle and ctx.channel_id and ts:
            note = f"✅ Added as `{handle}` by {user(ctx.user_id)}."
            text = str((body.get("message") or {}).get("text", ""))
            update_message(client, (ctx.channel_id, ts), text, without_button(body, note))
