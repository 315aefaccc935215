"""The six gut-check verdicts and the rule that picks one (docs/statistics.md, "Verdict")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assay.stats.intervals import Interval
from assay.stats.power import MIN_RUNS_FOR_VERDICT


class Verdict(StrEnum):
    """What a gut check concluded; the names are fixed by the SPEC."""

    INSUFFICIENT_DATA = "INSUFFICIENT_DATA"
    REPRODUCED = "REPRODUCED"
    PARTIAL = "PARTIAL"
    NOT_REPRODUCED = "NOT_REPRODUCED"
    INCONCLUSIVE = "INCONCLUSIVE"
    REGRESSION = "REGRESSION"


# Verdicts a team may stop on: the evidence for them cannot be undone by reading it often.
CONCLUSIVE = frozenset({Verdict.REPRODUCED, Verdict.PARTIAL, Verdict.NOT_REPRODUCED, Verdict.REGRESSION})


@dataclass(frozen=True)
class Evidence:
    """What the verdict rule needs, computed by the design in use.

    ``significant``: the deciding test's p-value is below alpha. ``improvement``: the mean
    difference signed so that positive means better. ``claim_ruled_out``: the futility rule
    holds (sequential: the anytime-valid interval excludes the claimed lift; fixed: at least
    80% power to have seen it). ``interim``: a fixed design before its planned runs, where only
    a REGRESSION may be declared.
    """

    n_baseline: int
    n_method: int
    significant: bool
    improvement: float | None
    observed_lift_pct: float | None
    success_threshold_pct: float | None
    claim_ruled_out: bool
    interim: bool = False


def decide(evidence: Evidence) -> Verdict:
    """Apply the verdict rule, in this order.

    1. Fewer than 3 runs in either arm: INSUFFICIENT_DATA.
    2. Significant and worse (``improvement`` < 0): REGRESSION.
    3. A fixed design before its planned runs: INCONCLUSIVE (interim).
    4. Significant and better: REPRODUCED when there is no threshold, when the lift is
       undefined because the baseline mean is 0 (any gain over 0 is unbounded in relative
       terms), or when the observed lift reaches the threshold; else PARTIAL.
    5. Not significant: NOT_REPRODUCED when the claim is ruled out; else INCONCLUSIVE.
    """
    e = evidence
    if min(e.n_baseline, e.n_method) < MIN_RUNS_FOR_VERDICT:
        return Verdict.INSUFFICIENT_DATA
    moved = e.significant and e.improvement is not None and e.improvement != 0.0
    if moved and e.improvement is not None and e.improvement < 0.0:
        return Verdict.REGRESSION
    if e.interim:
        return Verdict.INCONCLUSIVE
    if moved:
        if e.success_threshold_pct is None or e.observed_lift_pct is None:
            return Verdict.REPRODUCED
        if e.observed_lift_pct >= e.success_threshold_pct:
            return Verdict.REPRODUCED
        return Verdict.PARTIAL
    if e.claim_ruled_out:
        return Verdict.NOT_REPRODUCED
    return Verdict.INCONCLUSIVE


def claim_ruled_out(interval: Interval | None, claimed_effect: float | None, higher_is_better: bool) -> bool:
    """The sequential futility rule: the anytime-valid interval of the mean difference leaves
    out the claimed effect (in the metric's units, in the better direction)."""
    if interval is None or claimed_effect is None or claimed_effect <= 0.0:
        return False
    best = interval.high if higher_is_better else -interval.low
    return best < claimed_effect
