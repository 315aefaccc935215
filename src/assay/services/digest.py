"""The weekly channel digest: the seven days before each post, and the week ahead.

Planned from ``/assay settings digest="mon 09:00" digest-channel=#research`` in the team's
time zone. It covers papers added, reading passes completed, radar moves, gut-check verdicts
and discussion in home threads during the seven days before the post, and the deadlines of
the seven days after it. A week with nothing to say posts nothing. Every part is one
aggregate query, so its cost does not grow with the number of rows it summarises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from assay.radar.rules import RINGS_NEEDING_OWNER
from assay.runtime import Runtime
from assay.scheduling.calendar import local_date, next_fire
from assay.scheduling.kinds import Kind
from assay.scheduling.phrases import parse_recurrence
from assay.services.schedules import items
from assay.services.schedules.compose import Composition, Moot
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import (
    DiscussionMessage,
    GutCheck,
    Paper,
    PassNote,
    Prediction,
    RadarMove,
    ScheduledItem,
    Technique,
    Workspace,
)
from assay.views.digest import digest_blocks

WEEK = timedelta(days=7)
SHOWN = 8


@dataclass
class Digest:
    since: datetime
    until: datetime
    timezone: str
    papers: list[dict[str, Any]] = field(default_factory=list)
    papers_total: int = 0
    passes: int = 0
    moves: list[dict[str, Any]] = field(default_factory=list)
    moves_total: int = 0
    verdicts: list[dict[str, Any]] = field(default_factory=list)
    replies: int = 0
    threads: int = 0
    deadlines: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        news = (self.papers_total, self.passes, self.moves_total, len(self.verdicts), self.replies)
        return not any(news) and not self.deadlines

    def data(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "papers_added": self.papers_total,
            "papers": self.papers,
            "passes_completed": self.passes,
            "radar_moves": self.moves,
            "verdicts": self.verdicts,
            "discussion": {"replies": self.replies, "threads": self.threads},
            "deadlines": self.deadlines,
        }


def next_digest(workspace: Workspace, now: datetime) -> datetime | None:
    """When the next weekly digest is due (None: the digest is off or has no channel)."""
    if not (workspace.digest_schedule and workspace.digest_channel):
        return None
    return next_fire(parse_recurrence(workspace.digest_schedule).cron, workspace.timezone, now)


def plan_next_digest(session: Session, workspace: Workspace, now: datetime) -> ScheduledItem | None:
    """Plan the next weekly digest of ``workspace`` (idempotent); None when it has none."""
    due = next_digest(workspace, now)
    if due is None:
        return None
    return items.plan(
        session,
        team_id=workspace.team_id,
        kind=Kind.DIGEST,
        key=f"{Kind.DIGEST.value}:{workspace.digest_schedule}:{workspace.timezone}:{due.isoformat()}",
        due_at=due,
        now=now,
        timezone=workspace.timezone,
        subject=("digest", 0),
        payload={"schedule": workspace.digest_schedule, "channel": workspace.digest_channel},
    )


def build_digest(session: Session, team_id: str, until: datetime, tz: str) -> Digest:
    """What happened in the seven days before ``until`` and what is due in the seven after."""
    since = until - WEEK
    digest = Digest(since=since, until=until, timezone=tz)
    _papers(session, digest, team_id)
    digest.passes = _passes_completed(session, team_id, since, until)
    _moves(session, digest, team_id)
    _verdicts(session, digest, team_id)
    replies, threads = session.execute(
        select(func.count(), func.count(func.distinct(col(DiscussionMessage.thread_ts)))).where(
            col(DiscussionMessage.team_id) == team_id,
            col(DiscussionMessage.deleted).is_(False),
            col(DiscussionMessage.posted_at) > since,
            col(DiscussionMessage.posted_at) <= until,
        )
    ).one()
    digest.replies, digest.threads = int(replies), int(threads)
    _deadlines(session, digest, team_id)
    return digest


def _papers(session: Session, digest: Digest, team_id: str) -> None:
    window = (col(Paper.team_id) == team_id, col(Paper.added_at) > digest.since, col(Paper.added_at) <= digest.until)
    digest.papers_total = int(session.execute(select(func.count()).where(*window)).scalar() or 0)
    rows = session.execute(
        select(col(Paper.number), col(Paper.title), col(Paper.priority), col(Paper.stage))
        .where(*window)
        .order_by(col(Paper.priority_score).desc().nulls_last(), col(Paper.added_at))
        .limit(SHOWN)
    ).all()
    digest.papers = [{"handle": f"P{n}", "title": t, "priority": p, "stage": s} for n, t, p, s in rows]


def _passes_completed(session: Session, team_id: str, since: datetime, until: datetime) -> int:
    """Reading passes first noted in the window: a reader's pass of a paper counts once, however
    often the note is revised."""
    first = (
        select(func.min(col(PassNote.created_at)).label("first"))
        .where(col(PassNote.team_id) == team_id)
        .group_by(col(PassNote.paper_id), col(PassNote.author), col(PassNote.pass_number))
        .subquery()
    )
    query = select(func.count()).select_from(first).where(first.c.first > since, first.c.first <= until)
    return int(session.execute(query).scalar() or 0)


def _moves(session: Session, digest: Digest, team_id: str) -> None:
    window = (
        col(RadarMove.team_id) == team_id,
        col(RadarMove.at) > digest.since,
        col(RadarMove.at) <= digest.until,
    )
    digest.moves_total = int(session.execute(select(func.count()).select_from(RadarMove).where(*window)).scalar() or 0)
    rows = session.execute(
        select(col(Technique.name), col(RadarMove.from_ring), col(RadarMove.to_ring), col(RadarMove.by))
        .join(Technique, col(Technique.id) == col(RadarMove.technique_id))
        .where(*window)
        .order_by(col(RadarMove.at).desc())
        .limit(SHOWN)
    ).all()
    digest.moves = [{"technique": n, "from": f, "to": t, "by": b} for n, f, t, b in rows]


def _verdicts(session: Session, digest: Digest, team_id: str) -> None:
    rows = session.execute(
        select(col(GutCheck.number), col(GutCheck.last_verdict), col(GutCheck.claim), col(GutCheck.status))
        .where(
            col(GutCheck.team_id) == team_id,
            col(GutCheck.verdict_at) > digest.since,
            col(GutCheck.verdict_at) <= digest.until,
            col(GutCheck.last_verdict) != "INSUFFICIENT_DATA",
        )
        .order_by(col(GutCheck.verdict_at).desc())
        .limit(SHOWN)
    ).all()
    digest.verdicts = [{"id": f"G{n}", "verdict": v, "claim": c, "status": s} for n, v, c, s in rows]


def _deadlines(session: Session, digest: Digest, team_id: str) -> None:
    ahead = digest.until + WEEK
    first_day, last_day = local_date(digest.until, digest.timezone), local_date(ahead, digest.timezone)
    checks = session.execute(
        select(col(GutCheck.number), col(GutCheck.timebox_ends), col(GutCheck.owner))
        .where(
            col(GutCheck.team_id) == team_id,
            col(GutCheck.status) == "open",
            col(GutCheck.timebox_ends) > digest.until,
            col(GutCheck.timebox_ends) <= ahead,
        )
        .order_by(col(GutCheck.timebox_ends))
        .limit(SHOWN)
    ).all()
    techniques = session.execute(
        select(col(Technique.name), col(Technique.due), col(Technique.owner))
        .where(
            col(Technique.team_id) == team_id,
            col(Technique.ring).in_([r.value for r in RINGS_NEEDING_OWNER]),
            col(Technique.due) >= first_day,
            col(Technique.due) <= last_day,
        )
        .order_by(col(Technique.due))
        .limit(SHOWN)
    ).all()
    predictions = session.execute(
        select(col(Prediction.number), col(Prediction.review_on), col(Prediction.made_by))
        .where(
            col(Prediction.team_id) == team_id,
            col(Prediction.outcome).is_(None),
            col(Prediction.review_on) >= first_day,
            col(Prediction.review_on) <= last_day,
        )
        .order_by(col(Prediction.review_on))
        .limit(SHOWN)
    ).all()
    tz = digest.timezone
    deadlines = [
        {"what": f"G{n} time-box ends", "at": ends.isoformat(), "day": local_date(ends, tz).isoformat(), "who": o}
        for n, ends, o in checks
    ]
    deadlines += [{"what": f"{name}: next action due", "day": due.isoformat(), "who": o} for name, due, o in techniques]
    deadlines += [{"what": f"F{n} due for review", "day": day.isoformat(), "who": o} for n, day, o in predictions]
    digest.deadlines = sorted(deadlines, key=lambda d: str(d["day"]))


def compose_digest(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    """The digest for the week before the item's due time, in the digest channel; nothing for
    a week without news or deadlines."""
    with runtime.db.session() as session:
        workspace = session.get(Workspace, item.team_id)
        if workspace is None or workspace.digest_schedule != item.payload.get("schedule"):
            raise Moot("the digest was turned off or rescheduled")
        channel = workspace.digest_channel
        if not channel:
            raise Moot("the digest has no channel")
        digest = build_digest(session, item.team_id, item.due_at, workspace.timezone)
    if digest.empty:
        return Composition()
    text, blocks = digest_blocks(digest)
    return Composition([OutgoingMessage(text, blocks, channel)])
