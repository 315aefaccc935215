"""New versions of the workspace's papers, seen in arXiv's listings: noted once in the paper's thread.

A replacement is never a new paper for a watch's digest, but the people reading the paper want
to know that v3 is out. Each version is noted once per workspace, however many watches (or
processes) see it: the note is claimed by a conditional update of ``Paper.newest_version``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlmodel import Session, col

from assay.arxiv.listing import ListingItem
from assay.storage.models import Paper


@dataclass(frozen=True)
class NewVersion:
    handle: str
    title: str
    version: int
    abs_url: str
    journal_ref: str | None
    thread_channel: str
    thread_ts: str


def note_new_versions(session: Session, team_id: str, items: Sequence[ListingItem]) -> list[NewVersion]:
    """Claim the newer versions among ``items`` for the team's papers that have a home thread.

    A version no newer than the one added, or than one noted before, is skipped.
    """
    versions = {item.id.base: item for item in items if item.id.version}
    if not versions:
        return []
    papers = session.execute(
        select(Paper).where(
            col(Paper.team_id) == team_id,
            col(Paper.arxiv_id).in_(list(versions)),
            col(Paper.thread_channel).is_not(None),
            col(Paper.thread_ts).is_not(None),
        )
    ).scalars()
    noted = []
    for paper in papers:
        item = versions[paper.arxiv_id]
        version = item.id.version or 0
        if version <= (paper.version or 0):
            continue
        claimed = session.execute(
            update(Paper)
            .where(
                col(Paper.id) == paper.id,
                or_(col(Paper.newest_version).is_(None), col(Paper.newest_version) < version),
            )
            .values(newest_version=version)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            continue  # noted already, by this or another watch
        assert paper.thread_channel is not None and paper.thread_ts is not None
        noted.append(
            NewVersion(
                handle=f"P{paper.number}",
                title=paper.title,
                version=version,
                abs_url=f"https://arxiv.org/abs/{item.id}",
                journal_ref=item.journal_ref,
                thread_channel=paper.thread_channel,
                thread_ts=paper.thread_ts,
            )
        )
    return noted
