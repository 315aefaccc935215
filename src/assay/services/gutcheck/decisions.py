"""The decision at the time-box: continue, pivot, kill or extend, with a reason.

Extensions are counted (the sunk-cost guard shows them on every card). A REGRESSION
verdict is a hard kill: continue and extend are refused. Killed is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.limits import TEXT_MAX, too_long
from assay.services.gutcheck.checks import Record, find_gut_check, find_gut_check_by_id, load_record
from assay.services.gutcheck.reminders import cancel_reminders, plan_reminders
from assay.services.once import claim_in_transaction
from assay.stats import Verdict
from assay.storage.models import GutCheck, GutCheckDecision
from assay.textfmt import esc


class Decision(StrEnum):
    CONTINUE = "continue"
    PIVOT = "pivot"
    KILL = "kill"
    EXTEND = "extend"


STATUS_AFTER = {
    Decision.CONTINUE: "continued",
    Decision.PIVOT: "pivoted",
    Decision.KILL: "killed",
    Decision.EXTEND: "open",
}


@dataclass(frozen=True)
class DecideResult:
    """What was decided; ``record`` is None when this form submission was already recorded."""

    record: Record | None
    decision: Decision
    why: str
    by: str | None = None
    verdict: str | None = None
    cancelled_reminders: int = 0


def refusal(check: GutCheck, decision: Decision) -> str | None:
    """Why ``decision`` cannot be taken on ``check`` now, or None when it can."""
    if check.status == "killed":
        return (
            f"G{check.number} is already killed, and a kill is final. "
            "To test a new idea, start a new gut check with `/gutcheck start`."
        )
    if check.last_verdict == Verdict.REGRESSION and decision in (Decision.CONTINUE, Decision.EXTEND):
        return (
            f"G{check.number}'s verdict is REGRESSION: the method is significantly worse than "
            "the baseline, which is a hard kill. Decide `kill`, or `pivot` to a different approach."
        )
    return None


def decidable(ctx: Ctx, row_id: int, decision: Decision) -> Record:
    """The gut check a decide button names (by row id), when ``decision`` can be taken now.

    Raises NotFound for a gut check of another workspace or gone, UserError with the
    reason when the decision is refused (see :func:`refusal`).
    """
    with ctx.runtime.db.session() as session:
        check = find_gut_check_by_id(session, ctx.team_id, row_id)
        refused = refusal(check, decision)
        if refused is not None:
            raise UserError(refused)
        return load_record(session, check)


def decide(
    ctx: Ctx,
    ref: str,
    decision: Decision,
    why: str,
    timebox: timedelta | None = None,
    *,
    once_key: str | None = None,
) -> DecideResult:
    """Record a decision on gut check ``ref`` and apply it.

    continue / pivot / kill set the status and cancel pending reminders; extend needs
    ``timebox`` and moves the end to (the later of now and the current end) + timebox,
    counts the extension and re-plans the reminders. Raises UserError (nothing changed)
    when the gut check is killed, timebox is missing for extend or given without it, or
    the verdict is REGRESSION and the decision is continue or extend.
    """
    if len(why) > TEXT_MAX:  # the command's request checks too; a form arrives here directly
        raise UserError(too_long("The reason", len(why), TEXT_MAX) + ".")
    if decision is Decision.EXTEND and timebox is None:
        raise UserError(f'Say how much longer: `/gutcheck decide {esc(ref.strip())} extend why="..." timebox=3d`.')
    if decision is not Decision.EXTEND and timebox is not None:
        raise UserError("`timebox=` only goes with `extend`; the other decisions end the time-box.")
    rt = ctx.runtime
    with rt.db.session() as session:
        now = rt.clock.now()
        check = find_gut_check(session, ctx.team_id, ref, lock=True)
        if not claim_in_transaction(session, ctx.team_id, once_key, now):
            return DecideResult(None, decision, why, ctx.user_id)  # a repeated form submission
        refused = refusal(check, decision)
        if refused is not None:
            raise UserError(refused)  # the rollback releases the claim too
        cancelled = cancel_reminders(session, check)
        if decision is Decision.EXTEND:
            assert timebox is not None
            check.timebox_ends = max(now, check.timebox_ends) + timebox
            check.extensions += 1
            session.flush()
            plan_reminders(session, check, now)
        check.status = STATUS_AFTER[decision]
        session.add(
            GutCheckDecision(
                team_id=ctx.team_id,
                gutcheck_id=check.id or 0,
                decision=decision.value,
                why=why,
                verdict_at_decision=check.last_verdict,
                timebox_ends_after=check.timebox_ends,
                by=ctx.user_id,
                at=now,
            )
        )
        record = load_record(session, check)
    return DecideResult(record, decision, why, ctx.user_id, check.last_verdict, cancelled)
