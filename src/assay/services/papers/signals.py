"""A paper's signals from the field, asked while arXiv is asked and the PDF is read.

Semantic Scholar (citations) and Hugging Face Papers (official code, upvotes, stars, project page)
are asked at once, in threads, as soon as ``/paper add`` has a well-formed arXiv id; arXiv's
metadata and the PDF are read meanwhile. Each lookup is bounded by ``ASSAY_HTTP_TIMEOUT_SECONDS``
and, once the rest of the paper is ready, waited for at most ``GRACE_SECONDS`` more. An id arXiv
does not know costs two answered lookups, remembered as "no such paper". A signal that cannot
be had is marked ``unavailable`` with the reason; the paper is added all the same.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from assay.signals.huggingface import HuggingFaceClient, PaperPage
from assay.signals.polite import SignalUnavailable
from assay.signals.semantic_scholar import CitationCounts, SemanticScholarClient

log = logging.getLogger(__name__)
FOUND, NOT_INDEXED, UNAVAILABLE, NOT_ASKED = "found", "not-indexed", "unavailable", "not-asked"
# Lookups of concurrent /paper add commands share these threads; a lookup still queued when its
# paper's time is up is reported as not answered in time.
_POOL = ThreadPoolExecutor(max_workers=16, thread_name_prefix="assay-signals")
_MARGIN_SECONDS = 2.0
GRACE_SECONDS = 5.0  # the longest a ready card waits for its signals


@dataclass(frozen=True)
class CitationsSignal:
    status: str  # found | not-indexed | unavailable | not-asked
    counts: CitationCounts | None = None
    problem: str | None = None

    def columns(self) -> dict[str, Any]:
        counts = self.counts
        return {
            "citation_count": counts.count if counts else None,
            "influential_citations": counts.influential if counts else None,
            "citations_status": self.status,
            "citations_as_of": counts.as_of if counts else None,
            "citations_problem": self.problem,
        }


@dataclass(frozen=True)
class CommunitySignal:
    status: str
    page: PaperPage | None = None
    problem: str | None = None

    def columns(self) -> dict[str, Any]:
        page = self.page
        return {
            "official_code": page.github_repo if page else None,
            "upvotes": page.upvotes if page else None,
            "github_stars": page.github_stars if page else None,
            "project_page": page.project_page if page else None,
            "community_status": self.status,
            "community_as_of": page.as_of if page else None,
            "community_problem": self.problem,
        }


@dataclass(frozen=True)
class PaperSignals:
    citations: CitationsSignal
    community: CommunitySignal


NOT_ASKED_SIGNALS = PaperSignals(CitationsSignal(NOT_ASKED), CommunitySignal(NOT_ASKED))


def ask_citations(client: SemanticScholarClient, arxiv_id: str) -> CitationsSignal:
    try:
        counts = client.counts(arxiv_id)
    except SignalUnavailable as exc:
        log.warning("citations of %s unavailable: %s", arxiv_id, exc.reason)
        return CitationsSignal(UNAVAILABLE, problem=exc.reason)
    if counts is None:
        return CitationsSignal(NOT_INDEXED, problem="Semantic Scholar does not list this paper yet")
    return CitationsSignal(FOUND, counts)


def ask_community(client: HuggingFaceClient, arxiv_id: str) -> CommunitySignal:
    try:
        page = client.paper(arxiv_id)
    except SignalUnavailable as exc:
        log.warning("Hugging Face page of %s unavailable: %s", arxiv_id, exc.reason)
        return CommunitySignal(UNAVAILABLE, problem=exc.reason)
    if page is None:
        return CommunitySignal(NOT_INDEXED, problem="not indexed on Hugging Face Papers")
    return CommunitySignal(FOUND, page)


class PendingSignals:
    """Both lookups of one paper, started now; :meth:`result` waits for them, boundedly.

    Each lookup ends by itself within the timeout. Once the rest of the paper is ready, the wait
    for its signals is cut to ``GRACE_SECONDS`` more at most: a slow service then shows as missing
    on the card, and its late answer, remembered by the cache, reaches the paper at the refresh.
    """

    def __init__(self, s2: SemanticScholarClient, hf: HuggingFaceClient, arxiv_id: str, *, timeout: float) -> None:
        self.timeout = timeout
        self.started = time.monotonic()
        self._citations: Future[CitationsSignal] = _POOL.submit(ask_citations, s2, arxiv_id)
        self._community: Future[CommunitySignal] = _POOL.submit(ask_community, hf, arxiv_id)

    def result(self) -> PaperSignals:
        until = min(self.started + self.timeout + _MARGIN_SECONDS, time.monotonic() + min(self.timeout, GRACE_SECONDS))
        try:
            citations = self._citations.result(timeout=max(0.0, until - time.monotonic()))
        except FutureTimeout:
            citations = CitationsSignal(UNAVAILABLE, problem=f"Semantic Scholar did not answer within {self._waited()}")
        try:
            community = self._community.result(timeout=max(0.0, until - time.monotonic()))
        except FutureTimeout:
            community = CommunitySignal(UNAVAILABLE, problem=f"Hugging Face did not answer within {self._waited()}")
        return PaperSignals(citations, community)

    def _waited(self) -> str:
        return f"{time.monotonic() - self.started:.0f} s"
