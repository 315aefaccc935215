"""Power of the sequential test, and the runs per arm it needs: the method's own formula.

The sequential test has decided by n runs per arm if its e-value crossed 1/alpha at any look
up to n; it certainly has if it crosses at look n, where it rejects exactly when
|t| ≥ c_n (c_n from the e-value, not from the data). So

    power(n) ≥ P(|T| ≥ c_n),   T ~ noncentral t(nu_n, δ·sqrt(n_eff_n)),

with δ the true effect in standard deviations: a lower bound, and the runs it asks for an
upper bound (the bench measures how close: bench/bench_peeking.py). Paired: n pairs,
n_eff = n, nu = n - 1; two-sample: n per arm, n_eff = n/2, nu = 2n - 2. Beyond 100 runs the
search steps by 5%, so the number is then at most 5% high.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache

import numpy as np
from scipy import stats as sps

from assay.stats.evalues import Alternative
from assay.stats.power import MAX_RUNS_PER_ARM, MIN_RUNS_FOR_VERDICT, TARGET_POWER
from assay.stats.runs import FloatArray
from assay.stats.sequential import Kind, critical_ts


@lru_cache(maxsize=8)
def _grid() -> tuple[int, ...]:
    runs = list(range(MIN_RUNS_FOR_VERDICT, 101))
    while runs[-1] < MAX_RUNS_PER_ARM:
        runs.append(min(MAX_RUNS_PER_ARM, math.ceil(runs[-1] * 1.05)))
    return tuple(runs)


def _sizes(kind: Kind, runs: FloatArray) -> tuple[FloatArray, FloatArray]:
    if kind == "paired":
        return runs, runs - 1.0
    return runs / 2.0, 2.0 * runs - 2.0


def sequential_power(effect_sd: float, n_eff: float, nu: float, *, alternative: Alternative, alpha: float) -> float:
    """P(|T| ≥ c) at one look of size (n_eff, nu) when the true effect is ``effect_sd`` sds."""
    critical = critical_ts(alternative, alpha, [n_eff], [nu])
    return float(_tail_power(critical, np.array([nu]), np.array([abs(effect_sd) * math.sqrt(n_eff)]))[0])


def sequential_runs_needed(
    effect_sd: float, *, kind: Kind, alternative: Alternative, alpha: float, target: float = TARGET_POWER
) -> int | None:
    """Smallest runs per arm (pairs when paired) whose last look alone reaches ``target`` power.

    None when the effect is 0 or even 100,000 runs per arm fall short.
    """
    if effect_sd == 0.0:
        return None
    runs = np.array(_grid(), dtype=np.float64)
    n_eff, nu = _sizes(kind, runs)
    critical = critical_ts(alternative, alpha, list(n_eff), list(nu))
    if math.isinf(effect_sd):
        # No spread at all: the test decides at the first look where deciding is possible.
        reached = np.flatnonzero(np.isfinite(critical))
        return int(runs[reached[0]]) if reached.size else None
    ncp = abs(effect_sd) * np.sqrt(n_eff)
    # The noncentral t is slow per point: the normal approximation finds where power crosses
    # the target, and the exact power is computed around there (everywhere if that fails).
    rough = np.flatnonzero(_normal_power(critical, ncp) >= target)
    for window in _windows(int(rough[0]) if rough.size else None, runs.size):
        power = _tail_power(critical[window], nu[window], ncp[window])
        reached = np.flatnonzero(power >= target)
        if reached.size and (reached[0] > 0 or window.start == 0):
            return int(runs[window][reached[0]])
    return None


def _windows(guess: int | None, size: int) -> list[slice]:
    if guess is None:
        return [slice(0, size)]
    start = 0 if guess < 40 else guess - 8
    return [slice(start, min(size, guess + 9)), slice(0, size)]


def _normal_power(critical: FloatArray, ncp: FloatArray) -> FloatArray:
    finite = np.isfinite(critical)
    c = np.where(finite, critical, 0.0)
    return np.asarray(np.where(finite, sps.norm.sf(c - ncp) + sps.norm.cdf(-c - ncp), 0.0), dtype=np.float64)


def _tail_power(critical: FloatArray, nu: FloatArray, ncp: FloatArray) -> FloatArray:
    """P(T ≥ c) + P(T ≤ -c) for T ~ noncentral t(nu, ncp); 0 where c is infinite."""
    finite = np.isfinite(critical)
    c = np.where(finite, critical, 0.0)
    with warnings.catch_warnings():
        # Boost's series can fail far out in a tail; the normal approximation takes over.
        warnings.simplefilter("ignore", RuntimeWarning)
        upper = sps.nct.sf(c, nu, ncp)
        lower = sps.nct.cdf(-c, nu, ncp)
    upper = np.where(np.isfinite(upper), upper, sps.norm.sf(c - ncp))
    lower = np.where(np.isfinite(lower), lower, sps.norm.cdf(-c - ncp))
    return np.asarray(np.where(finite, np.clip(upper + lower, 0.0, 1.0), 0.0), dtype=np.float64)
