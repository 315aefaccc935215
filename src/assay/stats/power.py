"""Power of the t test from the noncentral t distribution, and the runs it needs.

The power of a two-sided level-alpha t test with df degrees of freedom and
noncentrality λ is P(T > t*) + P(T < -t*), T ~ noncentral t(df, λ), t* = t(1 - alpha/2, df).
Two-sample, n per arm: λ = δ / (σ √(2/n)), df = 2n - 2 (n1, n2: λ = δ / (σ √(1/n1 + 1/n2))).
Paired, n pairs: λ = δ √n / σ_d, df = n - 1. This is R's ``power.t.test`` (``strict=TRUE``
counts the far tail as R's ``strict = TRUE`` does).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

from scipy import stats as sps

TARGET_POWER = 0.8
MAX_RUNS_PER_ARM = 100_000
# Fewer runs than this cannot give a verdict at all, so a plan never asks for fewer.
MIN_RUNS_FOR_VERDICT = 3


@dataclass(frozen=True)
class Power:
    """Power to detect the claimed effect at the observed spread.

    ``runs_needed_per_arm``: smallest n per arm (pairs when paired) reaching 80% power,
    never below 3; None when undefined or beyond the cap (then ``exceeds_cap`` is True).
    ``achieved_power``: power of the runs already logged; None when undefined (no claim,
    a zero baseline mean, or too few runs to estimate the spread). ``planned_power``: a fixed
    design's power at its planned runs per arm (None otherwise).
    """

    runs_needed_per_arm: int | None
    exceeds_cap: bool
    achieved_power: float | None
    planned_power: float | None = None


def t_test_power(
    effect: float,
    sd: float,
    n_baseline: float,
    n_method: float | None = None,
    *,
    alpha: float = 0.05,
    paired: bool = False,
    strict: bool = True,
) -> float:
    """Power of the two-sided t test to detect a true mean difference ``effect``.

    ``n_method`` defaults to ``n_baseline``; for paired designs ``n_baseline`` is the
    number of pairs and ``sd`` the sd of the differences. n may be fractional (as in R).
    ``strict=False`` ignores rejections in the wrong direction (R's default). An sd of 0
    with a non-zero effect gives power 1.
    """
    n_m = n_baseline if n_method is None else n_method
    if paired:
        df = n_baseline - 1.0
        scale = 1.0 / math.sqrt(n_baseline)
    else:
        df = n_baseline + n_m - 2.0
        scale = math.sqrt(1.0 / n_baseline + 1.0 / n_m)
    delta = abs(effect)
    if sd == 0.0:
        return 1.0 if delta > 0.0 else alpha
    ncp = delta / (sd * scale)
    critical = float(sps.t.isf(alpha / 2.0, df))
    power = _upper_tail(critical, df, ncp)
    if strict:
        power += _upper_tail(critical, df, -ncp)
    return min(1.0, max(0.0, power))


def _upper_tail(critical: float, df: float, ncp: float) -> float:
    """P(T > critical) for T ~ noncentral t(df, ncp), robust where the series fails."""
    with warnings.catch_warnings():
        # Boost's series can fail to converge far out in the tails; we fall back below.
        warnings.simplefilter("ignore", RuntimeWarning)
        tail = float(sps.nct.sf(critical, df, ncp))
    if math.isfinite(tail):
        return tail
    # Such failures happen only where the tail is ~0 or ~1; the normal approximation of
    # the noncentral t is accurate enough there to say which.
    return float(sps.norm.sf(critical - ncp))


def runs_needed(
    effect: float,
    sd: float,
    *,
    alpha: float = 0.05,
    paired: bool = False,
    target: float = TARGET_POWER,
) -> int | None:
    """Smallest whole number of runs per arm (pairs when paired) giving ``target`` power.

    Power rises with n, so the first n is found by bisection between 2 and the cap.
    Returns None when even MAX_RUNS_PER_ARM runs fall short, or the effect is 0.
    """
    if effect == 0.0:
        return None

    def power_at(n: int) -> float:
        return t_test_power(effect, sd, n, alpha=alpha, paired=paired)

    low, high = 2, MAX_RUNS_PER_ARM
    if power_at(high) < target:
        return None
    if power_at(low) >= target:
        return max(low, MIN_RUNS_FOR_VERDICT)
    while high - low > 1:  # invariant: power_at(low) < target <= power_at(high)
        middle = (low + high) // 2
        if power_at(middle) >= target:
            high = middle
        else:
            low = middle
    return max(high, MIN_RUNS_FOR_VERDICT)


def analyse_power(
    effect: float | None,
    sd: float | None,
    n_baseline: int,
    n_method: int,
    *,
    alpha: float,
    paired: bool,
    planned: int | None = None,
) -> Power:
    """Achieved power and runs needed for a claimed ``effect`` (absolute units) at ``sd``.

    Either is None when the effect or sd is unknown, the effect is 0, or an arm has
    fewer than two runs (paired: two pairs). ``planned`` adds the power at that many runs
    per arm.
    """
    if effect is None or sd is None or effect == 0.0 or min(n_baseline, n_method) < 2:
        return Power(None, False, None)
    needed = runs_needed(effect, sd, alpha=alpha, paired=paired)
    achieved = t_test_power(effect, sd, n_baseline, n_method, alpha=alpha, paired=paired)
    at_plan = None if planned is None else t_test_power(effect, sd, planned, alpha=alpha, paired=paired)
    return Power(
        runs_needed_per_arm=needed,
        exceeds_cap=needed is None,
        achieved_power=achieved,
        planned_power=at_plan,
    )
