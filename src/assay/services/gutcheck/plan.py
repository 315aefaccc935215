"""The plan at the start: runs per arm for 80% power at the claimed lift, from the spread guessed.

Both numbers assume unpaired runs (pairing by seed is not known before the first run and
usually needs fewer), the claimed lift as the true effect and ``sd=`` as the run-to-run
standard deviation; both are in percent of the baseline mean, so its value is not needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from assay.stats import Design, runs_needed
from assay.stats.seqpower import sequential_runs_needed


@dataclass(frozen=True)
class Plan:
    """Runs per arm for 80% power: read sequentially, or with a fixed design (None: beyond 100,000)."""

    sequential: int | None
    fixed: int | None


def plan(claimed_lift_pct: float | None, sd_pct: float | None, alpha: float) -> Plan | None:
    """Runs per arm for 80% power at the claimed lift with this spread; None without both."""
    if claimed_lift_pct is None or sd_pct is None:
        return None
    alternative = Design(sd_pct=sd_pct).alternative(claimed_lift_pct)
    return Plan(
        sequential=sequential_runs_needed(
            claimed_lift_pct / sd_pct, kind="two-sample", alternative=alternative, alpha=alpha
        ),
        fixed=runs_needed(claimed_lift_pct, sd_pct, alpha=alpha),
    )


def plan_words(
    claimed_lift_pct: float | None, sd_pct: float | None, alpha: float, planned_runs: int | None
) -> str | None:
    """The plan in one line, with a warning when ``planned_runs`` is short of 80% power."""
    found = plan(claimed_lift_pct, sd_pct, alpha)
    if found is None:
        return None
    sequential = "more than 100,000" if found.sequential is None else str(found.sequential)
    fixed = "more than 100,000" if found.fixed is None else str(found.fixed)
    line = (
        f"Plan: with sd {sd_pct:g}%, unpaired (pairing by seed usually needs fewer), the claimed "
        f"{claimed_lift_pct:g}% lift needs {sequential} runs per arm for 80% power read sequentially, "
        f"{fixed} with a fixed design."
    )
    if planned_runs is not None and (found.fixed is None or planned_runs < found.fixed):
        line += f" ⚠️ runs={planned_runs} gives less than 80% power."
    return line
