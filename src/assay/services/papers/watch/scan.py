"""The arXiv watch scan: what arXiv announced today in a category, matched, scored, never repeated.

One scan of a watch:

1. reads the category's daily listing feed (``ASSAY_ARXIV_LISTING_URL/<category>``); an empty
   feed (weekends, holidays) is an ordinary day with nothing in it;
2. keeps the announcements of type ``new``, and ``cross`` when the watch asks for cross-lists
   (``cross=yes``); replacements are never new, but a new version of a paper the workspace
   already has is noted once in that paper's home thread (``new_versions``);
3. keeps those with any keyword (none: all) and no exclusion, each matched at the start of a
   word of the title or abstract, ignoring case and accents;
4. drops arXiv ids (without version) any watch of the same channel has reported before, so a
   paper is never announced twice in a channel;
5. asks the arXiv API once, batched, for the rest (comments with code links, the date of first
   submission); if the API fails, the listing's own data is used and the digest says so;
6. scores them with the triage heuristic from metadata alone (no PDF is downloaded) and ranks
   them by score, newest first among equals;
7. records the reported ids, the feed's state (a feed unchanged on 4 announcement days is
   reported once as possibly stale) and the scan time in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.arxiv.client import ArxivEntry
from assay.arxiv.listing import Listing, ListingItem
from assay.errors import NotFound, UpstreamError, UserError
from assay.runtime import Runtime
from assay.services.papers.watch.feed import FeedState, check_feed, counts_for_watch, is_new_version, listing_day
from assay.services.papers.watch.new_versions import NewVersion, note_new_versions
from assay.services.text_match import any_starts_a_word, fold
from assay.storage.models import Paper, PaperWatch, WatchSeen
from assay.triage.codelinks import find_code_links
from assay.triage.papertype import estimate_type
from assay.triage.priority import score_priority

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatchHit:
    """A new announcement worth showing in a watch's digest."""

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
    announce_type: str = "new"  # new | cross

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
            "announce_type": self.announce_type,
        }


@dataclass(frozen=True)
class WatchScan:
    hits: list[WatchHit]
    new_versions: list[NewVersion]
    stale: bool  # the feed looks frozen: say so in the channel (once)
    enrich_problem: str | None = None  # why the arXiv API's details are missing, if they are


@dataclass(frozen=True)
class _Match:
    item: ListingItem
    matched: tuple[str, ...]


def scan_watch(runtime: Runtime, watch_id: int) -> WatchScan:
    """Today's new announcements for the watch, best first, each reported once per channel.

    Raises NotFound when the watch does not exist or was stopped, and UpstreamError or UserError
    when the listing feed cannot be read (nothing is recorded then, so the next run reads it again).
    """
    now = runtime.clock.now()
    with runtime.db.session() as session:
        watch = _active_watch(session, watch_id)
        category, cross, channel, team = watch.category, watch.cross, watch.channel, watch.team_id
        keywords, exclude = [fold(k) for k in watch.keywords], [fold(x) for x in watch.exclude]
        shown_keywords = list(watch.keywords)
    listing = runtime.arxiv_listing.fetch([category])
    matches: dict[str, _Match] = {}
    for item in listing.items:
        if not counts_for_watch(item, cross=cross) or item.id.base in matches:
            continue
        text = fold(f"{item.title}\n{item.abstract}")
        found = any_starts_a_word(text, keywords)
        if (keywords and not found) or any_starts_a_word(text, exclude):
            continue
        matches[item.id.base] = _Match(item, tuple(shown_keywords[keywords.index(m)] for m in found))
    with runtime.db.session() as session:
        unseen = [i for i in matches if i not in _seen_in_channel(session, team, channel, list(matches))]
    entries, problem = _enrich(runtime, [matches[i].item for i in unseen])
    hits = {i: _hit(matches[i], entries.get(i), now) for i in unseen}
    new_versions = [item for item in listing.items if is_new_version(item)]
    for _attempt in range(3):
        try:
            return _record(runtime, watch_id, hits, listing, new_versions, problem, now)
        except IntegrityError:
            continue  # a concurrent scan of this watch recorded some of them first: look again
    raise UserError("The watch could not be scanned because of concurrent scans. Try again.")


