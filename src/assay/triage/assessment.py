"""All of a paper's triage in one call: code links, type, priority, red flags, sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assay.triage.codelinks import find_code_links
from assay.triage.papertype import PaperType, estimate_type
from assay.triage.priority import PriorityScore, score_priority
from assay.triage.redflags import RedFlag, find_red_flags, red_flags_note
from assay.triage.sections import sections_found


@dataclass(frozen=True)
class Triage:
    """Everything the triage card shows that is derived from the paper itself."""

    code_urls: tuple[str, ...]
    has_code: bool
    paper_type: PaperType
    paper_type_estimated: bool
    paper_type_reason: str
    priority: PriorityScore
    red_flags: tuple[RedFlag, ...]
    red_flags_note: str
    sections: tuple[str, ...]


def triage_paper(
    *,
    title: str,
    abstract: str,
    comment: str | None,
    categories: Sequence[str],
    published: date,
    today: date,
    pdf_text: str | None,
    pdf_links: Sequence[str] = (),
    paper_type: PaperType | None = None,
    relevance: int | None = None,
    citations: int | None = None,
) -> Triage:
    """Triage a paper from its metadata and, when the PDF was read, its text and link URIs.

    ``paper_type`` given by the user overrides the estimate. Code links are searched in the
    abstract, then the arXiv comment, then the PDF's link annotations and text. Raises
    ValueError for an out-of-range relevance or a negative citation count.
    """
    links = find_code_links(abstract, comment or "", *pdf_links, pdf_text or "")
    if paper_type is None:
        estimate = estimate_type(title, abstract, categories)
        kind, reason, estimated = estimate.type, estimate.reason, True
    else:
        kind, reason, estimated = paper_type, "given with type=", False
    priority = score_priority(
        published=published,
        today=today,
        has_code=bool(links),
        paper_type=kind,
        paper_type_estimated=estimated,
        relevance=relevance,
        citations=citations,
    )
    return Triage(
        code_urls=tuple(links),
        has_code=bool(links),
        paper_type=kind,
        paper_type_estimated=estimated,
        paper_type_reason=reason,
        priority=priority,
        red_flags=tuple(find_red_flags(pdf_text, has_code=bool(links))),
        red_flags_note=red_flags_note(pdf_text),
        sections=tuple(sections_found(pdf_text)) if pdf_text is not None else (),
    )
