"""Record a reading note: the per-reader gate, the revision history, the paper's stage.

A note is one transaction: the form's once-key (when there is one), the new row, the
paper's stage recomputed from every reader's newest notes, and the reader taken when the
paper has none. The paper's row is locked first, so two readers noting it at the same
instant each see the other's note when the stage is computed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.exc import IntegrityError

from assay.commands.context import Ctx
from assay.errors import FieldErrors, UserError
from assay.reading.passes import Decision, NoteContent, Viability, problems
from assay.reading.stages import NoteMark, ReaderPosition, blocking_pass, progress
from assay.services.notes.queries import marks, paper_notes
from assay.services.once import claim_in_transaction
from assay.services.papers.card import CardState, card_state
from assay.services.papers.library import handle
from assay.services.papers.workflow import PaperKey, load_paper, refuse_dropped
from assay.storage.models import Paper, PassNote


@dataclass(frozen=True)
class RecordedNote:
    """The note just stored, which version of the reader's note of that pass it is, the
    stage before it, and the paper's card as it now stands."""

    note: PassNote
    versions: int
    stage_before: str
    card: CardState

    @property
    def paper(self) -> Paper:
        return self.card.paper


def gate(paper: Paper, pass_number: int, position: ReaderPosition | None, force: bool) -> bool:
    """Whether this note skips the gate (then it is marked forced). Without ``force``,
    raises UserError when the reader has not noted the previous pass or stopped there."""
    blocked = blocking_pass(pass_number, position)
    if blocked is None:
        return False
    if force:
        return True
    previous, why = blocked
    h = handle(paper)
    if why == "stopped":
        raise UserError(
            f"Your pass {previous} note on {h} says stop, which ended your reading. To read on, revise it "
            f"with `/pass {previous} {h} decision=continue`, or record pass {pass_number} anyway with "
            f"`/pass {pass_number} {h} force=yes` (the note is marked forced)."
        )
    raise UserError(
        f"You have not recorded pass {previous} of {h} yet, and each pass builds on the one before. "
        f"Record it first (`/pass {previous} {h}`), or skip ahead with `/pass {pass_number} {h} force=yes` "
        "(the note is marked forced)."
    )


def revised(previous: PassNote, content: NoteContent, only: Collection[str] | None = None) -> NoteContent:
    """``content`` over the reader's last version: the fields it leaves out (of ``only``, when
    given) keep their value."""
    kept: dict[str, Any] = {}
    for field in fields(NoteContent):
        value = getattr(content, field.name)
        if (value is None or value == ()) and (only is None or field.name in only):
            old = getattr(previous, field.name)
            value = tuple(old) if isinstance(old, list) else old
        kept[field.name] = value
    kept["decision"] = Decision(kept["decision"])
    kept["viability"] = Viability(kept["viability"]) if kept["viability"] else None
    return NoteContent(**kept)


def note_columns(content: NoteContent) -> dict[str, Any]:
    columns = asdict(content)
    columns["red_flags"] = list(content.red_flags)
    columns["decision"] = str(content.decision)
    columns["viability"] = str(content.viability) if content.viability else None
    return columns


def record_note(
    ctx: Ctx,
    key: PaperKey,
    pass_number: int,
    content: NoteContent,
    *,
    force: bool = False,
    keep_previous: bool | Collection[str] = False,
    once_key: str | None = None,
) -> RecordedNote | None:
    """Record ``ctx.user_id``'s note of ``pass_number`` on the paper.

    A note of a pass the reader noted before is a revision: a new version (the older ones
    are kept), not gated again, forced if the first one was; with ``keep_previous`` (a note
    typed on one line) the fields it leaves out keep their last values, while a form, which
    shows the last version, replaces it whole (except the fields named in ``keep_previous``,
    which the form could not show). A first note of pass 2 or 3
    needs the reader's previous pass, noted with ``continue``, unless ``force`` (then it is
    marked forced). The paper's stage follows the notes; the first reader to note a paper
    with no reader becomes its reader. With ``once_key`` (a form submission) a repeat
    records nothing and returns None.

    Raises FieldErrors for a note without a decision or with nothing else in it, NotFound
    for an unknown paper, UserError for a dropped paper or a pass the gate refuses.
    Nothing is stored then.
    """
    rt = ctx.runtime
    try:
        with rt.db.session() as session:
            now = rt.clock.now()
            if not claim_in_transaction(session, ctx.team_id, once_key, now):
                return None
            paper = load_paper(session, ctx.team_id, key)
            session.refresh(paper, with_for_update=True)
            refuse_dropped(paper, "read")
            notes = paper_notes(session, paper)
            mine = [n for n in notes if n.author == ctx.user_id and n.pass_number == pass_number]
            if mine and keep_previous:
                content = revised(mine[-1], content, None if keep_previous is True else keep_previous)
            if found := problems(pass_number, content):
                raise FieldErrors(found)
            if mine:
                forced = mine[-1].forced
            else:
                forced = gate(paper, pass_number, progress(marks(notes)).position(ctx.user_id), force)
            note = PassNote(
                team_id=ctx.team_id,
                paper_id=paper.id or 0,
                pass_number=pass_number,
                author=ctx.user_id,
                forced=forced,
                created_at=now,
                **note_columns(content),
            )
            session.add(note)
            stage_before = paper.stage
            paper.stage = progress([*marks(notes), NoteMark(ctx.user_id, pass_number, note.decision, forced)]).stage
            if paper.reader is None:
                paper.reader = ctx.user_id
            session.flush()
            return RecordedNote(note, len(mine) + 1, stage_before, card_state(session, paper))
    except IntegrityError:
        if once_key is None:
            raise
        return None  # the same form submitted twice at once: the other one recorded it
