"""A stored paper's signals as ``/paper add`` data and as the card reads them (SPEC section 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assay.storage.models import Paper

# The triage rules compile many patterns: they load when a paper's signals are read, not
# whenever a command that may name a paper starts (``/radar`` links papers as evidence).
if TYPE_CHECKING:
    from assay.triage.codekinds import CodeLink

HUGGING_FACE = "hugging-face"
UNKNOWN = "unknown"


def code_links_of(paper: Paper) -> list[CodeLink]:
    """The paper's labelled code links. Papers stored before links were labelled count every
    link as their own, as they did then."""
    from assay.triage.codekinds import SELF, CodeLink

    if paper.code_links:
        return [CodeLink(str(item["url"]), str(item["kind"])) for item in paper.code_links]
    return [CodeLink(url, SELF) for url in paper.code_urls]


def paper_has_code(paper: Paper) -> bool:
    """Official or self-described code; cited repositories do not count."""
    from assay.triage.codekinds import has_own_code

    return has_own_code(code_links_of(paper))


def citations_data(paper: Paper) -> dict[str, Any]:
    from assay.triage.citations import citations_used
    from assay.triage.priority import citations_per_month

    used = citations_used(
        typed=paper.citations,
        counted=paper.citation_count,
        as_of=paper.citations_as_of,
        problem=paper.citations_problem,
    )
    as_of = paper.added_at if used.source == "typed" else paper.citations_as_of if used.count is not None else None
    per_month = (
        round(citations_per_month(used.count, paper.published.date(), as_of.date()), 1)
        if used.count is not None and as_of is not None
        else None
    )
    return {
        "count": used.count,
        "influential": paper.influential_citations,
        "per_month": per_month,
        "source": used.source,
        "as_of": as_of.isoformat() if as_of is not None and used.count is not None else None,
    }


def community_data(paper: Paper) -> dict[str, Any]:
    indexed = paper.community_status == "found"
    return {
        "upvotes": paper.upvotes,
        "github_stars": paper.github_stars,
        "project_page": paper.project_page,
        "source": HUGGING_FACE if indexed else UNKNOWN,
    }


def signals_missing(paper: Paper) -> list[dict[str, str]]:
    """Which signal could not be had, and why (the next refresh asks again)."""
    missing = []
    if paper.citations_status == "unavailable":
        missing.append({"signal": "citations", "reason": paper.citations_problem or "no answer"})
    if paper.community_status == "unavailable":
        missing.append({"signal": "community", "reason": paper.community_problem or "no answer"})
    return missing


def signal_data(paper: Paper) -> dict[str, Any]:
    """The ``/paper add`` fields of the signals (``has_code`` comes from the same links)."""
    return {
        "citations": citations_data(paper),
        "official_code": paper.official_code,
        "community": community_data(paper),
        "code_links": [link.data() for link in code_links_of(paper)],
        "signals_missing": signals_missing(paper),
    }
