"""Numbers and phrases the verdict's words are made of (explain.py puts them together)."""

from __future__ import annotations

import math
from collections.abc import Callable

from assay.stats.result import Analysis, UnpairedRun

RunLabel = Callable[[UnpairedRun], str]
TEST_NAMES = {"sequential": "sequential test", "paired_t": "paired t test", "welch_t": "Welch's t test"}


def default_label(run: UnpairedRun) -> str:
    """``baseline run 4 (seed 9)``: a run by its place in its arm."""
    seed = "no seed" if run.seed is None else f"seed {run.seed}"
    return f"{run.arm} run {run.position + 1} ({seed})"


def observed(a: Analysis) -> str:
    """The observed lift with its 95% half-width, or the raw difference without a lift.

    A lift below zero says "worse" in words, so a minus sign is never the only clue.
    """
    ci, lift, base_mean = a.diff.ci95, a.lift.observed_pct, a.baseline.mean
    if lift is not None and base_mean is not None:
        spread = f" ± {pct(100.0 * ci.half_width / abs(base_mean))}% (95% CI)" if ci else ""
        worse = " (worse than the baseline)" if lift < 0 else ""
        return f"{signed(lift)}%{worse}{spread}"
    diff = a.diff.mean
    spread = f" ± {raw(ci.half_width)} (95% CI)" if ci else ""
    return f"a mean difference of {signed_raw(diff)}{spread}"


def test_and_p(a: Analysis) -> str:
    """``sequential test, p = 0.004`` for the test that decided."""
    name = TEST_NAMES[a.primary]
    p = a.primary_p
    if p is None:
        return name
    return f"{name}, p < 0.001" if p < 0.001 else f"{name}, p = {p:.3g}"


def runs(a: Analysis) -> str:
    base, method = a.baseline, a.method
    if a.paired:
        return f"{base.n} paired runs per arm"
    if base.n == method.n:
        return f"{base.n} runs per arm"
    return f"{base.n} {base.name} and {method.n} {method.name} runs"


def arm_counts(a: Analysis) -> str:
    return " and ".join(f"{arm.n} {arm.name} run{s(arm.n)}" for arm in a.arms[:2])


def more_runs(a: Analysis, more: dict[str, int], target: int) -> str:
    """``4 more runs per arm (10 in each)`` or per arm when the arms differ."""
    counts = set(more.values())
    if len(counts) == 1:
        count = counts.pop()
        seeds = " on new seeds run in both arms" if a.paired or a.sequential.kind == "paired" else ""
        return f"{count} more run{s(count)} per arm{seeds} ({target} in each)"
    parts = [f"{n} more {name} run{s(n)}" for name, n in more.items() if n > 0]
    return f"{' and '.join(parts)} ({target} in each arm)"


def retained(a: Analysis) -> str:
    fraction = a.lift.retained_fraction
    if fraction is None:
        return "an undefined share"
    if fraction < 0:
        return "none"
    return f"{pct(100.0 * fraction)}%"


def interval_lift(a: Analysis) -> str | None:
    """The sequential test's anytime-valid interval as lifts: ``-3% to +12%``."""
    interval, base_mean = a.sequential.interval, a.baseline.mean
    if interval is None:
        return None
    if base_mean is None or base_mean == 0.0:
        return f"{signed_raw(interval.low)} to {signed_raw(interval.high)}"
    scale = 100.0 / abs(base_mean) * (1.0 if a.higher_is_better else -1.0)
    low, high = sorted((interval.low * scale, interval.high * scale))
    return f"{signed(low)}% to {signed(high)}%"


def unpaired_note(a: Analysis, label: RunLabel) -> str | None:
    """Which runs broke the pairing, and what that changes; None when nothing did."""
    if not a.unpaired:
        return None
    shown = ", ".join(label(run) for run in a.unpaired[:6])
    more = f" and {len(a.unpaired) - 6} more" if len(a.unpaired) > 6 else ""
    count = len(a.unpaired)
    text = (
        f"{count} run{s(count)} {'has' if count == 1 else 'have'} no partner with the same seed in the other arm "
        f"({shown}{more}), so the classical tests treat every run as independent "
        "(Welch's t test, not the paired t test)"
    )
    if a.sequential.kind == "paired":
        text += "; the sequential test compares seed by seed and leaves them out until their partner is logged"
    return text


def power_words(power: float | None) -> str:
    # Rounded down so that 79.6% never reads as the 80% target.
    return "unknown" if power is None else f"{math.floor(100.0 * power + 1e-9)}%"


def pct(x: float | None) -> str:
    if x is None:
        return "?"
    magnitude = abs(x)
    if magnitude < 0.005:
        # Below what a person reads off a percentage; avoids "2.8e-14%".
        return "0"
    if magnitude >= 100:
        return f"{x:,.0f}"
    if magnitude >= 1:
        return f"{x:.1f}".removesuffix(".0")
    return f"{x:.2g}"


def signed(x: float) -> str:
    return ("+" if x > 0 else "") + pct(x)


def raw(x: float) -> str:
    return f"{x:.4g}"


def signed_raw(x: float | None) -> str:
    return "?" if x is None else f"{x:+.4g}"


def arm(name: str, article: str = "The") -> str:
    return f"{article} {name} arm"


def s(n: int) -> str:
    return "" if n == 1 else "s"
