"""From named arms to the analysis: which arm is the baseline, which the method, and the criteria.

The arm called ``baseline`` is the baseline and the arm called ``method`` the method; without
those names, the first arm logged is the baseline and the next one the method. Further arms
are summarised but not tested. ``/gutcheck status`` (runs from the database) and
``assay analyze`` (runs from files) both go through :func:`analyse_arms`, so the same runs
give the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assay.stats import SEQUENTIAL, Analysis, Design, Run, Verdict, analyze
from assay.stats.replay import Look, replay

BASELINE, METHOD = "baseline", "method"


@dataclass(frozen=True)
class Criteria:
    """What a gut check fixed before its first run, as the statistics need it."""

    higher_is_better: bool = True
    claimed_lift_pct: float | None = None
    success_threshold_pct: float | None = None
    alpha: float = 0.05
    design: Design = SEQUENTIAL


def arm_roles(arms: Sequence[str]) -> tuple[str, str]:
    """(baseline, method) among the arm names, in first-logged order (see the module doc)."""
    baseline = BASELINE if BASELINE in arms else next((a for a in arms if a != METHOD), BASELINE)
    method = METHOD if METHOD in arms else next((a for a in arms if a != baseline), METHOD)
    return baseline, method


def analyse_arms(runs: Mapping[str, Sequence[Run]], arrived: Sequence[str], criteria: Criteria) -> Analysis:
    """The analysis of ``runs`` (arm → runs in logged order); ``arrived`` names each run's arm in
    the order all runs were logged (extra arms included or not)."""
    baseline, method = arm_roles(list(runs))
    return analyze(
        list(runs.get(baseline, [])),
        list(runs.get(method, [])),
        higher_is_better=criteria.higher_is_better,
        claimed_lift_pct=criteria.claimed_lift_pct,
        success_threshold_pct=criteria.success_threshold_pct,
        alpha=criteria.alpha,
        baseline_name=baseline,
        method_name=method,
        extra_arms={name: list(arm) for name, arm in runs.items() if name not in (baseline, method)},
        design=criteria.design,
        arrival=[0 if arm == baseline else 1 for arm in arrived if arm in (baseline, method)],
    )


def replay_arms(logged: Sequence[tuple[str, Run]], criteria: Criteria) -> list[Look]:
    """The verdict after each run of ``logged`` (arm, run) in order, as the bot would have shown it.

    Roles are decided by the whole log, as :func:`analyse_arms` decides them; runs of extra
    arms are looks where nothing changes.
    """
    baseline, method = arm_roles(list(dict.fromkeys(arm for arm, _ in logged)))
    tested = [
        (index, 0 if arm == baseline else 1, run)
        for index, (arm, run) in enumerate(logged)
        if arm in (baseline, method)
    ]
    looks = replay(
        [(role, run) for _, role, run in tested],
        higher_is_better=criteria.higher_is_better,
        claimed_lift_pct=criteria.claimed_lift_pct,
        success_threshold_pct=criteria.success_threshold_pct,
        alpha=criteria.alpha,
        design=criteria.design,
    )
    result: list[Look] = []
    position = -1
    for index in range(len(logged)):
        if position + 1 < len(tested) and tested[position + 1][0] == index:
            position += 1
        result.append(looks[position] if position >= 0 else Look(0, 0, Verdict.INSUFFICIENT_DATA))
    return result
