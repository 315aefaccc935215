"""Every verdict of a fixed design (the classical rule at its planned runs) reached by data,
and the words a lead reads for it. The sequential design's rules: test_stats_sequential_verdicts.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assay.stats import Analysis, Design, Run, Verdict, analysis_data, analyze, explain, headline

BASELINE = [99.0, 100.0, 101.0, 100.0, 100.0]


def fixed(baseline: Sequence[Run], method: Sequence[Run], **kwargs: Any) -> Analysis:
    """The analysis of a fixed design planned at these runs per arm (the shorter arm's, at least 3)."""
    planned = max(3, min(len(baseline), len(method)))
    return analyze(baseline, method, design=Design(planned), **kwargs)


def runs(values: Sequence[float], *, seeded: bool = False) -> list[Run]:
    return [Run(v, seed=i if seeded else None) for i, v in enumerate(values)]


def test_two_runs_in_an_arm_is_insufficient_data_and_says_what_to_log() -> None:
    analysis = fixed(runs([80, 120]), runs([90, 125, 100]), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.INSUFFICIENT_DATA
    assert explain(analysis).endswith("Log 1 more baseline run.")
    assert analysis_data(analysis)["verdict"] == "INSUFFICIENT_DATA"


def test_an_empty_method_arm_is_insufficient_data() -> None:
    analysis = fixed(runs(BASELINE), [], claimed_lift_pct=10)
    assert analysis.verdict is Verdict.INSUFFICIENT_DATA
    assert "Log 3 more method runs." in explain(analysis)


def test_significant_lift_at_or_above_half_the_claim_is_reproduced() -> None:
    method = [110.0, 111.0, 109.0, 110.0, 110.0]
    analysis = fixed(runs(BASELINE), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.REPRODUCED
    assert analysis.lift.observed_pct == 10.0
    assert analysis.lift.retained_fraction == 1.0
    assert explain(analysis).startswith("The claimed 10% lift reproduced: we observe +10%")


def test_significant_lift_below_half_the_claim_is_partial() -> None:
    method = [102.0, 103.0, 101.0, 102.0, 102.0]
    analysis = fixed(runs(BASELINE), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.PARTIAL
    assert analysis.lift.retained_fraction == 0.2
    assert "below the 5% success threshold" in explain(analysis)


def test_explicit_success_threshold_replaces_half_the_claim() -> None:
    method = [102.0, 103.0, 101.0, 102.0, 102.0]
    analysis = fixed(runs(BASELINE), runs(method), claimed_lift_pct=10, success_threshold_pct=2)
    assert analysis.verdict is Verdict.REPRODUCED
    assert analysis.lift.success_threshold_pct == 2


def test_significantly_worse_method_is_a_regression() -> None:
    method = [95.0, 96.0, 94.0, 95.0, 95.0]
    analysis = fixed(runs(BASELINE), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.REGRESSION
    assert "significantly worse" in explain(analysis)
    assert "hard kill" in explain(analysis)


def test_lower_is_better_metric_counts_a_decrease_as_lift() -> None:
    latency = [50.0, 51.0, 49.0, 50.0, 50.0]
    faster = [40.0, 41.0, 39.0, 40.0, 40.0]
    analysis = fixed(runs(latency), runs(faster), higher_is_better=False, claimed_lift_pct=20)
    assert analysis.verdict is Verdict.REPRODUCED
    assert analysis.lift.observed_pct == 20.0
    assert analysis.diff.mean == -10.0


def test_lower_is_better_metric_that_rises_is_a_regression() -> None:
    latency = [50.0, 51.0, 49.0, 50.0, 50.0]
    slower = [60.0, 61.0, 59.0, 60.0, 60.0]
    analysis = fixed(runs(latency), runs(slower), higher_is_better=False, claimed_lift_pct=20)
    assert analysis.verdict is Verdict.REGRESSION
    assert analysis.lift.observed_pct == -20.0


def test_no_difference_with_enough_power_is_not_reproduced() -> None:
    base = [100.0, 100.5, 99.5, 100.2, 99.8]
    method = [100.1, 99.6, 100.4, 99.9, 100.0]
    analysis = fixed(runs(base), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.NOT_REPRODUCED
    assert analysis.power.achieved_power is not None
    assert analysis.power.achieved_power >= 0.8
    assert explain(analysis).startswith("The claimed 10% lift did not survive")
    assert "we would have seen the claim with 100% power" in explain(analysis)


def test_underpowered_fixed_design_is_inconclusive_and_names_the_runs_a_new_one_needs() -> None:
    base = [80.0, 120.0, 95.0, 105.0, 100.0]
    method = [90.0, 125.0, 100.0, 110.0, 85.0]
    analysis = fixed(runs(base), runs(method), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.INCONCLUSIVE
    assert analysis.final and analysis.primary == "welch_t"
    needed = analysis.power.runs_needed_per_arm
    assert needed is not None and needed > 5
    assert analysis.more_runs_needed == {"baseline": 0, "method": 0}
    assert f"The fixed design ends at its planned 5 runs per arm; {needed} per arm would give 80% power" in explain(
        analysis
    )


def test_claim_too_small_to_ever_detect_says_no_run_count_is_enough() -> None:
    analysis = fixed(runs([100.0, 101.0, 99.0]), runs([100.0, 101.0, 99.01]), claimed_lift_pct=1e-5)
    assert analysis.verdict is Verdict.INCONCLUSIVE
    assert analysis.power.runs_needed_per_arm is None
    assert analysis.power.exceeds_cap
    assert "Even 100,000 runs per arm would not reach 80% power" in explain(analysis)


def test_without_a_claim_a_significant_improvement_is_reproduced() -> None:
    method = [102.0, 103.0, 101.0, 102.0, 102.0]
    analysis = fixed(runs(BASELINE), runs(method), claimed_lift_pct=None)
    assert analysis.verdict is Verdict.REPRODUCED
    assert "No lift was claimed" in explain(analysis)


def test_without_a_claim_no_significance_is_inconclusive_without_a_run_count() -> None:
    base = [80.0, 120.0, 95.0, 105.0, 100.0]
    method = [90.0, 125.0, 100.0, 110.0, 85.0]
    analysis = fixed(runs(base), runs(method), claimed_lift_pct=None)
    assert analysis.verdict is Verdict.INCONCLUSIVE
    assert analysis.power.runs_needed_per_arm is None
    assert "give the claimed lift to get a run count" in explain(analysis)


def test_smaller_alpha_turns_a_borderline_result_inconclusive() -> None:
    base = [10.0, 12.0, 11.0, 13.0, 9.0]
    method = [12.6, 14.6, 13.6, 15.6, 11.6]
    at_five_percent = fixed(runs(base), runs(method), claimed_lift_pct=20)
    at_one_percent = fixed(runs(base), runs(method), claimed_lift_pct=20, alpha=0.01)
    assert at_five_percent.welch_t is not None
    assert 0.01 < at_five_percent.welch_t.p_value < 0.05
    assert at_five_percent.verdict is Verdict.REPRODUCED
    assert at_one_percent.verdict is Verdict.INCONCLUSIVE


def test_pairing_by_seed_makes_paired_t_the_classical_primary() -> None:
    # Student's sleep data: Welch cannot separate the drugs, the paired test can.
    drug_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    drug_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    unpaired = fixed(runs(drug_2), runs(drug_1), claimed_lift_pct=None)
    paired = fixed(runs(drug_2, seeded=True), runs(drug_1, seeded=True), claimed_lift_pct=None)
    assert unpaired.verdict is Verdict.INCONCLUSIVE
    assert paired.verdict is Verdict.REGRESSION
    assert "paired t test, p = 0.00283" in explain(paired)


def test_constant_arms_with_different_values_count_as_significant() -> None:
    analysis = fixed(runs([1.0, 1.0, 1.0]), runs([2.0, 2.0, 2.0]), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.REPRODUCED
    assert analysis.welch_t is not None and analysis.welch_t.p_value == 0.0
    assert "every run gave the same value in both arms" in explain(analysis)


def test_identical_constant_arms_are_not_reproduced() -> None:
    analysis = fixed(runs([1.0, 1.0, 1.0]), runs([1.0, 1.0, 1.0]), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.NOT_REPRODUCED
    assert analysis.welch_t is not None and analysis.welch_t.p_value == 1.0
    assert analysis.power.achieved_power == 1.0


def test_significant_gain_over_a_zero_baseline_is_reproduced_without_a_lift() -> None:
    analysis = fixed(runs([0.0, 1.0, -1.0]), runs([5.1, 6.2, 4.9]), claimed_lift_pct=10)
    assert analysis.verdict is Verdict.REPRODUCED
    assert analysis.lift.observed_pct is None
    assert "baseline mean is 0" in explain(analysis)


def test_headline_names_the_verdict_and_the_numbers() -> None:
    method = [102.0, 103.0, 101.0, 102.0, 102.0]
    analysis = fixed(runs(BASELINE), runs(method), claimed_lift_pct=10)
    assert headline(analysis).startswith("PARTIAL: +2% ± ")
    assert "vs 10% claimed (Welch's t test, p = 0.00208)" in headline(analysis)
