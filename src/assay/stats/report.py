"""The JSON ``data`` of ``/gutcheck status``: SPEC keys, rounded floats, None for undefined."""

from __future__ import annotations

import math
from typing import Any

from assay.stats.intervals import Interval
from assay.stats.power import MAX_RUNS_PER_ARM
from assay.stats.result import Analysis
from assay.stats.sequential import SequentialTest
from assay.stats.tests import RankTest, TTest

SIGNIFICANT_DIGITS = 6


def rounded(x: float | None) -> float | None:
    """x to 6 significant digits; None for None, NaN or infinity; never -0.0."""
    if x is None or not math.isfinite(x):
        return None
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}") + 0.0


def analysis_data(analysis: Analysis) -> dict[str, Any]:
    """The SPEC ``data`` dict for one analysis (the caller adds ``id``).

    Extra keys beyond the SPEC ones: ``paired``, ``classical_primary``, ``alpha``,
    ``higher_is_better``, ``unpaired_runs``, ``diff.bootstrap_ci95``, ``design.sd_pct`` and
    ``design.left_out``, a ``method`` and ``note`` per test (and the sequential test's
    ``e_value``, ``kind``, ``runs_used`` and anytime-valid ``interval``),
    ``lift.success_threshold_pct``, and power's ``achieved_power``, ``planned_power``,
    ``more_runs``, ``exceeds_cap`` and ``max_runs_per_arm``. Every key is always present.
    """
    power = analysis.power
    design = analysis.design
    return {
        "verdict": analysis.verdict.value,
        "arms": {arm.name: {"n": arm.n, "mean": rounded(arm.mean), "sd": rounded(arm.sd)} for arm in analysis.arms},
        "paired": analysis.paired,
        "primary": analysis.primary,
        "classical_primary": analysis.classical_primary,
        "design": {
            "kind": design.kind,
            "planned_runs": design.planned_runs,
            "final": analysis.final,
            "sd_pct": design.sd_pct,
            "left_out": dict(analysis.left_out),
        },
        "alpha": analysis.alpha,
        "higher_is_better": analysis.higher_is_better,
        "unpaired_runs": [{"arm": run.arm, "index": run.position + 1, "seed": run.seed} for run in analysis.unpaired],
        "diff": {
            "mean": rounded(analysis.diff.mean),
            "ci95": interval(analysis.diff.ci95),
            "bootstrap_ci95": interval(analysis.diff.bootstrap_ci95),
        },
        "tests": {
            "sequential": _sequential(analysis.sequential),
            "welch_t": _t_test(analysis.welch_t, required=True),
            "mann_whitney_u": _rank_test(analysis.mann_whitney_u, required=True),
            "paired_t": _t_test(analysis.paired_t, required=analysis.paired),
            "wilcoxon": _rank_test(analysis.wilcoxon, required=analysis.paired),
        },
        "effect_size": {"hedges_g": rounded(analysis.hedges_g)},
        "lift": {
            "observed_pct": rounded(analysis.lift.observed_pct),
            "claimed_pct": rounded(analysis.lift.claimed_pct),
            "retained_fraction": rounded(analysis.lift.retained_fraction),
            "success_threshold_pct": rounded(analysis.lift.success_threshold_pct),
        },
        "power": {
            "runs_needed_per_arm": power.runs_needed_per_arm,
            "achieved_power": rounded(power.achieved_power),
            "planned_power": rounded(power.planned_power),
            "more_runs": analysis.more_runs_needed,
            "exceeds_cap": power.exceeds_cap,
            "max_runs_per_arm": MAX_RUNS_PER_ARM,
        },
    }


def interval(value: Interval | None) -> list[float | None]:
    if value is None:
        return [None, None]
    return [rounded(value.low), rounded(value.high)]


def _sequential(test: SequentialTest) -> dict[str, Any]:
    return {
        "p_value": rounded(test.p_value),
        "method": test.method,
        "kind": test.kind,
        "e_value": rounded(test.e_value),
        "runs_used": test.used,
        "interval": interval(test.interval),
        "note": test.note,
    }


def _t_test(test: TTest | None, *, required: bool) -> dict[str, Any] | None:
    # A test that applies keeps its shape even when the data cannot support it yet;
    # paired_t and wilcoxon are null when the arms are not paired (SPEC: {...}|null).
    if test is None:
        if not required:
            return None
        return {"statistic": None, "df": None, "p_value": None, "note": None}
    return {
        "statistic": rounded(test.statistic),
        "df": rounded(test.df),
        "p_value": rounded(test.p_value),
        "note": test.note,
    }


def _rank_test(test: RankTest | None, *, required: bool) -> dict[str, Any] | None:
    if test is None:
        if not required:
            return None
        return {"statistic": None, "p_value": None, "method": None, "note": None}
    return {
        "statistic": rounded(test.statistic),
        "p_value": rounded(test.p_value),
        "method": test.method,
        "note": test.note,
    }
