"""``/paper add``: fetch, triage and store a paper once per workspace, linked to a technique."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from assay.arxiv.client import ArxivEntry
from assay.arxiv.ids import ArxivId
from assay.commands.context import Ctx
from assay.errors import UserError
from assay.services.papers.library import paper_by_arxiv
from assay.services.papers.signals import PendingSignals
from assay.services.papers.triage import TriageFacts, TriageInputs, triage_entry
from assay.services.radar.techniques import find_technique
from assay.services.workspaces import ensure_workspace, next_number
from assay.storage.models import Paper, Technique, TechniquePaper


@dataclass(frozen=True)
class AddResult:
    paper: Paper
    created: bool
    technique: Technique | None = None  # the technique named with technique=
    linked: bool = False  # this add linked the paper to it (False: it was linked already)


def add_paper(ctx: Ctx, arxiv_id: ArxivId, inputs: TriageInputs) -> AddResult:
    """Fetch, triage and store a paper once per workspace, linked to ``inputs.technique``.

    The technique is looked up first: an unknown one raises NotFound (saying how to add it
    with ``/radar add``) before arXiv is called. Re-adding any version returns the existing
    paper (``created=False``) without calling arXiv, and links it to the technique if it
    was not. arXiv, the PDF and the signals (Semantic Scholar, Hugging Face, asked while arXiv
    is asked and the PDF is read) come before the write transaction, and the paper and its link
    are stored together, so a failure of arXiv stores nothing, and a missing PDF or signal is
    recorded as missing, with its reason. Raises UserError/NotFound/UpstreamError with a
    message for the user.
    """
    rt = ctx.runtime
    with rt.db.session() as session:
        technique = _technique(session, ctx.team_id, inputs)
        existing = paper_by_arxiv(session, ctx.team_id, arxiv_id)
        if existing is not None:
            return AddResult(existing, False, technique, _link(session, existing, technique))
    # Asked while arXiv is asked and the PDF is read: the slowest of the three sets the time.
    signals = PendingSignals(
        rt.semantic_scholar, rt.hugging_face, arxiv_id.base, timeout=rt.settings.http_timeout_seconds
    )
    entry = rt.arxiv.fetch_one(arxiv_id)
    facts = triage_entry(entry, inputs, rt.settings, today=rt.clock.now().date(), signals=signals)
    for _attempt in range(5):
        try:
            with rt.db.session() as session:
                technique = _technique(session, ctx.team_id, inputs)  # it may have gone meanwhile
                existing = paper_by_arxiv(session, ctx.team_id, arxiv_id)
                if existing is not None:
                    return AddResult(existing, False, technique, _link(session, existing, technique))
                ensure_workspace(session, ctx.team_id, rt.clock.now(), rt.settings.timezone)
                paper = _new_paper(ctx, entry, facts, next_number(session, Paper, ctx.team_id))
                session.add(paper)
                session.flush()
                return AddResult(paper, True, technique, _link(session, paper, technique))
        except IntegrityError:
            continue  # a concurrent add took the number or the paper; look again
    raise UserError("The paper could not be stored because of concurrent changes. Try again.")


def _technique(session: Session, team_id: str, inputs: TriageInputs) -> Technique | None:
    return find_technique(session, team_id, inputs.technique) if inputs.technique else None


def _link(session: Session, paper: Paper, technique: Technique | None) -> bool:
    """Link the paper to the technique; False when there is none or the link exists."""
    if technique is None:
        return False
    exists = session.exec(
        select(TechniquePaper.id).where(
            TechniquePaper.technique_id == technique.id, TechniquePaper.paper_id == paper.id
        )
    ).first()
    if exists is not None:
        return False
    session.add(TechniquePaper(team_id=paper.team_id, technique_id=technique.id or 0, paper_id=paper.id or 0))
    session.flush()
    return True


def _new_paper(ctx: Ctx, entry: ArxivEntry, facts: TriageFacts, number: int) -> Paper:
    return Paper(
        team_id=ctx.team_id,
        number=number,
        arxiv_id=entry.id.base,
        version=entry.id.version,
        title=entry.title,
        authors=list(entry.authors),
        abstract=entry.abstract,
        comment=entry.comment,
        categories=list(entry.categories),
        primary_category=entry.primary_category,
        published=entry.published,
        updated=entry.updated,
        abs_url=entry.abs_url,
        pdf_url=entry.pdf_url,
        added_by=ctx.user_id,
        added_at=ctx.runtime.clock.now(),
        **facts.as_columns(),
    )
