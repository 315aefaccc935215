"""Verdicts of the two designs: sequential (the default) and fixed at N runs per arm (``runs=N``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assay.stats import Design, Run, Verdict, analysis_data, analyze, explain, headline
from assay.stats.replay import replay
from assay.stats.seqpower import sequential_runs_needed

BASELINE = [99.0, 100.0, 101.0, 100.0, 100.0]


def runs(values: Sequence[float], *, seeded: bool = False) -> list[Run]:
    return [Run(v, seed=i if seeded else None) for i, v in enumerate(values)]


def noisy(mean: float, sd: float, n: int, seed: int) -> list[float]:
    return [float(v) for v in np.random.default_rng(seed).normal(mean, sd, n)]


def test_the_default_design_is_sequential_and_its_test_decides() -> None:
    analysis = analyze(runs(BASELINE), runs([110.0, 111.0, 109.0, 110.0, 110.0]), claimed_lift_pct=10)
    assert analysis.design.kind == "sequential" and analysis.primary == "sequential"
    assert analysis.verdict is Verdict.REPRODUCED and analysis.final
    data = analysis_data(analysis)
    assert data["primary"] == "sequential"
    assert data["design"] == {"kind": "sequential", "planned_runs": None, "final": True, "sd_pct": None, "left_out": {}}
    assert {"p_value", "method"} <= set(data["tests"]["sequential"])
    assert "(sequential test, p < 0.001; 5 runs per arm)" in explain(analysis)


def test_what_one_fixed_sample_test_calls_significant_the_sequential_test_may_not() -> None:
    method = [102.0, 103.0, 101.0, 102.0, 102.0]
    sequential = analyze(runs(BASELINE), runs(method), claimed_lift_pct=None)
    fixed = analyze(runs(BASELINE), runs(method), claimed_lift_pct=None, design=Design(5))
    assert fixed.welch_t is not None and fixed.welch_t.p_value < 0.01
    assert fixed.verdict is Verdict.REPRODUCED
    assert sequential.sequential.p_value > 0.05 and sequential.verdict is Verdict.INCONCLUSIVE


def test_a_significant_lift_below_the_threshold_is_partial() -> None:
    base = noisy(100.0, 1.0, 12, 1)
    method = [v + 2.0 for v in noisy(100.0, 1.0, 12, 2)]
    analysis = analyze(runs(base), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.PARTIAL and analysis.final
    assert "Only part of the claimed 10% lift reproduced: the method is significantly better, but by +" in explain(
        analysis
    )


def test_a_regression_is_a_hard_kill_and_said_as_worse() -> None:
    analysis = analyze(runs(BASELINE), runs([95.0, 96.0, 94.0, 95.0, 95.0]), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.REGRESSION
    text = explain(analysis)
    assert "-5% (worse than the baseline)" in text and "This is a hard kill." in text


def test_futility_rules_the_claim_out_with_the_anytime_valid_interval() -> None:
    base = [100.0, 100.5, 99.5, 100.2, 99.8]
    method = [100.1, 99.6, 100.4, 99.9, 100.0]
    analysis = analyze(runs(base), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.NOT_REPRODUCED and analysis.final
    interval = analysis.sequential.interval
    assert interval is not None and interval.high < 10.0  # 10% of a baseline mean of 100
    assert "the anytime-valid 95% range of the lift" in explain(analysis) and "leaves the claim out" in explain(
        analysis
    )


def test_while_the_claim_is_still_possible_it_is_inconclusive_with_a_run_count() -> None:
    base = [80.0, 120.0, 95.0, 105.0, 100.0]
    method = [90.0, 125.0, 100.0, 110.0, 85.0]
    analysis = analyze(runs(base), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.INCONCLUSIVE and not analysis.final
    needed = analysis.power.runs_needed_per_arm
    sd = analysis.sequential.sd
    assert needed is not None and sd is not None
    assert needed == sequential_runs_needed(
        10.0 / sd, kind="two-sample", alternative=analysis.design.alternative(10), alpha=0.05
    )
    assert f"Log {needed - 5} more runs per arm ({needed} in each) for 80% power." in explain(analysis)


def test_unequal_arms_are_told_the_runs_each_arm_needs() -> None:
    base = [80.0, 120.0, 95.0, 105.0, 100.0, 90.0, 110.0]
    analysis = analyze(runs(base), runs([90.0, 125.0, 100.0]), claimed_lift_pct=10)
    needed = analysis.power.runs_needed_per_arm
    assert analysis.verdict is Verdict.INCONCLUSIVE and needed is not None
    assert f"{needed - 7} more baseline runs and {needed - 3} more method runs" in explain(analysis)


def test_a_fixed_design_is_interim_until_both_arms_reach_its_runs() -> None:
    analysis = analyze(runs(BASELINE), runs([110.0, 111.0, 109.0, 110.0, 110.0]), claimed_lift_pct=10, design=Design(8))
    assert analysis.verdict is Verdict.INCONCLUSIVE and not analysis.final and analysis.interim
    assert analysis.primary == "sequential"
    assert headline(analysis).startswith("INCONCLUSIVE (interim, 5 of 8 runs)")
    assert "Interim, 5 of 8 runs per arm" in explain(analysis) and "Log 3 more runs per arm (8 in each)." in explain(
        analysis
    )
    assert analysis.more_runs_needed == {"baseline": 3, "method": 3}


def test_only_a_regression_stops_a_fixed_design_early() -> None:
    analysis = analyze(runs(BASELINE), runs([95.0, 96.0, 94.0, 95.0, 95.0]), claimed_lift_pct=10, design=Design(8))
    assert analysis.verdict is Verdict.REGRESSION and analysis.final and analysis.primary == "sequential"
    assert "The fixed design stops here, at 5 of 8 runs" in explain(analysis)


def test_at_its_planned_runs_the_classical_test_decides_and_later_runs_are_left_out() -> None:
    method = [102.0, 103.0, 101.0, 102.0, 102.0, 150.0, 160.0]
    analysis = analyze(runs([*BASELINE, 100.0, 99.0]), runs(method), claimed_lift_pct=None, design=Design(5))
    assert analysis.primary == "welch_t" and analysis.final and analysis.verdict is Verdict.REPRODUCED
    assert (analysis.baseline.n, analysis.method.n) == (5, 5)
    assert analysis.left_out == (("baseline", 2), ("method", 2))
    assert "runs beyond the planned 5 per arm are kept but not tested (2 baseline, 2 method)" in explain(analysis)


def test_a_fixed_design_fully_paired_by_seed_ends_with_the_paired_t_test() -> None:
    analysis = analyze(
        runs(BASELINE, seeded=True),
        runs([100.5, 101.4, 101.6, 100.4, 100.6], seeded=True),
        claimed_lift_pct=None,
        design=Design(5),
    )
    assert analysis.primary == "paired_t" and analysis.paired


def test_a_missing_partner_switches_the_classical_tests_to_welch_and_says_which_run() -> None:
    base = runs([100.0, 101.0, 99.0], seeded=True)
    method = [*runs([102.0, 103.0, 101.0], seeded=True), Run(104.0, seed=9)]
    analysis = analyze(base, method, claimed_lift_pct=None)
    assert not analysis.paired and analysis.classical_primary == "welch_t"
    assert "1 run has no partner with the same seed in the other arm (method run 4 (seed 9))" in explain(analysis)
    assert "Welch's t test, not the paired t test" in explain(analysis)


@pytest.mark.parametrize("planned", [None, 4, 9])
@pytest.mark.parametrize("seeded", [False, True])
def test_the_replayed_looks_give_the_verdict_the_analysis_gives_at_every_prefix(
    planned: int | None, seeded: bool
) -> None:
    rng = np.random.default_rng(7 + (planned or 0))
    arrivals: list[tuple[int, Run]] = []
    for i in range(12):
        b = float(rng.normal(100, 2))
        m = float(b + rng.normal(2.5, 1.5))
        pair = [(0, Run(b, i if seeded else None)), (1, Run(m, i if seeded else None))]
        arrivals += pair if rng.random() < 0.5 else pair[::-1]
    design = Design(planned_runs=planned, sd_pct=2.0)
    looks = replay(arrivals, claimed_lift_pct=5.0, design=design)
    for k in range(1, len(arrivals) + 1):
        prefix = arrivals[:k]
        analysis = analyze(
            [r for role, r in prefix if role == 0],
            [r for role, r in prefix if role == 1],
            claimed_lift_pct=5.0,
            design=design,
            arrival=[role for role, _ in prefix],
        )
        assert (looks[k - 1].n_baseline, looks[k - 1].n_method) == (analysis.baseline.n, analysis.method.n)
        assert looks[k - 1].verdict is analysis.verdict, k


def test_bad_designs_are_refused_with_the_limits() -> None:
    from assay.errors import UserError

    with pytest.raises(UserError, match="between 3 and 10,000 runs per arm"):
        Design(2)
    with pytest.raises(UserError, match="above 0 and at most 1000%"):
        Design(sd_pct=0.0)


def test_seeds_that_never_meet_get_the_two_sample_sequential_test() -> None:
    """Baseline seeds 0–4, method seeds 10–14: nothing pairs, so a paired test would never see
    evidence; the two-sample test decides instead."""
    base = runs(BASELINE, seeded=True)
    method = [Run(v, seed=10 + i) for i, v in enumerate([110.0, 111.0, 109.0, 110.0, 110.0])]
    analysis = analyze(base, method, claimed_lift_pct=10)
    assert analysis.sequential is not None and analysis.sequential.kind == "two-sample"
    assert analysis.verdict is Verdict.REPRODUCED
    paired = analyze(base, runs([110.0, 111.0, 109.0, 110.0, 110.0], seeded=True), claimed_lift_pct=10)
    assert paired.sequential is not None and paired.sequential.kind == "paired"
