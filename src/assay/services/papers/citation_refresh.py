"""The daily refresh of the reading queue's signals: citation counts in one Semantic Scholar batch,
and the Hugging Face pages that could not be read before.

The scheduler calls :func:`refresh_citations` once a day for each workspace (at 06:00 on its
clocks; see ``citation_schedule``). Papers in the reading queue (stages
new to pass 3) get Semantic Scholar's counts (``POST /paper/batch``, 500 ids a request; answers
younger than 12 hours, such as those of papers added today, are reused). A paper whose priority
band changes says so once in its home thread ("now HIGH: citations rose to 25.0 a month").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import col

from assay.reading.stages import OPEN_STAGES
from assay.replies import Announcement, ThreadRef
from assay.runtime import Runtime
from assay.services.papers.scoring import apply_score, score_stored, why_changed
from assay.services.papers.signal_fields import code_links_of
from assay.services.papers.signals import FOUND, NOT_INDEXED, UNAVAILABLE, CommunitySignal, ask_community
from assay.signals.semantic_scholar import BatchCounts, CitationCounts
from assay.storage.models import Paper
from assay.triage.codekinds import classify_code_links
from assay.views.paper.refresh import priority_change_note

log = logging.getLogger(__name__)
FRESH_ENOUGH = timedelta(hours=12)  # a day's refresh re-asks anything older than this
PAGES_PER_REFRESH = 50  # Hugging Face pages re-asked a run (one request each, paced)


@dataclass(frozen=True)
class _Queued:
    id: int
    arxiv_id: str
    community_status: str


def refresh_citations(runtime: Runtime, team_id: str) -> list[Announcement]:
    """Refresh the signals of one workspace's reading queue and return a
    note for each paper whose priority band changed, for its home thread.

    Never raises for an outside service: a failed batch leaves its papers as they were (a count
    known before is kept) and marks papers that have none as missing, with the reason; the next
    run asks again. Papers without a home thread are rescored silently.
    """
    today = runtime.clock.now().date()
    queued = _queue(runtime, team_id)
    if not queued:
        return []
    counts = runtime.semantic_scholar.counts_many(
        sorted({p.arxiv_id for p in queued}),
        patience=max(60.0, runtime.settings.http_timeout_seconds),
        max_age=FRESH_ENOUGH,
    )
    if counts.problem:
        log.warning("citation refresh: %s", counts.problem)
    pages = _missing_pages(runtime, queued)
    announcements: list[Announcement] = []
    with runtime.db.session() as session:
        # Locked and read again: a paper dropped meanwhile is left alone, and of two refreshes
        # running at once the second sees the band the first set, so a change is said once.
        query = select(Paper).where(col(Paper.id).in_([p.id for p in queued]), col(Paper.stage).in_(OPEN_STAGES))
        papers = session.execute(query.with_for_update()).scalars()
        for paper in papers:
            _take_counts(paper, counts)
            if paper.id in pages:
                _take_page(paper, pages[paper.id])
            note = _rescore(paper, today)
            if note is not None:
                announcements.append(note)
    runtime.semantic_scholar.cache.forget_old()
    return announcements


def _queue(runtime: Runtime, team_id: str) -> list[_Queued]:
    query = select(col(Paper.id), col(Paper.arxiv_id), col(Paper.community_status)).where(
        col(Paper.stage).in_(OPEN_STAGES), col(Paper.team_id) == team_id
    )
    with runtime.db.session() as session:
        return [_Queued(int(r.id), r.arxiv_id, r.community_status) for r in session.execute(query)]


def _missing_pages(runtime: Runtime, queued: list[_Queued]) -> dict[int, CommunitySignal]:
    """Hugging Face pages never read (papers added before signals, or when it failed)."""
    wanted = [p for p in queued if p.community_status in (UNAVAILABLE, "not-asked")][:PAGES_PER_REFRESH]
    return {p.id: ask_community(runtime.hugging_face, p.arxiv_id) for p in wanted}


def _take_counts(paper: Paper, batch: BatchCounts) -> None:
    if paper.arxiv_id not in batch.counts:
        if paper.citation_count is None:  # keep a count known before; mark only what is missing
            paper.citations_status, paper.citations_problem = UNAVAILABLE, batch.problem
        return
    counts: CitationCounts | None = batch.counts[paper.arxiv_id]
    if counts is None:
        paper.citations_status, paper.citations_problem = NOT_INDEXED, "Semantic Scholar does not list this paper yet"
        return
    paper.citation_count, paper.influential_citations = counts.count, counts.influential
    paper.citations_status, paper.citations_as_of, paper.citations_problem = FOUND, counts.as_of, None


def _take_page(paper: Paper, signal: CommunitySignal) -> None:
    if signal.status == UNAVAILABLE and paper.community_status == "not-asked":
        paper.community_status, paper.community_problem = UNAVAILABLE, signal.problem
        return
    for name, value in signal.columns().items():
        setattr(paper, name, value)
    if signal.page is not None and signal.page.github_repo:
        _relabel_code(paper, signal.page.github_repo)


def _relabel_code(paper: Paper, official: str) -> None:
    """Put the official repository first among the stored links (the PDF is not read again):
    the paper now has code of its own, so the no-code hint goes."""
    [link] = classify_code_links(official=official, abstract="", comment=None)
    others = [item.data() for item in code_links_of(paper) if item.url.lower() != link.url.lower()]
    paper.code_links = [link.data(), *others]
    paper.code_urls = [str(item["url"]) for item in paper.code_links]
    paper.official_code = link.url
    paper.red_flags = [flag for flag in paper.red_flags if flag.get("code") != "no-code"]


def _rescore(paper: Paper, today: date) -> Announcement | None:
    before_band, before_terms = paper.priority, list(paper.priority_terms)
    score = score_stored(paper, today)
    apply_score(paper, score)
    if before_band is None or str(score.priority) == before_band:
        return None
    if not paper.thread_channel or not paper.thread_ts:
        return None
    reason = why_changed(paper, before_terms, score, today)
    note = priority_change_note(paper, before_band, score, reason)
    return Announcement(text=note.text, blocks=note.blocks, thread=ThreadRef(paper.thread_channel, paper.thread_ts))
