"""The paper card's buttons (assign to me, drop) and the drop modal; the pass buttons are
in ``bot.listeners.notes.actions``.

Each button carries the paper's row id; the workspace comes from the payload's team, so a
click can only ever reach a paper of the clicking user's workspace. Changes go through
the core services; the core's reply redraws the card in place (the paper's home card and
the clicked message) and the person who clicked gets an ephemeral answer.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.errors import AssayError
from assay.ids import ActionId, BlockId, CallbackId
from assay.replies import ThreadRef
from assay.runtime import Runtime
from assay.services.papers.card import load_card_state
from assay.services.papers.workflow import assign_reader, drop_paper, droppable_paper
from assay.textfmt import truncate, unesc
from assay.views.paper.workflow import assigned_reply, dropped_reply
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text, open_modal
from bot.modals.paper_drop import DropTarget, drop_modal, submitted_reason
from bot.render import action_pattern

log = logging.getLogger(__name__)
DAMAGED = "✗ This button is damaged (it names no paper). Use `/paper queue` and the paper's handle instead."


def _paper_id(body: dict[str, Any]) -> int | None:
    actions = body.get("actions") or [{}]
    try:
        return int(str(actions[0].get("value", "")))
    except ValueError:
        return None


def _card_message(body: dict[str, Any]) -> ThreadRef | None:
    """Where the clicked card is, unless it is an ephemeral message (those can't be updated)."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if container.get("is_ephemeral") or not channel or not ts:
        return None
    return ThreadRef(str(channel), str(ts))


def _clicked(
    runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond
) -> tuple[Ctx, Delivery, int | None]:
    """Who clicked where, and on which paper (None, after telling them, when the button is damaged)."""
    ctx = slack_ctx(runtime, body)
    delivery = Delivery(client, ctx, respond)
    paper_id = _paper_id(body)
    if paper_id is None:
        delivery.ephemeral(DAMAGED, [])
    return ctx, delivery, paper_id


def register(app: App, runtime: Runtime) -> None:
    """Assign to me, and Drop (which opens the drop modal)."""

    @app.action(action_pattern(ActionId.PAPER_ASSIGN_ME))
    def assign_me(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx, delivery, paper_id = _clicked(runtime, body, client, respond)
        if paper_id is None:
            return
        try:
            change = assign_reader(runtime, ctx.team_id, paper_id, ctx.user_id)
            card = load_card_state(runtime, ctx.team_id, paper_id) if change.changed else None
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        except Exception as exc:
            log.exception("the assign button failed")
            delivery.ephemeral(error_text(exc), [])
            return
        delivery.deliver(assigned_reply(change, by=ctx.user_id, card=card, clicked=_card_message(body)))

    @app.action(action_pattern(ActionId.PAPER_DROP))
    def open_drop_modal(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx, delivery, paper_id = _clicked(runtime, body, client, respond)
        if paper_id is None:
            return
        try:
            paper = droppable_paper(runtime, ctx.team_id, paper_id)
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        clicked = _card_message(body)
        target = DropTarget(paper_id, *((clicked.channel, clicked.ts) if clicked else (None, None)))
        problem = open_modal(client, str(body.get("trigger_id", "")), drop_modal(paper, target), "drop form")
        if problem:
            delivery.ephemeral(problem, [])


def register_views(app: App, runtime: Runtime) -> None:
    """The drop modal's submission: the drop is recorded once, however often it is submitted."""

    @app.view(CallbackId.PAPER_DROP_MODAL.value)
    def drop_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body.get("view") or {}
        target = DropTarget.decode(str(view.get("private_metadata") or ""))
        reason = submitted_reason(view)

        def refuse(message: str) -> None:
            ack(response_action="errors", errors={BlockId.DROP_REASON.value: truncate(message, 300)})

        if target is None:
            refuse("This form lost track of its paper. Close it and click Drop on the card again.")
            return
        if not reason:
            refuse("Say why you drop the paper; the reason is kept with it.")
            return
        base = slack_ctx(runtime, body)
        once = f"view_submission:{view['id']}" if view.get("id") else None
        try:
            change = drop_paper(runtime, base.team_id, target.paper_id, reason, once_key=once)
        except AssayError as exc:
            refuse(unesc(exc.message).replace("`", ""))
            return
        ack()
        if change is None:
            return  # the same submission again: recorded the first time
        paper = change.paper
        ctx = Ctx(base.team_id, base.user_id, target.channel or paper.thread_channel, runtime, "slack")
        card = load_card_state(runtime, ctx.team_id, target.paper_id)
        clicked = ThreadRef(target.channel, target.ts) if target.channel and target.ts else None
        Delivery(client, ctx, None).deliver(dropped_reply(change, by=ctx.user_id, card=card, clicked=clicked))
