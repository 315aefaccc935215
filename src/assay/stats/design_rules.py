"""The design's rules: which test decides, what the verdict rule is given, and the power that
goes with it (docs/statistics.md, sections 7 to 9). ``analyze`` computes the statistics; this
module applies the design to them."""

from __future__ import annotations

import math
from typing import Any

from assay.stats.design import Design
from assay.stats.effect import Lift
from assay.stats.evalues import Alternative
from assay.stats.power import TARGET_POWER, Power
from assay.stats.result import ClassicalKey, TestKey
from assay.stats.seqpower import sequential_power, sequential_runs_needed
from assay.stats.sequential import Kind, SequentialTest
from assay.stats.tests import TTest
from assay.stats.verdict import CONCLUSIVE, Evidence, Verdict, claim_ruled_out


def sequential_power_for(
    test: SequentialTest,
    counts: tuple[int, int],
    claimed_effect: float | None,
    kind: Kind,
    alternative: Alternative,
    alpha: float,
) -> Power:
    """Power of the sequential test to see the claim at the spread it observes (seqpower);
    like the fixed design's, it needs two runs per arm (two pairs when paired)."""
    sd = test.sd
    enough = min(counts) >= 2 and (test.kind == "two-sample" or test.used >= 2)
    if claimed_effect is None or claimed_effect == 0.0 or sd is None or not enough:
        return Power(None, False, None)
    effect_sd = math.inf if sd == 0.0 else claimed_effect / sd
    needed = sequential_runs_needed(effect_sd, kind=kind, alternative=alternative, alpha=alpha)
    achieved = None
    if test.n_eff > 0 and test.nu >= 1.0:
        achieved = (
            1.0 if sd == 0.0 else sequential_power(effect_sd, test.n_eff, test.nu, alternative=alternative, alpha=alpha)
        )
    return Power(runs_needed_per_arm=needed, exceeds_cap=needed is None, achieved_power=achieved)


def evidence_for(
    design: Design,
    counts: tuple[int, int],
    sequential: SequentialTest,
    classical: TTest | None,
    classical_key: ClassicalKey,
    improvement: float | None,
    lift_result: Lift,
    power: Power,
    claimed_effect: float | None,
    higher_is_better: bool,
    alpha: float,
) -> tuple[TestKey, Evidence]:
    """Which test decides, and what the verdict rule is given, for the design in use."""
    common: dict[str, Any] = {
        "n_baseline": counts[0],
        "n_method": counts[1],
        "improvement": improvement,
        "observed_lift_pct": lift_result.observed_pct,
        "success_threshold_pct": lift_result.success_threshold_pct,
    }
    planned = design.planned_runs
    seq_significant = sequential.p_value < alpha
    if planned is None:
        ruled_out = claim_ruled_out(sequential.interval, claimed_effect, higher_is_better)
        return "sequential", Evidence(significant=seq_significant, claim_ruled_out=ruled_out, **common)
    if min(counts) < planned:
        return "sequential", Evidence(significant=seq_significant, claim_ruled_out=False, interim=True, **common)
    significant = classical is not None and classical.p_value < alpha
    ruled_out = power.achieved_power is not None and power.achieved_power >= TARGET_POWER
    return classical_key, Evidence(significant=significant, claim_ruled_out=ruled_out, **common)


def is_final(design: Design, verdict: Verdict, evidence: Evidence) -> bool:
    if design.planned_runs is None:
        return verdict in CONCLUSIVE
    return not evidence.interim or verdict is Verdict.REGRESSION
