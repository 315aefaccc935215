"""Hypothesis tests of method against baseline: Welch t, paired t, Mann-Whitney U, Wilcoxon.

Every function takes the method arm first in spirit: statistics are signed as
method - baseline. Each returns None when the test is undefined for the data (too few
runs) and otherwise a result with no NaN or infinity in it; the degenerate cases (zero
variance, all values tied) get the answers documented in docs/statistics.md.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats as sps

from assay.stats.runs import FloatArray, is_constant, sample_mean, sample_variance

# R's wilcox.test computes exact p-values below this many observations when nothing is
# tied; we follow it so that every R reference value can be reproduced.
EXACT_RANK_LIMIT = 50

# Differences of decimals typed by a person carry binary rounding noise (0.3 - 0.1 is
# not 0.2); differences this close, relative to their size, are ranked as ties.
TIE_RELATIVE_TOLERANCE = 1e-9

ZERO_VARIANCE_NOTE = (
    "every run gave the same value in both arms, so any difference between the means "
    "counts as significant (p = 0) and no difference counts as none (p = 1)"
)
ZERO_VARIANCE_PAIRED_NOTE = (
    "every seed moved by exactly the same amount, so any non-zero difference counts as "
    "significant (p = 0) and a zero difference as none (p = 1)"
)


@dataclass(frozen=True)
class TTest:
    """A t test: t statistic (None when infinite), degrees of freedom and two-sided p."""

    statistic: float | None
    df: float
    p_value: float
    note: str | None = None


@dataclass(frozen=True)
class RankTest:
    """A rank test: its statistic, two-sided p, and whether p is exact or approximate."""

    statistic: float
    p_value: float
    method: Literal["exact", "normal approximation"]
    note: str | None = None


def welch_t(baseline: FloatArray, method: FloatArray) -> TTest | None:
    """Welch's unequal-variance t test of mean(method) - mean(baseline).

    Needs two runs per arm. When both arms have zero variance the Welch-Satterthwaite
    df is 0/0; we report the pooled df n1 + n2 - 2 instead.
    """
    if baseline.size < 2 or method.size < 2:
        return None
    diff = sample_mean(method) - sample_mean(baseline)
    se, df = welch_se_df(baseline, method)
    if se == 0.0:
        return _zero_variance_result(diff, df, ZERO_VARIANCE_NOTE)
    return _t_result(diff / se, df)


def welch_se_df(baseline: FloatArray, method: FloatArray) -> tuple[float, float]:
    """Standard error of mean(method) - mean(baseline) and its Welch-Satterthwaite df.

    Callers must pass two runs per arm. With zero variance in both arms the df is the
    pooled n1 + n2 - 2 (the Welch formula would be 0/0).
    """
    n_b, n_m = baseline.size, method.size
    v_b, v_m = sample_variance(baseline) / n_b, sample_variance(method) / n_m
    se2 = v_b + v_m
    if se2 == 0.0:
        return 0.0, float(n_b + n_m - 2)
    # Written with each arm's share of the variance so that it cannot overflow.
    share_b, share_m = v_b / se2, v_m / se2
    return math.sqrt(se2), 1.0 / (share_b**2 / (n_b - 1) + share_m**2 / (n_m - 1))


def paired_t(differences: FloatArray) -> TTest | None:
    """Paired t test on method - baseline differences (one per seed); needs two pairs."""
    n = differences.size
    if n < 2:
        return None
    mean = sample_mean(differences)
    variance = sample_variance(differences)
    if variance == 0.0:
        return _zero_variance_result(mean, float(n - 1), ZERO_VARIANCE_PAIRED_NOTE)
    return _t_result(mean / math.sqrt(variance / n), float(n - 1))


def t_critical(df: float, confidence: float = 0.95) -> float:
    """The two-sided critical value of Student's t for the given confidence."""
    return float(sps.t.isf((1.0 - confidence) / 2.0, df))


def _t_result(t: float, df: float) -> TTest:
    if not math.isfinite(t):
        # A difference so far beyond its standard error that t overflows: p underflows.
        return TTest(statistic=None, df=df, p_value=0.0)
    p = 2.0 * float(sps.t.sf(abs(t), df))
    return TTest(statistic=t, df=df, p_value=min(1.0, p))


