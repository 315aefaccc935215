"""The gut-check analysis: every statistic of ``/gutcheck status``, for the design in use, and the verdict."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from assay.errors import UserError
from assay.stats.design import SEQUENTIAL, Design
from assay.stats.design_rules import evidence_for, is_final, sequential_power_for
from assay.stats.effect import direction, hedges_g, lift
from assay.stats.intervals import Interval, bootstrap_interval, paired_interval, welch_interval
from assay.stats.power import analyse_power
from assay.stats.result import Analysis, ClassicalKey, Difference, UnpairedRun
from assay.stats.runs import (
    ArmSummary,
    FloatArray,
    Run,
    paired_differences,
    pooled_sd,
    sample_mean,
    summarize,
    unit_scale,
    values_of,
)
from assay.stats.sequential import BASELINE_ROLE, METHOD_ROLE, Kind, SequentialTest, Stream, sequential_test
from assay.stats.tests import mann_whitney_u, paired_t, welch_t, wilcoxon_signed_rank
from assay.stats.verdict import decide


def analyze(
    baseline: Sequence[Run],
    method: Sequence[Run],
    *,
    higher_is_better: bool = True,
    claimed_lift_pct: float | None,
    success_threshold_pct: float | None = None,
    alpha: float = 0.05,
    baseline_name: str = "baseline",
    method_name: str = "method",
    extra_arms: Mapping[str, Sequence[Run]] | None = None,
    design: Design = SEQUENTIAL,
    arrival: Sequence[int] | None = None,
) -> Analysis:
    """Compare ``method`` with ``baseline`` and decide the gut-check verdict for ``design``.

    ``claimed_lift_pct`` and ``success_threshold_pct`` are direction-aware percentages of the
    baseline mean (40 means "40% better"). ``arrival`` is the order the runs came in, as roles
    (0 baseline, 1 method), one per run; without it the arms are taken to alternate, baseline
    first (the sequential test reads the runs in this order). ``extra_arms`` are summarised
    (n, mean, sd) but take no part in the tests. Pure: same runs, same answer, bootstrap
    included. Raises UserError when alpha is not strictly between 0 and 1, a claimed lift or
    success threshold is not a finite number, or two arms share a name.
    """
    _check_arguments(alpha, claimed_lift_pct, success_threshold_pct)
    extra = dict(extra_arms or {})
    names = [baseline_name, method_name, *extra]
    if len(set(names)) != len(names):
        raise UserError(f"Each arm needs its own name; got {', '.join(names)}.")
    order = list(arrival) if arrival is not None else alternating(len(baseline), len(method))
    if sorted(order) != [BASELINE_ROLE] * len(baseline) + [METHOD_ROLE] * len(method):
        raise ValueError("arrival must name each baseline (0) and method (1) run exactly once")
    full = (len(baseline), len(method))
    if design.planned_runs is not None:
        baseline, method, order = _first_runs(baseline, method, order, design.planned_runs)
    kept = (len(baseline), len(method))
    left_out = tuple((names[i], full[i] - kept[i]) for i in (0, 1) if full[i] > kept[i])

    # Statistics are computed in units of a power of two near the largest value (an exact
    # rescaling), then quantities with units are multiplied back.
    raw_differences = paired_differences(baseline, method)
    raw_base, raw_method = values_of(baseline), values_of(method)
    unit = unit_scale(raw_base, raw_method)
    base_values, method_values = raw_base / unit, raw_method / unit
    differences = None if raw_differences is None else raw_differences / unit
    paired = differences is not None
    base_summary, method_summary = summarize(baseline_name, base_values), summarize(method_name, method_values)
    arms = (
        _in_units(base_summary, unit),
        _in_units(method_summary, unit),
        *(summarize(name, values_of(runs)) for name, runs in extra.items()),
    )
    diff_mean, ci95, spread = _difference(base_values, method_values, differences)
    welch = welch_t(base_values, method_values)
    paired_test = paired_t(differences) if differences is not None else None
    classical_key: ClassicalKey = "paired_t" if paired else "welch_t"
    classical = paired_test if paired else welch

    stream = _stream(baseline, method, order, unit)
    kind = sequential_kind(baseline, method, order)
    alternative = design.alternative(claimed_lift_pct)
    sequential = sequential_test(stream, kind, alternative, alpha)
    base_mean = base_summary.mean
    lift_result = lift(
        diff_mean,
        base_mean,
        higher_is_better=higher_is_better,
        claimed_pct=claimed_lift_pct,
        success_threshold_pct=success_threshold_pct,
    )
    claimed_effect = None
    if claimed_lift_pct is not None and base_mean is not None:
        claimed_effect = claimed_lift_pct / 100.0 * abs(base_mean)
    counts = (arms[0].n, arms[1].n)
    if design.planned_runs is None:
        power = sequential_power_for(
            sequential, counts, claimed_effect, kind, design.alternative(claimed_lift_pct), alpha
        )
    else:
        power = analyse_power(claimed_effect, spread, *counts, alpha=alpha, paired=paired, planned=design.planned_runs)
    improvement = None if diff_mean is None else direction(higher_is_better) * diff_mean
    primary, evidence = evidence_for(
        design,
        counts,
        sequential,
        classical,
        classical_key,
        improvement,
        lift_result,
        power,
        claimed_effect,
        higher_is_better,
        alpha,
    )
    verdict = decide(evidence)
    return Analysis(
        verdict=verdict,
        design=design,
        final=is_final(design, verdict, evidence),
        primary=primary,
        classical_primary=classical_key,
        arms=arms,
        paired=paired,
        higher_is_better=higher_is_better,
        alpha=alpha,
        diff=Difference(
            mean=None if diff_mean is None else diff_mean * unit,
            ci95=_interval_in_units(ci95, unit),
            bootstrap_ci95=_interval_in_units(bootstrap_interval(base_values, method_values, differences), unit),
        ),
        sequential=_sequential_in_units(sequential, unit),
        welch_t=welch,
        mann_whitney_u=mann_whitney_u(base_values, method_values),
        paired_t=paired_test,
        wilcoxon=wilcoxon_signed_rank(differences) if differences is not None else None,
        hedges_g=hedges_g(base_values, method_values, paired),
        lift=lift_result,
        power=power,
        unpaired=() if paired else unpaired_runs(baseline, method, baseline_name, method_name),
        left_out=left_out,
    )


def alternating(n_baseline: int, n_method: int) -> list[int]:
    """Baseline, method, baseline, method…, then the rest of the longer arm."""
    order: list[int] = []
    for index in range(max(n_baseline, n_method)):
        if index < n_baseline:
            order.append(BASELINE_ROLE)
        if index < n_method:
            order.append(METHOD_ROLE)
    return order


def sequential_kind(baseline: Sequence[Run], method: Sequence[Run], order: Sequence[int]) -> Kind:
    """Paired when the team runs seed by seed: the first run to arrive carried a seed and some
    seed has a run in both arms.

    Seeds that never meet (baseline seeds 1–5, method seeds 6–10) pair nothing, so such a check
    gets the two-sample test instead of a paired test with no pairs. With seeds given from the
    first run the kind is settled when the first pair completes (usually the second run), and a
    run that later comes without a seed simply has no partner.
    """
    if not order:
        return "two-sample"
    first = baseline[0] if order[0] == BASELINE_ROLE else method[0]
    if first.seed is None:
        return "two-sample"
    seeds = {run.seed for run in baseline if run.seed is not None}
    return "paired" if any(run.seed in seeds for run in method if run.seed is not None) else "two-sample"


def unpaired_runs(
    baseline: Sequence[Run], method: Sequence[Run], baseline_name: str, method_name: str
) -> tuple[UnpairedRun, ...]:
    """Runs of a gut check where some runs carry seeds that have no partner in the other arm.

    Empty when no run has a seed (nothing was meant to pair). A seed repeated in an arm
    leaves its later runs unpaired.
    """
    if all(run.seed is None for run in (*baseline, *method)):
        return ()
    found: list[UnpairedRun] = []
    for name, runs, others in ((baseline_name, baseline, method), (method_name, method, baseline)):
        partners = {run.seed for run in others if run.seed is not None}
        seen: set[int] = set()
        for position, run in enumerate(runs):
            if run.seed is None or run.seed not in partners or run.seed in seen:
                found.append(UnpairedRun(name, position, run.seed))
            if run.seed is not None:
                seen.add(run.seed)
    return tuple(found)


def _first_runs(
    baseline: Sequence[Run], method: Sequence[Run], order: Sequence[int], planned: int
) -> tuple[list[Run], list[Run], list[int]]:
    """The first ``planned`` runs of each arm, in arrival order: a fixed design's data."""
    kept: list[int] = []
    taken = [0, 0]
    for role in order:
        if taken[role] < planned:
            kept.append(role)
            taken[role] += 1
    return list(baseline[:planned]), list(method[:planned]), kept


