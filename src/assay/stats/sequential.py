"""The sequential test: the t-statistic e-value after every run, in the order runs arrived.

Two kinds. **Paired**: runs pair up by seed; each completed pair adds its difference
(method - baseline) and the test is the one-sample t on those differences; a run waiting
for its partner, or without a seed, is not used. **Two-sample**: every run counts, and the
test is the pooled two-sample t (unequal arms allowed). After each arrival the e-value of
that look is computed; the p-value is 1 / (the largest e-value so far), capped at 1, so it
never rises as runs arrive. docs/statistics.md, section 8, states the method.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from assay.stats.evalues import Alternative, critical_x, log_evalue, t_from_x
from assay.stats.intervals import Interval
from assay.stats.power import MIN_RUNS_FOR_VERDICT
from assay.stats.runs import FloatArray

Kind = Literal["paired", "two-sample"]
BASELINE_ROLE, METHOD_ROLE = 0, 1
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Stream:
    """Baseline (role 0) and method (role 1) runs in the order they arrived."""

    roles: IntArray
    values: FloatArray
    seeds: tuple[int | None, ...]


@dataclass(frozen=True)
class Looks:
    """The sequential test after each arrival; arrays have one entry per run in the stream.

    ``estimate`` is the mean difference the test uses (NaN until it is defined), ``se`` its
    standard error, ``n_eff`` and ``nu`` the t statistic's effective size and degrees of
    freedom, ``used`` how many runs (two-sample) or pairs (paired) it rests on.
    """

    kind: Kind
    log_e: FloatArray
    log_e_max: FloatArray
    estimate: FloatArray
    se: FloatArray
    n_eff: FloatArray
    nu: FloatArray
    used: IntArray

    def p_value(self, index: int) -> float:
        """The always-valid p-value after arrival ``index`` (1 before any evidence)."""
        if index < 0:
            return 1.0
        return min(1.0, math.exp(-float(self.log_e_max[index])))


@dataclass(frozen=True)
class SequentialTest:
    """The sequential test now: p-value, its method in words, and the evidence behind it.

    ``e_value`` is the current one (None when beyond 1e300), ``interval`` the anytime-valid
    confidence interval of the mean difference, intersected over the looks so far (None
    until the test can exclude anything), ``used`` the runs or pairs it rests on; ``estimate`` and ``sd`` are
    the mean difference and spread it sees (pairs: of the differences; two-sample: pooled),
    ``n_eff`` and ``nu`` the size and degrees of freedom of its t statistic.
    """

    p_value: float
    method: str
    kind: Kind
    e_value: float | None
    used: int
    interval: Interval | None
    estimate: float | None = None
    sd: float | None = None
    n_eff: float = 0.0
    nu: float = 0.0
    note: str | None = None


def looks(stream: Stream, kind: Kind, alternative: Alternative) -> Looks:
    """The e-value after every arrival of ``stream``, for the test of ``kind``."""
    if kind == "paired":
        estimate, se, n_eff, nu, used = _paired_statistics(stream)
    else:
        estimate, se, n_eff, nu, used = _two_sample_statistics(stream)
    defined = nu >= 1.0
    log_e = np.zeros(stream.values.size, dtype=np.float64)
    if np.any(defined):
        x = _x_of(estimate[defined], se[defined], nu[defined])
        log_e[defined] = log_evalue(x, n_eff[defined], nu[defined], alternative)
    log_e_max = np.maximum.accumulate(np.maximum(log_e, 0.0)) if log_e.size else log_e
    return Looks(kind, log_e, log_e_max, estimate, se, n_eff, nu, used)


def _x_of(estimate: FloatArray, se: FloatArray, nu: FloatArray) -> FloatArray:
    """x = t / sqrt(nu + t²) = estimate / sqrt(estimate² + nu·se²), ±1 when se is 0."""
    scale = np.sqrt(estimate * estimate + nu * se * se)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = estimate / scale
    return np.asarray(np.where(scale > 0.0, x, 0.0), dtype=np.float64)


def _paired_statistics(stream: Stream) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, IntArray]:
    """Differences of completed pairs, in the order the pairs completed, as looks."""
    waiting: tuple[dict[int, float], dict[int, float]] = ({}, {})
    differences: list[float] = []
    completed_at: list[int] = []
    for index, (role, value, seed) in enumerate(zip(stream.roles, stream.values, stream.seeds, strict=True)):
        if seed is None or seed in waiting[role]:
            continue  # no partner possible, or a repeated seed (the first one counts)
        waiting[role][seed] = float(value)
        partner = waiting[1 - role].get(seed)
        if partner is not None:
            method, baseline = (float(value), partner) if role == METHOD_ROLE else (partner, float(value))
            differences.append(method - baseline)
            completed_at.append(index)
    completes = np.zeros(stream.values.size, dtype=np.int64)
    completes[completed_at] = 1
    pairs = np.cumsum(completes)
    d = np.asarray(differences, dtype=np.float64)
    mean, sd = _running_mean_sd(d)
    # Look k sees the pairs completed by then: pair count p means entry p - 1.
    at = np.maximum(pairs - 1, 0)
    has = pairs > 0
    estimate = np.where(has, mean[at] if d.size else 0.0, np.nan)
    spread = np.where(pairs >= 2, sd[at] if d.size else 0.0, np.nan)
    count = pairs.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = spread / np.sqrt(count)
    return estimate, se, count, count - 1.0, pairs


def _running_mean_sd(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean and sample sd of every prefix; deviations from the first value keep a constant
    prefix's sd exactly 0 (no rounding noise from a large mean)."""
    if values.size == 0:
        return values, values
    n = np.arange(1, values.size + 1, dtype=np.float64)
    shifted = values - values[0]
    s1, s2 = np.cumsum(shifted), np.cumsum(shifted * shifted)
    mean = values[0] + s1 / n
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = np.maximum(s2 - s1 * s1 / n, 0.0) / (n - 1.0)
    return mean, np.sqrt(np.where(n >= 2, variance, np.nan))


