"""95% confidence intervals for the mean difference (method - baseline)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assay.stats.runs import FloatArray, sample_mean, sample_variance
from assay.stats.tests import t_critical, welch_se_df

CONFIDENCE = 0.95
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 0
# Indices drawn per block: bounds memory (about 16 MB of indices) on arms of any size.
_BOOTSTRAP_BLOCK_ELEMENTS = 2_000_000


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high]."""

    low: float
    high: float

    @property
    def half_width(self) -> float:
        """Half the width: the "±" of a symmetric interval."""
        return (self.high - self.low) / 2.0


def welch_interval(baseline: FloatArray, method: FloatArray) -> Interval | None:
    """Welch 95% CI: diff ± t(0.975, Welch-Satterthwaite df) · SE; two runs per arm needed.

    Both arms of zero variance give the point interval [diff, diff].
    """
    if baseline.size < 2 or method.size < 2:
        return None
    diff = sample_mean(method) - sample_mean(baseline)
    se, df = welch_se_df(baseline, method)
    return _symmetric(diff, se, df)


def paired_interval(differences: FloatArray) -> Interval | None:
    """Paired 95% CI: mean(d) ± t(0.975, n - 1) · sd(d) / sqrt(n); two pairs needed."""
    n = differences.size
    if n < 2:
        return None
    mean = sample_mean(differences)
    return _symmetric(mean, math.sqrt(sample_variance(differences) / n), float(n - 1))


def _symmetric(center: float, se: float, df: float) -> Interval:
    half = t_critical(df, CONFIDENCE) * se
    return Interval(center - half, center + half)


def bootstrap_interval(baseline: FloatArray, method: FloatArray, differences: FloatArray | None) -> Interval | None:
    """Percentile bootstrap 95% CI of the mean difference; deterministic (fixed seed).

    Paired data (``differences`` given) resamples whole pairs; otherwise each arm is
    resampled on its own. Needs two runs per arm (two pairs when paired).
    """
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    if differences is not None:
        if differences.size < 2:
            return None
        boot = _resampled_means(differences, rng)
    else:
        if baseline.size < 2 or method.size < 2:
            return None
        boot = _resampled_means(method, rng) - _resampled_means(baseline, rng)
    tail = (1.0 - CONFIDENCE) / 2.0
    low, high = np.quantile(boot, [tail, 1.0 - tail])
    return Interval(float(low), float(high))


def _resampled_means(values: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Means of BOOTSTRAP_RESAMPLES resamples with replacement, drawn in 2-D blocks."""
    n = values.size
    means = np.empty(BOOTSTRAP_RESAMPLES, dtype=np.float64)
    block = max(1, min(BOOTSTRAP_RESAMPLES, _BOOTSTRAP_BLOCK_ELEMENTS // n))
    index_type = np.int32 if n < 2**31 else np.int64
    for start in range(0, BOOTSTRAP_RESAMPLES, block):
        rows = min(block, BOOTSTRAP_RESAMPLES - start)
        indices = rng.integers(0, n, size=(rows, n), dtype=index_type)
        means[start : start + rows] = values[indices].mean(axis=1)
    return means