def _zero_variance_result(diff: float, df: float, note: str) -> TTest:
    if diff == 0.0:
        return TTest(statistic=0.0, df=df, p_value=1.0, note=note)
    return TTest(statistic=None, df=df, p_value=0.0, note=note)


def mann_whitney_u(baseline: FloatArray, method: FloatArray) -> RankTest | None:
    """Mann-Whitney U for the method arm: pairs where method beats baseline, ties 1/2.

    Equals R's W from ``wilcox.test(method, baseline)``. The p-value is exact (R's rule:
    both arms under 50 runs and no ties) or the normal approximation with tie and
    continuity corrections. All runs of both arms equal: U = n1 n2 / 2, p = 1.
    """
    n_b, n_m = baseline.size, method.size
    if n_b == 0 or n_m == 0:
        return None
    pooled = np.concatenate([baseline, method])
    if is_constant(pooled):
        return RankTest(
            statistic=n_b * n_m / 2.0,
            p_value=1.0,
            method="exact",
            note="every run in both arms gave the same value",
        )
    tied = np.unique(pooled).size < pooled.size
    exact = not tied and n_b < EXACT_RANK_LIMIT and n_m < EXACT_RANK_LIMIT
    result = sps.mannwhitneyu(
        method,
        baseline,
        use_continuity=True,
        alternative="two-sided",
        method="exact" if exact else "asymptotic",
    )
    return RankTest(
        statistic=float(result.statistic),
        p_value=_clip_p(float(result.pvalue)),
        method="exact" if exact else "normal approximation",
    )


def wilcoxon_signed_rank(differences: FloatArray) -> RankTest | None:
    """Wilcoxon signed-rank test on method - baseline differences; statistic is V = W+.

    V is the rank sum of the positive differences (R's V). Zero differences are dropped
    (Wilcoxon's convention, as R does). The p-value is exact when fewer than 50
    differences remain with no ties and no zeros, otherwise the normal approximation with
    tie and continuity corrections. All differences zero: V = 0, p = 1.
    """
    if differences.size == 0:
        return None
    d = _merge_near_ties(differences)
    nonzero = d[d != 0.0]
    if nonzero.size == 0:
        return RankTest(
            statistic=0.0,
            p_value=1.0,
            method="exact",
            note="every pair of runs gave the same value",
        )
    magnitudes = np.abs(nonzero)
    ranks = sps.rankdata(magnitudes)
    v = float(np.sum(ranks[nonzero > 0]))
    tied = np.unique(magnitudes).size < magnitudes.size
    exact = not tied and nonzero.size == d.size and nonzero.size < EXACT_RANK_LIMIT
    with warnings.catch_warnings():
        # scipy warns that small samples make the normal approximation rough; R uses it
        # in exactly these cases (ties or zeros), and we report which method was used.
        warnings.simplefilter("ignore", UserWarning)
        result = sps.wilcoxon(
            d,
            zero_method="wilcox",
            correction=True,
            alternative="two-sided",
            method="exact" if exact else "asymptotic",
        )
    return RankTest(
        statistic=v,
        p_value=_clip_p(float(result.pvalue)),
        method="exact" if exact else "normal approximation",
    )


def _merge_near_ties(differences: FloatArray) -> FloatArray:
    """Snap differences whose magnitudes agree to a relative 1e-9 onto one shared value."""
    magnitudes = np.abs(differences)
    order = np.argsort(magnitudes, kind="stable")
    ordered = magnitudes[order]
    starts = np.ones(ordered.size, dtype=bool)
    starts[1:] = np.diff(ordered) > TIE_RELATIVE_TOLERANCE * ordered[1:]
    group = np.cumsum(starts) - 1
    snapped = np.empty_like(ordered)
    snapped[order] = ordered[starts][group]
    return np.asarray(np.sign(differences) * snapped, dtype=np.float64)


def _clip_p(p: float) -> float:
    if math.isnan(p):
        # Only reachable through a degenerate input the guards above should catch; a
        # test that cannot tell the arms apart has p = 1.
        return 1.0
    return min(1.0, max(0.0, p))
