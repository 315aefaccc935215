"""Answers to /pass: a note recorded (and its post in the paper's thread), every note of a
paper, and how to write a note on one line."""

from __future__ import annotations

from datetime import tzinfo

from assay.reading.passes import PASS_QUESTION, PASS_TIME, TYPED, note_fields
from assay.replies import Announcement, Block, Context, Divider, Header, Reply, Section, ThreadRef
from assay.services.notes.queries import ShownNote
from assay.services.notes.record import RecordedNote
from assay.services.papers.card import CardState
from assay.services.papers.library import handle
from assay.textfmt import esc, truncate
from assay.views.notes.note import note_blocks, note_fallback
from assay.views.paper.card import card_updates, paper_title_line, progress_line

EXAMPLES = {
    1: 'claim="40% fewer tokens at equal accuracy" problem="long-context cost" relevant=yes plausible=yes '
    "decision=continue",
    2: 'technique="merges similar tokens between layers" results="+0.3 BLEU vs a tuned baseline" '
    'limitations="one dataset" implementable=yes red_flags=toy-data decision=continue',
    3: 'reimplement=yes assumptions="tokens are redundant" breaks="short inputs" viability=needs-validation '
    "efficiency=4 integration=3 robustness=2 maintainability=4 decision=continue",
}


def recorded_reply(result: RecordedNote, zone: tzinfo | None = None) -> Reply:
    """The reader's confirmation, the note in the paper's thread, the card redrawn."""
    note, paper = result.note, result.paper
    h = handle(paper)
    shown = ShownNote(note, result.versions)
    what = f"Pass {note.pass_number} note on `{h}` recorded"
    if result.versions > 1:
        what += f" (a revision: version {result.versions}; the earlier ones are kept)"
    lines = [what + "."]
    if note.forced:
        lines.append(f"It was recorded without your pass {note.pass_number - 1}, and is marked forced.")
    if paper.stage != result.stage_before:
        lines.append(f"The paper's stage moved from *{esc(result.stage_before)}* to *{esc(paper.stage)}*.")
    else:
        lines.append(f"The paper's stage stays *{esc(paper.stage)}*.")
    blocks: list[Block] = [Section(" ".join(lines))]
    announcements = []
    if paper.thread_channel and paper.thread_ts:
        blocks.append(Context(("Posted in the paper's thread.",)))
        thread = ThreadRef(paper.thread_channel, paper.thread_ts)
        announcements.append(Announcement(note_fallback(note, h), note_blocks(shown, h, zone), thread=thread))
    else:
        blocks += note_blocks(shown, h, zone)
    return Reply(
        text=f"Pass {note.pass_number} note on {h} recorded.",
        blocks=blocks,
        data={
            "paper": h,
            "pass": note.pass_number,
            "decision": note.decision,
            "stage": paper.stage,
            "author": note.author,
            "forced": note.forced,
            "version": result.versions,
        },
        announcements=announcements,
        updates=card_updates(result.card),
    )


def note_data(shown: ShownNote) -> dict[str, object]:
    """One note in ``/pass show``'s data: every field of its pass, by its SPEC name."""
    note = shown.note
    fields = {f.name: getattr(note, f.name) for f in note_fields(note.pass_number)}
    if "red_flags" in fields:
        fields["red_flags"] = list(note.red_flags)
    return {
        "pass": note.pass_number,
        "author": note.author,
        **fields,
        "forced": note.forced,
        "versions": shown.versions,
        "at": note.created_at.isoformat(),
    }


def notes_reply(card: CardState, notes: list[ShownNote], zone: tzinfo | None = None) -> Reply:
    """Every reader's newest note of every pass, as structured notes."""
    paper = card.paper
    h = handle(paper)
    blocks: list[Block] = [
        Header(truncate(f"Reading notes on {h}", 150)),
        Section(
            f"{paper_title_line(paper)}\nStage *{esc(paper.stage)}* · {progress_line(card.progress) or 'no notes'}"
        ),
    ]
    if not notes:
        blocks.append(Section(f"Nobody has noted {h} yet. Start with `/pass 1 {h}` ({PASS_TIME[1]})."))
    for shown in notes:
        blocks += [Divider(), *note_blocks(shown, h, zone)]
    return Reply(
        text=f"{len(notes)} reading note{'s' if len(notes) != 1 else ''} on {h}",
        blocks=blocks,
        data={"paper": h, "stage": paper.stage, "notes": [note_data(n) for n in notes]},
    )


def form_hint(pass_number: int, paper: str) -> str:
    """How to write the note of this pass on one line (for the shell and the CLI)."""
    fields = " ".join(f"`{f.name}={TYPED[f.kind]}`" for f in note_fields(pass_number))
    return (
        f"Pass {pass_number} ({PASS_TIME[pass_number]}): {PASS_QUESTION[pass_number]} Write the note as "
        f"`key=value` pairs on one line — {fields}. Only `decision` is required, with at least one other "
        f"field. E.g. `/pass {pass_number} {esc(paper)} {EXAMPLES[pass_number]}`"
    )
