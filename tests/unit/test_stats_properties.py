"""Properties every analysis must have, whatever the runs (hypothesis).

Run values are decimals with two places, as people log them; that keeps distinct values
distinct after a shift or a scale, which is what the properties are about (not float
rounding).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assay.stats import Analysis, Run, Verdict, analysis_data, analyze, explain, headline

decimals = st.integers(min_value=-10_000, max_value=10_000).map(lambda k: k / 100)
arm_values = st.lists(decimals, min_size=0, max_size=15)
paired_values = st.integers(min_value=0, max_value=15).flatmap(
    lambda n: st.tuples(
        st.lists(decimals, min_size=n, max_size=n),
        st.lists(decimals, min_size=n, max_size=n),
    )
)
shifts = st.integers(min_value=-100_000, max_value=100_000).map(lambda k: k / 100)
scales = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)


def analyse(base: list[float], method: list[float], paired: bool) -> Analysis:
    def runs(values: list[float]) -> list[Run]:
        return [Run(v, seed=i if paired else None) for i, v in enumerate(values)]

    return analyze(runs(base), runs(method), claimed_lift_pct=None)


def p_values(analysis: Analysis) -> dict[str, float | None]:
    return {
        "welch_t": analysis.welch_t.p_value if analysis.welch_t else None,
        "mann_whitney_u": analysis.mann_whitney_u.p_value if analysis.mann_whitney_u else None,
        "paired_t": analysis.paired_t.p_value if analysis.paired_t else None,
        "wilcoxon": analysis.wilcoxon.p_value if analysis.wilcoxon else None,
    }


def assert_same_p_values(a: Analysis, b: Analysis) -> None:
    for name, p in p_values(a).items():
        other = p_values(b)[name]
        if p is None:
            assert other is None, name
        else:
            assert other == pytest.approx(p, rel=1e-6, abs=1e-12), name


def finite_everywhere(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(finite_everywhere(v) for v in data.values())
    if isinstance(data, list):
        return all(finite_everywhere(v) for v in data)
    return True


@settings(max_examples=150, deadline=None)
@given(arm_values, arm_values)
def test_swapping_arms_flips_the_sign_of_the_difference(base: list[float], method: list[float]) -> None:
    forward, backward = analyse(base, method, False), analyse(method, base, False)
    if forward.diff.mean is None:
        assert backward.diff.mean is None
        return
    assert backward.diff.mean == pytest.approx(-forward.diff.mean)
    if forward.welch_t is not None and forward.welch_t.statistic is not None:
        assert backward.welch_t is not None and backward.welch_t.statistic is not None
        assert backward.welch_t.statistic == pytest.approx(-forward.welch_t.statistic)
    if forward.hedges_g is not None:
        assert backward.hedges_g == pytest.approx(-forward.hedges_g)
    assert_same_p_values(forward, backward)


@settings(max_examples=150, deadline=None)
@given(paired_values)
def test_swapping_paired_arms_flips_the_sign_and_keeps_every_p(
    pair: tuple[list[float], list[float]],
) -> None:
    base, method = pair
    forward, backward = analyse(base, method, True), analyse(method, base, True)
    if forward.diff.mean is not None:
        assert backward.diff.mean == pytest.approx(-forward.diff.mean)
    assert_same_p_values(forward, backward)
    if forward.verdict is Verdict.REGRESSION:
        assert backward.verdict is Verdict.REPRODUCED


@settings(max_examples=150, deadline=None)
@given(arm_values, arm_values, shifts)
def test_shifting_both_arms_changes_no_p_value(base: list[float], method: list[float], shift: float) -> None:
    before = analyse(base, method, False)
    after = analyse([v + shift for v in base], [v + shift for v in method], False)
    assert_same_p_values(before, after)
    if before.diff.mean is not None:
        assert after.diff.mean == pytest.approx(before.diff.mean, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(paired_values, shifts)
def test_shifting_both_paired_arms_changes_no_p_value(pair: tuple[list[float], list[float]], shift: float) -> None:
    base, method = pair
    before = analyse(base, method, True)
    after = analyse([v + shift for v in base], [v + shift for v in method], True)
    assert_same_p_values(before, after)


@settings(max_examples=150, deadline=None)
@given(arm_values, arm_values, scales)
@example(base=[0.0, 0.0, 0.0, 0.05], method=[0.01, 0.0, 0.0, 0.04], scale=3.0)  # an early tie, once certain
def test_scaling_both_arms_changes_no_p_value_and_no_effect_size(
    base: list[float], method: list[float], scale: float
) -> None:
    before = analyse(base, method, False)
    after = analyse([v * scale for v in base], [v * scale for v in method], False)
    assert_same_p_values(before, after)
    if before.hedges_g is None:
        assert after.hedges_g is None
    else:
        assert after.hedges_g == pytest.approx(before.hedges_g, rel=1e-6, abs=1e-12)
    assert after.verdict is before.verdict


@settings(max_examples=150, deadline=None)
@given(paired_values, scales)
def test_scaling_both_paired_arms_changes_no_p_value(pair: tuple[list[float], list[float]], scale: float) -> None:
    base, method = pair
    before = analyse(base, method, True)
    after = analyse([v * scale for v in base], [v * scale for v in method], True)
    assert_same_p_values(before, after)
    assert after.verdict is before.verdict


@settings(max_examples=200, deadline=None)
@given(
    arm_values,
    arm_values,
    st.booleans(),
    st.booleans(),
    st.one_of(st.none(), st.floats(min_value=-500, max_value=500)),
)
def test_no_output_is_ever_nan_or_infinite(
    base: list[float],
    method: list[float],
    paired: bool,
    higher_is_better: bool,
    claim: float | None,
) -> None:
    size = min(len(base), len(method)) if paired else None
    base, method = (base[:size], method[:size]) if paired else (base, method)
    analysis = analyze(
        [Run(v, seed=i if paired else None) for i, v in enumerate(base)],
        [Run(v, seed=i if paired else None) for i, v in enumerate(method)],
        higher_is_better=higher_is_better,
        claimed_lift_pct=claim,
    )
    data = analysis_data(analysis)
    assert finite_everywhere(data)
    json.dumps(data, allow_nan=False)
    text = explain(analysis) + headline(analysis)
    assert "nan" not in text.lower() and "inf" not in text.lower()
