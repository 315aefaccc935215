"""A prediction's review-date reminder: at 09:00 on the team's clocks, in the channel where it
was made, with buttons to resolve it. Resolving cancels it; however late, it still goes out
(the question is still open)."""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session

from assay.runtime import Runtime
from assay.scheduling.calendar import at_local
from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.services.schedules.compose import Composition, Moot
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import Paper, Prediction, ScheduledItem, Technique
from assay.views.predictions import prediction_reminder

SUBJECT = "prediction"
REMIND_AT = time(9, 0)


def plan_reminder(session: Session, prediction: Prediction, tz: str, now: datetime, *, replace: bool = False) -> None:
    """Plan the review-date reminder at 09:00 in ``tz``; ``replace`` moves a pending one (a new zone)."""
    assert prediction.id is not None
    if replace:
        cancel_reminder(session, prediction)
    items.plan(
        session,
        team_id=prediction.team_id,
        kind=Kind.PREDICTION_DUE,
        key=f"{Kind.PREDICTION_DUE.value}:{prediction.id}",
        due_at=at_local(prediction.review_on, REMIND_AT, tz),
        now=now,
        timezone=tz,
        subject=(SUBJECT, prediction.id),
    )


def cancel_reminder(session: Session, prediction: Prediction) -> None:
    assert prediction.id is not None
    items.cancel(session, prediction.team_id, (SUBJECT, prediction.id))


def compose_due(runtime: Runtime, item: ScheduledItem, now: datetime) -> Composition:
    with runtime.db.session() as session:
        prediction = session.get(Prediction, item.subject_id or 0)
        if prediction is None or prediction.team_id != item.team_id:
            raise Moot("the prediction is gone")
        if prediction.outcome is not None:
            raise Moot(f"F{prediction.number} was resolved")
        paper = session.get(Paper, prediction.paper_id) if prediction.paper_id else None
        technique = session.get(Technique, prediction.technique_id) if prediction.technique_id else None
    target = f"P{paper.number}" if paper is not None else (technique.name if technique is not None else "?")
    text, blocks = prediction_reminder(prediction, target)
    if prediction.channel:
        return Composition([OutgoingMessage(text, blocks, prediction.channel)])
    return Composition([OutgoingMessage(text, blocks, user=prediction.made_by)])
