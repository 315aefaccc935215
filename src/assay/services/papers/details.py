"""What ``/paper show`` adds to the card: discussion, linked techniques and gut checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from assay.storage.models import DiscussionMessage, GutCheck, Paper, Technique, TechniquePaper


@dataclass
class PaperDetails:
    thread: dict[str, str] | None
    discussion_count: int
    techniques: list[dict[str, Any]] = field(default_factory=list)
    gut_checks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "discussion_count": self.discussion_count,
            "thread": self.thread,
            "techniques": self.techniques,
            "gut_checks": self.gut_checks,
        }


def discussion_count(session: Session, team_id: str, channel: str | None, ts: str | None) -> int:
    """Human replies (not deleted) in a home thread."""
    if not channel or not ts:
        return 0
    query = select(func.count()).where(
        DiscussionMessage.team_id == team_id,  # type: ignore[arg-type]
        DiscussionMessage.channel == channel,  # type: ignore[arg-type]
        DiscussionMessage.thread_ts == ts,  # type: ignore[arg-type]
        DiscussionMessage.deleted == False,  # type: ignore[arg-type]  # noqa: E712
    )
    return int(session.execute(query).scalar() or 0)


def paper_details(session: Session, paper: Paper) -> PaperDetails:
    thread = (
        {"channel": paper.thread_channel, "ts": paper.thread_ts} if paper.thread_channel and paper.thread_ts else None
    )
    techniques = session.execute(
        select(Technique)
        .join(TechniquePaper, TechniquePaper.technique_id == Technique.id)  # type: ignore[arg-type]
        .where(TechniquePaper.paper_id == paper.id, Technique.team_id == paper.team_id)  # type: ignore[arg-type]
        .order_by(Technique.name_key)
    ).scalars()
    checks = session.execute(
        select(GutCheck)
        .where(GutCheck.paper_id == paper.id, GutCheck.team_id == paper.team_id)  # type: ignore[arg-type]
        .order_by(GutCheck.number)  # type: ignore[arg-type]
    ).scalars()
    return PaperDetails(
        thread=thread,
        discussion_count=discussion_count(session, paper.team_id, paper.thread_channel, paper.thread_ts),
        techniques=[{"name": t.name, "ring": t.ring} for t in techniques],
        gut_checks=[
            {"id": f"G{g.number}", "claim": g.claim, "status": g.status, "verdict": g.last_verdict} for g in checks
        ],
    )
