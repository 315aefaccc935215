"""Benchmark: ``/gutcheck status`` statistics on arms of 10,000 runs.

Times ``assay.stats.analyze`` (every test, both intervals with the 2,000-resample
bootstrap, power search and verdict) on paired and unpaired arms, and compares it with
raw ``scipy.stats.ttest_ind`` on the same values. Prints p50 and max in milliseconds
and the ratio of the p50s.

    python bench/bench_stats.py [--runs 10000] [--repeats 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

import numpy as np
from scipy import stats as sps

from assay.stats import Run, analyze


def timings_ms(action: Callable[[], object], repeats: int) -> list[float]:
    """Wall-clock milliseconds of ``repeats`` calls, after one warm-up call."""
    action()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per arm")
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per case")
    args = parser.parse_args()

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
    scipy_ms = timings_ms(lambda: sps.ttest_ind(method, base, equal_var=False), args.repeats)
    scipy_p50 = statistics.median(scipy_ms)

    print(f"analyze() on {args.runs:,} runs per arm, {args.repeats} repeats")
    print(f"{'case':<10} {'p50 ms':>9} {'max ms':>9} {'x ttest_ind':>12}  verdict")
    for name, (base_runs, method_runs) in cases.items():
        result = analyze(base_runs, method_runs, claimed_lift_pct=5.0)
        call = partial(analyze, base_runs, method_runs, claimed_lift_pct=5.0)
        samples = timings_ms(call, args.repeats)
        p50 = statistics.median(samples)
        print(f"{name:<10} {p50:>9.1f} {max(samples):>9.1f} {p50 / scipy_p50:>12.0f}  {result.verdict}")
    print(
        f"{'ttest_ind':<10} {scipy_p50:>9.3f} {max(scipy_ms):>9.3f} {1:>12}  "
        "(scipy Welch t only, no bootstrap, power or rank tests)"
    )


if __name__ == "__main__":
    main()
