"""/paper add with signals from the field: citations from Semantic Scholar, official code and
community interest from Hugging Face, each missing (with its reason) when its service fails."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlmodel import select

from assay.runtime import Runtime, build_runtime
from assay.storage.models import Paper, SignalAnswer
from tests import pdfmaker
from tests.conftest import NO_PACING, Fakes, fake_settings
from tests.core.helpers import run, text_of
from tests.fakes.atom import AtomEntry

# The test clock stands at 2026-11-21: a paper of 2025-11-21 is 12 months old.
YEAR_OLD = "2025-11-21T12:00:00Z"
RECENT = "2026-10-01T12:00:00Z"


def _add(runtime: Runtime, line: str = "/paper add 2511.00001") -> Any:
    reply = run(runtime, line)
    assert reply.data is not None
    return reply


@pytest.fixture
def paper(fakes: Fakes) -> AtomEntry:
    return fakes.arxiv.add(
        AtomEntry("2511.00001", "Sparse Routers", published=YEAR_OLD, summary="We propose a new architecture.")
    )


def test_a_paper_added_gets_its_citations_and_official_code(any_runtime: Runtime, fakes: Fakes, paper: Any) -> None:
    fakes.s2.add("2511.00001", citations=300, influential=12)
    fakes.hf.add(
        "2511.00001",
        github_repo="https://github.com/acme/sparse-routers",
        github_stars=1234,
        project_page="https://acme.github.io/routers",
        upvotes=57,
    )
    reply = _add(any_runtime)
    data = reply.data
    assert data["citations"] == {
        "count": 300,
        "influential": 12,
        "per_month": 25.0,
        "source": "semantic-scholar",
        "as_of": "2026-11-21T09:00:00+00:00",
    }
    assert data["official_code"] == "https://github.com/acme/sparse-routers"
    assert data["community"] == {
        "upvotes": 57,
        "github_stars": 1234,
        "project_page": "https://acme.github.io/routers",
        "source": "hugging-face",
    }
    assert data["code_links"] == [{"url": "https://github.com/acme/sparse-routers", "kind": "official"}]
    assert data["code_urls"] == ["https://github.com/acme/sparse-routers"] and data["has_code"] is True
    card = text_of(reply)
    assert "300 citations, 25.0 a month (12 influential) · Semantic Scholar, 2026-11-21" in card
    assert "Semantic Scholar, today" in text_of(run(any_runtime, "/paper show P1"))  # read now: "today"
    assert "https://github.com/acme/sparse-routers (official, 1,234 ★)" in card
    assert "57 upvotes" in card and "project page https://acme.github.io/routers" in card
    assert "no-code" not in card


def test_the_priority_uses_citations_per_month(runtime: Runtime, fakes: Fakes, paper: Any) -> None:
    # 12 months old, no code, architecture (+2), relevance 3 assumed: 5 without citations.
    fakes.s2.add("2511.00001", citations=300)  # 25 a month: +2
    reply = _add(runtime)
    assert (reply.data["priority"], reply.data["priority_score"]) == ("HIGH", 7)
    terms = {t["label"]: t for t in _stored(runtime).priority_terms}
    assert terms["citations"]["points"] == 2
    assert terms["citations"]["note"] == "300 in 12 months, 25.0 a month; Semantic Scholar, 2026-11-21"
    assert "citations" not in _stored(runtime).priority_estimated


def test_typed_citations_win_and_the_card_says_so(runtime: Runtime, fakes: Fakes, paper: Any) -> None:
    fakes.s2.add("2511.00001", citations=300)
    reply = _add(runtime, "/paper add 2511.00001 citations=24")
    assert reply.data["citations"]["count"] == 24 and reply.data["citations"]["source"] == "typed"
    assert reply.data["priority_score"] == 5  # 2 a month: no points
    assert "24 citations, 2.0 a month · typed with citations=; Semantic Scholar counts 300" in text_of(reply)


def test_unknown_to_both_services_is_said_plainly(runtime: Runtime, fakes: Fakes, paper: Any) -> None:
    reply = _add(runtime)
    assert reply.data["citations"] == {
        "count": None,
        "influential": None,
        "per_month": None,
        "source": "unknown",
        "as_of": None,
    }
    assert reply.data["official_code"] is None and reply.data["community"]["source"] == "unknown"
    assert reply.data["signals_missing"] == []
    card = text_of(reply)
    assert "Semantic Scholar does not list this paper yet" in card
    assert "Not indexed on Hugging Face Papers" in card


def _stored(runtime: Runtime) -> Paper:
    with runtime.db.session() as s:
        return s.exec(select(Paper)).one()


def _cached(runtime: Runtime) -> list[SignalAnswer]:
    with runtime.db.session() as s:
        return list(s.exec(select(SignalAnswer)).all())


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("http500", "Semantic Scholar answered HTTP 500"),
        ("malformed", "Semantic Scholar sent an answer that is not valid JSON"),
        ("ratelimit", "Semantic Scholar is rate-limiting requests (HTTP 429)"),
        ("stall", "Semantic Scholar did not answer within 2 s"),
    ],
)
def test_citations_missing_never_block_the_paper(
    sqlite_url: str, fakes: Fakes, clock: Any, tmp_path: Any, paper: Any, mode: str, reason: str
) -> None:
    # A short timeout only where Semantic Scholar stalls (its 30 s): on a loaded machine a
    # 1 s timeout for every mode cut arXiv's own answers short.
    timeout = 2 if mode == "stall" else 5
    runtime = build_runtime(
        fake_settings(sqlite_url, fakes, http_timeout_seconds=timeout),
        clock=clock,
        migrate_schema=False,
        pacing=NO_PACING,
    )
    fakes.s2.add("2511.00001", citations=300)
    fakes.s2.mode = mode  # type: ignore[assignment]
    fakes.s2.retry_after = "30"  # longer than the paper may wait
    fakes.hf.add("2511.00001", github_repo="https://github.com/acme/sparse-routers")
    started = time.monotonic()
    reply = _add(runtime)
    assert time.monotonic() - started < 10  # bounded by the timeout, not by the service's 30 s
    assert reply.data["handle"] == "P1" and reply.data["official_code"] == "https://github.com/acme/sparse-routers"
    assert reply.data["citations"]["count"] is None and reply.data["citations"]["source"] == "unknown"
    assert reply.data["signals_missing"] == [{"signal": "citations", "reason": reason}]
    assert f"Citations missing: {reason}. The daily refresh asks again." in text_of(reply)
    stored = _stored(runtime)
    assert (stored.citations_status, stored.citation_count, stored.citations_as_of) == ("unavailable", None, None)
    assert [a.service for a in _cached(runtime)] == ["hf"]  # a failure is never remembered
    runtime.close()


def test_hugging_face_down_leaves_the_official_code_missing_with_its_reason(
    runtime: Runtime, fakes: Fakes, paper: Any
) -> None:
    fakes.hf.mode = "http500"
    fakes.s2.add("2511.00001", citations=30)
    reply = _add(runtime)
    assert reply.data["official_code"] is None and reply.data["citations"]["count"] == 30
    assert reply.data["signals_missing"] == [{"signal": "community", "reason": "Hugging Face answered HTTP 500"}]
    assert "Official code and upvotes missing: Hugging Face answered HTTP 500" in text_of(reply)
    assert _stored(runtime).community_status == "unavailable"


def test_a_429_is_honoured_then_the_answer_is_used(runtime: Runtime, fakes: Fakes, paper: Any) -> None:
    fakes.s2.add("2511.00001", citations=300)
    fakes.s2.rate_limited_requests = 1
    fakes.s2.retry_after = "1"
    reply = _add(runtime)
    assert reply.data["citations"]["count"] == 300
    first, second = fakes.s2.calls()
    assert second.at - first.at >= 1.0  # waited as Retry-After asked


def test_answers_are_remembered_for_a_day_across_workspaces(runtime: Runtime, fakes: Fakes, paper: Any) -> None:
    fakes.s2.add("2511.00001", citations=300)
    fakes.hf.add("2511.00001", upvotes=3)
    _add(runtime)
    again = run(runtime, "/paper add 2511.00001", team="T2")
    assert again.data is not None and again.data["citations"]["count"] == 300
    assert len(fakes.s2.calls()) == 1 and len(fakes.hf.requested()) == 1  # one call per paper per service


def test_the_api_key_is_sent_as_x_api_key(sqlite_url: str, fakes: Fakes, clock: Any, paper: Any) -> None:
    runtime = build_runtime(
        fake_settings(sqlite_url, fakes, s2_api_key="s2-key-not-real"), clock=clock, migrate_schema=False,
        pacing=NO_PACING,
    )  # fmt: skip
    _add(runtime)
    assert fakes.s2.calls()[0].headers.get("x-api-key") == "s2-key-not-real"
    runtime.close()


def _pdf_citing(sentence: str) -> bytes:
    return pdfmaker.paper_pdf(pdfmaker.paper_pages(("Abstract", "We study routers."), ("Method", sentence)))


def test_a_repository_only_cited_in_the_pdf_is_not_the_papers_code(runtime: Runtime, fakes: Fakes) -> None:
    fakes.arxiv.add(
        AtomEntry("2610.00002", "Routers Again", published=RECENT),
        pdf=_pdf_citing("We compare with the baseline of https://github.com/other/baseline in Table 2."),
    )
    reply = _add(runtime, "/paper add 2610.00002")
    assert reply.data["code_links"] == [{"url": "https://github.com/other/baseline", "kind": "cited"}]
    assert reply.data["code_urls"] == ["https://github.com/other/baseline"]
    assert reply.data["has_code"] is False
    assert "no-code" in [f["code"] for f in reply.data["red_flags"]]
    assert "https://github.com/other/baseline (cited, not its own)" in text_of(reply)


def test_an_official_repository_is_the_papers_code(runtime: Runtime, fakes: Fakes) -> None:
    fakes.arxiv.add(
        AtomEntry("2610.00003", "Routers Official", published=RECENT),
        pdf=_pdf_citing("We compare with the baseline of https://github.com/other/baseline in Table 2."),
    )
    fakes.hf.add("2610.00003", github_repo="https://github.com/acme/routers")
    reply = _add(runtime, "/paper add 2610.00003")
    assert reply.data["code_links"] == [
        {"url": "https://github.com/acme/routers", "kind": "official"},
        {"url": "https://github.com/other/baseline", "kind": "cited"},
    ]
    assert reply.data["has_code"] is True
    assert "no-code" not in [f["code"] for f in reply.data["red_flags"]]


def test_a_self_described_pdf_link_is_the_papers_code(runtime: Runtime, fakes: Fakes) -> None:
    fakes.arxiv.add(
        AtomEntry("2610.00004", "Routers Own", published=RECENT),
        pdf=_pdf_citing("Our code is available at https://github.com/acme/own-routers for everyone."),
    )
    reply = _add(runtime, "/paper add 2610.00004")
    assert reply.data["code_links"] == [{"url": "https://github.com/acme/own-routers", "kind": "self"}]
    assert reply.data["has_code"] is True


def test_a_ready_card_waits_for_a_slow_service_only_a_grace_period(
    runtime: Runtime, fakes: Fakes, paper: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assay.services.papers.signals.GRACE_SECONDS", 1.0)  # of 5 s in production
    fakes.s2.mode, fakes.s2.stall_seconds = "stall", 4.0  # within the 5 s timeout, beyond the grace
    started = time.monotonic()
    reply = _add(runtime)
    assert time.monotonic() - started < 3
    assert reply.data["signals_missing"] == [
        {"signal": "citations", "reason": "Semantic Scholar did not answer within 1 s"}
    ]
