"""E-values of the t statistic: likelihood ratios that stay honest however often they are read.

The t statistic is the maximal invariant of normal data under changes of location and scale,
so the ratio of its density under an alternative to its density under "no difference" is a
nonnegative martingale under the null, for any number of runs (Lai 1976; Pérez-Ortiz, Lardy,
de Heide & Grünwald 2022). Ville's inequality then bounds the chance that it ever reaches
1/alpha by alpha. docs/statistics.md, section 8, has the derivation and the sources.

With ``n_eff`` = n (paired: one-sample t on the differences) or n1·n2/(n1+n2) (two-sample
pooled t), ``nu`` its degrees of freedom and x = t / sqrt(nu + t²) in [-1, 1], the e-value is
the likelihood ratio averaged over a prior on the standardized effect d = μ/σ:

- **normal** around the claim: d ~ ½·N(+m, s²) + ½·N(-m, s²) (both directions, so a
  regression counts as much as a gain). With g = 1 + n_eff·s² and μ = m·sqrt(n_eff / g),

      E = L(x; g) · exp(-μ²/2) · E[cosh(μ·x_g·Y)],   x_g = x / sqrt(g(1 - x²) + x²),

  Y ~ chi with nu + 1 degrees of freedom and L the closed-form ratio for d ~ N(0, s²)
  (:func:`log_normal_mixture`); s = 0 is the point alternative ±m (the "safe t-test");
- **cauchy**: d ~ Cauchy(0, r), the JZS Bayes factor of Rouder et al. (2009), a normal
  mixture over the scale g ~ InverseGamma(1/2, 1/2) whose inner ratio is closed form.

Everything is computed in logs and vectorised over arrays of looks; x = ±1 (a zero-variance
sample) is allowed. The quadratures are checked against exact recursions and scipy's
noncentral t in tests/unit/test_stats_evalues.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special

from assay.stats.runs import FloatArray

# The e-value never needs to be known beyond this: exp(-700) is already a p-value of 0.
LOG_E_CAP = 700.0
_NODES = 256
# The Cauchy mixture's integrand is wider and smoother: 128 nodes give nine digits.
_CAUCHY_NODES = 128
# Quadrature ranges stop where the integrand has fallen this many nats below its peak.
_TAIL_NATS = 60.0
_BISECTIONS = 40


@dataclass(frozen=True)
class Alternative:
    """The prior over d the e-value averages over (see the module doc).

    ``kind`` "normal": ±``scale`` with standard deviation ``spread``; "cauchy": Cauchy(0, ``scale``).
    """

    kind: Literal["normal", "cauchy"]
    scale: float
    spread: float = 0.0

    def describe(self) -> str:
        if self.kind == "cauchy":
            return f"Cauchy prior on the effect, r = {self.scale:.3g}"
        if self.spread == 0.0:
            return f"point alternative d = ±{self.scale:.3g}"
        return f"prior on the effect around the claim, d = ±{self.scale:.3g} (sd {self.spread:.3g})"


# The JZS default scale sqrt(2)/2 ("medium" in R's BayesFactor): half the prior mass on |d| < 0.71.
DEFAULT_ALTERNATIVE = Alternative("cauchy", math.sqrt(2.0) / 2.0)


def log_chi_mgf(a: FloatArray, k: FloatArray) -> FloatArray:
    """log E[exp(a·Y)] for Y ~ chi with k degrees of freedom (k ≥ 2), elementwise.

    The integral of y^(k-1) exp(-y²/2 + a·y) is taken in u = log y, where the integrand
    exp(h(u)) is smooth with a single peak, by the trapezoid rule between the two points
    where it has fallen 60 nats (found by bisection; h rises steadily towards the peak from
    the left with slope at least k near y = 0, and falls at least like a Gaussian of the
    peak's width on the right). 256 nodes give about ten correct digits for any a and k.
    """
    a, k = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(k, dtype=np.float64))
    peak_y = (a + np.sqrt(a * a + 4.0 * k)) / 2.0
    peak_u = np.log(peak_y)
    top = _log_integrand(peak_u, a, k)
    width = 1.0 / np.sqrt(peak_y * peak_y + k)
    # Where y < |a|/... the tail is at worst linear with slope k, so this bracket is safe.
    left = _reach(peak_u, a, k, top, -1.0, _TAIL_NATS / k + np.maximum(peak_u, 0.0) + 2.0)
    right = _reach(peak_u, a, k, top, 1.0, math.sqrt(2.0 * _TAIL_NATS) * width * (1.0 + 1e-9))
    grid = np.linspace(0.0, 1.0, _NODES)
    u = (peak_u - left)[..., None] + (left + right)[..., None] * grid
    values = np.exp(_log_integrand(u, a[..., None], k[..., None]) - top[..., None])
    step = (left + right) / (_NODES - 1)
    total = np.sum(values, axis=-1) - 0.5 * (values[..., 0] + values[..., -1])
    log_norm = (k / 2.0 - 1.0) * math.log(2.0) + special.gammaln(k / 2.0)
    return np.asarray(top + np.log(step * total) - log_norm, dtype=np.float64)


def _log_integrand(u: FloatArray, a: FloatArray, k: FloatArray) -> FloatArray:
    y = np.exp(u)
    return np.asarray(k * u - y * y / 2.0 + a * y, dtype=np.float64)


def _reach(
    peak: FloatArray, a: FloatArray, k: FloatArray, top: FloatArray, side: float, start: FloatArray
) -> FloatArray:
    """How far from the peak (in u, towards ``side``) the integrand is 60 nats down.

    ``start`` is already that far down; 30 halvings put the answer within 1e-9 of it.
    """
    low, high = np.zeros_like(peak), np.asarray(start, dtype=np.float64) + np.zeros_like(peak)
    for _ in range(30):
        middle = (low + high) / 2.0
        down = _log_integrand(peak + side * middle, a, k) - top < -_TAIL_NATS
        high, low = np.where(down, middle, high), np.where(down, low, middle)
    return high


def log_evalue(x: FloatArray, n_eff: FloatArray, nu: FloatArray, alternative: Alternative) -> FloatArray:
    """log E of t statistics given as x = t/sqrt(nu + t²), elementwise, capped at 700.

    ``nu`` must be at least 1. Symmetric in x and increasing in |x|.
    """
    x, n_eff, nu = np.broadcast_arrays(
        np.asarray(x, dtype=np.float64), np.asarray(n_eff, dtype=np.float64), np.asarray(nu, dtype=np.float64)
    )
    if alternative.kind == "normal":
        result = _log_normal_evalue(x, n_eff, nu, alternative.scale, alternative.spread)
    else:
        result = _log_cauchy_evalue(x, n_eff, nu, alternative.scale)
    return np.asarray(np.minimum(result, LOG_E_CAP), dtype=np.float64)


def log_normal_mixture(x2: FloatArray, tau2: FloatArray, nu: FloatArray) -> FloatArray:
    """log of the t likelihood ratio when d ~ Normal(0, tau2 / n_eff): closed form.

    With g = 1 + tau2: the noncentrality is then normal, so t / sqrt(g) is a central t and
    the ratio is g^(-1/2) · ((1 - x²) + x²/g)^(-(nu+1)/2).
    """
    log_g = np.log1p(tau2)
    return np.asarray(
        -0.5 * log_g - (nu + 1.0) / 2.0 * np.log((1.0 - x2) + x2 * np.exp(-log_g)),
        dtype=np.float64,
    )


def _log_normal_evalue(x: FloatArray, n_eff: FloatArray, nu: FloatArray, centre: float, spread: float) -> FloatArray:
    """log E for d ~ ½·N(+centre, spread²) + ½·N(-centre, spread²) (module doc)."""
    x2 = np.minimum(x * x, 1.0)
    variance = n_eff * spread * spread
    g = 1.0 + variance
    mu = centre * np.sqrt(n_eff / g)
    a = mu * np.abs(x) / np.sqrt(g * (1.0 - x2) + x2)
    k = nu + 1.0
    towards = log_chi_mgf(a, k)
    # The side against the data adds exp(-a·E[Y]) or less relative to the other (Jensen);
    # past exp(-50) it cannot change a double, so it is computed only where it can.
    needed = a * np.sqrt(k) < 50.0
    against = np.full_like(a, -np.inf)
    against[needed] = log_chi_mgf(-a[needed], k[needed])
    both = np.logaddexp(towards, against) - math.log(2.0)
    return np.asarray(log_normal_mixture(x2, variance, nu) - mu * mu / 2.0 + both, dtype=np.float64)


def _log_cauchy_evalue(x: FloatArray, n_eff: FloatArray, nu: FloatArray, r: float) -> FloatArray:
    """The JZS Bayes factor: the normal mixture integrated over g ~ InverseGamma(1/2, 1/2).

    In s = log g the prior density is (2π)^(-1/2) exp(-s/2 - exp(-s)/2); the likelihood peaks
    near g = t²/(n_eff r²) and falls like exp(-s) beyond, so the grid runs from s = -6 (where
    the prior is exp(-200)) to 45 nats past that peak. A zero-variance sample (x² = 1) has
    an unbounded ratio once nu ≥ 1: it is given the cap.
    """
    degenerate = x * x >= 1.0
    x2 = np.where(degenerate, 0.0, x * x)  # computed as 0, then given the cap below
    scale = n_eff * r * r
    upper = np.log1p(nu * x2 / (1.0 - x2) / scale) + 45.0
    grid = np.linspace(0.0, 1.0, _CAUCHY_NODES)
    s = -6.0 + (upper + 6.0)[..., None] * grid
    log_prior = -0.5 * math.log(2.0 * math.pi) - s / 2.0 - np.exp(-s) / 2.0
    terms = log_normal_mixture(x2[..., None], scale[..., None] * np.exp(s), nu[..., None]) + log_prior
    top = np.max(terms, axis=-1)
    values = np.exp(terms - top[..., None])
    total = np.sum(values, axis=-1) - 0.5 * (values[..., 0] + values[..., -1])
    result = top + np.log(total * (upper + 6.0) / (_CAUCHY_NODES - 1))
    return np.asarray(np.where(degenerate, LOG_E_CAP, result), dtype=np.float64)


def critical_x(n_eff: FloatArray, nu: FloatArray, alternative: Alternative, alpha: float) -> FloatArray:
    """The smallest |x| at which E reaches 1/alpha, elementwise; NaN where it never does.

    E rises with |x|, so this is a bisection (40 halvings: within 1e-12); the t statistic it
    means is x·sqrt(nu/(1 - x²)).
    """
    n_eff, nu = np.broadcast_arrays(np.asarray(n_eff, dtype=np.float64), np.asarray(nu, dtype=np.float64))
    target = math.log(1.0 / alpha)
    reachable = log_evalue(np.ones_like(n_eff), n_eff, nu, alternative) >= target
    low, high = np.zeros_like(n_eff), np.ones_like(n_eff)
    for _ in range(_BISECTIONS):
        middle = (low + high) / 2.0
        above = log_evalue(middle, n_eff, nu, alternative) >= target
        high, low = np.where(above, middle, high), np.where(above, low, middle)
    return np.asarray(np.where(reachable, high, np.nan), dtype=np.float64)


def t_from_x(x: FloatArray, nu: FloatArray) -> FloatArray:
    """The t statistic of x = t/sqrt(nu + t²): x·sqrt(nu/(1 - x²)); ±inf at |x| = 1."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = x * np.sqrt(np.asarray(nu, dtype=np.float64) / (1.0 - x * x))
    return np.asarray(np.where(np.abs(x) >= 1.0, np.sign(x) * np.inf, t), dtype=np.float64)
