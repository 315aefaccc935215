"""The card's lines for signals from the field: citations, official code, community interest."""

from __future__ import annotations

from datetime import date, datetime

from assay.services.papers.signal_fields import citations_data, code_links_of
from assay.storage.models import Paper
from assay.textfmt import esc, link
from assay.triage.citations import when_said

_KIND_NOTE = {"official": " (official)", "self": "", "cited": " (cited, not its own)"}
REFRESH_NOTE = "The daily refresh asks again."


def code_field(paper: Paper, shown: int = 5) -> str:
    """The card's *Code* field: each link with its kind (official with its stars; cited named)."""
    links = code_links_of(paper)
    lines = []
    for item in links[:shown]:
        note = _KIND_NOTE.get(item.kind, "")
        if item.kind == "official" and paper.github_stars is not None:
            note = f" (official, {paper.github_stars:,} ★)"
        lines.append(link(item.url) + note)
    if len(links) > shown:
        lines.append(f"and {len(links) - shown} more")
    return "\n".join(lines) or "no code link found"


def _when(moment: datetime | None, today: date | None) -> str:
    if moment is None:
        return ""
    return f", {when_said(moment.date(), today)}" if today is not None else f", {moment.date().isoformat()}"


def citations_line(paper: Paper, today: date | None = None) -> str | None:
    """The citations line ("412 citations, 19.6 a month · Semantic Scholar, today"), or why none."""
    data = citations_data(paper)
    count = data["count"]
    if count is not None:
        numbers = f"{count:,} citation{'s' * (count != 1)}, {data['per_month']:.1f} a month"
        if data["source"] == "typed":
            also = f"; Semantic Scholar counts {paper.citation_count:,}" if paper.citation_count is not None else ""
            return f"📈 {numbers} · typed with citations={also}"
        influential = f" ({paper.influential_citations:,} influential)" if paper.influential_citations else ""
        return f"📈 {numbers}{influential} · Semantic Scholar{_when(paper.citations_as_of, today)}"
    if paper.citations_status == "unavailable":
        return f"📈 Citations missing: {esc(paper.citations_problem or 'no answer')}. {REFRESH_NOTE}"
    if paper.citations_status == "not-indexed":
        return "📈 Citations: Semantic Scholar does not list this paper yet; counted as 0."
    return None


def community_line(paper: Paper, today: date | None = None) -> str | None:
    """Upvotes, official code with its stars and the project page from Hugging Face Papers."""
    if paper.community_status == "unavailable":
        problem = esc(paper.community_problem or "no answer")
        return f"🤗 Official code and upvotes missing: {problem}. {REFRESH_NOTE}"
    if paper.community_status == "not-indexed":
        return "🤗 Not indexed on Hugging Face Papers (no official code or upvotes there)."
    if paper.community_status != "found":
        return None
    parts = []
    if paper.upvotes is not None:
        parts.append(f"{paper.upvotes:,} upvote{'s' * (paper.upvotes != 1)}")
    parts.append("official code listed (see Code)" if paper.official_code else "no official code listed")
    if paper.project_page:
        parts.append(f"project page {link(paper.project_page)}")
    shown = " · ".join(parts)
    return f"🤗 Hugging Face Papers{_when(paper.community_as_of, today)}: {shown}"


def signal_lines(paper: Paper, today: date | None = None) -> tuple[str, ...]:
    return tuple(line for line in (citations_line(paper, today), community_line(paper, today)) if line)
