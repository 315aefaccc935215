"""/pass — three-pass reading notes: record a pass (a form in Slack), show every note."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from assay.commands.context import Ctx
from assay.commands.fields import ShortText
from assay.commands.notes.requests import NOTE_REQUESTS, NoteRequest
from assay.commands.registry import Command, Request, Subcommand
from assay.errors import UserError
from assay.reading.passes import PASS_QUESTION, PASS_TIME, PASSES, TYPED, NoteContent, note_fields
from assay.replies import Reply
from assay.services.notes.queries import paper_notes, shown_notes
from assay.services.notes.record import record_note
from assay.services.papers.card import card_state
from assay.services.papers.library import find_paper
from assay.views.notes.replies import EXAMPLES, form_hint, notes_reply, recorded_reply


def record(ctx: Ctx, req: NoteRequest) -> Reply:
    if req.asks_for_form:  # in Slack the listener opens the form before this runs
        raise UserError(form_hint(req.pass_number, req.paper))
    # A revision keeps what the reader did not type again; what they typed replaces, even when it
    # is empty (`red_flags=none` clears the flags).
    untyped = {f.name for f in fields(NoteContent)} - req.model_fields_set
    result = record_note(ctx, req.paper, req.pass_number, req.content(), force=req.force, keep_previous=untyped)
    assert result is not None  # only a form's once-key makes a note a repeat
    return recorded_reply(result, ctx.now().tzinfo)


class PassShow(Request):
    paper: ShortText


def show(ctx: Ctx, req: PassShow) -> Reply:
    with ctx.runtime.db.session() as session:
        paper = find_paper(session, ctx.team_id, req.paper)
        notes = shown_notes(paper_notes(session, paper))
        card = card_state(session, paper)
    return notes_reply(card, notes, ctx.now().tzinfo)


def _usage(pass_number: int) -> str:
    fields = " ".join(
        f"{f.name}={TYPED[f.kind]}" if f.name == "decision" else f"[{f.name}={TYPED[f.kind]}]"
        for f in note_fields(pass_number)
    )
    return f"/pass {pass_number} <paper> {fields} [force=yes]"


def _record(pass_number: int) -> Subcommand[Any]:
    return Subcommand(
        name=str(pass_number),
        usage=_usage(pass_number),
        summary=f"Pass {pass_number} ({PASS_TIME[pass_number]}): {PASS_QUESTION[pass_number]} "
        "Without fields, Slack opens the form.",
        request=NOTE_REQUESTS[pass_number],
        handler=record,
        positional=("paper",),
        examples=(f"/pass {pass_number} P3 {EXAMPLES[pass_number]}",),
    )


SHOW = Subcommand(
    name="show",
    usage="/pass show <paper>",
    summary="Every reader's notes of every pass, as structured notes.",
    request=PassShow,
    handler=show,
    positional=("paper",),
    examples=("/pass show P3",),
)

COMMAND = Command(
    name="/pass",
    summary="three-pass reading notes",
    subcommands=[*(_record(n) for n in PASSES), SHOW],
    notes=(
        "A pass needs your previous one (noted with decision=continue); `force=yes` skips ahead and the note is "
        "marked forced. Writing a pass again revises your note (the earlier version is kept). Red flags: "
        "weak-baselines, cherry-picked, new-metric, toy-data, no-ablation, no-repro, compute-advantage. "
        "The method is in docs/reading.md.",
    ),
)
