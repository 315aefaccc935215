"""The statistics engine against published reference values.

Sources (values as printed in the documentation, checked to the printed precision):

1. R, ``?sleep`` / ``?t.test`` / ``?wilcox.test``: Student's sleep data (Cushny & Peebles
   1905), extra hours of sleep under drug 1 and drug 2 in the same ten patients.
   ``t.test(extra ~ group, data = sleep)``: t = -1.8608, df = 17.776, p-value = 0.07939.
   ``t.test(extra[group==1], extra[group==2], paired = TRUE)``: t = -4.0621, df = 9,
   p-value = 0.002833. ``wilcox.test(extra ~ group, data = sleep)``: W = 25.5,
   p-value = 0.06933 (normal approximation, continuity correction: the data are tied).
2. R, ``?wilcox.test`` examples, from Hollander & Wolfe (1973), *Nonparametric
   Statistical Methods*, pp. 29f (Hamilton depression scale, 9 patients, first vs second
   visit): ``wilcox.test(x, y, paired = TRUE, alternative = "greater")`` gives V = 40,
   p-value = 0.01953; and p. 69f (permeability of the human chorioamnion, at term vs at
   12-26 weeks): ``wilcox.test(x, y, alternative = "g")`` gives W = 35, p-value = 0.1272.
   R's exact two-sided p-value is min(1, 2 * the smaller one-sided tail), so the
   two-sided values are twice the printed one-sided ones.
3. R, ``?power.t.test`` examples: ``power.t.test(n = 20, delta = 1)`` gives power =
   0.8689528; ``power.t.test(power = .90, delta = 1)`` gives n = 22.02110 (two-sample,
   two-sided, sig.level 0.05, sd 1, R's default strict = FALSE).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize

from assay.stats import Analysis, Run, analyze, runs_needed, t_test_power
from assay.stats.effect import hedges_correction
from assay.stats.tests import mann_whitney_u, wilcoxon_signed_rank

SLEEP_DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# Hollander & Wolfe (1973) p. 29f, as in R's ?wilcox.test.
DEPRESSION_FIRST_VISIT = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_SECOND_VISIT = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

# Hollander & Wolfe (1973) p. 69f, as in R's ?wilcox.test.
PERMEABILITY_AT_TERM = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
PERMEABILITY_EARLY = [1.15, 0.88, 0.90, 0.74, 1.21]


def _sleep(paired: bool) -> Analysis:
    """R's formula interface takes group 1 minus group 2: drug 2 is our baseline."""

    def runs(values: list[float]) -> list[Run]:
        return [Run(v, seed=i + 1 if paired else None) for i, v in enumerate(values)]

    return analyze(runs(SLEEP_DRUG_2), runs(SLEEP_DRUG_1), claimed_lift_pct=None)


def test_welch_t_matches_r_on_sleep_data() -> None:
    welch = _sleep(paired=False).welch_t
    assert welch is not None and welch.statistic is not None
    assert round(welch.statistic, 4) == -1.8608
    assert round(welch.df, 3) == 17.776
    assert round(welch.p_value, 5) == 0.07939


def test_paired_t_matches_r_on_sleep_data_paired_by_patient() -> None:
    analysis = _sleep(paired=True)
    assert analysis.paired and analysis.classical_primary == "paired_t"
    paired = analysis.paired_t
    assert paired is not None and paired.statistic is not None
    assert round(paired.statistic, 4) == -4.0621
    assert paired.df == 9
    assert round(paired.p_value, 6) == 0.002833


def test_mann_whitney_matches_r_wilcox_test_on_sleep_data() -> None:
    test = _sleep(paired=False).mann_whitney_u
    assert test is not None
    assert test.statistic == 25.5
    assert round(test.p_value, 5) == 0.06933
    assert test.method == "normal approximation"


def test_signed_rank_matches_r_on_hollander_wolfe_depression_data() -> None:
    differences = np.array(DEPRESSION_FIRST_VISIT) - np.array(DEPRESSION_SECOND_VISIT)
    test = wilcoxon_signed_rank(differences)
    assert test is not None
    assert test.statistic == 40
    assert test.method == "exact"
    assert round(test.p_value / 2, 5) == 0.01953


def test_rank_sum_matches_r_on_hollander_wolfe_permeability_data() -> None:
    test = mann_whitney_u(np.array(PERMEABILITY_EARLY), np.array(PERMEABILITY_AT_TERM))
    assert test is not None
    assert test.statistic == 35
    assert test.method == "exact"
    assert round(test.p_value / 2, 4) == 0.1272


def test_analysis_of_depression_data_uses_the_exact_signed_rank_p() -> None:
    second = [Run(v, seed=i) for i, v in enumerate(DEPRESSION_SECOND_VISIT)]
    first = [Run(v, seed=i) for i, v in enumerate(DEPRESSION_FIRST_VISIT)]
    analysis = analyze(second, first, claimed_lift_pct=None)
    assert analysis.wilcoxon is not None
    assert analysis.wilcoxon.statistic == 40
    assert analysis.wilcoxon.p_value == pytest.approx(2 * 0.01953125)


def test_power_of_twenty_per_arm_matches_r_power_t_test() -> None:
    assert round(t_test_power(1.0, 1.0, 20, strict=False), 7) == 0.8689528


def test_fractional_n_for_90_percent_power_matches_r_power_t_test() -> None:
    n = optimize.brentq(lambda k: t_test_power(1.0, 1.0, k, strict=False) - 0.9, 2, 1000, xtol=1e-10)
    assert round(n, 5) == 22.02110


def test_runs_needed_is_the_next_whole_run_above_r_fractional_n() -> None:
    assert runs_needed(1.0, 1.0, target=0.9) == 23
    assert t_test_power(1.0, 1.0, 22) < 0.9 <= t_test_power(1.0, 1.0, 23)


def test_strict_power_adds_only_the_tiny_wrong_direction_tail() -> None:
    loose = t_test_power(1.0, 1.0, 20, strict=False)
    strict = t_test_power(1.0, 1.0, 20)
    assert 0 < strict - loose < 1e-6


def test_hedges_correction_matches_its_textbook_approximation() -> None:
    # Hedges & Olkin (1985): J(df) ~= 1 - 3 / (4 df - 1), accurate to about 1e-4 at df 18.
    for df in (5, 10, 18, 100):
        assert hedges_correction(df) == pytest.approx(1 - 3 / (4 * df - 1), abs=2e-3)
    # Exact at df = 10: Γ(5) / (√5 Γ(4.5)) with Γ(4.5) = 3.5 · 2.5 · 1.5 · 0.5 · √π.
    exact = 24 / (math.sqrt(5) * 3.5 * 2.5 * 1.5 * 0.5 * math.sqrt(math.pi))
    assert hedges_correction(10) == pytest.approx(exact, rel=1e-12)


def test_hedges_g_on_sleep_data_is_the_corrected_standardised_difference() -> None:
    analysis = _sleep(paired=False)
    drug_1, drug_2 = np.array(SLEEP_DRUG_1), np.array(SLEEP_DRUG_2)
    pooled_sd = np.sqrt((np.var(drug_1, ddof=1) + np.var(drug_2, ddof=1)) / 2)
    by_hand = (drug_1.mean() - drug_2.mean()) / pooled_sd * (1 - 3 / (4 * 18 - 1))
    assert analysis.hedges_g == pytest.approx(by_hand, abs=1e-3)
    assert round(by_hand, 2) == -0.80
