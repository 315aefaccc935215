"""Papers: look them up by handle or arXiv id, and their machine-readable form (adding is in ``adding``)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.errors import NotFound, UserError
from assay.services.papers.signal_fields import paper_has_code, signal_data
from assay.storage.models import Paper
from assay.textfmt import esc

_HANDLE = re.compile(r"^[Pp](\d{1,9})$")


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
