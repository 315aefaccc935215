"""How the analysis pairs runs, shapes its data and computes intervals, lift and power."""

from __future__ import annotations

import pytest

from assay.stats import Design, Run, analysis_data, analyze, runs_needed, t_test_power

SPEC_KEYS = {"verdict", "arms", "diff", "tests", "effect_size", "lift", "power"}
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]


def seeded(values: list[float], seeds: list[int | None] | None = None) -> list[Run]:
    seeds = seeds if seeds is not None else list(range(len(values)))
    return [Run(v, seed=s) for v, s in zip(values, seeds, strict=True)]


def test_arms_with_the_same_seeds_are_paired_whatever_the_logging_order() -> None:
    base = seeded([1.0, 2.0, 3.0], [7, 8, 9])
    method = seeded([3.5, 1.5, 2.5], [9, 7, 8])
    analysis = analyze(base, method, claimed_lift_pct=None)
    assert analysis.paired
    assert analysis.paired_t is not None
    assert analysis.paired_t.statistic is None  # every seed moved by exactly +0.5
    assert analysis.diff.mean == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("base_seeds", "method_seeds"),
    [
        ([1, 2, None], [1, 2, 3]),
        ([1, 2, 3], [1, 2, 4]),
        ([1, 1, 2], [1, 2, 2]),
        ([1, 2, 3], [1, 2, 3, 4]),
    ],
    ids=["a run without seed", "different seeds", "repeated seed", "extra seed"],
)
def test_anything_short_of_full_pairing_is_analysed_unpaired(
    base_seeds: list[int | None], method_seeds: list[int | None]
) -> None:
    base = seeded([1.0, 2.0, 3.0], base_seeds)
    method = seeded([2.0, 3.0, 4.0, 5.0][: len(method_seeds)], method_seeds)
    analysis = analyze(base, method, claimed_lift_pct=None)
    assert not analysis.paired
    assert analysis.classical_primary == "welch_t"
    data = analysis_data(analysis)
    assert data["tests"]["paired_t"] is None and data["tests"]["wilcoxon"] is None


def test_status_data_has_every_spec_key_in_spec_shape() -> None:
    data = analysis_data(analyze(seeded(DRUG_2), seeded(DRUG_1), claimed_lift_pct=20))
    assert data.keys() >= SPEC_KEYS
    assert set(data["arms"]) == {"baseline", "method"}
    assert set(data["arms"]["method"]) == {"n", "mean", "sd"}
    assert {"mean", "ci95", "bootstrap_ci95"} <= data["diff"].keys()
    assert len(data["diff"]["ci95"]) == 2
    assert {"statistic", "df", "p_value"} <= data["tests"]["welch_t"].keys()
    assert {"statistic", "p_value"} <= data["tests"]["mann_whitney_u"].keys()
    assert {"statistic", "df", "p_value"} <= data["tests"]["paired_t"].keys()
    assert {"statistic", "p_value"} <= data["tests"]["wilcoxon"].keys()
    assert set(data["effect_size"]) == {"hedges_g"}
    assert {"observed_pct", "claimed_pct", "retained_fraction"} <= data["lift"].keys()
    assert isinstance(data["power"]["runs_needed_per_arm"], int)


def test_status_data_rounds_to_six_significant_digits() -> None:
    data = analysis_data(analyze(seeded(DRUG_2), seeded(DRUG_1), claimed_lift_pct=None))
    assert data["tests"]["paired_t"]["p_value"] == 0.00283289
    assert data["tests"]["welch_t"]["df"] == 17.7765
    assert data["arms"]["method"]["sd"] == 1.78901
    assert data["diff"]["mean"] == -1.58


def test_extra_arms_are_summarised_but_not_tested() -> None:
    analysis = analyze(
        seeded([1.0, 2.0, 3.0]),
        seeded([2.0, 3.0, 4.0]),
        claimed_lift_pct=None,
        extra_arms={"ablation": [Run(5.0), Run(7.0)]},
    )
    arms = analysis_data(analysis)["arms"]
    assert arms["ablation"] == {"n": 2, "mean": 6.0, "sd": pytest.approx(1.41421)}
    assert list(arms) == ["baseline", "method", "ablation"]


def test_paired_t_interval_is_the_textbook_one_for_sleep_data() -> None:
    # R: t.test(extra ~ group, data = sleep, paired = TRUE) 95% CI -2.4598858 -0.7001142
    ci = analyze(seeded(DRUG_2), seeded(DRUG_1), claimed_lift_pct=None).diff.ci95
    assert ci is not None
    assert (round(ci.low, 7), round(ci.high, 7)) == (-2.4598858, -0.7001142)


