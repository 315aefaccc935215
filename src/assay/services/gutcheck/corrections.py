"""Corrections: list a gut check's runs with their numbers, and unlog mistyped ones with a reason.

An unlogged run is never deleted: it points at its correction, which records who, when,
why, and what the sequential test said before and after (the p-value is recomputed from
the remaining runs, so it can rise; the history says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.services.gutcheck.checks import find_gut_check, load_record
from assay.services.gutcheck.history import corrections_of
from assay.services.gutcheck.runs import Snapshot, analyse, keep_verdict, refuse_if_killed, run_log
from assay.storage.models import GutCheckCorrection

MAX_UNLOGGED = 40  # run numbers fit the correction's 400-character list


@dataclass(frozen=True)
class Listing:
    """A gut check's runs (numbered, unlogged ones included) and its corrections."""

    snapshot: Snapshot
    corrections: dict[int, GutCheckCorrection]


@dataclass(frozen=True)
class UnlogResult:
    snapshot: Snapshot
    correction: GutCheckCorrection
    previous_verdict: str | None


def list_runs(ctx: Ctx, ref: str) -> Listing:
    """Every run of gut check ``ref`` with its number, and the corrections. Raises UserError/NotFound."""
    with ctx.runtime.db.session() as session:
        check = find_gut_check(session, ctx.team_id, ref)
        log = run_log(session, check)
        corrections = {c.id or 0: c for c in corrections_of(session, check)}
        record = load_record(session, check)
    return Listing(Snapshot(record, log, analyse(check, log)), corrections)


def unlog_runs(ctx: Ctx, ref: str, numbers: Sequence[int], why: str) -> UnlogResult:
    """Unlog runs ``numbers`` (as ``/gutcheck runs`` numbers them) of gut check ``ref``, with ``why``.

    All or nothing. The correction keeps the sequential p-value and the verdict before and
    after; the verdict on the gut check is recomputed from the remaining runs. Raises
    UserError (nothing changed) when the gut check was killed, no number, a number twice or
    more than 40 numbers are given, a number is not a run of it, or the run was already
    unlogged; NotFound for an unknown gut check.
    """
    if not numbers:
        raise UserError('Say which runs to unlog by their numbers, e.g. `/gutcheck unlog G1 3 4 why="typo"`.')
    if len(set(numbers)) != len(numbers):
        raise UserError("A run number is given twice; name each run once.")
    if len(numbers) > MAX_UNLOGGED:
        raise UserError(f"Unlog at most {MAX_UNLOGGED} runs at a time; split the rest.")
    rt = ctx.runtime
    with rt.db.session() as session:
        check = find_gut_check(session, ctx.team_id, ref, lock=True)
        refuse_if_killed(check, what="its runs are final")
        log = run_log(session, check)
        rows = dict(log.numbered())
        unknown = [n for n in numbers if n not in rows]
        if unknown:
            shown = ", ".join(f"#{n}" for n in unknown)
            raise UserError(
                f"G{check.number} has no run {shown}: it has runs #1 to #{len(rows)}. "
                f"`/gutcheck runs G{check.number}` lists them."
                if rows
                else f"G{check.number} has no runs yet."
            )
        gone = [n for n in numbers if rows[n].correction_id is not None]
        if gone:
            raise UserError(f"Run{'s' if len(gone) > 1 else ''} {', '.join(f'#{n}' for n in gone)} already unlogged.")
        before = Snapshot(load_record(session, check), log, analyse(check, log))
        now = rt.clock.now()
        correction = GutCheckCorrection(
            team_id=ctx.team_id,
            gutcheck_id=check.id or 0,
            runs=",".join(str(n) for n in sorted(numbers)),
            why=why,
            by=ctx.user_id,
            at=now,
            p_before=before.analysis.sequential.p_value,
            verdict_before=before.analysis.verdict.value,
        )
        session.add(correction)
        session.flush()
        for number in numbers:
            rows[number].correction_id = correction.id
        after = Snapshot(before.record, log, analyse(check, log))
        correction.p_after = after.analysis.sequential.p_value
        correction.verdict_after = after.analysis.verdict.value
        previous = keep_verdict(check, after, now)
        record = load_record(session, check)
    return UnlogResult(Snapshot(record, log, after.analysis), correction, previous)
