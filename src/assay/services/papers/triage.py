"""Triage of a new paper: read the PDF safely, find code, type it, score it, flag it.

Everything here happens before the paper is stored; the PDF is never kept, only the facts
derived from it. A PDF that can't be fetched or read never stops the paper from being
added: the card says why it was not read. Neither does a signal from the field that
could not be had (see ``signals``).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from assay.arxiv.client import ArxivEntry
from assay.config import Settings
from assay.pdf import PdfUnavailable, PdfUnreadable
from assay.pdf.download import fetch_pdf
from assay.pdf.reader import PdfText, read_pdf
from assay.services.papers.signals import NOT_ASKED_SIGNALS, PaperSignals, PendingSignals
from assay.triage.assessment import triage_paper
from assay.triage.citations import citations_used
from assay.triage.papertype import PaperType

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
    code_links: list[dict[str, Any]] = field(default_factory=list)
    citation_count: int | None = None
    influential_citations: int | None = None
    citations_status: str = "not-asked"
    citations_as_of: datetime | None = None
    citations_problem: str | None = None
    official_code: str | None = None
    upvotes: int | None = None
    github_stars: int | None = None
    project_page: str | None = None
    community_status: str = "not-asked"
    community_as_of: datetime | None = None
    community_problem: str | None = None

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


def triage_entry(
    entry: ArxivEntry,
    inputs: TriageInputs,
    settings: Settings,
    *,
    today: date,
    signals: PendingSignals | None = None,
) -> TriageFacts:
    """All triage facts for an arXiv entry, what the user told us and the signals from the field
    (waited for after the PDF is read, so both run at once)."""
    pdf, facts = read_entry_pdf(entry, settings)
    found = signals.result() if signals is not None else NOT_ASKED_SIGNALS
    _take_signals(facts, found)
    used = citations_used(
        typed=inputs.citations,
        counted=facts.citation_count,
        as_of=facts.citations_as_of,
        problem=facts.citations_problem,
    )
    triage = triage_paper(
        title=entry.title,
        abstract=entry.abstract,
        comment=entry.comment,
        categories=entry.categories,
        published=entry.published.date(),
        today=today,
        pdf_text=pdf.text if pdf is not None else None,
        # Link annotations are exact URLs (never broken across lines).
        pdf_links=pdf.links if pdf is not None else (),
        paper_type=inputs.paper_type,
        relevance=inputs.relevance,
        citations=used.count,
        citations_source=used.note,
        citations_missing=used.missing,
        official_code=facts.official_code,
    )
    facts.sections = list(triage.sections)
    facts.code_urls = list(triage.code_urls)
    facts.code_links = [link.data() for link in triage.code_links]
    # The official link as the card lists it (normalised like every other code link).
    facts.official_code = next((link.url for link in triage.code_links if link.kind == "official"), None)
    facts.paper_type = triage.paper_type.value
    facts.paper_type_estimated = triage.paper_type_estimated
    facts.paper_type_reason = triage.paper_type_reason
    facts.relevance, facts.citations = inputs.relevance, inputs.citations
    score = triage.priority
    facts.priority, facts.priority_score = str(score.priority), score.score
    facts.priority_terms = [{"label": t.label, "points": t.points, "note": t.note} for t in score.terms]
    facts.priority_estimated = list(score.estimated)
    facts.red_flags = [{"code": f.code, "evidence": f.evidence} for f in triage.red_flags]
    facts.technique_hint = inputs.technique
    return facts


def _take_signals(facts: TriageFacts, signals: PaperSignals) -> None:
    for name, value in {**signals.citations.columns(), **signals.community.columns()}.items():
        setattr(facts, name, value)
