"""The review agenda, built from data: what changed on the radar since the last review, what
needs a decision, what was nominated, which predictions are due, and what Assay could not
deliver on time.

Each section is one query (no per-row lookups), so the agenda costs the same at ten
techniques and at a thousand; each lists at most ``SHOWN`` entries and counts the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from assay.radar.rules import Ring
from assay.scheduling.calendar import local_date
from assay.services.review.schedule import current_schedule, next_meeting
from assay.services.schedules.items import FAILED, STALE
from assay.services.workspaces import ensure_workspace
from assay.storage.models import (
    GutCheck,
    Paper,
    Prediction,
    RadarMove,
    ReviewNomination,
    ScheduledItem,
    Technique,
    Workspace,
)

SHOWN = 25


@dataclass
class Section:
    entries: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


@dataclass
class Agenda:
    since: datetime | None
    meeting: datetime | None
    timezone: str
    radar_changes: Section
    decisions_due: Section
    nominations: Section
    predictions_due: Section
    stale: Section

    @property
    def size(self) -> int:
        return sum(s.total for s in (self.radar_changes, self.decisions_due, self.nominations, self.predictions_due))

    def data(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "meeting": self.meeting.isoformat() if self.meeting else None,
            "radar_changes": self.radar_changes.entries,
            "decisions_due": self.decisions_due.entries,
            "nominations": self.nominations.entries,
            "predictions_due": self.predictions_due.entries,
            "stale": self.stale.entries,
            "counts": {
                "radar_changes": self.radar_changes.total,
                "decisions_due": self.decisions_due.total,
                "nominations": self.nominations.total,
                "predictions_due": self.predictions_due.total,
                "stale": self.stale.total,
            },
        }


def build_agenda(session: Session, team_id: str, now: datetime, default_tz: str = "UTC") -> Agenda:
    """The agenda of the next review as of ``now`` (the workspace is created if it is new)."""
    workspace = ensure_workspace(session, team_id, now, default_tz)
    schedule = current_schedule(session, team_id)
    meeting = next_meeting(schedule, now) if schedule is not None else None
    tz = workspace.timezone
    today = local_date(now, tz)
    until = local_date(meeting, tz) if meeting else today
    since = workspace.last_review_at
    return Agenda(
        since=since,
        meeting=meeting,
        timezone=tz,
        radar_changes=_radar_changes(session, team_id, since),
        decisions_due=_decisions_due(session, team_id, now, today),
        nominations=_nominations(session, team_id),
        predictions_due=_predictions_due(session, team_id, until),
        stale=_undelivered(session, workspace, since),
    )


def _counted(session: Session, query: Any) -> tuple[list[Any], int]:
    total = int(session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar() or 0)
    return list(session.execute(query.limit(SHOWN)).all()), total


def _radar_changes(session: Session, team_id: str, since: datetime | None) -> Section:
    query = (
        select(RadarMove, col(Technique.name))
        .join(Technique, col(Technique.id) == col(RadarMove.technique_id))
        .where(col(RadarMove.team_id) == team_id)
        .order_by(col(RadarMove.at).desc(), col(RadarMove.id).desc())
    )
    if since is not None:
        query = query.where(col(RadarMove.at) > since)
    rows, total = _counted(session, query)
    entries = [
        {"technique": name, "from": m.from_ring, "to": m.to_ring, "why": m.why, "by": m.by, "at": m.at.isoformat()}
        for m, name in rows
    ]
    return Section(entries, total)


def _decisions_due(session: Session, team_id: str, now: datetime, today: date) -> Section:
    checks, checks_total = _counted(
        session,
        select(col(GutCheck.number), col(GutCheck.claim), col(GutCheck.owner), col(GutCheck.timebox_ends))
        .where(col(GutCheck.team_id) == team_id, col(GutCheck.status) == "open", col(GutCheck.timebox_ends) <= now)
        .order_by(col(GutCheck.timebox_ends)),
    )
    techniques, techniques_total = _counted(
        session,
        select(col(Technique.name), col(Technique.ring), col(Technique.owner), col(Technique.due))
        .where(
            col(Technique.team_id) == team_id,
            or_(
                and_(col(Technique.ring) == Ring.TRIAL.value, col(Technique.due) < today),
                and_(col(Technique.ring) == Ring.ASSESS.value, col(Technique.owner).is_(None)),
            ),
        )
        .order_by(col(Technique.due), col(Technique.name_key)),
    )
    entries: list[dict[str, Any]] = [
        {
            "type": "gutcheck",
            "id": f"G{number}",
            "claim": claim,
            "owner": owner,
            "why": "time-box ended",
            "since": ends.isoformat(),
        }
        for number, claim, owner, ends in checks
    ]
    for name, ring, owner, due in techniques:
        why = f"TRIAL, next action due {due.isoformat()}" if ring == Ring.TRIAL.value else "ASSESS with no owner"
        entries.append({"type": "technique", "name": name, "ring": ring, "owner": owner, "why": why})
    return Section(entries[: SHOWN * 2], checks_total + techniques_total)


def _nominations(session: Session, team_id: str) -> Section:
    rows, total = _counted(
        session,
        select(ReviewNomination, col(Paper.number), col(Paper.title), col(Technique.name))
        .outerjoin(Paper, col(Paper.id) == col(ReviewNomination.paper_id))
        .outerjoin(Technique, col(Technique.id) == col(ReviewNomination.technique_id))
        .where(col(ReviewNomination.team_id) == team_id, col(ReviewNomination.meeting_id).is_(None))
        .order_by(col(ReviewNomination.at)),
    )
    entries = []
    for nomination, number, title, name in rows:
        if number is not None:
            entry = {"type": "paper", "ref": f"P{number}", "title": title}
        else:
            entry = {"type": "technique", "ref": name}
        entries.append({**entry, "by": nomination.by, "why": nomination.why, "at": nomination.at.isoformat()})
    return Section(entries, total)


def _predictions_due(session: Session, team_id: str, until: date) -> Section:
    rows, total = _counted(
        session,
        select(Prediction, col(Paper.number), col(Technique.name))
        .outerjoin(Paper, col(Paper.id) == col(Prediction.paper_id))
        .outerjoin(Technique, col(Technique.id) == col(Prediction.technique_id))
        .where(
            col(Prediction.team_id) == team_id,
            col(Prediction.outcome).is_(None),
            col(Prediction.review_on) <= until,
        )
        .order_by(col(Prediction.review_on), col(Prediction.number)),
    )
    entries = [
        {
            "id": f"F{p.number}",
            "target": f"P{number}" if number is not None else name,
            "statement": p.statement,
            "p": p.probability,
            "by": p.review_on.isoformat(),
            "made_by": p.made_by,
        }
        for p, number, name in rows
    ]
    return Section(entries, total)


def _undelivered(session: Session, workspace: Workspace, since: datetime | None) -> Section:
    """Scheduled posts that went stale or failed since the last review: nothing is dropped silently."""
    query = (
        select(ScheduledItem)
        .where(col(ScheduledItem.team_id) == workspace.team_id, col(ScheduledItem.status).in_([STALE, FAILED]))
        .order_by(col(ScheduledItem.due_at).desc())
    )
    if since is not None:
        query = query.where(col(ScheduledItem.due_at) > since)
    rows, total = _counted(session, query)
    entries = [
        {
            "kind": item.payload.get("of") or item.kind,
            "status": item.status,
            "due": item.due_at.isoformat(),
            "reason": item.last_error,
        }
        for (item,) in rows
    ]
    return Section(entries, total)
