"""What a nomination or a prediction is about: a paper (``P<n>`` or an arXiv id) or a technique."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session

from assay.arxiv.ids import looks_like_arxiv_id
from assay.services.papers.library import find_paper, handle
from assay.services.radar.techniques import find_technique
from assay.storage.models import Paper, Technique

_PAPER = re.compile(r"^[Pp]\d{1,9}$")


@dataclass(frozen=True)
class Target:
    paper: Paper | None = None
    technique: Technique | None = None

    @property
    def label(self) -> str:
        if self.paper is not None:
            return handle(self.paper)
        return self.technique.name if self.technique is not None else "?"

    @property
    def kind(self) -> str:
        return "paper" if self.paper is not None else "technique"


def find_target(session: Session, team_id: str, ref: str) -> Target:
    """A paper of this workspace by handle or arXiv id, else a technique by name; NotFound otherwise."""
    if _PAPER.match(ref.strip()) or looks_like_arxiv_id(ref):
        return Target(paper=find_paper(session, team_id, ref))
    return Target(technique=find_technique(session, team_id, ref))


def load_target(session: Session, team_id: str, paper_id: int | None, technique_id: int | None) -> Target:
    """The target stored as a paper or technique row id, of this workspace only (empty otherwise)."""
    if paper_id is not None:
        paper = session.get(Paper, paper_id)
        return Target(paper=paper if paper is not None and paper.team_id == team_id else None)
    if technique_id is not None:
        technique = session.get(Technique, technique_id)
        return Target(technique=technique if technique is not None and technique.team_id == team_id else None)
    return Target()
