"""score_priority: the team heuristic, term by term, with estimated inputs named."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assay.triage import PaperType, Priority, score_priority
from assay.triage.priority import PriorityScore

TODAY = date(2025, 6, 30)


def score(**changes: object) -> PriorityScore:
    inputs: dict[str, object] = {
        "published": date(2025, 5, 1),
        "today": TODAY,
        "has_code": True,
        "paper_type": PaperType.ARCHITECTURE,
        "paper_type_estimated": False,
        "relevance": 5,
        "citations": 0,
    } | changes
    return score_priority(**inputs)  # type: ignore[arg-type]


def points(result: PriorityScore, label: str) -> int:
    return next(term.points for term in result.terms if term.label == label)


def test_recent_paper_with_code_of_a_fast_type_scores_every_term() -> None:
    result = score(citations=200)
    assert [(t.label, t.points) for t in result.terms] == [
        ("recent with code", 3),
        ("citations", 2),
        ("paper type", 2),
        ("relevance", 5),
    ]
    assert (result.score, result.priority, result.review_within) == (12, Priority.HIGH, "a week")
    assert result.explain() == "12 = 3 (recent with code) + 2 (citations) + 2 (paper type) + 5 (relevance)"


@pytest.mark.parametrize(
    ("published", "recent"),
    [(date(2025, 1, 1), True), (date(2024, 12, 31), True), (date(2024, 12, 29), False), (date(2020, 1, 1), False)],
)
def test_recent_means_under_six_months(published: date, recent: bool) -> None:
    assert points(score(published=published), "recent with code") == (3 if recent else 0)


def test_recent_paper_without_code_gets_nothing_for_recency() -> None:
    result = score(has_code=False)
    assert points(result, "recent with code") == 0
    assert "no code link was found" in result.terms[0].note


@pytest.mark.parametrize(
    ("citations", "expected"),
    [(0, 0), (10, 0), (11, 1), (40, 1), (41, 2), (1000, 2)],
)
def test_citations_per_month_thresholds(citations: int, expected: int) -> None:
    # 61 days is just over two months: 40 citations are under 20 a month, 10 under 5 a month
    result = score(published=date(2025, 4, 30), citations=citations)
    assert points(result, "citations") == expected


def test_citations_of_a_brand_new_paper_count_as_one_month() -> None:
    assert points(score(published=TODAY, citations=21), "citations") == 2
    assert points(score(published=TODAY, citations=20), "citations") == 1


@pytest.mark.parametrize(
    ("paper_type", "expected"),
    [(PaperType.ARCHITECTURE, 2), (PaperType.OPTIMIZATION, 2), (PaperType.EMPIRICAL, 0),
     (PaperType.THEORETICAL, 0), (PaperType.APPLICATION, 0)],
)  # fmt: skip
def test_architecture_and_optimization_papers_get_two(paper_type: PaperType, expected: int) -> None:
    assert points(score(paper_type=paper_type), "paper type") == expected


OLD_WITHOUT_CODE = {"published": date(2020, 1, 1), "has_code": False, "citations": 0}


@pytest.mark.parametrize(
    ("changes", "total", "priority", "within"),
    [
        ({"paper_type": PaperType.EMPIRICAL, "relevance": 3}, 3, Priority.LOW, "when time allows"),
        ({"paper_type": PaperType.EMPIRICAL, "relevance": 4}, 4, Priority.MEDIUM, "a month"),
        ({"paper_type": PaperType.ARCHITECTURE, "relevance": 4}, 6, Priority.MEDIUM, "a month"),
        ({"paper_type": PaperType.ARCHITECTURE, "relevance": 3, "citations": 3000}, 7, Priority.HIGH, "a week"),
    ],
)
def test_bands_start_at_four_and_seven(changes: dict[str, object], total: int, priority: Priority, within: str) -> None:
    result = score(**(OLD_WITHOUT_CODE | changes))
    assert (result.score, result.priority, result.review_within) == (total, priority, within)


def test_missing_inputs_are_estimated_and_named() -> None:
    result = score(relevance=None, citations=None, paper_type_estimated=True)
    assert result.estimated == ("code", "paper type", "relevance", "citations")
    assert points(result, "relevance") == 3
    assert points(result, "citations") == 0
    notes = {term.label: term.note for term in result.terms}
    assert notes["relevance"] == "not given; assumed 3 of 5 (set relevance=1..5)"
    assert notes["citations"] == "not known (add citations=N); counted as 0"
    assert notes["paper type"].startswith("architecture, estimated")


def test_given_inputs_are_not_listed_as_estimated() -> None:
    assert score().estimated == ("code",)


@pytest.mark.parametrize(("relevance", "citations"), [(0, 1), (6, 1), (3, -1)])
def test_out_of_range_inputs_are_refused(relevance: int, citations: int) -> None:
    with pytest.raises(ValueError):
        score(relevance=relevance, citations=citations)


@given(
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
    has_code=st.booleans(),
    paper_type=st.sampled_from(PaperType),
    relevance=st.none() | st.integers(1, 5),
    citations=st.none() | st.integers(0, 10**6),
)
def test_score_is_the_sum_of_its_terms_and_sets_the_band(
    published: date, has_code: bool, paper_type: PaperType, relevance: int | None, citations: int | None
) -> None:
    result = score(published=published, has_code=has_code, paper_type=paper_type, relevance=relevance,
                   citations=citations)  # fmt: skip
    assert result.score == sum(term.points for term in result.terms)
    expected = Priority.HIGH if result.score >= 7 else Priority.MEDIUM if result.score >= 4 else Priority.LOW
    assert result.priority is expected
