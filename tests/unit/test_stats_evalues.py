"""The t-statistic e-values against published values and independent implementations.

Published values (JZS Bayes factor, Cauchy prior r = √2/2 — which is the mixture e-value):

1. R's BayesFactor, ``ttestBF`` (Morey & Rouder), as printed in its documentation and
   tutorials: Student's sleep data, paired (drug 1 vs drug 2): BF10 = 17.25888; drug 2 alone
   against mu = 0: BF10 = 10.71554; ``ttestBF(len ~ supp, data = ToothGrowth)`` (independent
   groups, 30 + 30, pooled t = 1.9153): BF10 = 1.198757.
2. pingouin's ``bayesfactor_ttest`` tests (stated there as checked against BayesFactor):
   t = 3.5 with 20 + 20 runs: 26.743; one-sample t = 3.5 with 20 runs: 17.185.

Independent implementations: the noncentral-t likelihood ratio from scipy.stats.nct, the
chi moment-generating function by an exact recursion, and the prior mixtures by
scipy.integrate.quad over the noncentral-t ratio.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, special
from scipy import stats as sps

from assay.stats import Run, analyze
from assay.stats.evalues import (
    DEFAULT_ALTERNATIVE,
    Alternative,
    critical_x,
    log_chi_mgf,
    log_evalue,
    t_from_x,
)

SLEEP_DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def evalue(t: float, n_eff: float, nu: float, alternative: Alternative = DEFAULT_ALTERNATIVE) -> float:
    x = t / math.sqrt(nu + t * t)
    return math.exp(float(log_evalue(np.array(x), np.array(n_eff), np.array(nu), alternative)))


def one_sample_t(values: list[float]) -> float:
    d = np.asarray(values)
    return float(d.mean() / (d.std(ddof=1) / math.sqrt(d.size)))


@pytest.mark.parametrize(
    ("t", "n1", "n2", "published"),
    [(3.5, 20, 20, 26.743), (3.5, 20, None, 17.185), (1.9153, 30, 30, 1.198757)],
    ids=["pingouin two-sample", "pingouin one-sample", "BayesFactor ToothGrowth"],
)
def test_the_default_e_value_is_the_published_jzs_bayes_factor(
    t: float, n1: int, n2: int | None, published: float
) -> None:
    value = evalue(t, n1, n1 - 1) if n2 is None else evalue(t, n1 * n2 / (n1 + n2), n1 + n2 - 2)
    assert value == pytest.approx(published, rel=2e-4)  # the inputs are printed to 4-5 digits


def test_the_sleep_data_give_bayesfactors_printed_values() -> None:
    differences = [b - a for a, b in zip(SLEEP_DRUG_1, SLEEP_DRUG_2, strict=True)]
    assert evalue(one_sample_t(differences), 10, 9) == pytest.approx(17.25888, rel=1e-6)
    assert evalue(one_sample_t(SLEEP_DRUG_2), 10, 9) == pytest.approx(10.71554, rel=1e-6)


def test_the_paired_analysis_reports_that_e_value_after_its_last_pair() -> None:
    base = [Run(v, seed=i) for i, v in enumerate(SLEEP_DRUG_1)]
    method = [Run(v, seed=i) for i, v in enumerate(SLEEP_DRUG_2)]
    sequential = analyze(base, method, claimed_lift_pct=None).sequential
    assert sequential.kind == "paired" and sequential.used == 10
    assert sequential.e_value == pytest.approx(17.25888, rel=1e-6)


@pytest.mark.parametrize("nu", [1, 2, 4, 9, 30, 200])
@pytest.mark.parametrize("lam", [0.3, 1.0, 2.5, 6.0])
@pytest.mark.parametrize("t", [-6.0, -1.0, 0.0, 0.4, 2.0, 8.0, 40.0])
def test_the_one_sided_ratio_is_scipys_noncentral_over_central_t(nu: int, lam: float, t: float) -> None:
    x = t / math.sqrt(nu + t * t)
    ours = -lam * lam / 2 + float(log_chi_mgf(np.array(lam * x), np.array(nu + 1.0)))
    reference = sps.nct.logpdf(t, nu, lam) - sps.t.logpdf(t, nu)
    if math.isfinite(reference):
        assert ours == pytest.approx(reference, rel=1e-7, abs=1e-9)


def _log_mgf_by_recursion(a: float, k: int) -> float:
    """log E[exp(aY)], Y ~ chi_k, from H_m(a) = ∫ y^m exp(-y²/2 + ay) dy: H_{m+1} = a H_m + m H_{m-1}."""
    log_h0 = 0.5 * math.log(2 * math.pi) + a * a / 2 + float(special.log_ndtr(a))
    ratio, total = a + math.exp(-log_h0), log_h0
    for m in range(1, k):
        total += math.log(ratio)
        ratio = a + m / ratio
    return total - ((k / 2 - 1) * math.log(2) + float(special.gammaln(k / 2)))


@pytest.mark.parametrize("a", [0.0, 0.1, 1.0, 3.0, 10.0, 30.0, 300.0])
@pytest.mark.parametrize("k", [2, 3, 5, 11, 40, 200, 2000])
def test_the_chi_moment_generating_function_matches_an_exact_recursion(a: float, k: int) -> None:
    assert float(log_chi_mgf(np.array(a), np.array(float(k)))) == pytest.approx(
        _log_mgf_by_recursion(a, k), rel=1e-9, abs=1e-9
    )


def _by_quadrature(t: float, n_eff: float, nu: float, density: object) -> float:
    f0 = sps.t.pdf(t, nu)

    def integrand(d: float) -> float:
        return float(sps.nct.pdf(t, nu, math.sqrt(n_eff) * d) / f0 * density(d))  # type: ignore[operator]

    return float(integrate.quad(integrand, -np.inf, np.inf, epsabs=0, epsrel=1e-10, limit=400)[0])


@pytest.mark.parametrize(("t", "n_eff", "nu"), [(0.5, 5, 4), (2.2, 10, 9), (3.0, 2.5, 8), (-4.0, 20, 19)])
def test_the_mixtures_are_the_noncentral_t_ratio_averaged_over_their_prior(t: float, n_eff: float, nu: float) -> None:
    claim = Alternative("normal", 1.2, 0.6)

    def around_claim(d: float) -> float:
        return 0.5 * float(sps.norm.pdf(d, 1.2, 0.6) + sps.norm.pdf(d, -1.2, 0.6))

    def cauchy(d: float) -> float:
        return float(sps.cauchy.pdf(d, 0, DEFAULT_ALTERNATIVE.scale))

    assert evalue(t, n_eff, nu, claim) == pytest.approx(_by_quadrature(t, n_eff, nu, around_claim), rel=1e-6)
    assert evalue(t, n_eff, nu) == pytest.approx(_by_quadrature(t, n_eff, nu, cauchy), rel=1e-6)


def test_the_point_alternative_averages_both_directions() -> None:
    t, nu, lam = 1.7, 6, 2.0 * math.sqrt(7)
    expected = 0.5 * (sps.nct.pdf(t, nu, lam) + sps.nct.pdf(t, nu, -lam)) / sps.t.pdf(t, nu)
    assert evalue(t, 7, nu, Alternative("normal", 2.0)) == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize(
    "alternative", [DEFAULT_ALTERNATIVE, Alternative("normal", 2.0, 1.0), Alternative("normal", 0.8)]
)
def test_e_values_are_symmetric_and_rise_with_the_size_of_t(alternative: Alternative) -> None:
    x = np.linspace(0.0, 1.0, 201)
    for n_eff, nu in ((3.0, 2.0), (10.0, 9.0), (2.5, 8.0), (5000.0, 9998.0)):
        values = log_evalue(x, np.full_like(x, n_eff), np.full_like(x, nu), alternative)
        assert np.all(np.isfinite(values))
        assert np.all(np.diff(values) >= -1e-9)
        np.testing.assert_allclose(values, log_evalue(-x, np.full_like(x, n_eff), np.full_like(x, nu), alternative))


def test_extreme_and_degenerate_statistics_stay_finite() -> None:
    # |x| = 1 is a zero-variance sample; huge effects and huge samples must not overflow.
    x = np.array([1.0, -1.0, 1 - 1e-15, 0.0, 0.5])
    for alternative in (DEFAULT_ALTERNATIVE, Alternative("normal", 40.0, 20.0), Alternative("normal", 0.01)):
        for n_eff, nu in ((1.5, 1.0), (3.0, 2.0), (1e5, 1e5 - 1.0)):
            with np.errstate(over="raise", divide="raise", invalid="raise"):
                values = log_evalue(x, np.full_like(x, n_eff), np.full_like(x, nu), alternative)
            assert np.all(np.isfinite(values)) and np.all(values <= 700.0)


def test_the_critical_value_is_where_the_e_value_reaches_one_over_alpha() -> None:
    n_eff, nu = np.array([5.0, 10.0, 50.0]), np.array([4.0, 9.0, 49.0])
    for alternative in (DEFAULT_ALTERNATIVE, Alternative("normal", 1.0, 0.5)):
        x = critical_x(n_eff, nu, alternative, 0.05)
        np.testing.assert_allclose(log_evalue(x, n_eff, nu, alternative), math.log(20.0), atol=1e-8)
        t = t_from_x(x, nu)
        classical = sps.t.isf(0.025, nu)
        assert np.all(t > classical)  # always-valid costs a larger t than the fixed-sample test


def test_a_look_that_can_never_reach_the_threshold_has_no_critical_value() -> None:
    # Three pairs and a narrow prior: even identical differences cannot give an e-value of 20.
    assert math.isnan(float(critical_x(np.array(3.0), np.array(2.0), Alternative("normal", 0.5), 0.05)))


@pytest.mark.parametrize(
    "alternative", [DEFAULT_ALTERNATIVE, Alternative("normal", 1.5, 0.75), Alternative("normal", 0.8)]
)
@pytest.mark.parametrize(("n_eff", "nu"), [(2.0, 1.0), (3.0, 2.0), (1.5, 4.0), (10.0, 9.0), (5.0, 18.0)])
def test_under_no_difference_each_e_value_averages_exactly_one(
    alternative: Alternative, n_eff: float, nu: float
) -> None:
    # The likelihood ratio of t integrates to 1 against the central t: the e-value property at
    # every fixed look, down to the smallest samples (the martingale property across looks is
    # the invariance argument of docs/statistics.md, and the simulations check its consequence).
    def integrand(t: float) -> float:
        return evalue(t, n_eff, nu, alternative) * float(sps.t.pdf(t, nu))

    total = sum(
        integrate.quad(integrand, a, b, epsabs=0, epsrel=1e-10, limit=400)[0] for a, b in ((-np.inf, 0), (0, np.inf))
    )
    assert total == pytest.approx(1.0, abs=2e-6)
