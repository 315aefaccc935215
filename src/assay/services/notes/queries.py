"""Reading notes of a paper: every version, the newest of each reader's pass, positions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from assay.reading.stages import NoteMark, Progress, progress
from assay.storage.models import Paper, PassNote


@dataclass(frozen=True)
class ShownNote:
    """The newest version of one reader's note of one pass, and how many versions it has."""

    note: PassNote
    versions: int

    @property
    def revised(self) -> bool:
        return self.versions > 1


def paper_notes(session: Session, paper: Paper) -> list[PassNote]:
    """Every version of every note of the paper, oldest first."""
    return list(
        session.exec(
            select(PassNote)
            .where(PassNote.team_id == paper.team_id, PassNote.paper_id == paper.id)
            .order_by(col(PassNote.id))
        ).all()
    )


def shown_notes(notes: Sequence[PassNote]) -> list[ShownNote]:
    """The newest version of each (reader, pass), readers in the order they first noted
    the paper, each reader's passes in order."""
    newest: dict[tuple[str, int], PassNote] = {}
    versions: dict[tuple[str, int], int] = {}
    readers: list[str] = []
    for note in notes:
        key = (note.author, note.pass_number)
        newest[key] = note
        versions[key] = versions.get(key, 0) + 1
        if note.author not in readers:
            readers.append(note.author)
    order = sorted(newest, key=lambda key: (readers.index(key[0]), key[1]))
    return [ShownNote(newest[key], versions[key]) for key in order]


def marks(notes: Sequence[PassNote]) -> list[NoteMark]:
    return [NoteMark(n.author, n.pass_number, n.decision, n.forced) for n in notes]


def paper_progress(session: Session, paper: Paper) -> Progress:
    """Where each reader of the paper stands (see :mod:`assay.reading.stages`)."""
    rows = session.exec(
        select(PassNote.author, PassNote.pass_number, PassNote.decision, PassNote.forced)
        .where(PassNote.team_id == paper.team_id, PassNote.paper_id == paper.id)
        .order_by(col(PassNote.id))
    ).all()
    return progress(NoteMark(author, number, decision, forced) for author, number, decision, forced in rows)
