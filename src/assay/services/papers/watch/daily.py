"""What one daily run of an arXiv watch posts: the contract between the watch and the scheduler.

The scheduler calls :func:`daily_posts` once per watch per day and posts every announcement
it returns (through Slack, or printed in the local shell). Whatever the scan reads and
however it ranks, this is the only door the scheduler uses.
"""

from __future__ import annotations

from datetime import datetime

from assay.replies import Announcement, ThreadRef
from assay.runtime import Runtime
from assay.services.papers.watch.feed import STALE_AFTER_DAYS
from assay.services.papers.watch.scan import scan_watch
from assay.services.schedules.compose import Composition, Moot
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import PaperWatch, ScheduledItem
from assay.views.paper.watch import new_version_note, stale_feed_notice, watch_digest


def daily_posts(runtime: Runtime, watch_id: int) -> list[Announcement]:
    """Scan the watch and return what to post: the digest of today's announcements in the watch's
    channel (nothing on a day with nothing new, weekends included), a one-time notice there when
    the category's feed looks frozen, and a note in each home thread of a paper the workspace
    has whose new version arXiv announced. Raises NotFound for a stopped watch, UpstreamError
    when the listing feed cannot be read (nothing is recorded then, so the next run reads it
    again) and UserError when arXiv has no listing for the category."""
    scan = scan_watch(runtime, watch_id)
    with runtime.db.session() as session:
        watch = session.get(PaperWatch, watch_id)
        assert watch is not None  # scan_watch raised NotFound otherwise
    posts: list[Announcement] = []
    if scan.hits:
        digest = watch_digest(watch, scan.hits, enrich_problem=scan.enrich_problem)
        posts.append(Announcement(text=digest.text, blocks=digest.blocks, channel=watch.channel))
    if scan.stale:
        notice = stale_feed_notice(watch, STALE_AFTER_DAYS)
        posts.append(Announcement(text=notice.text, blocks=notice.blocks, channel=watch.channel))
    for version in scan.new_versions:
        note = new_version_note(version)
        thread = ThreadRef(version.thread_channel, version.thread_ts)
        posts.append(Announcement(text=note.text, blocks=note.blocks, thread=thread))
    return posts


def compose_watch(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    """Today's run of a watch: its digest (if anything is new) and any notes it has."""
    with runtime.db.session() as session:
        watch = session.get(PaperWatch, item.subject_id or 0)
        if watch is None or watch.team_id != item.team_id or not watch.active:
            raise Moot("the watch was stopped")
    return Composition([OutgoingMessage.from_announcement(a) for a in daily_posts(runtime, watch.id or 0)])
