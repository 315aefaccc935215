"""The verdict in words: one headline line and a short explanation for a team lead."""

from __future__ import annotations

from assay.stats.power import MAX_RUNS_PER_ARM, MIN_RUNS_FOR_VERDICT, TARGET_POWER
from assay.stats.result import Analysis
from assay.stats.verdict import Verdict
from assay.stats.wording import (
    TEST_NAMES,
    RunLabel,
    arm,
    arm_counts,
    default_label,
    interval_lift,
    more_runs,
    observed,
    pct,
    power_words,
    retained,
    runs,
    s,
    test_and_p,
    unpaired_note,
)


def headline(analysis: Analysis) -> str:
    """One line, e.g. "PARTIAL: +12% observed vs 40% claimed (sequential test, p = 0.002)"."""
    verdict = analysis.verdict
    stage = _stage(analysis)
    if verdict is Verdict.INSUFFICIENT_DATA:
        return f"{verdict}{stage}: {arm_counts(analysis)}; {MIN_RUNS_FOR_VERDICT} per arm are needed"
    claim = analysis.lift.claimed_pct
    vs_claim = f" vs {pct(claim)}% claimed" if claim is not None else ""
    return f"{verdict}{stage}: {observed(analysis)} observed{vs_claim} ({test_and_p(analysis)})"


def design_words(analysis: Analysis) -> str:
    """``sequential design`` or ``fixed design, 6 of 10 runs per arm (interim)``."""
    planned = analysis.design.planned_runs
    if planned is None:
        return "sequential design"
    done = min(analysis.baseline.n, analysis.method.n)
    stage = "interim" if analysis.interim and not analysis.final else "final"
    return f"fixed design, {done} of {planned} runs per arm ({stage})"


def explain(analysis: Analysis, label: RunLabel = default_label) -> str:
    """A paragraph saying what the verdict means, with the numbers behind it.

    ``label`` names a run without a partner (the bot gives its run number).
    """
    text = _EXPLAINERS[analysis.verdict](analysis)
    if analysis.verdict is Verdict.INSUFFICIENT_DATA:
        return text
    notes = []
    if analysis.primary != "sequential":
        primary = analysis.classical
        if primary is not None and primary.note is not None:
            notes.append(primary.note)
    elif analysis.sequential.note is not None:
        notes.append(analysis.sequential.note)
    unpaired = unpaired_note(analysis, label)
    if unpaired is not None:
        notes.append(unpaired)
    if analysis.left_out:
        left = ", ".join(f"{n} {name}" for name, n in analysis.left_out)
        notes.append(f"runs beyond the planned {analysis.design.planned_runs} per arm are kept but not tested ({left})")
    return text + "".join(f" Note: {note}." for note in notes)


def _stage(a: Analysis) -> str:
    if a.design.planned_runs is None or not a.interim:
        return ""
    done = min(a.baseline.n, a.method.n)
    return f" (interim, {done} of {a.design.planned_runs} runs)"


def _insufficient(a: Analysis) -> str:
    short = [
        f"{MIN_RUNS_FOR_VERDICT - item.n} more {item.name} run{s(MIN_RUNS_FOR_VERDICT - item.n)}"
        for item in a.arms[:2]
        if item.n < MIN_RUNS_FOR_VERDICT
    ]
    return (
        f"Not enough data yet: a verdict needs at least {MIN_RUNS_FOR_VERDICT} runs in "
        f"each arm, and there are {arm_counts(a)}. Log {' and '.join(short)}."
    )


def _reproduced(a: Analysis) -> str:
    claim, threshold = a.lift.claimed_pct, a.lift.success_threshold_pct
    evidence = f"{test_and_p(a)}; {runs(a)}"
    if a.lift.observed_pct is None:
        return (
            f"{arm(a.method.name)} is significantly better than {arm(a.baseline.name, 'the')}"
            f": we observe {observed(a)}; {evidence}. The baseline mean is 0, so a "
            "relative lift is undefined and any significant improvement counts as reproduced."
        )
    if claim is not None and threshold is not None:
        return (
            f"The claimed {pct(claim)}% lift reproduced: we observe {observed(a)}, "
            f"{retained(a)} of the claim and at or above the {pct(threshold)}% "
            f"success threshold ({evidence})."
        )
    if threshold is not None:
        return (
            f"{arm(a.method.name)} reached the success threshold: we observe {observed(a)}, at "
            f"or above the {pct(threshold)}% needed ({evidence})."
        )
    return (
        f"{arm(a.method.name)} is significantly better than {arm(a.baseline.name, 'the')}"
        f": we observe {observed(a)}; {evidence}. No lift was claimed, so any significant "
        "improvement counts as reproduced."
    )


