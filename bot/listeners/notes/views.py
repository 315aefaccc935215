"""Note form submissions: the note is recorded once, posted in the paper's thread, and the
card is redrawn.

Wrong fields come back with ``response_action: errors`` next to the field, so the form
stays open and nothing is recorded. A form submitted twice records once: the view's id
and hash are claimed in the same transaction as the note.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from assay.commands.context import Ctx
from assay.commands.notes.requests import note_from_form
from assay.errors import AssayError, FieldErrors
from assay.ids import CallbackId
from assay.reading.passes import note_fields
from assay.runtime import Runtime
from assay.services.notes.record import record_note
from assay.views.notes.replies import recorded_reply
from bot.context import slack_ctx
from bot.delivery import Delivery
from bot.modals.forms import form_error, once_key
from bot.modals.pass_note import NoteTarget, field_block_id, note_form_values


def register(app: App, runtime: Runtime) -> None:
    @app.view(CallbackId.PASS_NOTE_MODAL.value)
    def note_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body.get("view") or {}
        target = NoteTarget.decode(str(view.get("private_metadata") or ""))
        if target is None:
            message = "This form lost track of its paper. Close it and click the card's pass button again."
            ack(response_action="errors", errors={field_block_id("decision"): message})
            return
        names = [f.name for f in note_fields(target.pass_number)]

        def refuse(errors: dict[str, str]) -> None:
            shown = {field_block_id(f if f in names else names[0]): form_error(m) for f, m in errors.items()}
            ack(response_action="errors", errors=shown)

        base = slack_ctx(runtime, body)
        ctx = Ctx(base.team_id, base.user_id, target.channel, runtime, "slack")
        try:
            content = note_from_form(target.pass_number, str(target.paper_id), note_form_values(view))
            result = record_note(
                ctx,
                target.paper_id,
                target.pass_number,
                content,
                force=target.force,
                keep_previous=target.keep,
                once_key=once_key("pass-note", view),
            )
        except FieldErrors as exc:
            refuse(exc.errors)
            return
        except AssayError as exc:
            refuse({names[0]: exc.message})
            return
        ack()
        if result is None:
            return  # the same submission again: recorded the first time
        Delivery(client, ctx, None).deliver(recorded_reply(result, ctx.now().tzinfo))
