"""The daily refresh: the reading queue's citations in one batch, gaps filled, priority changes said once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from assay.clock import FixedClock
from assay.replies import ThreadRef, render_text
from assay.runtime import Runtime
from assay.services.papers.citation_refresh import refresh_citations
from assay.storage.models import Paper
from tests.conftest import Fakes
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper
from tests.fakes.atom import AtomEntry

YEAR_OLD = "2025-11-21T12:00:00Z"  # 12 months before the test clock
RECENT = "2026-10-01T12:00:00Z"


def _add(
    runtime: Runtime, fakes: Fakes, arxiv_id: str, *, published: str = YEAR_OLD, extra: str = "", **kw: Any
) -> Any:
    fakes.arxiv.add(
        AtomEntry(arxiv_id, f"Routers {arxiv_id}", published=published, summary="A new architecture.", **kw)
    )
    reply = run(runtime, f"/paper add {arxiv_id} {extra}".strip())
    assert reply.data is not None
    with runtime.db.session() as s:  # as if posted in Slack: the card's thread is the paper's home
        paper = s.exec(select(Paper).where(Paper.arxiv_id == arxiv_id)).one()
        paper.thread_channel, paper.thread_ts = "C1", f"1700.{paper.number:04d}"
    return reply


def _paper(runtime: Runtime, arxiv_id: str) -> Paper:
    with runtime.db.session() as s:
        return s.exec(select(Paper).where(Paper.arxiv_id == arxiv_id)).one()


def _batches(fakes: Fakes) -> list[list[str]]:
    return [c.body["ids"] for c in fakes.s2.calls() if c.path.endswith("/paper/batch")]


def test_the_queue_is_refreshed_in_one_batch_and_a_new_priority_is_said_once(
    any_runtime: Runtime, fakes: Fakes, clock: FixedClock
) -> None:
    fakes.s2.add("2511.00001", citations=24)  # 2 a month: MEDIUM (architecture 2 + relevance 3)
    fakes.s2.add("2511.00002", citations=24)
    assert _add(any_runtime, fakes, "2511.00001").data["priority"] == "MEDIUM"
    _add(any_runtime, fakes, "2511.00002")
    run(any_runtime, '/paper drop P2 reason="not for us"')
    clock.advance(timedelta(days=1))
    fakes.s2.add("2511.00001", citations=303)  # 25 a month: +2
    [note] = refresh_citations(any_runtime, "T1")
    assert note.thread == ThreadRef("C1", "1700.0001")
    said = render_text(note.blocks)
    assert "`P1` is now HIGH (was MEDIUM): citations rose to 25.2 a month" in said
    assert _batches(fakes) == [["ARXIV:2511.00001"]]  # the queue only, in one batch
    paper = _paper(any_runtime, "2511.00001")
    assert (paper.priority, paper.priority_score, paper.citation_count) == ("HIGH", 7, 303)
    assert "303 citations, 25.2 a month · Semantic Scholar, today" in text_of(run(any_runtime, "/paper show P1"))
    assert refresh_citations(any_runtime, "T1") == []  # the same numbers: nothing more to say


def test_typed_citations_stay_what_was_typed(runtime: Runtime, fakes: Fakes, clock: FixedClock) -> None:
    fakes.s2.add("2511.00001", citations=24)
    _add(runtime, fakes, "2511.00001", extra="citations=10")
    clock.advance(timedelta(days=1))
    fakes.s2.add("2511.00001", citations=900)
    assert refresh_citations(runtime, "T1") == []
    paper = _paper(runtime, "2511.00001")
    assert (paper.citations, paper.citation_count, paper.priority) == (10, 900, "MEDIUM")


def test_a_missing_count_is_filled_in_and_a_known_one_is_kept(
    runtime: Runtime, fakes: Fakes, clock: FixedClock
) -> None:
    fakes.s2.mode = "http500"
    _add(runtime, fakes, "2511.00001")
    assert _paper(runtime, "2511.00001").citations_status == "unavailable"
    clock.advance(timedelta(days=1))
    fakes.s2.mode = "normal"
    fakes.s2.add("2511.00001", citations=48)
    refresh_citations(runtime, "T1")
    paper = _paper(runtime, "2511.00001")
    assert (paper.citations_status, paper.citation_count, paper.citations_problem) == ("found", 48, None)
    clock.advance(timedelta(days=1))
    fakes.s2.mode = "malformed"
    refresh_citations(runtime, "T1")
    paper = _paper(runtime, "2511.00001")
    assert (paper.citations_status, paper.citation_count) == ("found", 48)  # a failed refresh loses nothing


def test_a_hugging_face_gap_is_filled_and_the_code_counts(runtime: Runtime, fakes: Fakes, clock: FixedClock) -> None:
    fakes.hf.mode = "http500"
    reply = _add(runtime, fakes, "2610.00001", published=RECENT)
    assert reply.data["has_code"] is False and reply.data["priority"] == "MEDIUM"
    clock.advance(timedelta(days=1))
    fakes.hf.mode = "normal"
    fakes.hf.add("2610.00001", github_repo="https://github.com/acme/routers", github_stars=9)
    [note] = refresh_citations(runtime, "T1")
    assert "is now HIGH (was MEDIUM): code of its own found" in render_text(note.blocks)
    shown = run(runtime, "/paper show P1")
    assert shown.data is not None and shown.data["has_code"] is True
    assert shown.data["official_code"] == "https://github.com/acme/routers"
    assert "no-code" not in [f["code"] for f in shown.data["red_flags"]]
    assert "https://github.com/acme/routers (official, 9 ★)" in text_of(shown)


def test_one_workspace_refreshes_only_its_own_papers(runtime: Runtime, fakes: Fakes, clock: FixedClock) -> None:
    fakes.arxiv.add(AtomEntry("2511.00001", "Ours", published=YEAR_OLD))
    fakes.arxiv.add(AtomEntry("2511.00002", "Theirs", published=YEAR_OLD))
    run(runtime, "/paper add 2511.00001", team="T1")
    run(runtime, "/paper add 2511.00002", team="T2")
    clock.advance(timedelta(hours=13))  # answers of the add are reused for 12 hours
    refresh_citations(runtime, "T2")
    assert _batches(fakes) == [["ARXIV:2511.00002"]]


def test_papers_added_before_signals_get_them_and_keep_their_links(
    runtime: Runtime, fakes: Fakes, clock: FixedClock
) -> None:
    store_paper(runtime, "Old Routers", arxiv_id="2511.00005", code_urls=["https://github.com/acme/old"])
    fakes.s2.add("2511.00005", citations=3)
    fakes.hf.add("2511.00005", github_repo="https://github.com/acme/official", upvotes=2)
    refresh_citations(runtime, "T1")
    paper = _paper(runtime, "2511.00005")
    assert paper.code_links == [
        {"url": "https://github.com/acme/official", "kind": "official"},
        {"url": "https://github.com/acme/old", "kind": "self"},
    ]
    assert paper.code_urls == ["https://github.com/acme/official", "https://github.com/acme/old"]
    assert (paper.citation_count, paper.community_status, paper.upvotes) == (3, "found", 2)
    assert paper.priority is not None  # scored from what is stored
