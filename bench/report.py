"""What every benchmark shares: timing, ``--quick``, and one table of results with targets.

A benchmark adds a row per figure — its absolute value, the baseline measured in the same
run, the ratio and the target — then calls :meth:`Report.finish`, which prints the table and
returns the exit status: 1 when any target is missed. Rows without a target are printed for
information and never fail. ``bench/run_all.py`` runs every ``bench_*.py`` and fails if any did.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def timings_ms(action: Callable[[], object], repeats: int, *, warm_up: bool = True) -> list[float]:
    """Wall-clock milliseconds of ``repeats`` calls (after one untimed warm-up call)."""
    if warm_up:
        action()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000.0)
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def add_quick(parser: argparse.ArgumentParser, what: str) -> None:
    """The ``--quick`` flag every benchmark takes (``make bench-quick``): ``what`` says how it is smaller."""
    parser.add_argument("--quick", action="store_true", help=f"smaller inputs for make bench-quick: {what}")


@dataclass(frozen=True)
class Row:
    name: str
    figure: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None  # None: no target, printed for information


def _num(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1f}%"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    return f"{value:,.{digits}f} {unit}".strip()


class Report:
    """The results of one benchmark as a uniform table."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: list[Row] = []

    def ratio(
        self,
        name: str,
        value: float,
        baseline: float,
        *,
        baseline_label: str,
        unit: str = "ms",
        max_ratio: float | None = None,
        max_value: float | None = None,
    ) -> float:
        """A figure against its baseline; the target is a ratio, an absolute ceiling, or both."""
        ratio = value / baseline if baseline > 0 else float("inf")
        targets, ok = [], True
        if max_ratio is not None:
            targets.append(f"≤ {max_ratio:g}×")
            ok = ok and ratio <= max_ratio
        if max_value is not None:
            targets.append(f"≤ {_num(max_value, unit)}")
            ok = ok and value <= max_value
        self.rows.append(
            Row(
                name,
                _num(value, unit),
                f"{_num(baseline, unit)} {baseline_label}".strip(),
                f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.2f}×",
                ", ".join(targets) or "-",
                ok if targets else None,
            )
        )
        return ratio

    def figure(self, name: str, value: float, *, unit: str = "ms", max_value: float | None = None) -> None:
        """An absolute figure with no baseline (a ceiling at most)."""
        ok = None if max_value is None else value <= max_value
        target = "-" if max_value is None else f"≤ {_num(max_value, unit)}"
        self.rows.append(Row(name, _num(value, unit), "-", "-", target, ok))

    def check(self, name: str, figure: str, *, target: str, ok: bool, baseline: str = "-") -> None:
        """A target that is not a timing (a count, a rate): its figure as text and whether it holds."""
        self.rows.append(Row(name, figure, baseline, "-", target, ok))

    @property
    def failures(self) -> list[Row]:
        return [row for row in self.rows if row.ok is False]

    def finish(self) -> int:
        """Print the table; 1 if a target was missed, else 0."""
        header = Row("benchmark", "figure", "baseline", "ratio", "target", None)
        cells = [header, *self.rows]
        widths = [max(len(getattr(r, f)) for r in cells) for f in ("name", "figure", "baseline", "ratio", "target")]
        print(f"\n{self.title}")
        for row in cells:
            result = "result" if row is header else {True: "ok", False: "MISSED", None: ""}[row.ok]
            values = (row.name, row.figure, row.baseline, row.ratio, row.target)
            print(
                "  ".join(
                    v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
                ),
                result,
            )
        missed = self.failures
        print(
            f"{len(missed)} of {sum(r.ok is not None for r in self.rows)} targets missed"
            if missed
            else "all targets met"
        )
        return 1 if missed else 0