def _partial(a: Analysis) -> str:
    claim, threshold = a.lift.claimed_pct, a.lift.success_threshold_pct
    evidence = f"{test_and_p(a)}; {runs(a)}"
    if claim is not None:
        return (
            f"Only part of the claimed {pct(claim)}% lift reproduced: the method is significantly better, "
            f"but by {observed(a)}, {retained(a)} of the claim and below the "
            f"{pct(threshold)}% success threshold ({evidence})."
        )
    return (
        f"{arm(a.method.name)} is significantly better but short of the {pct(threshold)}% "
        f"success threshold: we observe {observed(a)} ({evidence})."
    )


def _not_reproduced(a: Analysis) -> str:
    claim = pct(a.lift.claimed_pct)
    head = f"The claimed {claim}% lift did not survive: we observe {observed(a)}, not significant ({test_and_p(a)})"
    if a.primary == "sequential":
        return (
            f"{head}, and with {runs(a)} the anytime-valid {pct(100 * (1 - a.alpha))}% range of the lift, "
            f"{interval_lift(a)}, leaves the claim out."
        )
    return f"{head}, and with {runs(a)} we would have seen the claim with {power_words(a.power.achieved_power)} power."


def _inconclusive(a: Analysis) -> str:
    if a.interim:
        return _interim(a)
    text = f"Inconclusive: we observe {observed(a)}, not significant ({test_and_p(a)})"
    claim = a.lift.claimed_pct
    if claim is None or claim == 0.0:
        return (
            f"{text}. No non-zero lift was claimed, so there is no effect size to plan "
            "runs for; give the claimed lift to get a run count."
        )
    if a.power.achieved_power is None and a.power.runs_needed_per_arm is None and not a.power.exceeds_cap:
        if a.baseline.mean == 0.0:
            return (
                f"{text}. The baseline mean is 0, so the claimed {pct(claim)}% lift has no absolute size "
                "to plan runs for."
            )
        return f"{text}. There is no spread to plan runs with yet."
    test = "the sequential test" if a.primary == "sequential" else "these runs"
    power = power_words(a.power.achieved_power)
    text += f", and {runs(a)} give {test} only {power} power to see the claimed {pct(claim)}% lift."
    more = a.more_runs_needed
    needed = a.power.runs_needed_per_arm
    if needed is None:
        return (
            f"{text} Even {MAX_RUNS_PER_ARM:,} runs per arm would not reach "
            f"{power_words(TARGET_POWER)} power: the claim is tiny next to the run-to-run noise."
        )
    planned = a.design.planned_runs
    if planned is not None:
        return (
            f"{text} The fixed design ends at its planned {planned} runs per arm; {needed} per arm would give "
            f"{power_words(TARGET_POWER)} power (a new gut check with runs={needed}, or one read sequentially)."
        )
    assert more is not None
    return f"{text} Log {more_runs(a, more, needed)} for {power_words(TARGET_POWER)} power."


def _interim(a: Analysis) -> str:
    planned = a.design.planned_runs
    assert planned is not None
    done = min(a.baseline.n, a.method.n)
    decider = TEST_NAMES[a.classical_primary]
    text = (
        f"Interim, {done} of {planned} runs per arm: we observe {observed(a)} so far. The pre-registered "
        f"verdict comes at {planned} runs per arm ({decider}); until then only a regression, by the "
        f"sequential test ({test_and_p(a).removeprefix('sequential test, ')}), can stop it early."
    )
    more = a.more_runs_needed
    if more:
        text += f" Log {more_runs(a, more, planned)}."
    needed = a.power.runs_needed_per_arm
    if needed is not None and needed > planned:
        text += (
            f" At the spread seen so far, {planned} runs per arm give only {power_words(a.power.planned_power)} "
            f"power to see the claim; {needed} would give {power_words(TARGET_POWER)}."
        )
    return text


def _regression(a: Analysis) -> str:
    claim = a.lift.claimed_pct
    against = f" against the claimed {pct(claim)}% lift" if claim is not None else ""
    early = ""
    if a.interim:
        done = min(a.baseline.n, a.method.n)
        planned = a.design.planned_runs
        early = f" The fixed design stops here, at {done} of {planned} runs, because the sequential test shows it."
    return (
        f"Regression: {arm(a.method.name, 'the')} is significantly worse than "
        f"{arm(a.baseline.name, 'the')}: we observe {observed(a)}{against} ({test_and_p(a)}; {runs(a)}). "
        f"This is a hard kill.{early}"
    )


_EXPLAINERS = {
    Verdict.INSUFFICIENT_DATA: _insufficient,
    Verdict.REPRODUCED: _reproduced,
    Verdict.PARTIAL: _partial,
    Verdict.NOT_REPRODUCED: _not_reproduced,
    Verdict.INCONCLUSIVE: _inconclusive,
    Verdict.REGRESSION: _regression,
}
