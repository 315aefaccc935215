"""What one daily run of an arXiv watch posts: the contract between the watch and the scheduler.

The scheduler calls :func:`daily_posts` once per watch per day and posts every announcement
it returns (through Slack, or printed in the local shell). Whatever the scan reads and
however it ranks, this is the only door the scheduler uses.
"""

from __future__ import annotations

from assay.replies import Announcement
from assay.runtime import Runtime
from assay.services.papers.watch_scan import scan_watch
from assay.storage.models import PaperWatch
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
