"""Evidence for a technique: linked papers (``P<n>``) and gut checks (``G<n>``) of the same workspace."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from assay.errors import NotFound, UserError
from assay.services.papers.library import find_paper, handle
from assay.storage.models import GutCheck, Paper, Technique, TechniquePaper

_GUTCHECK = re.compile(r"^[Gg](\d{1,9})$")


@dataclass(frozen=True)
class Evidence:
    """Papers (``P<n>`` or arXiv ids) and gut checks (``G<n>``) to link to a technique."""

    papers: tuple[str, ...] = ()
    gutchecks: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.papers or self.gutchecks)


@dataclass(frozen=True)
class Links:
    papers: list[Paper]
    gutchecks: list[GutCheck]


def link_evidence(session: Session, technique: Technique, evidence: Evidence) -> list[str]:
    """Link papers and gut checks of the same workspace; returns their handles (P3, G2).

    Raises NotFound for an unknown paper or gut check. Linking twice is harmless.
    """
    assert technique.id is not None
    labels: list[str] = []
    for ref in evidence.papers:
        paper = find_paper(session, technique.team_id, ref)
        exists = session.exec(
            select(TechniquePaper.id).where(
                TechniquePaper.technique_id == technique.id,
                TechniquePaper.paper_id == paper.id,
            )
        ).first()
        if exists is None:
            session.add(TechniquePaper(team_id=technique.team_id, technique_id=technique.id, paper_id=paper.id or 0))
        labels.append(handle(paper))
    for ref in evidence.gutchecks:
        check = find_gutcheck(session, technique.team_id, ref)
        check.technique_id = technique.id
        labels.append(f"G{check.number}")
    return labels


def find_gutcheck(session: Session, team_id: str, ref: str) -> GutCheck:
    match = _GUTCHECK.match(ref.strip())
    if not match:
        raise UserError(f"`{ref}` is not a gut check. Refer to gut checks as `G<n>`, e.g. gutcheck=G2.")
    check = session.exec(
        select(GutCheck).where(GutCheck.team_id == team_id, GutCheck.number == int(match.group(1)))
    ).one_or_none()
    if check is None:
        raise NotFound(f"There is no gut check G{match.group(1)} here. `/gutcheck list` lists them.")
    return check


def technique_links(session: Session, technique: Technique) -> Links:
    papers = session.exec(
        select(Paper)
        .join(TechniquePaper, col(TechniquePaper.paper_id) == col(Paper.id))
        .where(TechniquePaper.technique_id == technique.id, Paper.team_id == technique.team_id)
        .order_by(col(Paper.number))
    ).all()
    checks = session.exec(
        select(GutCheck)
        .where(GutCheck.technique_id == technique.id, GutCheck.team_id == technique.team_id)
        .order_by(col(GutCheck.number))
    ).all()
    return Links(list(papers), list(checks))
