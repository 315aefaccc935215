"""A reading note as the team reads it in the paper's thread: the seed's structured note.

One-sentence summary, key insight, what the pass found (claim and problem; technique,
results and limitations), production viability and "if I were to implement", with the
author, the time, the decision and whether the note was revised or skipped a pass. Every
piece of user text is escaped and cut to Slack's limits by :mod:`.sections`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from assay.reading.passes import DIMENSIONS, LAST_PASS, RED_FLAGS, Decision, decision_meaning
from assay.replies import Block, Context, Section
from assay.services.notes.queries import ShownNote
from assay.storage.models import PassNote
from assay.textfmt import esc, truncate, user
from assay.views.notes.sections import labelled
from assay.views.times import shown_time

VIABILITY_WORDS = {"likely": "✅ likely", "needs-validation": "🟡 needs validation", "unlikely": "❌ unlikely"}


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _lines(pairs: Iterable[tuple[str, str | None]]) -> str:
    """``label: value`` lines (values are user text, escaped later) for the values given."""
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def heading(note: PassNote, handle: str, versions: int = 1, zone: tzinfo | None = None) -> str:
    marks = []
    if versions > 1:
        marks.append(f"revised ({versions} versions)")
    if note.forced:
        marks.append(f"⏭️ forced: recorded without pass {note.pass_number - 1}")
    extra = "".join(f" · {m}" for m in marks)
    when = shown_time(note.created_at, zone)
    return f"📝 *Pass {note.pass_number}* of `{esc(handle)}` by {user(note.author)} · {when}{extra}"


def _found(note: PassNote) -> list[Section]:
    """What the pass itself found, under the seed's headings."""
    blocks: list[Section] = []
    for label, text in (
        ("Claim", note.claim),
        ("Problem", note.problem),
        ("Technique", note.technique),
        ("Results (vs baselines)", note.results),
        ("Limitations", note.limitations),
        ("Missing", note.missing),
    ):
        if text:
            blocks += labelled(label, text)
    judged = _lines(
        (
            ("relevant to us", _yes_no(note.relevant)),
            ("plausible", _yes_no(note.plausible)),
            ("implementable", _yes_no(note.implementable)),
        )
    )
    flags = "\n".join(f"• `{esc(code)}` — {RED_FLAGS.get(code, '')}" for code in note.red_flags)
    parts = [esc(judged)] if judged else []
    if flags:
        parts.append("*Red flags*\n" + flags)
    if parts:
        blocks.append(Section("*Assessment*\n" + "\n".join(parts)))
    return blocks


def _production(note: PassNote) -> list[Section]:
    blocks: list[Section] = []
    dims = " · ".join(f"{name} {value}/5" for name in DIMENSIONS if (value := getattr(note, name)) is not None)
    if note.viability or dims:
        viability = VIABILITY_WORDS.get(note.viability or "", esc(note.viability or ""))
        blocks.append(Section("*Production viability*\n" + " · ".join(p for p in (viability, dims) if p)))
    implement = _lines(
        (
            ("could re-implement", _yes_no(note.reimplement)),
            ("assumptions", note.assumptions),
            ("what breaks it", note.breaks),
            ("ablations", note.ablations),
        )
    )
    if implement:
        blocks += labelled("If I were to implement", implement)
    return blocks


def decision_line(note: PassNote) -> str:
    parts = [f"Decision: *{esc(note.decision)}* ({decision_meaning(note.pass_number, note.decision)})"]
    if note.relevance is not None:
        parts.append(f"relevance {note.relevance}/5")
    if note.minutes is not None:
        parts.append(f"{note.minutes} min")
    if note.pass_number == LAST_PASS or note.decision == Decision.STOP:
        parts.append(f"{user(note.author)}'s reading ends here")
    return " · ".join(parts)


def note_blocks(shown: ShownNote, handle: str, zone: tzinfo | None = None) -> list[Block]:
    """The structured note, every field the reader gave and nothing else."""
    note = shown.note
    blocks: list[Block] = [Section(heading(note, handle, shown.versions, zone))]
    if note.summary:
        blocks += labelled("One-sentence summary", note.summary)
    if note.insight:
        blocks += labelled("Key insight", note.insight)
    blocks += _found(note)
    blocks += _production(note)
    blocks.append(Context((decision_line(note),)))
    return blocks


def note_fallback(note: PassNote, handle: str) -> str:
    """The notification text: escaped too, since Slack reads it as mrkdwn."""
    about = f": {esc(truncate(note.summary, 200))}" if note.summary else ""
    return f"Pass {note.pass_number} note on {esc(handle)} by {user(note.author)} ({note.decision}){about}"
