"""Papers: add from arXiv (once per workspace), look up by handle or id, show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from assay.arxiv.client import ArxivEntry
from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.commands.context import Ctx
from assay.errors import NotFound, UserError
from assay.services.papers.signal_fields import paper_has_code, signal_data
from assay.services.papers.signals import PendingSignals
from assay.services.papers.triage import TriageFacts, TriageInputs, triage_entry
from assay.services.workspaces import ensure_workspace, next_number
from assay.storage.models import Paper
from assay.textfmt import esc

_HANDLE = re.compile(r"^[Pp](\d{1,9})$")


@dataclass(frozen=True)
class AddResult:
    paper: Paper
    created: bool


def handle(paper: Paper) -> str:
    return f"P{paper.number}"


def find_paper(session: Session, team_id: str, ref: str) -> Paper:
    """A paper of this workspace by ``P<n>`` or any arXiv id form; NotFound otherwise."""
    match = _HANDLE.match(ref.strip())
    if match:
        paper: Paper | None = session.execute(
            select(Paper).where(Paper.team_id == team_id, Paper.number == int(match.group(1)))  # type: ignore[arg-type]
        ).scalar_one_or_none()
        if paper is None:
            raise NotFound(f"There is no paper {ref.upper()} here. `/paper queue all` lists them.")
        return paper
    try:
        arxiv_id = parse_arxiv_id(ref)
    except UserError:
        raise UserError(
            f"`{esc(ref)}` is neither a paper handle like `P3` nor an arXiv id like `1706.03762`."
        ) from None
    paper = paper_by_arxiv(session, team_id, arxiv_id)
    if paper is None:
        raise NotFound(f"arXiv {arxiv_id.base} has not been added here. Add it with `/paper add {arxiv_id.base}`.")
    return paper


def paper_by_arxiv(session: Session, team_id: str, arxiv_id: ArxivId) -> Paper | None:
    return session.execute(
        select(Paper).where(Paper.team_id == team_id, Paper.arxiv_id == arxiv_id.base)  # type: ignore[arg-type]
    ).scalar_one_or_none()


def add_paper(ctx: Ctx, arxiv_id: ArxivId, inputs: TriageInputs) -> AddResult:
    """Fetch, triage and store a paper once per workspace.

    Re-adding any version returns the existing paper (``created=False``) without calling
    arXiv. arXiv, the PDF and the signals (Semantic Scholar, Hugging Face: asked while arXiv is
    asked and the PDF is read) all come before the write transaction, so a failure of arXiv stores nothing, and
    a missing PDF or signal is recorded as missing, with its reason. Raises
    UserError/NotFound/UpstreamError with a message for the user.
    """
    rt = ctx.runtime
    with rt.db.session() as session:
        existing = paper_by_arxiv(session, ctx.team_id, arxiv_id)
        if existing is not None:
            return AddResult(existing, created=False)
    # Asked while arXiv is asked and the PDF is read: the slowest of the three sets the time.
    signals = PendingSignals(
        rt.semantic_scholar, rt.hugging_face, arxiv_id.base, timeout=rt.settings.http_timeout_seconds
    )
    entry = rt.arxiv.fetch_one(arxiv_id)
    facts = triage_entry(entry, inputs, rt.settings, today=rt.clock.now().date(), signals=signals)
    for _attempt in range(5):
        try:
            with rt.db.session() as session:
                existing = paper_by_arxiv(session, ctx.team_id, arxiv_id)
                if existing is not None:
                    return AddResult(existing, created=False)
                ensure_workspace(session, ctx.team_id, rt.clock.now(), rt.settings.timezone)
                paper = _new_paper(ctx, entry, facts, next_number(session, Paper, ctx.team_id))
                session.add(paper)
                session.flush()
                return AddResult(paper, created=True)
        except IntegrityError:
            continue  # a concurrent add took the number or the paper; look again
    raise UserError("The paper could not be stored because of concurrent changes. Try again.")


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


def paper_data(paper: Paper) -> dict[str, Any]:
    """The machine-readable paper, as ``/paper add`` returns it (SPEC section 3)."""
    return {
        "handle": handle(paper),
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "authors": list(paper.authors),
        "published": paper.published.date().isoformat(),
        "categories": list(paper.categories),
        "pdf_pages": paper.pdf_pages,
        "code_urls": list(paper.code_urls),
        "has_code": paper_has_code(paper),  # official or self-described code only
        "paper_type": paper.paper_type,
        "priority": paper.priority,
        "priority_score": paper.priority_score,
        "red_flags": [{"code": f["code"], "evidence": f["evidence"]} for f in paper.red_flags],
        **signal_data(paper),  # citations, official_code, community, code_links
    }
