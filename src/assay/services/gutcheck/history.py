"""What a gut check's history shows elsewhere: verdicts, decisions and corrections as radar events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from assay.services.papers.library import handle
from assay.storage.models import GutCheck, GutCheckCorrection, GutCheckDecision, Paper


def correction_words(correction: GutCheckCorrection) -> str:
    """``runs #3, #4 unlogged (why): the sequential p-value, recomputed from the remaining runs, went …``."""
    numbers = ", ".join(f"#{n}" for n in correction.runs.split(","))
    many = "," in correction.runs
    text = f"run{'s' if many else ''} {numbers} unlogged ({correction.why})"
    if correction.p_before is not None and correction.p_after is not None:
        text += (
            f": the sequential p-value was recomputed from the remaining runs, {_p(correction.p_before)} → "
            f"{_p(correction.p_after)}"
        )
    if correction.verdict_before != correction.verdict_after:
        text += f"; verdict {correction.verdict_before or 'none'} → {correction.verdict_after or 'none'}"
    return text


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3g}"


def gutcheck_events_for_technique(session: Session, team_id: str, technique_id: int) -> list[dict[str, Any]]:
    """What gut checks of a technique concluded, as entries of ``/radar history``.

    The current verdict (other than INSUFFICIENT_DATA, ``by`` the gut check's owner, ``at``
    when it was reached), each decision (by whoever decided) and each correction (runs
    unlogged, with the reason and the recomputed p-value) become
    ``{"from": None, "to": None, "why": text, "by": user, "at": ISO-8601}`` (no ring
    changed; ``why`` says which gut check, on which paper, and what happened), oldest first.
    """
    checks = session.execute(
        select(GutCheck, Paper)
        .join(Paper, Paper.id == GutCheck.paper_id)  # type: ignore[arg-type]
        .where(GutCheck.team_id == team_id, GutCheck.technique_id == technique_id)  # type: ignore[arg-type]
    ).all()
    events: list[tuple[datetime, dict[str, Any]]] = []
    for check, paper in checks:
        name = f"Gut check G{check.number} on {handle(paper)}"
        if check.last_verdict and check.last_verdict != "INSUFFICIENT_DATA" and check.verdict_at is not None:
            summary = check.verdict_summary or check.last_verdict
            events.append((check.verdict_at, _event(f"{name}: {summary}", check.owner, check.verdict_at)))
        decisions = session.execute(
            select(GutCheckDecision).where(
                GutCheckDecision.team_id == team_id,  # type: ignore[arg-type]
                GutCheckDecision.gutcheck_id == check.id,
            )
        ).scalars()
        for decision in decisions:
            verdict = f" (verdict {decision.verdict_at_decision})" if decision.verdict_at_decision else ""
            why = f"{name} decided {decision.decision}{verdict}: {decision.why}"
            events.append((decision.at, _event(why, decision.by, decision.at)))
        for correction in corrections_of(session, check):
            events.append(
                (correction.at, _event(f"{name}: {correction_words(correction)}", correction.by, correction.at))
            )
    events.sort(key=lambda pair: pair[0])
    return [event for _, event in events]


def corrections_of(session: Session, check: GutCheck) -> list[GutCheckCorrection]:
    """The gut check's corrections, oldest first."""
    rows = session.execute(
        select(GutCheckCorrection)
        .where(GutCheckCorrection.team_id == check.team_id, GutCheckCorrection.gutcheck_id == check.id)  # type: ignore[arg-type]
        .order_by(GutCheckCorrection.id)  # type: ignore[arg-type]
    ).scalars()
    return list(rows)


def _event(why: str, by: str | None, at: datetime) -> dict[str, Any]:
    return {"from": None, "to": None, "why": why, "by": by, "at": at.isoformat()}