def _active_watch(session: Session, watch_id: int) -> PaperWatch:
    watch = session.get(PaperWatch, watch_id)
    if watch is None or not watch.active:
        raise NotFound(f"There is no active watch with id {watch_id}.")
    return watch


def _enrich(runtime: Runtime, items: Sequence[ListingItem]) -> tuple[dict[str, ArxivEntry], str | None]:
    """The arXiv API's entries for the day's matches, in one batched call; the listing's own
    data stands in (and the problem is named) when the API fails."""
    if not items:
        return {}, None
    try:
        return runtime.arxiv.fetch([item.id for item in items]), None
    except (UpstreamError, UserError) as exc:
        log.warning("watch digest without arXiv API details: %s", exc.message)
        return {}, exc.message


def _hit(match: _Match, entry: ArxivEntry | None, now: datetime) -> WatchHit:
    item = match.item
    abstract = entry.abstract if entry is not None else item.abstract
    comment = entry.comment if entry is not None else None
    categories = entry.categories if entry is not None else item.categories
    published = entry.published if entry is not None else (item.announced or now)
    code = find_code_links(abstract, comment or "")
    estimate = estimate_type(item.title, abstract, categories)
    score = score_priority(
        published=published.date(),
        today=now.date(),
        has_code=bool(code),
        paper_type=estimate.type,
        paper_type_estimated=True,
        relevance=None,
        citations=None,
    )
    return WatchHit(
        arxiv_id=item.id.base,
        version=item.id.version,
        title=entry.title if entry is not None else item.title,
        authors=entry.authors if entry is not None else item.authors,
        abstract=abstract,
        categories=categories,
        primary_category=entry.primary_category if entry is not None else (categories or ("",))[0],
        published=published,
        abs_url=f"https://arxiv.org/abs/{item.id}",
        code_urls=tuple(code),
        paper_type=estimate.type.value,
        priority=score.priority.value,
        priority_score=score.score,
        matched=match.matched,
        announce_type=item.announce_type,
    )


def _record(
    runtime: Runtime,
    watch_id: int,
    candidates: dict[str, WatchHit],
    listing: Listing,
    replacements: list[ListingItem],
    problem: str | None,
    now: datetime,
) -> WatchScan:
    with runtime.db.session() as session:
        watch = _active_watch(session, watch_id)
        seen = _seen_in_channel(session, watch.team_id, watch.channel, list(candidates))
        handles = _handles(session, watch.team_id, list(candidates))
        hits = [replace(h, handle=handles.get(i)) for i, h in candidates.items() if i not in seen]
        for hit in hits:
            session.add(WatchSeen(team_id=watch.team_id, watch_id=watch_id, arxiv_id=hit.arxiv_id, seen_at=now))
        check = check_feed(_feed_state(watch), listing.fingerprint(), listing_day(now))
        _keep_feed_state(watch, check.state)
        watch.last_scan_at = now
        newest = max((h.published for h in hits), default=None)
        if newest is not None and (watch.last_seen_published is None or newest > watch.last_seen_published):
            watch.last_seen_published = newest
        noted = note_new_versions(session, watch.team_id, replacements)
        session.flush()
    hits.sort(key=lambda h: (-h.priority_score, -h.published.timestamp(), h.arxiv_id))
    return WatchScan(hits=hits, new_versions=noted, stale=check.report_stale, enrich_problem=problem if hits else None)


def _feed_state(watch: PaperWatch) -> FeedState:
    return FeedState(
        watch.listing_fingerprint, watch.listing_checked_on, watch.listing_unchanged_days, watch.listing_stale_noted
    )


def _keep_feed_state(watch: PaperWatch, state: FeedState) -> None:
    watch.listing_fingerprint = state.fingerprint
    watch.listing_checked_on = state.checked_on
    watch.listing_unchanged_days = state.unchanged_days
    watch.listing_stale_noted = state.stale_noted


def _seen_in_channel(session: Session, team_id: str, channel: str, ids: list[str]) -> set[str]:
    """Ids any watch of this channel (stopped ones too) has already reported."""
    if not ids:
        return set()
    query = (
        select(col(WatchSeen.arxiv_id))
        .join(PaperWatch, col(PaperWatch.id) == col(WatchSeen.watch_id))
        .where(
            col(PaperWatch.team_id) == team_id,
            col(PaperWatch.channel) == channel,
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
