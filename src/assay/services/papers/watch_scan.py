"""The arXiv watch scan: new submissions of a category, matched, scored, never repeated.

One scan of a watch:

1. asks arXiv for the category's submissions, newest first (``cat:<category>``), reading
   more (100, then up to 1000) only while everything returned is still new;
2. keeps those submitted after the scan window's start: the newest submission date seen
   by the previous scan less ``LOOKBACK`` (arXiv announces some papers days after they
   were submitted), but never before ``FIRST_SCAN`` ahead of the watch's creation; the
   first scan therefore covers the last 24 hours;
3. keeps those with any keyword (none: all) and no exclusion, each matched at the start of
   a word of the title or abstract, ignoring case and accents;
4. drops arXiv ids (without version) any watch of the same channel has reported before,
   so a new version or a cross-listed paper is never announced twice in a channel;
5. scores the rest with the triage heuristic from metadata alone (no PDF is downloaded:
   code links from abstract and comment, paper type estimated, relevance assumed) and
   ranks them by score, newest first among equals;
6. records the reported ids, the scan time and the newest submission date in one
   transaction.

Replacements of papers first submitted before the window are not new submissions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.arxiv.client import ArxivClient, ArxivEntry
from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.services.text_match import any_starts_a_word, fold
from assay.storage.models import Paper, PaperWatch, WatchSeen
from assay.triage.codelinks import find_code_links
from assay.triage.papertype import estimate_type
from assay.triage.priority import score_priority

log = logging.getLogger(__name__)
SCAN_STEPS = (100, 1000)  # results asked of arXiv; the larger only when the first is all new
FIRST_SCAN = timedelta(hours=24)
LOOKBACK = timedelta(days=3)


@dataclass(frozen=True)
class WatchHit:
    """A new submission worth showing in a watch's digest."""

    arxiv_id: str  # without version
    version: int | None
    title: str
    authors: tuple[str, ...]
    abstract: str
    categories: tuple[str, ...]
    primary_category: str
    published: datetime
    abs_url: str
    code_urls: tuple[str, ...]
    paper_type: str
    priority: str
    priority_score: int
    matched: tuple[str, ...]  # the watch's keywords found in it
    handle: str | None = None  # P<n> when the workspace already has the paper

    def data(self) -> dict[str, Any]:
        return {
            "arxiv_id": self.arxiv_id,
            "version": self.version,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published.isoformat(),
            "categories": list(self.categories),
            "code_urls": list(self.code_urls),
            "paper_type": self.paper_type,
            "priority": self.priority,
            "priority_score": self.priority_score,
            "matched": list(self.matched),
            "handle": self.handle,
        }


def scan_window_start(watch: PaperWatch) -> datetime:
    """The submission date after which entries count as new for this watch's next scan."""
    floor = watch.created_at - FIRST_SCAN
    if watch.last_seen_published is None:
        return floor
    return max(floor, watch.last_seen_published - LOOKBACK)


def scan_watch(runtime: Runtime, watch_id: int) -> list[WatchHit]:
    """New submissions for the watch, best first, each reported once per channel.

    Raises NotFound when the watch does not exist or was stopped, and UpstreamError or
    UserError from arXiv (nothing is recorded then).
    """
    now = runtime.clock.now()
    with runtime.db.session() as session:
        watch = _active_watch(session, watch_id)
        category, since = watch.category, scan_window_start(watch)
        keywords, exclude = [fold(k) for k in watch.keywords], [fold(x) for x in watch.exclude]
    entries = _fetch_since(runtime.arxiv, category, since)
    newest = max((e.published for e in entries), default=None)
    candidates: dict[str, WatchHit] = {}
    for entry in entries:
        text = fold(f"{entry.title}\n{entry.abstract}")
        matched = any_starts_a_word(text, keywords)
        if (keywords and not matched) or any_starts_a_word(text, exclude):
            continue
        if entry.id.base not in candidates:  # the same paper twice in one feed counts once
            candidates[entry.id.base] = _hit(entry, watch.keywords, keywords, matched, now)
    for _attempt in range(3):
        try:
            return _record(runtime, watch_id, candidates, newest, now)
        except IntegrityError:
            continue  # a concurrent scan of this watch recorded some of them first: look again
    raise UserError("The watch could not be scanned because of concurrent scans. Try again.")


