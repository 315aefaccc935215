"""The six gut-check verdicts and the rule that picks one (docs/statistics.md, "Verdict")."""

from __future__ import annotations

from enum import StrEnum

from assay.stats.power import MIN_RUNS_FOR_VERDICT, TARGET_POWER


class Verdict(StrEnum):
    """What a gut check concluded; the names are fixed by the SPEC."""

    INSUFFICIENT_DATA = "INSUFFICIENT_DATA"
    REPRODUCED = "REPRODUCED"
    PARTIAL = "PARTIAL"
    NOT_REPRODUCED = "NOT_REPRODUCED"
    INCONCLUSIVE = "INCONCLUSIVE"
    REGRESSION = "REGRESSION"


def decide(
    *,
    n_baseline: int,
    n_method: int,
    p_value: float | None,
    improvement: float | None,
    observed_lift_pct: float | None,
    success_threshold_pct: float | None,
    achieved_power: float | None,
    alpha: float,
) -> Verdict:
    """Apply the verdict rule, in this order.

    1. Fewer than 3 runs in either arm (or no primary p-value): INSUFFICIENT_DATA.
    2. p < alpha and the method is worse (``improvement`` < 0): REGRESSION.
    3. p < alpha and better: REPRODUCED when there is no threshold, when the lift is
       undefined because the baseline mean is 0 (any gain over 0 is unbounded in
       relative terms), or when the observed lift reaches the threshold; else PARTIAL.
    4. Not significant: NOT_REPRODUCED when the runs had at least 80% power to see
       the claim; otherwise INCONCLUSIVE (including when power is undefined).

    ``improvement`` is the mean difference signed so that positive means better.
    """
    if min(n_baseline, n_method) < MIN_RUNS_FOR_VERDICT or p_value is None:
        return Verdict.INSUFFICIENT_DATA
    if p_value < alpha and improvement is not None and improvement != 0.0:
        if improvement < 0.0:
            return Verdict.REGRESSION
        if success_threshold_pct is None or observed_lift_pct is None:
            return Verdict.REPRODUCED
        if observed_lift_pct >= success_threshold_pct:
            return Verdict.REPRODUCED
        return Verdict.PARTIAL
    if achieved_power is not None and achieved_power >= TARGET_POWER:
        return Verdict.NOT_REPRODUCED
    return Verdict.INCONCLUSIVE
