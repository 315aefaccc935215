"""Effect sizes: Hedges' g, and the direction-aware lift against the claimed lift."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import special

from assay.stats.runs import FloatArray, pooled_variance, sample_mean, sample_variance


def hedges_correction(df: float) -> float:
    """Hedges' exact small-sample bias correction J(df) = Γ(df/2) / (√(df/2) Γ((df-1)/2)).

    Computed through log-gamma so it stays finite for any df; J tends to 1 as df grows.
    """
    log_j = special.gammaln(df / 2.0) - 0.5 * math.log(df / 2.0)
    log_j -= special.gammaln((df - 1.0) / 2.0)
    return math.exp(float(log_j))


def hedges_g(baseline: FloatArray, method: FloatArray, paired: bool) -> float | None:
    """Hedges' g of method - baseline, bias-corrected; None where undefined.

    Unpaired: (mean_m - mean_b) / pooled sd, times J(n1 + n2 - 2). Paired: Cumming's
    d_av, (mean_m - mean_b) / ((sd_b + sd_m) / 2), times J(n - 1), so that a paired and
    an unpaired gut check on the same spread report comparable numbers. Undefined
    (None) with fewer than 3 runs per arm or when the standardiser is 0 and the means
    differ; 0 when it is 0 and the means agree.
    """
    n_b, n_m = baseline.size, method.size
    if n_b < 3 or n_m < 3:
        return None
    diff = sample_mean(method) - sample_mean(baseline)
    if paired:
        sd_b, sd_m = (
            math.sqrt(sample_variance(baseline)),
            math.sqrt(sample_variance(method)),
        )
        scale, df = (sd_b + sd_m) / 2.0, float(n_b - 1)
    else:
        scale, df = math.sqrt(pooled_variance(baseline, method)), float(n_b + n_m - 2)
    if scale == 0.0:
        return 0.0 if diff == 0.0 else None
    g = hedges_correction(df) * diff / scale
    return g if math.isfinite(g) else None


@dataclass(frozen=True)
class Lift:
    """Observed lift vs the claim, in percent of the baseline mean, improvement positive.

    ``observed_pct`` is None when the baseline mean is 0 (a relative change from 0 has
    no size) or unknown; ``retained_fraction`` is observed / claimed, None without a
    (non-zero) claim; ``success_threshold_pct`` is the lift a REPRODUCED verdict needs.
    """

    observed_pct: float | None
    claimed_pct: float | None
    retained_fraction: float | None
    success_threshold_pct: float | None


def direction(higher_is_better: bool) -> float:
    """+1 when a higher metric is better, -1 when lower is better."""
    return 1.0 if higher_is_better else -1.0


def relative_pct(diff: float, baseline_mean: float, higher_is_better: bool) -> float | None:
    """A mean difference as a direction-aware percentage of |baseline mean|.

    Dividing by |mean| keeps the sign meaning "better" even for negative metrics (for
    example a log-likelihood). None when the baseline mean is 0.
    """
    if baseline_mean == 0.0:
        return None
    pct = 100.0 * direction(higher_is_better) * diff / abs(baseline_mean)
    return pct if math.isfinite(pct) else None


def success_threshold(claimed_pct: float | None, explicit_pct: float | None) -> float | None:
    """The lift needed for REPRODUCED: ``success=`` if given, else half the claimed lift."""
    if explicit_pct is not None:
        return explicit_pct
    if claimed_pct is not None:
        return claimed_pct / 2.0
    return None


def lift(
    diff: float | None,
    baseline_mean: float | None,
    *,
    higher_is_better: bool,
    claimed_pct: float | None,
    success_threshold_pct: float | None,
) -> Lift:
    """Observed lift, the claim, the fraction of it retained and the success threshold."""
    observed = None
    if diff is not None and baseline_mean is not None:
        observed = relative_pct(diff, baseline_mean, higher_is_better)
    retained = None
    if observed is not None and claimed_pct is not None and claimed_pct != 0.0:
        retained = observed / claimed_pct
    return Lift(
        observed_pct=observed,
        claimed_pct=claimed_pct,
        retained_fraction=retained,
        success_threshold_pct=success_threshold(claimed_pct, success_threshold_pct),
    )