def _active_watch(session: Session, watch_id: int) -> PaperWatch:
    watch = session.get(PaperWatch, watch_id)
    if watch is None or not watch.active:
        raise NotFound(f"There is no active watch with id {watch_id}.")
    return watch


def _fetch_since(arxiv: ArxivClient, category: str, since: datetime) -> list[ArxivEntry]:
    """The category's submissions newer than ``since``, newest first."""
    entries: list[ArxivEntry] = []
    for limit in SCAN_STEPS:
        entries = arxiv.search(f"cat:{category}", max_results=limit)
        if len(entries) < limit or min(e.published for e in entries) <= since:
            break
    else:
        log.warning("watch scan of %s: more than %d new submissions; the oldest were not read", category, limit)
    return [e for e in entries if e.published > since]


def _hit(entry: ArxivEntry, shown: list[str], folded: list[str], matched: list[str], now: datetime) -> WatchHit:
    code = find_code_links(entry.abstract, entry.comment or "")
    estimate = estimate_type(entry.title, entry.abstract, entry.categories)
    score = score_priority(
        published=entry.published.date(),
        today=now.date(),
        has_code=bool(code),
        paper_type=estimate.type,
        paper_type_estimated=True,
        relevance=None,
        citations=None,
    )
    return WatchHit(
        arxiv_id=entry.id.base,
        version=entry.id.version,
        title=entry.title,
        authors=entry.authors,
        abstract=entry.abstract,
        categories=entry.categories,
        primary_category=entry.primary_category,
        published=entry.published,
        abs_url=entry.abs_url,
        code_urls=tuple(code),
        paper_type=estimate.type.value,
        priority=score.priority.value,
        priority_score=score.score,
        matched=tuple(shown[folded.index(m)] for m in matched),
    )


def _record(
    runtime: Runtime, watch_id: int, candidates: dict[str, WatchHit], newest: datetime | None, now: datetime
) -> list[WatchHit]:
    with runtime.db.session() as session:
        watch = _active_watch(session, watch_id)
        seen = _seen_in_channel(session, watch, list(candidates))
        handles = _handles(session, watch.team_id, list(candidates))
        hits = [replace(h, handle=handles.get(i)) for i, h in candidates.items() if i not in seen]
        for hit in hits:
            session.add(WatchSeen(team_id=watch.team_id, watch_id=watch_id, arxiv_id=hit.arxiv_id, seen_at=now))
        watch.last_scan_at = now
        if newest is not None and (watch.last_seen_published is None or newest > watch.last_seen_published):
            watch.last_seen_published = newest
        session.flush()
    return sorted(hits, key=lambda h: (-h.priority_score, -h.published.timestamp(), h.arxiv_id))


def _seen_in_channel(session: Session, watch: PaperWatch, ids: list[str]) -> set[str]:
    """Ids any watch of this channel (stopped ones too) has already reported."""
    if not ids:
        return set()
    query = (
        select(col(WatchSeen.arxiv_id))
        .join(PaperWatch, col(PaperWatch.id) == col(WatchSeen.watch_id))
        .where(
            col(PaperWatch.team_id) == watch.team_id,
            col(PaperWatch.channel) == watch.channel,
            col(WatchSeen.arxiv_id).in_(ids),
        )
    )
    return set(session.execute(query).scalars())


def _handles(session: Session, team_id: str, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    query = select(col(Paper.arxiv_id), col(Paper.number)).where(
        col(Paper.team_id) == team_id, col(Paper.arxiv_id).in_(ids)
    )
    return {row.arxiv_id: f"P{row.number}" for row in session.execute(query)}
