"""What one daily run of an arXiv watch posts: the contract between the watch and the scheduler.

The scheduler calls :func:`daily_posts` once per watch per day and posts every announcement
it returns (through Slack, or printed in the local shell). Whatever the scan reads and
however it ranks, this is the only door the scheduler uses.
"""

from __future__ import annotations

from datetime import datetime

from assay.replies import Announcement
from assay.runtime import Runtime
from assay.services.papers.watch_scan import scan_watch
from assay.services.schedules.compose import Composition, Moot
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import PaperWatch, ScheduledItem
from assay.views.paper.watch import watch_digest


def daily_posts(runtime: Runtime, watch_id: int) -> list[Announcement]:
    """Scan the watch and return what to post: the digest in the watch's channel (nothing
    when there is nothing new). Raises NotFound for a stopped watch and UpstreamError when
    arXiv fails (nothing is recorded then, so the next run reads the same submissions)."""
    hits = scan_watch(runtime, watch_id)
    if not hits:
        return []
    with runtime.db.session() as session:
        watch = session.get(PaperWatch, watch_id)
        assert watch is not None  # scan_watch raised NotFound otherwise
    digest = watch_digest(watch, hits)
    return [Announcement(text=digest.text, blocks=digest.blocks, channel=watch.channel)]


def compose_watch(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    """Today's run of a watch: its digest (if anything is new) and any notes it has."""
    with runtime.db.session() as session:
        watch = session.get(PaperWatch, item.subject_id or 0)
        if watch is None or watch.team_id != item.team_id or not watch.active:
            raise Moot("the watch was stopped")
    return Composition([OutgoingMessage.from_announcement(a) for a in daily_posts(runtime, watch.id or 0)])
