"""The team's triage heuristic: how soon a paper should be read.

Score = recent (< 6 months) with code: +3; citations per month > 20: +2, > 5: +1;
architecture or optimization paper: +2; plus relevance (1-5). HIGH at 7 or more (review
within a week), MEDIUM at 4 or more (within a month), else LOW. Every term is kept with a
note, and inputs that were estimated or missing are named, so the card can show its work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from assay.triage.papertype import PaperType

RECENT_MONTHS = 6
DEFAULT_RELEVANCE = 3
HIGH_FROM = 7
MEDIUM_FROM = 4
DAYS_PER_MONTH = 365.25 / 12
FAST_TYPES = (PaperType.ARCHITECTURE, PaperType.OPTIMIZATION)


class Priority(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


REVIEW_WITHIN = {Priority.HIGH: "a week", Priority.MEDIUM: "a month", Priority.LOW: "when time allows"}


@dataclass(frozen=True)
class PriorityTerm:
    """One term of the score: what it is, the points it gave, and why."""

    label: str
    points: int
    note: str


@dataclass(frozen=True)
class PriorityScore:
    score: int
    priority: Priority
    review_within: str
    terms: tuple[PriorityTerm, ...]
    estimated: tuple[str, ...]

    def explain(self) -> str:
        """One line: "6 = 3 (recent with code) + 0 (citations) + 0 (paper type) + 3 (relevance)"."""
        return f"{self.score} = " + " + ".join(f"{term.points} ({term.label})" for term in self.terms)


def months_between(earlier: date, later: date) -> float:
    """Months elapsed (average month length), never negative."""
    return max(0, (later - earlier).days) / DAYS_PER_MONTH


def _age(published: date, today: date) -> str:
    days = max(0, (today - published).days)
    if days < 31:
        return "today" if days == 0 else f"{days} day{'s' * (days != 1)} ago"
    months = int(months_between(published, today))
    if months < 24:
        return f"{months} month{'s' * (months != 1)} ago"
    return f"{months // 12} years ago"


def _recent_with_code(published: date, today: date, has_code: bool, evidence: str | None) -> PriorityTerm:
    recent = months_between(published, today) < RECENT_MONTHS
    age = f"published {_age(published, today)}" + ("" if recent else f", not within {RECENT_MONTHS} months")
    code = evidence or ("a code link was found" if has_code else "no code link was found")
    return PriorityTerm("recent with code", 3 if recent and has_code else 0, f"{age}; {code}")


def citations_per_month(citations: int, published: date, today: date) -> float:
    """Citations / months since first publication, counting at least one month."""
    return citations / max(1.0, months_between(published, today))


def citation_points(per_month: float) -> int:
    return 2 if per_month > 20 else 1 if per_month > 5 else 0


def _citations(
    citations: int | None, published: date, today: date, source: str | None, missing: str | None
) -> PriorityTerm:
    if citations is None:
        why = f"{missing}; " if missing else ""
        return PriorityTerm("citations", 0, f"not known ({why}add citations=N); counted as 0")
    months = months_between(published, today)
    per_month = citations_per_month(citations, published, today)
    shown = max(1, round(months))
    origin = f"; {source}" if source else ""
    return PriorityTerm(
        "citations",
        citation_points(per_month),
        f"{citations} in {shown} month{'s' * (shown != 1)}, {per_month:.1f} a month{origin}",
    )


def _paper_type(paper_type: PaperType, estimated: bool) -> PriorityTerm:
    points = 2 if paper_type in FAST_TYPES else 0
    source = "estimated from title, abstract and categories (set type= to override)" if estimated else "given"
    return PriorityTerm("paper type", points, f"{paper_type.value}, {source}")


def _relevance(relevance: int | None) -> PriorityTerm:
    if relevance is None:
        return PriorityTerm(
            "relevance", DEFAULT_RELEVANCE, f"not given; assumed {DEFAULT_RELEVANCE} of 5 (set relevance=1..5)"
        )
    return PriorityTerm("relevance", relevance, f"{relevance} of 5, given")


def priority_of(score: int) -> Priority:
    """The priority band for a score."""
    if score >= HIGH_FROM:
        return Priority.HIGH
    return Priority.MEDIUM if score >= MEDIUM_FROM else Priority.LOW


def score_priority(
    *,
    published: date,
    today: date,
    has_code: bool,
    paper_type: PaperType,
    paper_type_estimated: bool,
    relevance: int | None,
    citations: int | None,
    code_evidence: str | None = None,
    code_estimated: bool = True,
    citations_source: str | None = None,
    citations_missing: str | None = None,
) -> PriorityScore:
    """Score a paper with the team's heuristic, keeping each term and its reason.

    ``has_code`` inferred from links is listed as estimated (``code_estimated``); official code
    from Hugging Face Papers is not. ``code_evidence`` replaces the generic code note,
    ``citations_source`` says where the count came from, ``citations_missing`` why there is none.
    A missing ``relevance`` is assumed to be 3, missing ``citations`` count 0.
    Citations per month = citations / max(1, months since publication).

    Raises ValueError when relevance is outside 1..5 or citations is negative.
    """
    if relevance is not None and not 1 <= relevance <= 5:
        raise ValueError("relevance must be between 1 and 5")
    if citations is not None and citations < 0:
        raise ValueError("citations cannot be negative")
    terms = (
        _recent_with_code(published, today, has_code, code_evidence),
        _citations(citations, published, today, citations_source, citations_missing),
        _paper_type(paper_type, paper_type_estimated),
        _relevance(relevance),
    )
    estimated = ["code"] if code_estimated else []
    if paper_type_estimated:
        estimated.append("paper type")
    if relevance is None:
        estimated.append("relevance")
    if citations is None:
        estimated.append("citations")
    score = sum(term.points for term in terms)
    priority = priority_of(score)
    return PriorityScore(score, priority, REVIEW_WITHIN[priority], terms, tuple(estimated))
