"""Make, resolve and list predictions; the team's calibration as a Brier score.

The Brier score is the mean of (p − outcome)² over resolved predictions that carry a
probability: 0 is perfect, 0.25 is what always saying 50% earns, and lower is better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.commands.context import Ctx
from assay.errors import NotFound, UserError
from assay.scheduling.calendar import local_date
from assay.services.predictions.reminders import cancel_reminder, plan_reminder
from assay.services.targets import Target, find_target, load_target
from assay.services.workspaces import ensure_workspace, next_number
from assay.storage.models import Paper, Prediction, Technique

_HANDLE = re.compile(r"^[Ff](\d{1,9})$")
PERSONAL_AFTER = 5  # resolved predictions with a probability before a person gets their own score


@dataclass(frozen=True)
class Listed:
    prediction: Prediction
    target: str


@dataclass(frozen=True)
class Calibration:
    resolved: int
    scored: int  # resolved with a probability
    brier: float | None
    by_person: dict[str, tuple[int, float]]  # user → (scored, brier), for people with enough


def prediction_handle(prediction: Prediction) -> str:
    return f"F{prediction.number}"


def make_prediction(
    ctx: Ctx, target_ref: str, statement: str, review_on: date, probability: float | None
) -> tuple[Prediction, Target]:
    """Record a prediction and plan its review-date reminder.

    Raises UserError for a review date before today (on the team's calendar) and NotFound
    for an unknown paper or technique; nothing is stored then.
    """
    rt = ctx.runtime
    for _attempt in range(5):
        try:
            with rt.db.session() as session:
                now = rt.clock.now()
                workspace = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
                today = local_date(now, workspace.timezone)
                if review_on < today:
                    raise UserError(
                        f"The review date {review_on.isoformat()} is in the past (today is {today.isoformat()}). "
                        "Give the date you will check it, e.g. by=2027-06-30."
                    )
                target = find_target(session, ctx.team_id, target_ref)
                prediction = Prediction(
                    team_id=ctx.team_id,
                    number=next_number(session, Prediction, ctx.team_id),
                    paper_id=target.paper.id if target.paper else None,
                    technique_id=target.technique.id if target.technique else None,
                    statement=statement,
                    probability=probability,
                    review_on=review_on,
                    made_by=ctx.user_id,
                    made_at=now,
                    channel=ctx.channel_id,
                )
                session.add(prediction)
                session.flush()
                plan_reminder(session, prediction, workspace.timezone, now)
                return prediction, target
        except IntegrityError:
            continue  # a concurrent prediction took the number
    raise UserError("The prediction could not be stored because of concurrent changes. Try again.")


def find_prediction(session: Session, team_id: str, ref: str) -> Prediction:
    match = _HANDLE.match(ref.strip())
    if not match:
        raise UserError(f"`{ref}` is not a prediction. Predictions are `F<n>`, e.g. `F1`; `/predict list` lists them.")
    found: Prediction | None = session.execute(
        select(Prediction).where(col(Prediction.team_id) == team_id, col(Prediction.number) == int(match.group(1)))
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"There is no prediction F{int(match.group(1))} here. `/predict list` lists them.")
    return found


def resolve_prediction(ctx: Ctx, ref: str | int, outcome: bool) -> tuple[Prediction, Target]:
    """Record whether the prediction came true; its reminder is cancelled.

    ``ref`` is ``F<n>`` or the row id a reminder's button carries. Raises NotFound, or
    UserError when it was resolved already (the first answer stands).
    """
    rt = ctx.runtime
    with rt.db.session() as session:
        if isinstance(ref, int):
            row = session.get(Prediction, ref)
            if row is None or row.team_id != ctx.team_id:
                raise NotFound("That prediction is not in this workspace any more. `/predict list` lists them.")
            prediction = row
        else:
            prediction = find_prediction(session, ctx.team_id, ref)
        session.refresh(prediction, with_for_update=True)  # two answers at once: the first stands
        if prediction.outcome is not None:
            said = "true" if prediction.outcome else "false"
            raise UserError(f"{prediction_handle(prediction)} was already resolved as {said}; the first answer stands.")
        prediction.outcome, prediction.resolved_by, prediction.resolved_at = outcome, ctx.user_id, rt.clock.now()
        cancel_reminder(session, prediction)
        return prediction, load_target(session, ctx.team_id, prediction.paper_id, prediction.technique_id)


def open_predictions(session: Session, team_id: str) -> list[Listed]:
    """Unresolved predictions, the soonest review date first, with what they are about."""
    rows = session.execute(
        select(Prediction, col(Paper.number), col(Technique.name))
        .outerjoin(Paper, col(Paper.id) == col(Prediction.paper_id))
        .outerjoin(Technique, col(Technique.id) == col(Prediction.technique_id))
        .where(col(Prediction.team_id) == team_id, col(Prediction.outcome).is_(None))
        .order_by(col(Prediction.review_on), col(Prediction.number))
    ).all()
    return [Listed(p, f"P{number}" if number is not None else (name or "?")) for p, number, name in rows]


def calibration(session: Session, team_id: str) -> Calibration:
    """Brier scores over resolved predictions: the team's, and each person's with enough of them."""
    rows = session.execute(
        select(col(Prediction.made_by), col(Prediction.probability), col(Prediction.outcome)).where(
            col(Prediction.team_id) == team_id, col(Prediction.outcome).is_not(None)
        )
    ).all()
    scored = [(who, float(p), 1.0 if outcome else 0.0) for who, p, outcome in rows if p is not None]
    people: dict[str, list[float]] = {}
    for who, p, o in scored:
        people.setdefault(who or "?", []).append((p - o) ** 2)
    brier = sum((p - o) ** 2 for _, p, o in scored) / len(scored) if scored else None
    by_person = {who: (len(s), sum(s) / len(s)) for who, s in people.items() if len(s) >= PERSONAL_AFTER}
    return Calibration(len(rows), len(scored), brier, by_person)