def test_welch_interval_is_the_textbook_one_for_sleep_data() -> None:
    # R: t.test(extra ~ group, data = sleep) 95% CI -3.3654832 0.2054832
    unpaired = [Run(v) for v in DRUG_2], [Run(v) for v in DRUG_1]
    ci = analyze(*unpaired, claimed_lift_pct=None).diff.ci95
    assert ci is not None
    assert (round(ci.low, 7), round(ci.high, 7)) == (-3.3654832, 0.2054832)


def test_bootstrap_interval_is_reproducible_and_surrounds_the_difference() -> None:
    first = analyze(seeded(DRUG_2), seeded(DRUG_1), claimed_lift_pct=None)
    second = analyze(seeded(DRUG_2), seeded(DRUG_1), claimed_lift_pct=None)
    boot = first.diff.bootstrap_ci95
    assert boot is not None and boot == second.diff.bootstrap_ci95
    assert boot.low < -1.58 < boot.high


def test_paired_bootstrap_resamples_pairs_and_is_narrower_for_correlated_runs() -> None:
    paired = analyze(seeded(DRUG_2), seeded(DRUG_1), claimed_lift_pct=None)
    unpaired = analyze([Run(v) for v in DRUG_2], [Run(v) for v in DRUG_1], claimed_lift_pct=None)
    assert paired.diff.bootstrap_ci95 is not None
    assert unpaired.diff.bootstrap_ci95 is not None
    assert paired.diff.bootstrap_ci95.half_width < unpaired.diff.bootstrap_ci95.half_width


def test_lift_on_a_negative_metric_still_counts_improvement_as_positive() -> None:
    log_likelihood = analyze(seeded([-10.0, -10.5, -9.5]), seeded([-8.0, -8.5, -7.5]), claimed_lift_pct=None)
    assert log_likelihood.lift.observed_pct == pytest.approx(20.0)


def test_lift_is_undefined_over_a_zero_baseline_mean() -> None:
    analysis = analyze(seeded([-1.0, 0.0, 1.0]), seeded([1.0, 2.0, 3.0]), claimed_lift_pct=5)
    assert analysis.lift.observed_pct is None
    assert analysis.lift.retained_fraction is None
    assert analysis.power.runs_needed_per_arm is None


def test_fixed_design_power_uses_the_claimed_lift_times_the_baseline_mean() -> None:
    base = [Run(v) for v in [90.0, 110.0, 100.0, 95.0, 105.0]]
    method = [Run(v) for v in [92.0, 112.0, 102.0, 97.0, 107.0]]
    analysis = analyze(base, method, claimed_lift_pct=10, design=Design(5))
    sd = analysis.baseline.sd
    assert sd is not None  # both arms share this sd, so it is the pooled one
    assert analysis.power.runs_needed_per_arm == runs_needed(10.0, sd)
    assert analysis.power.achieved_power == pytest.approx(t_test_power(10.0, sd, 5))


def test_fixed_design_pairing_plans_with_the_sd_of_differences() -> None:
    base = seeded([90.0, 110.0, 100.0, 95.0, 105.0])
    method = seeded([92.0, 111.0, 103.0, 96.0, 108.0])
    paired = analyze(base, method, claimed_lift_pct=2, design=Design(5))
    unpaired = analyze(
        [Run(r.value) for r in base], [Run(r.value) for r in method], claimed_lift_pct=2, design=Design(5)
    )
    # Differences 2, 1, 3, 1, 3: sd exactly 1 against a claimed 2% of 100.
    assert paired.power.runs_needed_per_arm == runs_needed(2.0, 1.0, paired=True) == 5
    assert unpaired.power.runs_needed_per_arm is not None
    assert unpaired.power.runs_needed_per_arm > 100


def test_runs_needed_never_drops_below_the_three_a_verdict_needs() -> None:
    assert runs_needed(100.0, 1.0) == 3
    assert runs_needed(100.0, 1.0, paired=True) == 3


def test_tiny_and_large_units_give_the_same_tests_as_ordinary_ones() -> None:
    base, method = [1.0, 2.0, 4.0, 3.0], [2.0, 3.5, 4.0, 6.0]
    ordinary = analyze([Run(v) for v in base], [Run(v) for v in method], claimed_lift_pct=10)
    for unit in (1e-200, 1e90):
        scaled = analyze(
            [Run(v * unit) for v in base],
            [Run(v * unit) for v in method],
            claimed_lift_pct=10,
        )
        assert scaled.welch_t is not None and ordinary.welch_t is not None
        assert scaled.welch_t.p_value == pytest.approx(ordinary.welch_t.p_value)
        assert ordinary.method.sd is not None
        assert scaled.method.sd == pytest.approx(ordinary.method.sd * unit)
        assert scaled.verdict is ordinary.verdict
        assert scaled.power.runs_needed_per_arm == ordinary.power.runs_needed_per_arm
