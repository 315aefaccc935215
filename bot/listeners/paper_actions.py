"""The paper card's buttons (assign to me, start pass 1, drop) and the drop modal.

Each button carries the paper's row id; the workspace comes from the payload's team, so a
click can only ever reach a paper of the clicking user's workspace. Changes go through
the core services; the card is then redrawn in place (the clicked message and the
paper's home card) and the person who clicked gets an ephemeral answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assay.commands.context import Ctx
from assay.errors import AssayError
from assay.ids import ActionId, BlockId, CallbackId
from assay.replies import Reply
from assay.runtime import Runtime
from assay.services.papers.workflow import PaperChange, assign_reader, drop_paper, droppable_paper, start_pass1
from assay.storage.models import Paper
from assay.textfmt import truncate, unesc
from assay.views.paper.card import card_fallback, paper_card
from assay.views.paper.workflow import assigned_reply, dropped_reply, pass1_reply
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text, slack_problem
from bot.modals.paper_drop import DropTarget, drop_modal, submitted_reason
from bot.render import action_pattern, fallback, to_block_kit

log = logging.getLogger(__name__)
Step = Callable[[Ctx, int], tuple[PaperChange, Reply]]
DAMAGED = "✗ This button is damaged (it names no paper). Use `/paper queue` and the paper's handle instead."


def _paper_id(body: dict[str, Any]) -> int | None:
    actions = body.get("actions") or [{}]
    try:
        return int(str(actions[0].get("value", "")))
    except ValueError:
        return None


def _card_message(body: dict[str, Any]) -> tuple[str, str] | None:
    """Where the clicked card is, unless it is an ephemeral message (those can't be updated)."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if container.get("is_ephemeral") or not channel or not ts:
        return None
    return str(channel), str(ts)


def refresh_cards(client: WebClient, paper: Paper, clicked: tuple[str, str] | None) -> None:
    """Redraw the card on the clicked message and on the paper's home message."""
    targets = [clicked] if clicked else []
    if paper.thread_channel and paper.thread_ts and (paper.thread_channel, paper.thread_ts) not in targets:
        targets.append((paper.thread_channel, paper.thread_ts))
    for channel, ts in targets:
        try:
            client.chat_update(
                channel=channel, ts=ts, text=fallback(card_fallback(paper)), blocks=to_block_kit(paper_card(paper))
            )
        except SlackApiError as exc:  # the change is made; a stale card is not worth failing for
            log.warning("could not redraw the card of paper %s: %s", paper.id, exc.response.get("error"))


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


def _button(runtime: Runtime, step: Step) -> Callable[..., None]:
    def listener(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx, delivery, paper_id = _clicked(runtime, body, client, respond)
        if paper_id is None:
            return
        try:
            change, reply = step(ctx, paper_id)
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        except Exception as exc:
            log.exception("paper button %s failed", (body.get("actions") or [{}])[0].get("action_id"))
            delivery.ephemeral(error_text(exc), [])
            return
        if change.changed:
            refresh_cards(client, change.paper, _card_message(body))
        delivery.deliver(reply)

    return listener


def _assign_me(runtime: Runtime) -> Step:
    def step(ctx: Ctx, paper_id: int) -> tuple[PaperChange, Reply]:
        change = assign_reader(runtime, ctx.team_id, paper_id, ctx.user_id)
        return change, assigned_reply(change, by=ctx.user_id)

    return step


def _start_pass1(runtime: Runtime) -> Step:
    def step(ctx: Ctx, paper_id: int) -> tuple[PaperChange, Reply]:
        change = start_pass1(runtime, ctx.team_id, paper_id, ctx.user_id)
        return change, pass1_reply(change, by=ctx.user_id)

    return step


def register(app: App, runtime: Runtime) -> None:
    """The card's three buttons."""
    app.action(action_pattern(ActionId.PAPER_ASSIGN_ME))(_button(runtime, _assign_me(runtime)))
    app.action(action_pattern(ActionId.PAPER_START_PASS1))(_button(runtime, _start_pass1(runtime)))

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
        target = DropTarget(paper_id, *(clicked or (None, None)))
        try:
            client.views_open(trigger_id=body.get("trigger_id", ""), view=drop_modal(paper, target))
        except SlackApiError as exc:
            log.warning("could not open the drop modal: %s", exc.response.get("error"))
            delivery.ephemeral(slack_problem(exc), [])


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
        refresh_cards(client, paper, (target.channel, target.ts) if target.channel and target.ts else None)
        Delivery(client, ctx, None).deliver(dropped_reply(change, by=ctx.user_id))
