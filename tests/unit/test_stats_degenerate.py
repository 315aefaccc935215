"""Degenerate runs get a defined answer: no exception, no NaN, no infinity."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pytest

from assay.errors import UserError
from assay.stats import Run, Verdict, analysis_data, analyze, explain, headline
from assay.stats.tests import mann_whitney_u, paired_t, welch_t, wilcoxon_signed_rank

CASES: dict[str, tuple[list[float], list[float]]] = {
    "both arms empty": ([], []),
    "one run against none": ([1.0], []),
    "one run each": ([1.0], [2.0]),
    "one identical run each": ([1.0], [1.0]),
    "two runs each": ([1.0, 2.0], [3.0, 4.0]),
    "constant arms, different values": ([1.0, 1.0, 1.0], [2.0, 2.0, 2.0]),
    "constant arms, same value": ([5.0, 5.0, 5.0], [5.0, 5.0, 5.0]),
    "one constant arm": ([5.0, 5.0, 5.0], [4.0, 5.0, 6.0]),
    "identical varied arms": ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    "baseline mean zero": ([-1.0, 0.0, 1.0], [2.0, 3.0, 4.0]),
    "all zero": ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
    "negative baseline": ([-10.0, -11.0, -9.0], [-8.0, -8.5, -7.5]),
    "huge values": ([1e100, 2e99, 3e99], [-1e100, 1e100, 1.5e99]),
    "tiny values": ([1e-300, 2e-300, 3e-300], [4e-300, 5e-300, 6e-300]),
    "decimal noise": ([0.1, 0.2, 0.3], [0.1 + 0.2, 0.2 + 0.2, 0.3 + 0.2]),
}


def _finite(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(_finite(v) for v in data.values())
    if isinstance(data, list):
        return all(_finite(v) for v in data)
    return True


@pytest.mark.parametrize("paired", [False, True], ids=["unpaired", "paired"])
@pytest.mark.parametrize("claim", [None, 10.0], ids=["no claim", "claim 10%"])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_degenerate_runs_give_finite_json_and_readable_words(
    case: tuple[list[float], list[float]], claim: float | None, paired: bool
) -> None:
    base, method = case
    size = min(len(base), len(method))
    base, method = (base[:size], method[:size]) if paired else (base, method)
    analysis = analyze(
        [Run(v, seed=i if paired else None) for i, v in enumerate(base)],
        [Run(v, seed=i if paired else None) for i, v in enumerate(method)],
        claimed_lift_pct=claim,
    )
    data = analysis_data(analysis)
    assert _finite(data)
    json.dumps(data, allow_nan=False)
    words = explain(analysis) + " " + headline(analysis)
    assert not re.search(r"\b(nan|inf)\b", words, re.IGNORECASE)
    assert analysis.verdict.value in words


def test_fewer_than_three_runs_never_gets_a_verdict() -> None:
    analysis = analyze([Run(1.0), Run(2.0)], [Run(30.0), Run(40.0)], claimed_lift_pct=10)
    assert analysis.verdict is Verdict.INSUFFICIENT_DATA


def test_single_run_arm_has_no_sd_and_no_t_test() -> None:
    data = analysis_data(analyze([Run(1.0)], [Run(2.0), Run(3.0)], claimed_lift_pct=10))
    assert data["arms"]["baseline"] == {"n": 1, "mean": 1.0, "sd": None}
    assert data["tests"]["welch_t"] == {
        "statistic": None,
        "df": None,
        "p_value": None,
        "note": None,
    }
    assert data["diff"]["ci95"] == [None, None]
    assert data["power"]["runs_needed_per_arm"] is None


def test_empty_arms_report_no_mean_and_no_difference() -> None:
    data = analysis_data(analyze([], [], claimed_lift_pct=None))
    assert data["arms"]["method"] == {"n": 0, "mean": None, "sd": None}
    assert data["diff"]["mean"] is None
    assert data["tests"]["mann_whitney_u"]["p_value"] is None


def test_all_zero_paired_differences_give_signed_rank_zero_with_p_one() -> None:
    test = wilcoxon_signed_rank(np.zeros(5))
    assert test is not None
    assert (test.statistic, test.p_value) == (0.0, 1.0)


def test_zero_differences_are_dropped_and_force_the_normal_approximation() -> None:
    test = wilcoxon_signed_rank(np.array([0.0, 1.0, 2.0, 3.0, 4.0]))
    assert test is not None
    assert test.statistic == 10.0
    assert test.method == "normal approximation"


def test_decimal_noise_in_differences_counts_as_a_tie() -> None:
    # 0.3 - 0.1 and 0.5 - 0.3 are both 0.2 to a person, not to binary floating point.
    test = wilcoxon_signed_rank(np.array([0.3 - 0.1, 0.5 - 0.3, 0.7, 0.9]))
    assert test is not None
    assert test.statistic == 10.0
    assert test.method == "normal approximation"


def test_constant_paired_differences_are_significant_unless_zero() -> None:
    shifted = paired_t(np.full(4, 2.0))
    same = paired_t(np.zeros(4))
    assert shifted is not None and same is not None
    assert (shifted.statistic, shifted.p_value) == (None, 0.0)
    assert (same.statistic, same.p_value) == (0.0, 1.0)


def test_identical_arms_have_welch_p_one_and_mann_whitney_p_one() -> None:
    values = np.array([1.0, 2.0, 3.0, 4.0])
    welch = welch_t(values, values.copy())
    rank = mann_whitney_u(values, values.copy())
    assert welch is not None and rank is not None
    assert (welch.statistic, welch.p_value) == (0.0, 1.0)
    assert rank.statistic == 8.0 and rank.p_value == 1.0


def test_every_run_equal_gives_mann_whitney_half_of_the_pairs() -> None:
    rank = mann_whitney_u(np.full(3, 7.0), np.full(4, 7.0))
    assert rank is not None
    assert (rank.statistic, rank.p_value) == (6.0, 1.0)


def test_non_finite_run_value_is_refused_with_a_message() -> None:
    with pytest.raises(UserError, match="finite number"):
        Run(float("nan"))
    with pytest.raises(UserError, match="finite number"):
        Run(float("inf"), seed=1)


def test_run_value_beyond_1e100_is_refused_with_a_message() -> None:
    with pytest.raises(UserError, match="between -1e100 and 1e100"):
        Run(1e101)


def test_alpha_outside_zero_one_is_refused() -> None:
    with pytest.raises(UserError, match="alpha must be between 0 and 1"):
        analyze([Run(1.0)], [Run(2.0)], claimed_lift_pct=None, alpha=1.5)


def test_two_arms_with_one_name_are_refused() -> None:
    with pytest.raises(UserError, match="own name"):
        analyze(
            [Run(1.0)],
            [Run(2.0)],
            claimed_lift_pct=None,
            extra_arms={"method": [Run(3.0)]},
        )


def test_non_finite_claimed_lift_is_refused() -> None:
    with pytest.raises(UserError, match="claimed lift must be a finite percentage"):
        analyze([Run(1.0)], [Run(2.0)], claimed_lift_pct=float("nan"))
