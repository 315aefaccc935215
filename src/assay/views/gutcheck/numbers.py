"""The numbers on a gut-check status card, one short mrkdwn text per field."""

from __future__ import annotations

import math

from assay.stats import Analysis, RankTest, TTest
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


def difference_text(analysis: Analysis) -> str:
    diff = analysis.diff
    lines = [f"mean {signed(diff.mean)}"]
    if diff.ci95 is not None:
        lines.append(f"95% CI [{num(diff.ci95.low)}, {num(diff.ci95.high)}]")
    if diff.bootstrap_ci95 is not None:
        lines.append(f"bootstrap 95% CI [{num(diff.bootstrap_ci95.low)}, {num(diff.bootstrap_ci95.high)}]")
    g = analysis.hedges_g
    lines.append(f"Hedges' g {num(g)}")
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
    lines = [
        _t("Welch's t", analysis.welch_t, analysis.primary_test == "welch_t"),
        _rank("Mann–Whitney", "U", analysis.mann_whitney_u),
    ]
    if analysis.paired:
        lines.append(_t("Paired t", analysis.paired_t, analysis.primary_test == "paired_t"))
        lines.append(_rank("Wilcoxon signed-rank", "V", analysis.wilcoxon))
    lines.append(f"★ primary test, α = {analysis.alpha:g}")
    return "\n".join(lines)


def lift_text(analysis: Analysis) -> str:
    lift = analysis.lift
    observed = "—" if lift.observed_pct is None else f"{lift.observed_pct:+.3g}%"
    claimed = "none" if lift.claimed_pct is None else f"{lift.claimed_pct:g}%"
    lines = [f"observed {observed} vs claimed {claimed}"]
    if lift.retained_fraction is not None:
        lines.append(f"{100 * lift.retained_fraction:.3g}% of the claim retained")
    if lift.success_threshold_pct is not None:
        lines.append(f"success threshold {lift.success_threshold_pct:g}%")
    return "\n".join(lines)


def power_text(analysis: Analysis) -> str:
    power = analysis.power
    target = f"{100 * TARGET_POWER:.0f}%"
    if power.runs_needed_per_arm is not None:
        unit = "pairs" if analysis.paired else "runs per arm"
        needed = f"{power.runs_needed_per_arm} {unit} for {target} power to see the claim"
    elif power.exceeds_cap:
        needed = f"more than {MAX_RUNS_PER_ARM:,} runs per arm for {target} power"
    else:
        needed = "no plan: needs a claimed lift, a non-zero baseline and 2 runs per arm"
    achieved = "" if power.achieved_power is None else f"\npower now {math.floor(100 * power.achieved_power + 1e-9)}%"
    return needed + achieved
