"""The sequential test: valid however often it is read, never rising, paired by seed or two-sample.

The simulations here are small (seeded, about a second); bench/bench_peeking.py runs the
large ones (10,000+ gut checks) and reports them in docs/statistics.md.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assay.stats import Design, Run, analyze
from assay.stats.evalues import DEFAULT_ALTERNATIVE, Alternative
from assay.stats.sequential import Stream, looks, running_intervals

ALTERNATIVES = [DEFAULT_ALTERNATIVE, Alternative("normal", 1.0, 0.5)]


def stream(roles: list[int], values: list[float], seeds: list[int | None] | None = None) -> Stream:
    return Stream(
        np.asarray(roles, dtype=np.int64),
        np.asarray(values, dtype=np.float64),
        tuple(seeds if seeds is not None else [None] * len(values)),
    )


def alternating(n: int, base: np.ndarray, method: np.ndarray, seeded: bool) -> Stream:
    roles, values, seeds = [], [], []
    for i in range(n):
        roles += [0, 1]
        values += [float(base[i]), float(method[i])]
        seeds += [i, i] if seeded else [None, None]
    return stream(roles, values, seeds)


@pytest.mark.parametrize("kind", ["paired", "two-sample"])
def test_looking_after_every_run_keeps_false_verdicts_under_alpha(kind: str) -> None:
    rng = np.random.default_rng(5)
    false = 0
    trials = 600
    for _ in range(trials):
        base, method = rng.normal(100, 2, 10), rng.normal(100, 2, 10)
        seen = looks(alternating(10, base, method, kind == "paired"), kind, DEFAULT_ALTERNATIVE)  # type: ignore[arg-type]
        false += seen.p_value(19) < 0.05
    assert false / trials <= 0.05  # in the bench, 20,000 trials: about 1%


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.floats(-50, 50, allow_nan=False), st.integers(0, 8)), min_size=1, max_size=30
    ),
    st.booleans(),
)
def test_the_p_value_never_rises_as_runs_arrive(rows: list[tuple[int, float, int]], seeded: bool) -> None:
    roles = [r for r, _, _ in rows]
    values = [v for _, v, _ in rows]
    seeds: list[int | None] = [s if seeded else None for _, _, s in rows]
    for kind in ("paired", "two-sample"):
        for alternative in ALTERNATIVES:
            seen = looks(stream(roles, values, seeds), kind, alternative)  # type: ignore[arg-type]
            p = [seen.p_value(i) for i in range(len(rows))]
            assert all(0.0 <= x <= 1.0 for x in p)
            assert all(later <= earlier for earlier, later in pairwise(p))
            low, high = running_intervals(seen, alternative, 0.05)
            assert np.all(low[1:] >= low[:-1]) and np.all(high[1:] <= high[:-1])  # the interval never widens


def test_analyses_of_growing_prefixes_never_report_a_higher_p_value() -> None:
    rng = np.random.default_rng(2)
    base = [Run(float(v), seed=i) for i, v in enumerate(rng.normal(10, 1, 12))]
    method = [Run(float(v), seed=i) for i, v in enumerate(rng.normal(11, 1, 12))]
    p = [analyze(base[:n], method[:n], claimed_lift_pct=10).sequential.p_value for n in range(2, 13)]
    assert all(later <= earlier for earlier, later in pairwise(p))


def test_a_run_waits_for_its_partner_before_the_paired_test_uses_it() -> None:
    seen = looks(
        stream([0, 0, 0, 1, 1, 1], [1.0, 2.0, 3.0, 1.5, 2.4, 3.6], [1, 2, 3, 1, 2, 3]), "paired", DEFAULT_ALTERNATIVE
    )
    assert list(seen.used) == [0, 0, 0, 1, 2, 3]
    assert seen.estimate[-1] == pytest.approx((0.5 + 0.4 + 0.6) / 3)


def test_the_first_run_decides_the_kind_and_a_run_without_seed_is_left_out_of_the_pairs() -> None:
    base = [Run(1.0, 1), Run(2.0, 2), Run(3.0, 3)]
    method = [Run(1.6, 1), Run(2.5, 2), Run(3.4, 3), Run(9.0)]
    analysis = analyze(base, method, claimed_lift_pct=None)
    assert analysis.sequential.kind == "paired" and analysis.sequential.used == 3
    assert not analysis.paired  # the classical tests now treat the runs as independent (Welch)
    assert [(u.arm, u.position, u.seed) for u in analysis.unpaired] == [("method", 3, None)]
    unseeded = analyze([Run(r.value) for r in base], [Run(r.value) for r in method], claimed_lift_pct=None)
    assert unseeded.sequential.kind == "two-sample" and unseeded.sequential.used == 7


def test_seeds_that_never_match_get_the_two_sample_test_instead_of_waiting_for_pairs() -> None:
    base = [Run(v, seed=i) for i, v in enumerate([1.0, 2.0, 3.0])]
    method = [Run(v, seed=10 + i) for i, v in enumerate([5.0, 6.0, 7.0])]
    analysis = analyze(base, method, claimed_lift_pct=None)
    assert analysis.sequential.kind == "two-sample" and analysis.sequential.used == 6
    assert [(u.arm, u.seed) for u in analysis.unpaired][:1] == [("baseline", 0)]  # still said


def test_unequal_arms_use_the_pooled_two_sample_t() -> None:
    seen = looks(stream([0, 0, 0, 0, 1, 1], [1.0, 2.0, 3.0, 4.0, 5.0, 7.0]), "two-sample", DEFAULT_ALTERNATIVE)
    base, method = np.array([1.0, 2.0, 3.0, 4.0]), np.array([5.0, 7.0])
    pooled = ((base.size - 1) * base.var(ddof=1) + (method.size - 1) * method.var(ddof=1)) / 4
    assert seen.estimate[-1] == pytest.approx(3.5)
    assert seen.se[-1] == pytest.approx(math.sqrt(pooled * (1 / 4 + 1 / 2)))
    assert (seen.n_eff[-1], seen.nu[-1]) == (pytest.approx(4 / 3), 4.0)


def test_constant_arms_are_certain_and_say_why() -> None:
    different = analyze([Run(1.0)] * 3, [Run(2.0)] * 3, claimed_lift_pct=None).sequential
    same = analyze([Run(1.0)] * 3, [Run(1.0)] * 3, claimed_lift_pct=None).sequential
    assert different.p_value < 1e-300 and different.note is not None and "same value" in different.note
    assert same.p_value == 1.0


def test_an_early_tie_with_one_run_in_an_arm_proves_nothing() -> None:
    """Values logged to two decimals tie often: three baseline runs of 0.00 and a first method
    run of 0.01 show no spread at all, but one run cannot show any. That look must not be
    taken as certain (the running maximum would keep it significant for good)."""
    early = looks(stream([0, 0, 0, 1], [0.0, 0.0, 0.0, 0.01]), "two-sample", DEFAULT_ALTERNATIVE)
    assert early.nu[-1] == 0.0 and early.log_e_max[-1] == 0.0
    done = analyze(
        [Run(v) for v in (0.0, 0.0, 0.0, 0.05)], [Run(v) for v in (0.01, 0.0, 0.0, 0.04)], claimed_lift_pct=None
    )
    assert done.sequential.p_value > 0.05 and done.verdict.value == "INCONCLUSIVE"


def test_the_interval_is_in_the_metrics_units_and_holds_the_estimate() -> None:
    analysis = analyze(
        [Run(v) for v in (700.0, 710.0, 690.0, 705.0)],
        [Run(v) for v in (720.0, 725.0, 716.0, 730.0)],
        claimed_lift_pct=None,
    )
    interval = analysis.sequential.interval
    assert interval is not None and analysis.diff.mean is not None
    assert interval.low < analysis.diff.mean < interval.high
    assert analysis.diff.ci95 is not None and interval.low < analysis.diff.ci95.low  # wider than the fixed-n CI


def test_a_spread_guess_tunes_the_test_to_the_claim() -> None:
    design = Design(sd_pct=2.0)
    analysis = analyze(
        [Run(1.0 + i / 100) for i in range(4)],
        [Run(1.2 + i / 100) for i in range(4)],
        claimed_lift_pct=10,
        design=design,
    )
    assert design.alternative(10) == Alternative("normal", 5.0, 2.5)
    assert "d = ±5" in analysis.sequential.method
    assert "Cauchy" in analyze([Run(1.0)] * 3, [Run(1.1)] * 3, claimed_lift_pct=10).sequential.method


def test_critical_values_survive_the_table_filling_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the shared table is full it is emptied mid-call; the answers still come back."""
    from assay.stats import sequential

    looks = ([0.0, 2.0, 3.0, 4.0], [0.0, 1.0, 2.0, 3.0])  # the first look has no t statistic yet
    expected = sequential.critical_ts(DEFAULT_ALTERNATIVE, 0.05, *looks)
    monkeypatch.setattr(sequential, "_CRITICAL_LIMIT", 2)
    sequential._CRITICAL.clear()
    again = sequential.critical_ts(DEFAULT_ALTERNATIVE, 0.05, *looks)
    assert again[0] == float("inf") and list(again) == list(expected)
    assert len(sequential._CRITICAL) <= 3
