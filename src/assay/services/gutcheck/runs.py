"""Runs of a gut check: log them per arm, number them, and analyse them for the check's design.

Which arm is which: see services/gutcheck/arms.py. Runs are numbered 1, 2, …
in the order they were logged, over the whole gut check; an unlogged run keeps its number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.services.gutcheck.arms import Criteria, analyse_arms, arm_roles
from assay.services.gutcheck.checks import Record, design_of, find_gut_check, load_record, success_threshold_pct
from assay.stats import Analysis, Run, UnpairedRun, Verdict, explain
from assay.stats.runs import paired_differences
from assay.storage.models import GutCheck, GutCheckRun

MAX_ARMS = 12  # the plot draws at most 12 arms side by side


@dataclass(frozen=True)
class RunLog:
    """Every run of a gut check in logged order, numbered from 1; unlogged ones kept."""

    rows: tuple[GutCheckRun, ...]

    def numbered(self) -> list[tuple[int, GutCheckRun]]:
        return list(enumerate(self.rows, start=1))

    def active(self) -> list[tuple[int, GutCheckRun]]:
        """The runs an analysis uses: every run not unlogged."""
        return [(number, row) for number, row in self.numbered() if row.correction_id is None]

    def by_arm(self) -> dict[str, list[Run]]:
        """Active runs per arm, arms in the order they were first logged."""
        runs: dict[str, list[Run]] = {}
        for _, row in self.active():
            runs.setdefault(row.arm, []).append(Run(row.value, row.seed))
        return runs

    def numbers_by_arm(self) -> dict[str, list[int]]:
        numbers: dict[str, list[int]] = {}
        for number, row in self.active():
            numbers.setdefault(row.arm, []).append(number)
        return numbers


@dataclass(frozen=True)
class Snapshot:
    """A gut check, its runs, and their analysis for the gut check's design."""

    record: Record
    log: RunLog
    analysis: Analysis

    @property
    def runs(self) -> dict[str, list[Run]]:
        return self.log.by_arm()

    @property
    def hard_kill(self) -> bool:
        return self.analysis.verdict is Verdict.REGRESSION

    def label(self, run: UnpairedRun) -> str:
        """``run #7 (method, seed 4)``: an unpaired run by its number."""
        number = self.log.numbers_by_arm()[run.arm][run.position]
        seed = "no seed" if run.seed is None else f"seed {run.seed}"
        return f"run #{number} ({run.arm}, {seed})"

    def explanation(self) -> str:
        return explain(self.analysis, self.label)


@dataclass(frozen=True)
class LogResult:
    snapshot: Snapshot
    arm: str
    logged: int
    previous_verdict: str | None
    was_paired: bool

    @property
    def verdict_changed(self) -> bool:
        return self.snapshot.analysis.verdict.value != self.previous_verdict

    @property
    def pairing_lost(self) -> bool:
        """These runs turned a paired gut check into an unpaired one."""
        return self.was_paired and not self.snapshot.analysis.paired


def criteria_of(check: GutCheck) -> Criteria:
    """What ``check`` fixed at its start, for the statistics."""
    return Criteria(
        higher_is_better=check.higher_is_better,
        claimed_lift_pct=check.claimed_lift_pct,
        success_threshold_pct=success_threshold_pct(check),
        alpha=check.alpha,
        design=design_of(check),
    )


def analyse(check: GutCheck, log: RunLog) -> Analysis:
    """The statistics of ``/gutcheck status`` for these runs, with the check's criteria and design."""
    return analyse_arms(log.by_arm(), [row.arm for _, row in log.active()], criteria_of(check))


def run_log(session: Session, check: GutCheck) -> RunLog:
    rows = session.execute(
        select(GutCheckRun)
        .where(GutCheckRun.team_id == check.team_id, GutCheckRun.gutcheck_id == check.id)  # type: ignore[arg-type]
        .order_by(GutCheckRun.id)  # type: ignore[arg-type]
    ).scalars()
    return RunLog(tuple(rows))


def load_snapshot(ctx: Ctx, ref: str) -> Snapshot:
    """The gut check ``ref`` with its runs and analysis. Raises UserError/NotFound."""
    with ctx.runtime.db.session() as session:
        check = find_gut_check(session, ctx.team_id, ref)
        log = run_log(session, check)
        record = load_record(session, check)
    return Snapshot(record, log, analyse(check, log))


def keep_verdict(check: GutCheck, snapshot: Snapshot, now: datetime) -> str | None:
    """Store the verdict, when it changed, and its explanation on the gut check; returns the old one."""
    previous = check.last_verdict
    verdict = snapshot.analysis.verdict.value
    if verdict != previous:
        check.last_verdict, check.verdict_at = verdict, now
    check.verdict_summary = snapshot.explanation()
    return previous


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
    rt = ctx.runtime
    with rt.db.session() as session:
        check = find_gut_check(session, ctx.team_id, ref, lock=True)
        refuse_if_killed(check)
        before = run_log(session, check)
        runs = before.by_arm()
        _check_arm(check, arm, runs, seeds)
        baseline, method = arm_roles(list(runs))
        was_paired = paired_differences(runs.get(baseline, []), runs.get(method, [])) is not None
        now = rt.clock.now()
        rows = [
            GutCheckRun(
                team_id=ctx.team_id,
                gutcheck_id=check.id or 0,
                arm=arm,
                value=value,
                seed=seeds[i] if seeds is not None else None,
                logged_by=ctx.user_id,
                logged_at=now,
            )
            for i, value in enumerate(values)
        ]
        session.add_all(rows)
        session.flush()
        log = RunLog((*before.rows, *rows))
        snapshot = Snapshot(load_record(session, check), log, analyse(check, log))
        previous = keep_verdict(check, snapshot, now)
    return LogResult(snapshot, arm, len(values), previous, was_paired)


def refuse_if_killed(check: GutCheck, *, what: str = "no more runs go into it") -> None:
    if check.status == "killed":
        raise UserError(
            f"G{check.number} was killed: {what}. To test a new idea, start a new gut check with `/gutcheck start`."
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
            "Use new seeds, or leave `seeds=` out (or `/gutcheck unlog` the mistyped run first)."
        )
