"""Benchmark: ``/gutcheck status`` statistics on arms of 10,000 runs.

Times ``assay.stats.analyze`` (every test, both intervals with the 2,000-resample
bootstrap, power search and verdict) on paired and unpaired arms, and compares it with
raw ``scipy.stats.ttest_ind`` on the same values. Target: a status (p50) within 0.5 s at
10,000 runs per arm; the ratio to the bare t test is printed for information (it does far more).

    python bench/bench_stats.py [--runs 10000] [--repeats 15] [--quick]
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

import numpy as np
from scipy import stats as sps

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Report, add_quick, p50, timings_ms

from assay.stats import Run, analyze

MAX_MS = 500.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per arm")
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per case")
    add_quick(parser, "5 repeats (still 10,000 runs per arm: the target is at that size)")
    args = parser.parse_args()
    repeats = 5 if args.quick else args.repeats

    rng = np.random.default_rng(42)
    base = rng.normal(100.0, 10.0, args.runs)
    method = base + rng.normal(1.0, 5.0, args.runs)  # correlated, as seeds make them
    cases = {
        "paired": (
            [Run(float(v), seed=i) for i, v in enumerate(base)],
            [Run(float(v), seed=i) for i, v in enumerate(method)],
        ),
        "unpaired": ([Run(float(v)) for v in base], [Run(float(v)) for v in method]),
    }
    scipy_p50 = p50(timings_ms(lambda: sps.ttest_ind(method, base, equal_var=False), repeats))
    report = Report(
        f"analyze() on {args.runs:,} runs per arm, p50 of {repeats} (baseline: scipy Welch t alone, "
        "no bootstrap, power or rank tests)"
    )
    for name, (base_runs, method_runs) in cases.items():
        result = analyze(base_runs, method_runs, claimed_lift_pct=5.0)
        samples = timings_ms(partial(analyze, base_runs, method_runs, claimed_lift_pct=5.0), repeats)
        report.ratio(
            f"{name} status ({result.verdict}), max {max(samples):.0f} ms",
            p50(samples),
            scipy_p50,
            baseline_label="ttest_ind",
            max_value=MAX_MS,
        )
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
