"""The verdict in words: one headline line and a short explanation for a team lead."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from assay.stats.power import MAX_RUNS_PER_ARM, MIN_RUNS_FOR_VERDICT, TARGET_POWER
from assay.stats.verdict import Verdict

if TYPE_CHECKING:
    from assay.stats.analysis import Analysis


def headline(analysis: Analysis) -> str:
    """One line, e.g. "PARTIAL: +12.0% observed vs 40% claimed (Welch's t test, p = 0.002)"."""
    verdict = analysis.verdict
    if verdict is Verdict.INSUFFICIENT_DATA:
        return f"{verdict}: {_arm_counts(analysis)}; {MIN_RUNS_FOR_VERDICT} per arm are needed"
    claim = analysis.lift.claimed_pct
    vs_claim = f" vs {_pct(claim)}% claimed" if claim is not None else ""
    return f"{verdict}: {_observed(analysis)} observed{vs_claim} ({_test_and_p(analysis)})"


def explain(analysis: Analysis) -> str:
    """A paragraph saying what the verdict means, with the numbers behind it."""
    text = _EXPLAINERS[analysis.verdict](analysis)
    primary = analysis.primary
    insufficient = analysis.verdict is Verdict.INSUFFICIENT_DATA
    if primary is not None and primary.note is not None and not insufficient:
        text += f" Note: {primary.note}."
    return text


def _insufficient(a: Analysis) -> str:
    short = [
        f"{MIN_RUNS_FOR_VERDICT - arm.n} more {arm.name} run{_s(MIN_RUNS_FOR_VERDICT - arm.n)}"
        for arm in a.arms[:2]
        if arm.n < MIN_RUNS_FOR_VERDICT
    ]
    return (
        f"Not enough data yet: a verdict needs at least {MIN_RUNS_FOR_VERDICT} runs in "
        f"each arm, and there are {_arm_counts(a)}. Log {' and '.join(short)}."
    )


def _reproduced(a: Analysis) -> str:
    claim, threshold = a.lift.claimed_pct, a.lift.success_threshold_pct
    evidence = f"{_test_and_p(a)}; {_runs(a)}"
    if a.lift.observed_pct is None:
        return (
            f"{_arm(a.method.name)} is significantly better than {_arm(a.baseline.name, 'the')}"
            f": we observe {_observed(a)}; {evidence}. The baseline mean is 0, so a "
            "relative lift is undefined and any significant improvement counts as "
            "reproduced."
        )
    if claim is not None and threshold is not None:
        return (
            f"The claimed {_pct(claim)}% lift reproduced: we observe {_observed(a)}, "
            f"{_retained(a)} of the claim and at or above the {_pct(threshold)}% "
            f"success threshold ({evidence})."
        )
    if threshold is not None:
        return (
            f"{_arm(a.method.name)} reached the success threshold: we observe {_observed(a)}, at "
            f"or above the {_pct(threshold)}% needed ({evidence})."
        )
    return (
        f"{_arm(a.method.name)} is significantly better than {_arm(a.baseline.name, 'the')}"
        f": we observe {_observed(a)}; {evidence}. No lift was claimed, so any significant "
        "improvement counts as reproduced."
    )


def _partial(a: Analysis) -> str:
    claim, threshold = a.lift.claimed_pct, a.lift.success_threshold_pct
    evidence = f"{_test_and_p(a)}; {_runs(a)}"
    if claim is not None:
        return (
            f"Only part of the claimed {_pct(claim)}% lift reproduced: we observe a "
            f"significant {_observed(a)}, {_retained(a)} of the claim and below the "
            f"{_pct(threshold)}% success threshold ({evidence})."
        )
    return (
        f"{_arm(a.method.name)} is significantly better but short of the {_pct(threshold)}% "
        f"success threshold: we observe {_observed(a)} ({evidence})."
    )


def _not_reproduced(a: Analysis) -> str:
    return (
        f"The claimed {_pct(a.lift.claimed_pct)}% lift did not survive: we observe "
        f"{_observed(a)}, not significant ({_test_and_p(a)}), and with {_runs(a)} we "
        f"would have seen the claim with {_power(a.power.achieved_power)} power."
    )


def _inconclusive(a: Analysis) -> str:
    text = f"Inconclusive: we observe {_observed(a)}, not significant ({_test_and_p(a)})"
    claim = a.lift.claimed_pct
    if claim is None or claim == 0.0:
        return (
            f"{text}. No non-zero lift was claimed, so there is no effect size to plan "
            "runs for; give the claimed lift to get a run count."
        )
    if a.power.achieved_power is None:
        return (
            f"{text}. The baseline mean is 0, so the claimed {_pct(claim)}% lift has no absolute size to plan runs for."
        )
    text += f", and {_runs(a)} give only {_power(a.power.achieved_power)} power to see the claimed {_pct(claim)}% lift."
    more = a.more_runs_needed
    if more is None:
        return (
            f"{text} Even {MAX_RUNS_PER_ARM:,} runs per arm would not reach "
            f"{_power(TARGET_POWER)} power: the claim is tiny next to the run-to-run noise."
        )
    return f"{text} Log {_more_runs(a, more)} for {_power(TARGET_POWER)} power."


def _regression(a: Analysis) -> str:
    claim = a.lift.claimed_pct
    against = f" against the claimed {_pct(claim)}% lift" if claim is not None else ""
    return (
        f"Regression: {_arm(a.method.name, 'the')} is significantly worse than "
        f"{_arm(a.baseline.name, 'the')}: we "
        f"observe {_observed(a)}{against} ({_test_and_p(a)}; {_runs(a)}). "
        "This is a hard kill."
    )


_EXPLAINERS = {
    Verdict.INSUFFICIENT_DATA: _insufficient,
    Verdict.REPRODUCED: _reproduced,
    Verdict.PARTIAL: _partial,
    Verdict.NOT_REPRODUCED: _not_reproduced,
    Verdict.INCONCLUSIVE: _inconclusive,
    Verdict.REGRESSION: _regression,
}


def _observed(a: Analysis) -> str:
    """The observed lift with its 95% half-width, or the raw difference without a lift."""
    ci, observed, base_mean = a.diff.ci95, a.lift.observed_pct, a.baseline.mean
    if observed is not None and base_mean is not None:
        spread = f" ± {_pct(100.0 * ci.half_width / abs(base_mean))}% (95% CI)" if ci else ""
        return f"{_signed(observed)}%{spread}"
    diff = a.diff.mean
    spread = f" ± {_raw(ci.half_width)} (95% CI)" if ci else ""
    return f"a mean difference of {_signed_raw(diff)}{spread}"


def _test_and_p(a: Analysis) -> str:
    name = "paired t test" if a.primary_test == "paired_t" else "Welch's t test"
    primary = a.primary
    if primary is None:
        return name
    p = primary.p_value
    return f"{name}, p < 0.001" if p < 0.001 else f"{name}, p = {p:.3g}"


def _runs(a: Analysis) -> str:
    base, method = a.baseline, a.method
    if a.paired:
        return f"{base.n} paired runs per arm"
    if base.n == method.n:
        return f"{base.n} runs per arm"
    return f"{base.n} {base.name} and {method.n} {method.name} runs"


def _arm_counts(a: Analysis) -> str:
    return " and ".join(f"{arm.n} {arm.name} run{_s(arm.n)}" for arm in a.arms[:2])


def _more_runs(a: Analysis, more: dict[str, int]) -> str:
    needed = a.power.runs_needed_per_arm
    counts = set(more.values())
    if len(counts) == 1:
        count = counts.pop()
        seeds = " on new seeds run in both arms" if a.paired else ""
        return f"{count} more runs per arm{seeds} ({needed} in each)"
    parts = [f"{n} more {name} run{_s(n)}" for name, n in more.items() if n > 0]
    return f"{' and '.join(parts)} ({needed} in each arm)"


def _retained(a: Analysis) -> str:
    fraction = a.lift.retained_fraction
    return "an undefined share" if fraction is None else f"{_pct(100.0 * fraction)}%"


def _power(power: float | None) -> str:
    # Rounded down so that 79.6% never reads as the 80% target.
    return "unknown" if power is None else f"{math.floor(100.0 * power + 1e-9)}%"


def _pct(x: float | None) -> str:
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


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + _pct(x)


def _raw(x: float) -> str:
    return f"{x:.4g}"


def _signed_raw(x: float | None) -> str:
    return "?" if x is None else f"{x:+.4g}"


def _arm(name: str, article: str = "The") -> str:
    return f"{article} {name} arm"


def _s(n: int) -> str:
    return "" if n == 1 else "s"