def _stream(baseline: Sequence[Run], method: Sequence[Run], order: Sequence[int], unit: float) -> Stream:
    position = [0, 0]
    values: list[float] = []
    seeds: list[int | None] = []
    for role in order:
        run = (baseline, method)[role][position[role]]
        position[role] += 1
        values.append(run.value / unit)
        seeds.append(run.seed)
    return Stream(np.asarray(order, dtype=np.int64), np.asarray(values, dtype=np.float64), tuple(seeds))


def _check_arguments(alpha: float, claimed_lift_pct: float | None, success_threshold_pct: float | None) -> None:
    if not 0.0 < alpha < 1.0:
        raise UserError(f"alpha must be between 0 and 1 (for example 0.05); got {alpha}.")
    for label, value in (("claimed lift", claimed_lift_pct), ("success", success_threshold_pct)):
        if value is not None and not math.isfinite(value):
            raise UserError(f"The {label} must be a finite percentage; got {value}.")


def _difference(
    base_values: FloatArray, method_values: FloatArray, differences: FloatArray | None
) -> tuple[float | None, Interval | None, float | None]:
    """Mean difference, its t interval, and the spread power is planned with."""
    scale = max((float(np.max(np.abs(v))) for v in (base_values, method_values) if v.size), default=0.0)
    if differences is not None:
        spread = summarize("differences", differences).sd
        return _no_rounding_noise(sample_mean(differences), scale), paired_interval(differences), spread
    diff_mean = None
    if base_values.size > 0 and method_values.size > 0:
        diff_mean = _no_rounding_noise(sample_mean(method_values) - sample_mean(base_values), scale)
    return diff_mean, welch_interval(base_values, method_values), pooled_sd(base_values, method_values)


def _no_rounding_noise(difference: float | None, scale: float) -> float | None:
    """0 for a difference of means that is floating-point rounding of equal means (e.g.
    0.15/4 against (0.06+0.06+0.03)/4): its sign must not make a verdict."""
    if difference is None or abs(difference) > 1e-12 * scale:
        return difference
    return 0.0


def _in_units(arm: ArmSummary, unit: float) -> ArmSummary:
    return replace(
        arm,
        mean=None if arm.mean is None else arm.mean * unit,
        sd=None if arm.sd is None else arm.sd * unit,
    )


def _sequential_in_units(test: SequentialTest, unit: float) -> SequentialTest:
    return replace(
        test,
        interval=_interval_in_units(test.interval, unit),
        estimate=None if test.estimate is None else test.estimate * unit,
        sd=None if test.sd is None else test.sd * unit,
    )


def _interval_in_units(interval: Interval | None, unit: float) -> Interval | None:
    if interval is None:
        return None
    return Interval(interval.low * unit, interval.high * unit)
