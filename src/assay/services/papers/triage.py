"""Triage of a new paper: read the PDF safely, find code, type it, score it, flag it.

Everything here happens before the paper is stored; the PDF is never kept, only the facts
derived from it. A PDF that can't be fetched or read never stops the paper from being
added: the card says why it was not read.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from assay.arxiv.client import ArxivEntry
from assay.config import Settings
from assay.pdf import PdfUnavailable, PdfUnreadable
from assay.pdf.download import fetch_pdf
from assay.pdf.reader import PdfText, read_pdf
from assay.triage.codelinks import find_code_links
from assay.triage.papertype import PaperType, estimate_type
from assay.triage.priority import score_priority
from assay.triage.redflags import find_red_flags, sections_found

log = logging.getLogger(__name__)


class TriageInputs(BaseModel):
    """What the person adding the paper told us (everything else is estimated)."""

    paper_type: PaperType | None = None
    relevance: int | None = None
    citations: int | None = None
    technique: str | None = None


@dataclass
class TriageFacts:
    pdf_pages: int | None = None
    pdf_status: str = "not-read"  # read | unavailable | unreadable | no-link
    pdf_problem: str | None = None
    sections: list[str] = field(default_factory=list)
    code_urls: list[str] = field(default_factory=list)
    paper_type: str | None = None
    paper_type_estimated: bool = True
    paper_type_reason: str | None = None
    relevance: int | None = None
    citations: int | None = None
    priority: str | None = None
    priority_score: int | None = None
    priority_terms: list[dict[str, Any]] = field(default_factory=list)
    priority_estimated: list[str] = field(default_factory=list)
    red_flags: list[dict[str, Any]] = field(default_factory=list)
    technique_hint: str | None = None

    def as_columns(self) -> dict[str, Any]:
        return asdict(self)


def read_entry_pdf(entry: ArxivEntry, settings: Settings) -> tuple[PdfText | None, TriageFacts]:
    """Download and read the PDF within the configured limits; never raises for a bad PDF."""
    facts = TriageFacts()
    if not entry.pdf_url:
        facts.pdf_status, facts.pdf_problem = "no-link", "arXiv lists no PDF for this paper"
        return None, facts
    try:
        data = fetch_pdf(
            entry.pdf_url,
            max_bytes=settings.pdf_max_bytes,
            timeout=settings.http_timeout_seconds,
        )
        text = read_pdf(data, max_pages=settings.pdf_max_pages, timeout=settings.http_timeout_seconds)
    except PdfUnavailable as exc:
        facts.pdf_status, facts.pdf_problem = "unavailable", exc.reason
        return None, facts
    except PdfUnreadable as exc:
        facts.pdf_status, facts.pdf_problem = "unreadable", exc.reason
        return None, facts
    facts.pdf_status = "read"
    facts.pdf_pages = text.pages_total
    if text.pages_read < text.pages_total:
        facts.pdf_problem = f"only the first {text.pages_read} of {text.pages_total} pages were read"
    return text, facts


def triage_entry(entry: ArxivEntry, inputs: TriageInputs, settings: Settings, *, today: date) -> TriageFacts:
    """All triage facts for an arXiv entry plus what the user told us."""
    pdf, facts = read_entry_pdf(entry, settings)
    pdf_text = pdf.text if pdf is not None else None
    facts.sections = sections_found(pdf_text) if pdf_text else []
    # Link annotations are exact URLs (never broken across lines), so they come first.
    links = pdf.links if pdf is not None else ()
    facts.code_urls = find_code_links(*links, entry.abstract, entry.comment or "", pdf_text or "")
    if inputs.paper_type is not None:
        facts.paper_type = inputs.paper_type.value
        facts.paper_type_estimated = False
        facts.paper_type_reason = "given with type="
        paper_type = inputs.paper_type
    else:
        estimate = estimate_type(entry.title, entry.abstract, entry.categories)
        paper_type = estimate.type
        facts.paper_type = estimate.type.value
        facts.paper_type_reason = estimate.reason
    score = score_priority(
        published=entry.published.date(),
        today=today,
        has_code=bool(facts.code_urls),
        paper_type=paper_type,
        paper_type_estimated=facts.paper_type_estimated,
        relevance=inputs.relevance,
        citations=inputs.citations,
    )
    facts.relevance, facts.citations = inputs.relevance, inputs.citations
    facts.priority, facts.priority_score = str(score.priority), score.score
    facts.priority_terms = [{"label": t.label, "points": t.points, "note": t.note} for t in score.terms]
    facts.priority_estimated = list(score.estimated)
    facts.red_flags = [
        {"code": f.code, "evidence": f.evidence} for f in find_red_flags(pdf_text, has_code=bool(facts.code_urls))
    ]
    facts.technique_hint = inputs.technique
    return facts
