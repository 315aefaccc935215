"""All of a paper's triage in one call: code links, type, priority, red flags, sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assay.triage.codekinds import CITED, CodeLink, classify_code_links, code_evidence, has_own_code
from assay.triage.papertype import PaperType, estimate_type
from assay.triage.priority import PriorityScore, score_priority
from assay.triage.redflags import RedFlag, find_red_flags, red_flags_note
from assay.triage.sections import sections_found


@dataclass(frozen=True)
class Triage:
    """Everything the triage card shows that is derived from the paper itself."""

    code_urls: tuple[str, ...]
    code_links: tuple[CodeLink, ...]
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
    citations_source: str | None = None,
    citations_missing: str | None = None,
    official_code: str | None = None,
) -> Triage:
    """Triage a paper from its metadata and, when the PDF was read, its text and link URIs.

    ``paper_type`` given by the user overrides the estimate. Code links are the official one
    (``official_code``, from Hugging Face Papers), then those of the abstract, the arXiv comment,
    the PDF's link annotations and text, each labelled official, self or cited; only official
    and self-described code counts as the paper having code. ``citations`` is the count used
    (see ``triage.citations``). Raises ValueError for an out-of-range relevance or a negative
    citation count.
    """
    links = classify_code_links(
        official=official_code, abstract=abstract, comment=comment, pdf_links=pdf_links, pdf_text=pdf_text
    )
    has_code = has_own_code(links)
    if paper_type is None:
        estimate = estimate_type(title, abstract, categories)
        kind, reason, estimated = estimate.type, estimate.reason, True
    else:
        kind, reason, estimated = paper_type, "given with type=", False
    priority = score_priority(
        published=published,
        today=today,
        has_code=has_code,
        paper_type=kind,
        paper_type_estimated=estimated,
        relevance=relevance,
        citations=citations,
        code_evidence=code_evidence(links),
        code_estimated=official_code is None,
        citations_source=citations_source,
        citations_missing=citations_missing,
    )
    cited = sum(link.kind == CITED for link in links)
    return Triage(
        code_urls=tuple(link.url for link in links),
        code_links=tuple(links),
        has_code=has_code,
        paper_type=kind,
        paper_type_estimated=estimated,
        paper_type_reason=reason,
        priority=priority,
        red_flags=tuple(find_red_flags(pdf_text, has_code=has_code, cited=cited)),
        red_flags_note=red_flags_note(pdf_text),
        sections=tuple(sections_found(pdf_text)) if pdf_text is not None else (),
    )
