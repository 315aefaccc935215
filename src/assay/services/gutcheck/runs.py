"""Runs of a gut check: log them per arm, and analyse every arm with the statistics engine.

Which arm is which: the arm called ``baseline`` is the baseline and the arm called
``method`` the method; without those names, the first arm logged is the baseline and the
next one the method. Further arms are summarised but not tested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.services.gutcheck.checks import Record, find_gut_check, load_record, success_threshold_pct
from assay.stats import Analysis, Run, Verdict, analyze
from assay.storage.models import GutCheck, GutCheckRun

BASELINE, METHOD = "baseline", "method"
MAX_ARMS = 12  # the plot draws at most 12 arms side by side


@dataclass(frozen=True)
class Snapshot:
    """A gut check, its runs per arm (in the order arms were first logged), and the analysis."""

    record: Record
    runs: dict[str, list[Run]]
    analysis: Analysis

    @property
    def hard_kill(self) -> bool:
        return self.analysis.verdict is Verdict.REGRESSION


@dataclass(frozen=True)
class LogResult:
    snapshot: Snapshot
    arm: str
    logged: int
    previous_verdict: str | None

    @property
    def verdict_changed(self) -> bool:
        return self.snapshot.analysis.verdict.value != self.previous_verdict


def arm_roles(arms: Sequence[str]) -> tuple[str, str]:
    """(baseline, method) among the arm names, in first-logged order (see the module doc)."""
    baseline = BASELINE if BASELINE in arms else next((a for a in arms if a != METHOD), BASELINE)
    method = METHOD if METHOD in arms else next((a for a in arms if a != baseline), METHOD)
    return baseline, method


def analyse(check: GutCheck, runs: dict[str, list[Run]]) -> Analysis:
    """The statistics of ``/gutcheck status`` for these runs, with the check's criteria."""
    baseline, method = arm_roles(list(runs))
    return analyze(
        runs.get(baseline, []),
        runs.get(method, []),
        higher_is_better=check.higher_is_better,
        claimed_lift_pct=check.claimed_lift_pct,
        success_threshold_pct=success_threshold_pct(check),
        alpha=check.alpha,
        baseline_name=baseline,
        method_name=method,
        extra_arms={name: arm for name, arm in runs.items() if name not in (baseline, method)},
    )


def runs_by_arm(session: Session, check: GutCheck) -> dict[str, list[Run]]:
    rows = session.execute(
        select(GutCheckRun)
        .where(GutCheckRun.team_id == check.team_id, GutCheckRun.gutcheck_id == check.id)  # type: ignore[arg-type]
        .order_by(GutCheckRun.id)  # type: ignore[arg-type]
    ).scalars()
    runs: dict[str, list[Run]] = {}
    for row in rows:
        runs.setdefault(row.arm, []).append(Run(row.value, row.seed))
    return runs


def load_snapshot(ctx: Ctx, ref: str) -> Snapshot:
    """The gut check ``ref`` with its runs and analysis. Raises UserError/NotFound."""
    with ctx.runtime.db.session() as session:
        check = find_gut_check(session, ctx.team_id, ref)
        runs = runs_by_arm(session, check)
        record = load_record(session, check)
    return Snapshot(record, runs, analyse(check, runs))


def log_runs(ctx: Ctx, ref: str, arm: str, values: Sequence[float], seeds: Sequence[int] | None) -> LogResult:
    """Record runs for one arm, re-analyse, and keep the verdict on the gut check.

    All or nothing. Refused (UserError, nothing stored) when the gut check was killed,
    seeds and values differ in number, a seed was already logged for this arm, or a 13th
    arm would start. The verdict, its time and its explanation are stored on the gut check
    (``last_verdict``, ``verdict_at`` when it changed, ``verdict_summary``).
    """
    if seeds is not None and len(seeds) != len(values):
        raise UserError(
            f"{len(values)} value{'s' if len(values) != 1 else ''} but {len(seeds)} seed"
            f"{'s' if len(seeds) != 1 else ''}: give one seed per run, in the same order."
        )
    new_runs = [Run(value, seeds[i] if seeds is not None else None) for i, value in enumerate(values)]
    rt = ctx.runtime
    with rt.db.session() as session:
        check = find_gut_check(session, ctx.team_id, ref, lock=True)
        _refuse_if_killed(check)
        runs = runs_by_arm(session, check)
        _check_arm(check, arm, runs, seeds)
        now = rt.clock.now()
        for run in new_runs:
            session.add(
                GutCheckRun(
                    team_id=ctx.team_id,
                    gutcheck_id=check.id or 0,
                    arm=arm,
                    value=run.value,
                    seed=run.seed,
                    logged_by=ctx.user_id,
                    logged_at=now,
                )
            )
        runs.setdefault(arm, []).extend(new_runs)
        analysis = analyse(check, runs)
        previous = check.last_verdict
        if analysis.verdict.value != previous:
            check.last_verdict, check.verdict_at = analysis.verdict.value, now
        check.verdict_summary = analysis.explanation()
        record = load_record(session, check)
    return LogResult(Snapshot(record, runs, analysis), arm, len(new_runs), previous)


def _refuse_if_killed(check: GutCheck) -> None:
    if check.status == "killed":
        raise UserError(
            f"G{check.number} was killed: no more runs go into it. "
            "To test a new idea, start a new gut check with `/gutcheck start`."
        )


def _check_arm(check: GutCheck, arm: str, runs: dict[str, list[Run]], seeds: Sequence[int] | None) -> None:
    if arm not in runs and len(runs) >= MAX_ARMS:
        raise UserError(f"G{check.number} already has {MAX_ARMS} arms ({', '.join(runs)}); log into one of them.")
    if seeds is None:
        return
    used = {run.seed for run in runs.get(arm, []) if run.seed is not None}
    repeated = sorted(used.intersection(seeds))
    if repeated:
        shown = ", ".join(str(s) for s in repeated[:10])
        raise UserError(
            f"Seed{'s' if len(repeated) > 1 else ''} {shown} already logged for arm `{arm}` in "
            f"G{check.number}: each seed runs once per arm (that is what pairs the arms). "
            "Use new seeds, or leave `seeds=` out."
        )
