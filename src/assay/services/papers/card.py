"""What a paper's card shows besides the paper itself: its readers, techniques, gut checks.

The card in the channel is redrawn whenever one of these changes, so every change that can
move them loads the state again with :func:`card_state` in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from assay.reading.stages import Progress
from assay.runtime import Runtime
from assay.services.notes.queries import paper_progress
from assay.storage.models import GutCheck, Paper, Technique, TechniquePaper


@dataclass(frozen=True)
class CardState:
    paper: Paper
    progress: Progress = field(default_factory=Progress)
    techniques: tuple[Technique, ...] = ()
    gut_checks: tuple[GutCheck, ...] = ()


def linked_techniques(session: Session, paper: Paper) -> list[Technique]:
    """The radar techniques this paper is evidence for, by name."""
    return list(
        session.exec(
            select(Technique)
            .join(TechniquePaper, col(TechniquePaper.technique_id) == col(Technique.id))
            .where(TechniquePaper.paper_id == paper.id, Technique.team_id == paper.team_id)
            .order_by(col(Technique.name_key))
        ).all()
    )


def paper_gut_checks(session: Session, paper: Paper) -> list[GutCheck]:
    """The gut checks started on this paper, by number."""
    return list(
        session.exec(
            select(GutCheck)
            .where(GutCheck.paper_id == paper.id, GutCheck.team_id == paper.team_id)
            .order_by(col(GutCheck.number))
        ).all()
    )


def card_state(session: Session, paper: Paper) -> CardState:
    return CardState(
        paper,
        paper_progress(session, paper),
        tuple(linked_techniques(session, paper)),
        tuple(paper_gut_checks(session, paper)),
    )


def load_card_state(runtime: Runtime, team_id: str, paper_id: int) -> CardState | None:
    """The card state of a paper of this workspace; None when the paper is gone."""
    with runtime.db.session() as session:
        paper = session.get(Paper, paper_id)
        if paper is None or paper.team_id != team_id:
            return None
        return card_state(session, paper)