def _two_sample_statistics(stream: Stream) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, IntArray]:
    """Pooled two-sample t ingredients after every arrival."""
    counts, means, squares = [], [], []
    for role in (BASELINE_ROLE, METHOD_ROLE):
        mask = stream.roles == role
        first = float(stream.values[mask][0]) if np.any(mask) else 0.0
        shifted = np.where(mask, stream.values - first, 0.0)
        n = np.cumsum(mask).astype(np.float64)
        s1, s2 = np.cumsum(shifted), np.cumsum(shifted * shifted)
        with np.errstate(invalid="ignore", divide="ignore"):
            counts.append(n)
            means.append(np.where(n > 0, first + s1 / n, np.nan))
            squares.append(np.where(n > 0, np.maximum(s2 - s1 * s1 / n, 0.0), 0.0))
    n_b, n_m = counts
    # A look where no run differs from the others of its arm is taken as certainty only once
    # both arms have the runs a verdict needs: one run shows no spread, and two runs that tie
    # are common with values logged to two decimals. Before that such a look is left out, or
    # one early tie would make every later look significant (the e-value's running maximum).
    unscaled = ((n_b < MIN_RUNS_FOR_VERDICT) | (n_m < MIN_RUNS_FOR_VERDICT)) & (squares[0] + squares[1] == 0.0)
    nu = np.where(unscaled, 0.0, n_b + n_m - 2.0)
    both = (n_b > 0) & (n_m > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = np.where(both, n_b * n_m / (n_b + n_m), 0.0)
        pooled = (squares[0] + squares[1]) / nu
        se = np.where(both & (nu >= 1.0), np.sqrt(pooled / n_eff), np.nan)
    estimate = np.where(both, means[1] - means[0], np.nan)
    return estimate, se, n_eff, np.where(both, nu, 0.0), (n_b + n_m).astype(np.int64)


def sequential_test(stream: Stream, kind: Kind, alternative: Alternative, alpha: float) -> SequentialTest:
    """The sequential test after the last arrival of ``stream`` (see the module doc)."""
    seen = looks(stream, kind, alternative)
    last = stream.values.size - 1
    used = int(seen.used[last]) if last >= 0 else 0
    method = f"e-value of the {'paired' if kind == 'paired' else 'two-sample'} t statistic, {alternative.describe()}"
    note = None
    if kind == "paired" and used < 2:
        note = "runs pair up by seed, and fewer than 2 pairs are complete: the sequential test is waiting for pairs"
    elif last >= 0 and seen.nu[last] >= 1.0 and seen.se[last] == 0.0:
        note = (
            "every seed moved by exactly the same amount, so the sequential test takes any difference as certain"
            if kind == "paired"
            else "every run gave the same value within each arm, so the sequential test takes any difference as certain"
        )
    log_e = float(seen.log_e[last]) if last >= 0 else 0.0
    n_eff = float(seen.n_eff[last]) if last >= 0 else 0.0
    nu = float(seen.nu[last]) if last >= 0 else 0.0
    estimate = float(seen.estimate[last]) if last >= 0 and math.isfinite(seen.estimate[last]) else None
    se = float(seen.se[last]) if last >= 0 and nu >= 1.0 and math.isfinite(seen.se[last]) else None
    return SequentialTest(
        p_value=seen.p_value(last),
        method=method,
        kind=kind,
        e_value=math.exp(log_e) if log_e < math.log(1e300) else None,
        used=used,
        interval=_interval(seen, last, alternative, alpha),
        estimate=estimate,
        sd=None if se is None else se * math.sqrt(n_eff),
        n_eff=n_eff,
        nu=nu,
        note=note,
    )


# Beyond this many looks, the running intersection uses a 1%-spaced subset of the earlier looks
# (a subset still gives a valid interval), so that 10,000-run arms stay quick.
_ALL_LOOKS = 2000


def running_intervals(seen: Looks, alternative: Alternative, alpha: float) -> tuple[FloatArray, FloatArray]:
    """The anytime-valid interval of the mean difference after every look: the intersection of
    the intervals of all looks so far (Lai 1976; Howard et al. 2021), so it never widens.

    Each look's interval holds every difference the test would not reject there,
    estimate ± c·se with c from :func:`critical_t`; -inf/+inf before the test can exclude
    anything. Where the intersection would be empty (a rare event, or data far from the
    model's assumptions) the look's own interval is reported.
    """
    size = seen.estimate.size
    low, high = np.full(size, -np.inf), np.full(size, np.inf)
    used = np.flatnonzero((seen.nu >= 1.0) & np.isfinite(seen.estimate) & np.isfinite(seen.se))
    if size > _ALL_LOOKS:
        grid = np.unique(np.concatenate([np.arange(_ALL_LOOKS), np.geomspace(_ALL_LOOKS, size, 400).astype(int)]))
        used = np.intersect1d(used, np.append(grid[grid < size], size - 1))
    if used.size == 0:
        return low, high
    critical = critical_ts(alternative, alpha, list(seen.n_eff[used]), list(seen.nu[used]))
    se = seen.se[used]
    half = np.full(used.size, np.inf)
    finite = np.isfinite(critical)
    half[finite] = critical[finite] * se[finite]  # 0 for a zero-variance look: the estimate alone
    own_low, own_high = seen.estimate[used] - half, seen.estimate[used] + half
    low[used], high[used] = own_low, own_high
    # Looks left out of the subset carry the previous intersection forward.
    cum_low, cum_high = np.maximum.accumulate(low), np.minimum.accumulate(high)
    empty = cum_low > cum_high
    return np.where(empty, low, cum_low), np.where(empty, high, cum_high)


def _interval(seen: Looks, index: int, alternative: Alternative, alpha: float) -> Interval | None:
    if index < 0:
        return None
    low, high = running_intervals(seen, alternative, alpha)
    if not (math.isfinite(low[index]) and math.isfinite(high[index])):
        return None
    return Interval(float(low[index]), float(high[index]))


def critical_t(alternative: Alternative, alpha: float, n_eff: float, nu: float) -> float:
    """The |t| at which the e-value reaches 1/alpha at this look; inf where it never does."""
    return float(critical_ts(alternative, alpha, [n_eff], [nu])[0])


def critical_ts(alternative: Alternative, alpha: float, n_eff: Sequence[float], nu: Sequence[float]) -> FloatArray:
    """:func:`critical_t` for many looks at once: one vectorised search for those not known yet.

    The answer depends only on the look's size and the alternative, never on the data, so
    it is kept (a table of at most 200,000 entries, emptied when full).
    """
    keys = [(alternative, alpha, round(float(n), 9), float(v)) for n, v in zip(n_eff, nu, strict=True)]
    # This call's answers are kept in its own table: the shared one may be emptied meanwhile
    # (full, or by another thread), and a missing key must never be looked up there.
    known: dict[tuple[Alternative, float, float, float], float] = {}
    for key in keys:
        if not (key[2] > 0.0 and key[3] >= 1.0):
            known[key] = math.inf  # no t statistic at this look yet
        elif (cached := _CRITICAL.get(key)) is not None:
            known[key] = cached
    missing = sorted({key for key in keys if key not in known}, key=lambda key: (key[2], key[3]))
    if missing:
        n_new = np.array([key[2] for key in missing])
        nu_new = np.array([key[3] for key in missing])
        found = t_from_x(critical_x(n_new, nu_new, alternative, alpha), nu_new)
        fresh = {key: float(v) if math.isfinite(v) else math.inf for key, v in zip(missing, found, strict=True)}
        known.update(fresh)
        with _CRITICAL_LOCK:
            if len(_CRITICAL) + len(fresh) > _CRITICAL_LIMIT:
                _CRITICAL.clear()
            _CRITICAL.update(fresh)
    return np.array([known[key] for key in keys], dtype=np.float64)


_CRITICAL: dict[tuple[Alternative, float, float, float], float] = {}
_CRITICAL_LOCK = threading.Lock()
_CRITICAL_LIMIT = 200_000
