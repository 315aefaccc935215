"""Runs as logged for a gut check, per-arm summaries, and pairing by seed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assay.errors import UserError

FloatArray = npt.NDArray[np.float64]

# Squares of larger values overflow double precision and would turn variances into
# infinity; no real metric comes near this.
MAX_ABS_VALUE = 1e100


@dataclass(frozen=True)
class Run:
    """One logged result of an arm: the metric value and, when known, the seed that made it.

    Raises UserError when ``value`` is not a finite number (NaN and infinity have no
    mean) or its magnitude exceeds 1e100 (its square would overflow).
    """

    value: float
    seed: int | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise UserError(f"A run value must be a finite number; got {self.value!r}.")
        if abs(self.value) > MAX_ABS_VALUE:
            raise UserError(f"A run value must be between -1e100 and 1e100; got {self.value!r}.")


@dataclass(frozen=True)
class ArmSummary:
    """Count, mean and sample standard deviation of one arm.

    ``mean`` is None for an empty arm and ``sd`` is None below two runs (undefined).
    """

    name: str
    n: int
    mean: float | None
    sd: float | None


def values_of(runs: Sequence[Run]) -> FloatArray:
    """The run values as a float array, in logged order."""
    return np.fromiter((run.value for run in runs), dtype=np.float64, count=len(runs))


def is_constant(values: FloatArray) -> bool:
    """True when every value is exactly the same (so the sample variance is exactly 0)."""
    return values.size > 0 and bool(np.all(values == values[0]))


def sample_mean(values: FloatArray) -> float:
    """Arithmetic mean; for a constant arm the value itself, so no rounding noise appears."""
    if is_constant(values):
        return float(values[0])
    return float(np.mean(values))


def sample_variance(values: FloatArray) -> float:
    """Unbiased sample variance (divisor n - 1); exactly 0 for a constant arm.

    Callers must pass at least two values.
    """
    if is_constant(values):
        return 0.0
    return float(np.var(values, ddof=1))


def summarize(name: str, values: FloatArray) -> ArmSummary:
    """n, mean and sd of one arm, with None where a quantity is undefined."""
    n = int(values.size)
    mean = sample_mean(values) if n else None
    sd = math.sqrt(sample_variance(values)) if n >= 2 else None
    return ArmSummary(name=name, n=n, mean=mean, sd=sd)


def paired_differences(baseline: Sequence[Run], method: Sequence[Run]) -> FloatArray | None:
    """Method minus baseline, matched by seed, or None when the arms are not fully paired.

    Arms are paired when every run of both arms has a seed, no seed repeats within an arm,
    and both arms used exactly the same set of seeds. Anything less (a missing seed, a
    repeated seed, a seed only one arm ran) means the runs are analysed as independent.
    """
    if not baseline or not method:
        return None
    base_by_seed = _by_seed(baseline)
    method_by_seed = _by_seed(method)
    if base_by_seed is None or method_by_seed is None:
        return None
    if base_by_seed.keys() != method_by_seed.keys():
        return None
    seeds = sorted(base_by_seed)
    return np.array([method_by_seed[seed] - base_by_seed[seed] for seed in seeds], dtype=np.float64)


def _by_seed(runs: Sequence[Run]) -> dict[int, float] | None:
    by_seed: dict[int, float] = {}
    for run in runs:
        if run.seed is None or run.seed in by_seed:
            return None
        by_seed[run.seed] = run.value
    return by_seed


def pooled_variance(baseline: FloatArray, method: FloatArray) -> float:
    """((n1-1)s1² + (n2-1)s2²) / (n1+n2-2); callers must pass two runs per arm."""
    n_b, n_m = baseline.size, method.size
    pooled = (n_b - 1) * sample_variance(baseline) + (n_m - 1) * sample_variance(method)
    return pooled / (n_b + n_m - 2)


def pooled_sd(baseline: FloatArray, method: FloatArray) -> float | None:
    """Square root of the pooled variance; None below two runs in either arm."""
    if baseline.size < 2 or method.size < 2:
        return None
    return math.sqrt(pooled_variance(baseline, method))


def unit_scale(*arrays: FloatArray) -> float:
    """A power of two just above the largest |value| of the arrays (1.0 when all are 0).

    Dividing by it is exact (only the binary exponent moves) and brings every value into
    [-1, 1], so no square or sum of squares can overflow or underflow; every statistic
    either does not depend on the unit or is multiplied back.
    """
    largest = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=0.0)
    if largest == 0.0:
        return 1.0
    return math.ldexp(1.0, math.frexp(largest)[1])
