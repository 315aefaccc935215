"""The gut-check analysis: every statistic of ``/gutcheck status`` and the verdict."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from assay.errors import UserError
from assay.stats.effect import Lift, direction, hedges_g, lift
from assay.stats.explain import explain, headline
from assay.stats.intervals import (
    Interval,
    bootstrap_interval,
    paired_interval,
    welch_interval,
)
from assay.stats.power import Power, analyse_power
from assay.stats.report import analysis_data
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
from assay.stats.tests import (
    RankTest,
    TTest,
    mann_whitney_u,
    paired_t,
    welch_t,
    wilcoxon_signed_rank,
)
from assay.stats.verdict import Verdict, decide


@dataclass(frozen=True)
class Difference:
    """Mean of method - baseline with its t-based and bootstrap 95% intervals."""

    mean: float | None
    ci95: Interval | None
    bootstrap_ci95: Interval | None


@dataclass(frozen=True)
class Analysis:
    """Everything ``/gutcheck status`` reports for one baseline/method comparison.

    Differences, t statistics and g are signed method - baseline; lifts are signed so
    that positive means better. Undefined quantities are None, never NaN.
    """

    verdict: Verdict
    arms: tuple[ArmSummary, ...]
    paired: bool
    higher_is_better: bool
    alpha: float
    diff: Difference
    welch_t: TTest | None
    mann_whitney_u: RankTest | None
    paired_t: TTest | None
    wilcoxon: RankTest | None
    primary_test: Literal["paired_t", "welch_t"]
    hedges_g: float | None
    lift: Lift
    power: Power

    @property
    def baseline(self) -> ArmSummary:
        """The baseline arm's summary."""
        return self.arms[0]

    @property
    def method(self) -> ArmSummary:
        """The method arm's summary."""
        return self.arms[1]

    @property
    def primary(self) -> TTest | None:
        """The test the verdict rests on: paired t when fully paired, else Welch's t."""
        return self.paired_t if self.primary_test == "paired_t" else self.welch_t

    @property
    def more_runs_needed(self) -> dict[str, int] | None:
        """Runs each arm still needs for 80% power; None when no plan can be made."""
        needed = self.power.runs_needed_per_arm
        if needed is None:
            return None
        return {arm.name: max(0, needed - arm.n) for arm in self.arms[:2]}

    @property
    def summary(self) -> str:
        """One line: the verdict and the headline numbers."""
        return headline(self)

    def explanation(self) -> str:
        """The verdict in words a lead understands, with the numbers behind it."""
        return explain(self)

    def to_data(self) -> dict[str, Any]:
        """The ``data`` dict of ``/gutcheck status`` (without ``id``), JSON-ready."""
        return analysis_data(self)


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
) -> Analysis:
    """Compare ``method`` with ``baseline`` and decide the gut-check verdict.

    ``claimed_lift_pct`` and ``success_threshold_pct`` are direction-aware percentages
    of the baseline mean (40 means "40% better"). ``extra_arms`` are summarised (n,
    mean, sd) but take no part in the tests. Pure: same runs, same answer, bootstrap
    included. Raises UserError when alpha is not strictly between 0 and 1, a claimed
    lift or success threshold is not a finite number, or two arms share a name.
    """
    _check_arguments(alpha, claimed_lift_pct, success_threshold_pct)
    extra = dict(extra_arms or {})
    names = [baseline_name, method_name, *extra]
    if len(set(names)) != len(names):
        raise UserError(f"Each arm needs its own name; got {', '.join(names)}.")

    # Statistics are computed in units of a power of two near the largest value (an
    # exact rescaling), then quantities with units are multiplied back.
    raw_differences = paired_differences(baseline, method)
    raw_base, raw_method = values_of(baseline), values_of(method)
    unit = unit_scale(raw_base, raw_method)
    base_values, method_values = raw_base / unit, raw_method / unit
    differences = None if raw_differences is None else raw_differences / unit
    paired = differences is not None
    base_summary = summarize(baseline_name, base_values)
    method_summary = summarize(method_name, method_values)
    arms = (
        _in_units(base_summary, unit),
        _in_units(method_summary, unit),
        *(summarize(name, values_of(runs)) for name, runs in extra.items()),
    )
    diff_mean, ci95, spread = _difference(base_values, method_values, differences)

    welch = welch_t(base_values, method_values)
    paired_test = paired_t(differences) if differences is not None else None
    primary_test: Literal["paired_t", "welch_t"] = "paired_t" if paired else "welch_t"
    primary = paired_test if paired else welch

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
    power = analyse_power(
        claimed_effect,
        spread,
        arms[0].n,
        arms[1].n,
        alpha=alpha,
        paired=paired,
    )
    improvement = None if diff_mean is None else direction(higher_is_better) * diff_mean
    verdict = decide(
        n_baseline=arms[0].n,
        n_method=arms[1].n,
        p_value=None if primary is None else primary.p_value,
        improvement=improvement,
        observed_lift_pct=lift_result.observed_pct,
        success_threshold_pct=lift_result.success_threshold_pct,
        achieved_power=power.achieved_power,
        alpha=alpha,
    )
    return Analysis(
        verdict=verdict,
        arms=arms,
        paired=paired,
        higher_is_better=higher_is_better,
        alpha=alpha,
        diff=Difference(
            mean=None if diff_mean is None else diff_mean * unit,
            ci95=_interval_in_units(ci95, unit),
            bootstrap_ci95=_interval_in_units(bootstrap_interval(base_values, method_values, differences), unit),
        ),
        welch_t=welch,
        mann_whitney_u=mann_whitney_u(base_values, method_values),
        paired_t=paired_test,
        wilcoxon=wilcoxon_signed_rank(differences) if differences is not None else None,
        primary_test=primary_test,
        hedges_g=hedges_g(base_values, method_values, paired),
        lift=lift_result,
        power=power,
    )


def _check_arguments(alpha: float, claimed_lift_pct: float | None, success_threshold_pct: float | None) -> None:
    if not 0.0 < alpha < 1.0:
        raise UserError(f"alpha must be between 0 and 1 (for example 0.05); got {alpha}.")
    for label, value in (
        ("claimed lift", claimed_lift_pct),
        ("success", success_threshold_pct),
    ):
        if value is not None and not math.isfinite(value):
            raise UserError(f"The {label} must be a finite percentage; got {value}.")


def _difference(
    base_values: FloatArray, method_values: FloatArray, differences: FloatArray | None
) -> tuple[float | None, Interval | None, float | None]:
    """Mean difference, its t interval, and the spread power is planned with."""
    if differences is not None:
        spread = summarize("differences", differences).sd
        return sample_mean(differences), paired_interval(differences), spread
    diff_mean = None
    if base_values.size > 0 and method_values.size > 0:
        diff_mean = sample_mean(method_values) - sample_mean(base_values)
    spread = pooled_sd(base_values, method_values)
    return diff_mean, welch_interval(base_values, method_values), spread


def _in_units(arm: ArmSummary, unit: float) -> ArmSummary:
    return replace(
        arm,
        mean=None if arm.mean is None else arm.mean * unit,
        sd=None if arm.sd is None else arm.sd * unit,
    )


def _interval_in_units(interval: Interval | None, unit: float) -> Interval | None:
    if interval is None:
        return None
    return Interval(interval.low * unit, interval.high * unit)
