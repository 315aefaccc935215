"""Gut checks: start one with its criteria fixed first, find them, list them, and the
evidence chain (a gut check's verdict shows on its paper and in its technique's history).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from assay.commands.context import Ctx
from assay.errors import FieldErrors, NotFound, UserError
from assay.services.gutcheck.inputs import success_percentage
from assay.services.gutcheck.reminders import plan_reminders
from assay.services.once import claim_in_transaction
from assay.services.papers.library import find_paper, handle
from assay.services.radar.techniques import find_technique
from assay.services.workspaces import ensure_workspace, next_number
from assay.stats.design import Design
from assay.storage.models import (
    GutCheck,
    Paper,
    Technique,
)

_HANDLE = re.compile(r"^[Gg](\d{1,9})$")
DEFAULT_TIMEBOX = timedelta(days=7)
DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class StartInputs:
    """A gut check's hypothesis and criteria, fixed before the first run is logged."""

    paper: str
    claim: str
    metric: str
    higher_is_better: bool = True
    claimed_lift_pct: float | None = None
    success: str | None = None
    kill: str | None = None
    owner: str | None = None
    timebox: timedelta = DEFAULT_TIMEBOX
    alpha: float = DEFAULT_ALPHA
    technique: str | None = None
    planned_runs: int | None = None
    sd_pct: float | None = None


@dataclass(frozen=True)
class Record:
    """A gut check with what its cards show next to it: its paper and technique."""

    check: GutCheck
    paper: Paper
    technique: Technique | None

    @property
    def handle(self) -> str:
        return gut_check_handle(self.check)


@dataclass(frozen=True)
class StartResult:
    """The new gut check, or None when this form submission was already recorded."""

    record: Record | None


def gut_check_handle(check: GutCheck) -> str:
    return f"G{check.number}"


def find_gut_check(session: Session, team_id: str, ref: str, *, lock: bool = False) -> GutCheck:
    """The gut check ``G<n>`` of this workspace; ``lock`` holds its row until commit.

    Raises UserError for something that is not a ``G<n>`` handle, NotFound for an unknown one.
    """
    match = _HANDLE.match(ref.strip())
    if not match:
        raise UserError(f"`{ref}` is not a gut check. Gut checks are `G<n>`, e.g. `G1`; `/gutcheck list` lists them.")
    query = select(GutCheck).where(GutCheck.team_id == team_id, GutCheck.number == int(match.group(1)))  # type: ignore[arg-type]
    if lock:
        query = query.with_for_update()
    check: GutCheck | None = session.execute(query).scalar_one_or_none()
    if check is None:
        raise NotFound(f"There is no gut check G{int(match.group(1))} here. `/gutcheck list` lists them.")
    return check


def find_gut_check_by_id(session: Session, team_id: str, row_id: int) -> GutCheck:
    """The gut check with this row id (as Slack buttons carry it), in this workspace only."""
    check = session.get(GutCheck, row_id)
    if check is None or check.team_id != team_id:
        raise NotFound("That gut check no longer exists here. `/gutcheck list` lists them.")
    return check


def load_record(session: Session, check: GutCheck) -> Record:
    paper = session.get(Paper, check.paper_id)
    if paper is None or paper.team_id != check.team_id:
        raise NotFound(f"The paper of G{check.number} is gone.")
    technique = session.get(Technique, check.technique_id) if check.technique_id is not None else None
    return Record(check, paper, technique)


def start_gut_check(ctx: Ctx, inputs: StartInputs, *, once_key: str | None = None) -> StartResult:
    """Record a gut check with its criteria and time-box, and plan its reminders.

    ``once_key`` (a form submission's id) makes a repeated submission record nothing and
    return ``StartResult(None)``. Raises FieldErrors naming ``paper`` or ``technique``
    when either is unknown here; nothing is stored then.
    """
    success_pct = criteria_threshold(inputs)
    rt = ctx.runtime
    for _attempt in range(5):
        try:
            with rt.db.session() as session:
                now = rt.clock.now()
                if not claim_in_transaction(session, ctx.team_id, once_key, now):
                    return StartResult(None)
                ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
                paper, technique = _paper_and_technique(session, ctx.team_id, inputs)
                number = next_number(session, GutCheck, ctx.team_id)
                check = _new_gut_check(ctx, inputs, success_pct, paper, technique, number, now)
                session.add(check)
                session.flush()
                plan_reminders(session, check, now)
                return StartResult(Record(check, paper, technique))
        except IntegrityError:
            continue  # a concurrent start took the number (or the form key); look again
    raise UserError("The gut check could not be stored because of concurrent changes. Try again.")


