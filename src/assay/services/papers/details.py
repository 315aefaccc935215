"""What ``/paper show`` adds to the card: notes, discussion, linked techniques and gut checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from assay.services.notes.queries import ShownNote, paper_notes, shown_notes
from assay.services.papers.card import CardState, card_state
from assay.storage.models import DiscussionMessage, Paper


@dataclass
class PaperDetails:
    card: CardState
    thread: dict[str, str] | None
    discussion_count: int
    notes: list[ShownNote] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {
            "notes": [
                {
                    "pass": n.note.pass_number,
                    "author": n.note.author,
                    "decision": n.note.decision,
                    "summary": n.note.summary,
                }
                for n in self.notes
            ],
            "discussion_count": self.discussion_count,
            "thread": self.thread,
            "techniques": [{"name": t.name, "ring": t.ring} for t in self.card.techniques],
            "gut_checks": [
                {"id": f"G{g.number}", "claim": g.claim, "status": g.status, "verdict": g.last_verdict}
                for g in self.card.gut_checks
            ],
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
    return PaperDetails(
        card=card_state(session, paper),
        thread=thread,
        discussion_count=discussion_count(session, paper.team_id, paper.thread_channel, paper.thread_ts),
        notes=shown_notes(paper_notes(session, paper)),
    )
