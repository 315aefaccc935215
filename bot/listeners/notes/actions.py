"""The paper card's pass buttons: each opens the clicker's note form for that pass.

A button's value is ``<paper row id>:<pass>``; the workspace comes from the payload's
team, so a click only ever reaches a paper of the clicker's workspace. The gate is checked
for the clicker before the form opens (a refusal says why, and how to skip ahead), and the
form opens at once with the click's trigger id, which Slack honours for three seconds.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.errors import AssayError
from assay.ids import ActionId
from assay.runtime import Runtime
from assay.services.notes.form import NoteForm, note_form
from assay.services.papers.workflow import PaperKey
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text, open_modal
from bot.modals.pass_note import NoteTarget, note_modal, too_long
from bot.render import action_pattern

DAMAGED = "✗ This button is damaged. Use `/pass <1|2|3> <paper>` instead."


def parse_value(value: str) -> tuple[int, int] | None:
    """``"12:2"`` → (12, 2); None for anything else."""
    row, _, number = value.partition(":")
    if not (row.isdigit() and number in ("1", "2", "3")):
        return None
    return int(row), int(number)


def show_note_form(client: WebClient, ctx: Ctx, form: NoteForm, trigger_id: str) -> str | None:
    """Open the form (views.open); the text to tell the reader when Slack refuses."""
    target = NoteTarget(form.paper.id or 0, form.pass_number, form.forced, ctx.channel_id, too_long(form.previous))
    return open_modal(client, trigger_id, note_modal(form, target), "note form")


def open_note_form(client: WebClient, ctx: Ctx, key: PaperKey, pass_number: int, trigger_id: str) -> str | None:
    """Check the gate for ``ctx.user_id`` and open the form; what to tell them when it can't open."""
    try:
        form = note_form(ctx, key, pass_number)
    except AssayError as exc:
        return error_text(exc)
    return show_note_form(client, ctx, form, trigger_id)


def register(app: App, runtime: Runtime) -> None:
    def clicked(body: dict[str, Any], client: WebClient, respond: Respond, target: tuple[int, int] | None) -> None:
        ctx = slack_ctx(runtime, body)
        delivery = Delivery(client, ctx, respond)
        if target is None:
            delivery.ephemeral(DAMAGED, [])
            return
        problem = open_note_form(client, ctx, target[0], target[1], str(body.get("trigger_id", "")))
        if problem:
            delivery.ephemeral(problem, [])

    @app.action(action_pattern(ActionId.PAPER_PASS))
    def pass_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        clicked(body, client, respond, parse_value(str(((body.get("actions") or [{}])[0]).get("value", ""))))

    @app.action(action_pattern(ActionId.PAPER_START_PASS1))
    def legacy_pass1_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """Cards posted before notes existed carry "Start pass 1" with the paper's row id."""
        ack()
        value = str(((body.get("actions") or [{}])[0]).get("value", ""))
        clicked(body, client, respond, parse_value(f"{value}:1"))