def _paper_and_technique(session: Session, team_id: str, inputs: StartInputs) -> tuple[Paper, Technique | None]:
    """The paper and technique the inputs name; FieldErrors says which one is unknown."""
    try:
        paper = find_paper(session, team_id, inputs.paper)
    except UserError as exc:
        raise FieldErrors({"paper": exc.message}) from None
    if not inputs.technique:
        return paper, None
    try:
        return paper, find_technique(session, team_id, inputs.technique)
    except UserError as exc:
        raise FieldErrors({"technique": exc.message}) from None


def criteria_threshold(inputs: StartInputs) -> float | None:
    """The success threshold ``success=`` writes down (None: half the claim applies).

    Raises FieldErrors naming ``success`` when it names two percentages, is not above 0%, or
    asks for more than the paper claims (REPRODUCED would then need more than was promised).
    """
    try:
        threshold = success_percentage(inputs.success)
    except ValueError as exc:
        raise FieldErrors({"success": str(exc)}) from None
    if threshold is None:
        return None
    if threshold <= 0.0:
        raise FieldErrors({"success": f"The success threshold must be above 0%; `success=` says {threshold:g}%."})
    claim = inputs.claimed_lift_pct
    if claim is not None and threshold > claim:
        raise FieldErrors(
            {
                "success": f"`success=` asks for {threshold:g}%, more than the claimed {claim:g}% lift: REPRODUCED "
                f"would need more than the paper promises. Lower it (half the claim, {claim / 2:g}%, is the "
                "default) or correct `claimed-lift=`."
            }
        )
    return threshold


def _new_gut_check(
    ctx: Ctx,
    inputs: StartInputs,
    success_pct: float | None,
    paper: Paper,
    technique: Technique | None,
    number: int,
    now: datetime,
) -> GutCheck:
    return GutCheck(
        team_id=ctx.team_id,
        number=number,
        paper_id=paper.id or 0,
        technique_id=technique.id if technique is not None else None,
        claim=inputs.claim,
        metric=inputs.metric,
        higher_is_better=inputs.higher_is_better,
        claimed_lift_pct=inputs.claimed_lift_pct,
        success=inputs.success,
        success_pct=success_pct,
        kill=inputs.kill,
        alpha=inputs.alpha,
        planned_runs=inputs.planned_runs,
        sd_pct=inputs.sd_pct,
        owner=inputs.owner or ctx.user_id,
        timebox_seconds=int(inputs.timebox.total_seconds()),
        started_at=now,
        timebox_ends=now + inputs.timebox,
        created_by=ctx.user_id,
        channel=ctx.channel_id,
    )


def design_of(check: GutCheck) -> Design:
    """The design fixed at the start: sequential, or fixed at ``planned_runs`` per arm."""
    return Design(planned_runs=check.planned_runs, sd_pct=check.sd_pct)


def start_data(record: Record) -> dict[str, Any]:
    """``/gutcheck start``'s data (SPEC): id, paper handle, time-box end in ISO-8601."""
    return {"id": record.handle, "paper": handle(record.paper), "timebox_ends": record.check.timebox_ends.isoformat()}


def success_threshold_pct(check: GutCheck) -> float | None:
    """The percentage ``success=`` wrote down, else half the claimed lift (None: no claim)."""
    if check.success_pct is not None:
        return check.success_pct
    return None if check.claimed_lift_pct is None else check.claimed_lift_pct / 2.0


def list_records(session: Session, team_id: str) -> list[Record]:
    """Every gut check of the workspace with its paper and technique, by number."""
    rows = session.execute(
        select(GutCheck, Paper)
        .join(Paper, Paper.id == GutCheck.paper_id)  # type: ignore[arg-type]
        .where(GutCheck.team_id == team_id)  # type: ignore[arg-type]
        .order_by(GutCheck.number)  # type: ignore[arg-type]
    ).all()
    technique_ids = {check.technique_id for check, _ in rows if check.technique_id is not None}
    techniques: dict[int, Technique] = {}
    if technique_ids:
        found = session.execute(
            select(Technique).where(Technique.team_id == team_id, Technique.id.in_(technique_ids))  # type: ignore[arg-type,union-attr]
        ).scalars()
        techniques = {t.id or 0: t for t in found}
    return [
        Record(check, paper, techniques.get(check.technique_id) if check.technique_id is not None else None)
        for check, paper in rows
    ]
