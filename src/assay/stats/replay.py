"""The verdict after every run: what the bot would have shown had the runs arrived one by one.

Only what the verdict needs is computed at each look (counts, means, the sequential test and
its anytime-valid interval), vectorised over the looks; a fixed design's final verdict, the
same from its N-th run per arm on, comes from one full analysis. The rule itself is the one
``analyze`` applies (verdict.decide), so the last look agrees with the full analysis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assay.stats.analysis import analyze, sequential_kind
from assay.stats.design import SEQUENTIAL, Design
from assay.stats.effect import direction, relative_pct, success_threshold
from assay.stats.intervals import Interval
from assay.stats.runs import FloatArray, Run, unit_scale
from assay.stats.sequential import BASELINE_ROLE, METHOD_ROLE, Stream, looks, running_intervals
from assay.stats.verdict import Evidence, Verdict, claim_ruled_out, decide


@dataclass(frozen=True)
class Look:
    """The runs per arm after one more run arrived, and the verdict then."""

    n_baseline: int
    n_method: int
    verdict: Verdict


def replay(
    arrivals: Sequence[tuple[int, Run]],
    *,
    higher_is_better: bool = True,
    claimed_lift_pct: float | None,
    success_threshold_pct: float | None = None,
    alpha: float = 0.05,
    design: Design = SEQUENTIAL,
) -> list[Look]:
    """One look per arrival (role 0 baseline, 1 method, with its run), in order.

    Raises UserError for the arguments ``analyze`` refuses.
    """
    baseline = [run for role, run in arrivals if role == BASELINE_ROLE]
    method = [run for role, run in arrivals if role == METHOD_ROLE]
    order = [role for role, _ in arrivals]
    final = analyze(  # validates the arguments, and is the verdict from a fixed design's N-th run on
        baseline,
        method,
        higher_is_better=higher_is_better,
        claimed_lift_pct=claimed_lift_pct,
        success_threshold_pct=success_threshold_pct,
        alpha=alpha,
        design=design,
        arrival=order,
    )
    planned = design.planned_runs
    kept = _kept(order, planned)
    roles = np.asarray([order[i] for i in kept], dtype=np.int64)
    values = np.asarray([arrivals[i][1].value for i in kept], dtype=np.float64)
    unit = unit_scale(values)
    stream = Stream(roles, values / unit, tuple(arrivals[i][1].seed for i in kept))
    kept_baseline = [arrivals[i][1] for i in kept if order[i] == BASELINE_ROLE]
    kept_method = [arrivals[i][1] for i in kept if order[i] == METHOD_ROLE]
    alternative = design.alternative(claimed_lift_pct)
    seen = looks(stream, sequential_kind(kept_baseline, kept_method, list(roles)), alternative)
    interval_low, interval_high = running_intervals(seen, alternative, alpha)
    n_b, n_m, base_mean, diff = _running_means(stream)
    threshold = success_threshold(claimed_lift_pct, success_threshold_pct)

    result: list[Look] = []
    position = -1
    for index in range(len(arrivals)):
        if position + 1 < len(kept) and kept[position + 1] == index:
            position += 1
        if position < 0:
            result.append(Look(0, 0, Verdict.INSUFFICIENT_DATA))
            continue
        counts = (int(n_b[position]), int(n_m[position]))
        if planned is not None and min(counts) >= planned:
            result.append(Look(*counts, final.verdict))
            continue
        mean_b = None if counts[0] == 0 else float(base_mean[position]) * unit
        change = None if min(counts) == 0 else float(diff[position]) * unit
        interval = None
        if math.isfinite(interval_low[position]) and math.isfinite(interval_high[position]):
            interval = Interval(float(interval_low[position]) * unit, float(interval_high[position]) * unit)
        claimed = None if claimed_lift_pct is None or mean_b is None else claimed_lift_pct / 100.0 * abs(mean_b)
        evidence = Evidence(
            n_baseline=counts[0],
            n_method=counts[1],
            significant=seen.p_value(position) < alpha,
            improvement=None if change is None else direction(higher_is_better) * change,
            observed_lift_pct=None
            if change is None or mean_b is None
            else relative_pct(change, mean_b, higher_is_better),
            success_threshold_pct=threshold,
            claim_ruled_out=planned is None and claim_ruled_out(interval, claimed, higher_is_better),
            interim=planned is not None,
        )
        result.append(Look(*counts, decide(evidence)))
    return result


def _kept(order: Sequence[int], planned: int | None) -> list[int]:
    """Indices of the arrivals the design analyses: all, or the first ``planned`` per arm."""
    if planned is None:
        return list(range(len(order)))
    taken = [0, 0]
    kept = []
    for index, role in enumerate(order):
        if taken[role] < planned:
            kept.append(index)
            taken[role] += 1
    return kept


def _running_means(stream: Stream) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Runs per arm, the baseline mean and the mean difference after each arrival."""
    counts, means = [], []
    for role in (BASELINE_ROLE, METHOD_ROLE):
        mask = stream.roles == role
        n = np.cumsum(mask).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            means.append(np.where(n > 0, np.cumsum(np.where(mask, stream.values, 0.0)) / n, np.nan))
        counts.append(n)
    return counts[0], counts[1], means[0], means[1] - means[0]
