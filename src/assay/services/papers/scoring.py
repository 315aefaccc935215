"""The priority of a stored paper, scored again from what is stored (no PDF, no arXiv call).

Used when a signal arrives after the paper was added (the daily refresh): the same heuristic,
the same inputs, the new numbers. :func:`why_changed` says in words which terms moved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assay.services.papers.signal_fields import code_links_of
from assay.storage.models import Paper
from assay.triage.citations import citations_used
from assay.triage.codekinds import code_evidence, has_own_code
from assay.triage.papertype import PaperType, estimate_type
from assay.triage.priority import PriorityScore, citations_per_month, score_priority


def score_stored(paper: Paper, today: date) -> PriorityScore:
    """The paper's priority as of ``today`` from its stored facts and signals."""
    links = code_links_of(paper)
    used = citations_used(
        typed=paper.citations,
        counted=paper.citation_count,
        as_of=paper.citations_as_of,
        problem=paper.citations_problem,
    )
    try:
        kind = PaperType(paper.paper_type or "")
    except ValueError:  # not typed or estimated when stored: estimate now
        kind = estimate_type(paper.title, paper.abstract, paper.categories).type
    return score_priority(
        published=paper.published.date(),
        today=today,
        has_code=has_own_code(links),
        paper_type=kind,
        paper_type_estimated=paper.paper_type_estimated,
        relevance=paper.relevance,
        citations=used.count,
        code_evidence=code_evidence(links),
        code_estimated=paper.official_code is None,
        citations_source=used.note,
        citations_missing=used.missing,
    )


def apply_score(paper: Paper, score: PriorityScore) -> None:
    paper.priority, paper.priority_score = str(score.priority), score.score
    paper.priority_terms = [{"label": t.label, "points": t.points, "note": t.note} for t in score.terms]
    paper.priority_estimated = list(score.estimated)


def why_changed(paper: Paper, before: list[dict[str, Any]], after: PriorityScore, today: date) -> str:
    """What moved, in words: "citations rose to 25.0 a month", "code of its own found"..."""
    old = {str(term["label"]): int(term["points"]) for term in before}
    reasons = []
    for term in after.terms:
        was = old.get(term.label)
        if was is None or was == term.points:
            continue
        if term.label == "citations":
            count = paper.citations if paper.citations is not None else paper.citation_count
            per_month = citations_per_month(count or 0, paper.published.date(), today)
            reasons.append(f"citations {'rose' if term.points > was else 'fell'} to {per_month:.1f} a month")
        elif term.label == "recent with code":
            # Age only grows, so a gain is code found; a loss is age, unless the code went away.
            if term.points > was:
                reasons.append("code of its own found")
            elif has_own_code(code_links_of(paper)):
                reasons.append("no longer within 6 months of publication")
            else:
                reasons.append("no code of its own")
        else:
            reasons.append(f"{term.label} now counts {term.points:+d}")
    return ", ".join(reasons) or "the score was recomputed"
