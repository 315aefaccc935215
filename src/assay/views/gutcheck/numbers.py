"""The numbers on a gut-check status card, one short mrkdwn text per field.

Negative results are said in words beside the sign ("worse than the baseline"), so a lead
reading a lower-is-better metric never has to work out which way a "+6.5" points.
"""

from __future__ import annotations

import math

from assay.stats import Analysis, RankTest, TTest, design_words
from assay.stats.power import MAX_RUNS_PER_ARM, TARGET_POWER
from assay.textfmt import esc, truncate

FIELD_LIMIT = 1900  # Slack allows 2000 characters per field


def num(x: float | None) -> str:
    """Four significant digits; an em dash for an undefined value."""
    return "—" if x is None else f"{x:.4g}"


def signed(x: float | None) -> str:
    return "—" if x is None else f"{x:+.4g}"


def p_text(p: float | None) -> str:
    if p is None:
        return "—"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3g}"


def arms_text(analysis: Analysis) -> str:
    lines = []
    for index, arm in enumerate(analysis.arms):
        role = ("baseline", "method")[index] if index < 2 else "not tested"
        role = "" if role == arm.name else f" ({role})"
        lines.append(f"`{esc(arm.name)}`{role}: n = {arm.n}, mean {num(arm.mean)}, sd {num(arm.sd)}")
    return truncate("\n".join(lines), FIELD_LIMIT)


def direction_words(analysis: Analysis, diff: float | None) -> str:
    """``(method higher: better)`` for a difference, naming which way is good for this metric."""
    if diff is None or diff == 0.0:
        return ""
    higher = diff > 0
    better = higher == analysis.higher_is_better
    side = "higher" if higher else "lower"
    return f" ({esc(analysis.method.name)} {side}: {'better' if better else 'worse'})"


def difference_text(analysis: Analysis) -> str:
    diff = analysis.diff
    lines = [f"mean {signed(diff.mean)}{direction_words(analysis, diff.mean)}"]
    if diff.ci95 is not None:
        lines.append(f"95% CI [{num(diff.ci95.low)}, {num(diff.ci95.high)}]")
    if diff.bootstrap_ci95 is not None:
        lines.append(f"bootstrap 95% CI [{num(diff.bootstrap_ci95.low)}, {num(diff.bootstrap_ci95.high)}]")
    interval = analysis.sequential.interval
    if interval is not None:
        level = f"{100 * (1 - analysis.alpha):g}%"
        lines.append(f"anytime-valid {level} [{num(interval.low)}, {num(interval.high)}]")
    lines.append(f"Hedges' g {num(analysis.hedges_g)}")
    lines.append("paired by seed" if analysis.paired else "independent runs (not paired by seed)")
    return "\n".join(lines)


def _t(name: str, test: TTest | None, primary: bool) -> str:
    mark = " ★" if primary else ""
    if test is None:
        return f"{name}{mark}: needs 2 runs per arm"
    return f"{name}{mark}: t = {num(test.statistic)}, df = {num(test.df)}, {p_text(test.p_value)}"


def _rank(name: str, label: str, test: RankTest | None) -> str:
    if test is None:
        return f"{name}: —"
    return f"{name}: {label} = {num(test.statistic)}, {p_text(test.p_value)} ({test.method})"


def tests_text(analysis: Analysis) -> str:
    sequential = analysis.sequential
    mark = " ★" if analysis.primary == "sequential" else ""
    used = f"{sequential.used} pair{'s' if sequential.used != 1 else ''}" if sequential.kind == "paired" else "all runs"
    lines = [
        f"Sequential{mark}: {p_text(sequential.p_value)} (always valid; {used})",
        _t("Welch's t", analysis.welch_t, analysis.primary == "welch_t"),
        _rank("Mann–Whitney", "U", analysis.mann_whitney_u),
    ]
    if analysis.paired:
        lines.append(_t("Paired t", analysis.paired_t, analysis.primary == "paired_t"))
        lines.append(_rank("Wilcoxon signed-rank", "V", analysis.wilcoxon))
    lines.append(f"★ decides the verdict, α = {analysis.alpha:g}")
    return "\n".join(lines)


def lift_text(analysis: Analysis) -> str:
    lift = analysis.lift
    claimed = "none" if lift.claimed_pct is None else f"{lift.claimed_pct:g}%"
    if lift.observed_pct is None:
        observed = "—"
    elif lift.observed_pct < 0:
        observed = f"{lift.observed_pct:+.3g}% (worse than the baseline)"
    else:
        observed = f"{lift.observed_pct:+.3g}%"
    lines = [f"observed {observed} vs claimed {claimed}"]
    if lift.retained_fraction is not None:
        if lift.retained_fraction < 0:
            lines.append("none of the claim retained")
        else:
            lines.append(f"{100 * lift.retained_fraction:.3g}% of the claim retained")
    return "\n".join(lines)


def power_text(analysis: Analysis) -> str:
    power = analysis.power
    target = f"{100 * TARGET_POWER:.0f}%"
    test = "the sequential test" if analysis.design.planned_runs is None else "the t test"
    if power.runs_needed_per_arm is not None:
        paired = analysis.paired if analysis.design.planned_runs is not None else analysis.sequential.kind == "paired"
        unit = "pairs" if paired else "runs per arm"
        needed = f"{power.runs_needed_per_arm} {unit} for {target} power to see the claim ({test})"
    elif power.exceeds_cap:
        needed = f"more than {MAX_RUNS_PER_ARM:,} runs per arm for {target} power"
    else:
        needed = "no plan: needs a claimed lift, a non-zero baseline and 2 runs per arm"
    achieved = "" if power.achieved_power is None else f"\npower now {math.floor(100 * power.achieved_power + 1e-9)}%"
    return needed + achieved


def design_text(analysis: Analysis) -> str:
    """The design and whether the team may stop on this verdict."""
    words = design_words(analysis)
    stop = "final: you may stop here" if analysis.final else "not final yet"
    return f"{words[0].upper()}{words[1:]}\n{stop}"
