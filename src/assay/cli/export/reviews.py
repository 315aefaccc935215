"""Predictions, review meetings and the review schedule in the export (listed in the index)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Kind, Record, iso, one_line, when
from assay.services.review.schedule import current_schedule
from assay.services.targets import load_target
from assay.storage.models import Prediction, ReviewMeeting, ReviewNomination


def collect_predictions(session: Session, team_id: str) -> list[Record]:
    rows = session.exec(select(Prediction).where(Prediction.team_id == team_id).order_by(col(Prediction.number))).all()
    return [
        {
            "id": f"F{p.number}",
            "target": load_target(session, team_id, p.paper_id, p.technique_id).label,
            "statement": p.statement,
            "p": p.probability,
            "by": iso(p.review_on),
            "made_by": p.made_by,
            "made_at": iso(p.made_at),
            "channel": p.channel,
            "outcome": p.outcome,
            "resolved_by": p.resolved_by,
            "resolved_at": iso(p.resolved_at),
        }
        for p in rows
    ]


def _prediction_line(p: Record) -> str:
    chance = f", p={p['p']:.0%}" if p["p"] is not None else ""
    outcome = {True: "came true", False: "did not come true", None: "open"}[p["outcome"]]
    return f"{p['id']} on {p['target']}: “{one_line(p['statement'])}”{chance}, review {p['by']} — {outcome}"


def collect_reviews(session: Session, team_id: str) -> list[Record]:
    """The schedule first (when there is one), then every closed meeting with its agenda and
    the nominations discussed, then the nominations still open."""
    records: list[Record] = []
    schedule = current_schedule(session, team_id)
    if schedule is not None:
        records.append(
            {
                "kind": "schedule",
                "expression": schedule.expression,
                "timezone": schedule.timezone,
                "lead_seconds": schedule.lead_seconds,
                "channel": schedule.channel,
                "set_by": schedule.created_by,
            }
        )
    nominations = session.exec(
        select(ReviewNomination).where(ReviewNomination.team_id == team_id).order_by(col(ReviewNomination.at))
    ).all()
    by_meeting: dict[int | None, list[Record]] = {}
    for n in nominations:
        target = load_target(session, team_id, n.paper_id, n.technique_id).label
        by_meeting.setdefault(n.meeting_id, []).append({"target": target, "why": n.why, "by": n.by, "at": iso(n.at)})
    meetings = session.exec(
        select(ReviewMeeting).where(ReviewMeeting.team_id == team_id).order_by(col(ReviewMeeting.closed_at))
    ).all()
    for m in meetings:
        records.append(
            {
                "kind": "meeting",
                "since": iso(m.since),
                "closed_at": iso(m.closed_at),
                "closed_by": m.closed_by,
                "agenda": m.agenda,
                "nominations": by_meeting.get(m.id, []),
            }
        )
    if by_meeting.get(None):
        records.append({"kind": "open nominations", "nominations": by_meeting[None]})
    return records


def _review_line(r: Record) -> str:
    if r["kind"] == "schedule":
        return f"Schedule: {r['expression']} ({r['timezone']}), agenda {r['lead_seconds'] // 3600} h before"
    nominated = "; ".join(f"{n['target']} ({n['by'] or 'someone'}: {one_line(n['why'])})" for n in r["nominations"])
    if r["kind"] == "meeting":
        counts = (r["agenda"] or {}).get("counts", {})
        parts = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items() if n)
        return f"Meeting closed {when(r['closed_at'])} by {r['closed_by'] or 'someone'}: {parts or 'empty agenda'}" + (
            f" · discussed {nominated}" if nominated else ""
        )
    return f"Open nominations: {nominated}"


PREDICTIONS = Kind(key="predictions", title="Predictions", collect=collect_predictions, index_line=_prediction_line)
REVIEWS = Kind(key="reviews", title="Review meetings", collect=collect_reviews, index_line=_review_line)
