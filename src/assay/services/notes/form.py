"""Before a note form opens: is this reader allowed this pass, and what did they write last time?"""

from __future__ import annotations

from dataclasses import dataclass

from assay.commands.context import Ctx
from assay.reading.stages import progress
from assay.services.notes.queries import marks, paper_notes
from assay.services.notes.record import gate
from assay.services.papers.workflow import PaperKey, load_paper, refuse_dropped
from assay.storage.models import Paper, PassNote


@dataclass(frozen=True)
class NoteForm:
    """What a note form for one reader and one pass starts from."""

    paper: Paper
    pass_number: int
    forced: bool  # the note will skip the gate and be marked forced
    previous: PassNote | None  # the reader's newest note of this pass: the form revises it
    timezone: str = "UTC"  # the workspace's, for the times the form shows


def note_form(ctx: Ctx, key: PaperKey, pass_number: int, *, force: bool = False) -> NoteForm:
    """The form ``ctx.user_id`` may fill for ``pass_number`` of the paper, checked now so a
    refusal comes at the click and not after the form was filled in.

    Raises NotFound for an unknown paper, UserError for a dropped paper or a pass the gate
    refuses (see :func:`assay.services.notes.record.gate`). Nothing changes.
    """
    zone = ctx.timezone
    with ctx.runtime.db.session() as session:
        paper = load_paper(session, ctx.team_id, key)
        refuse_dropped(paper, "read")
        notes = paper_notes(session, paper)
        mine = [n for n in notes if n.author == ctx.user_id and n.pass_number == pass_number]
        if mine:
            return NoteForm(paper, pass_number, mine[-1].forced, mine[-1], zone)
        forced = gate(paper, pass_number, progress(marks(notes)).position(ctx.user_id), force)
        return NoteForm(paper, pass_number, forced, None, zone)
