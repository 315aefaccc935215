"""The plan at the start: runs per arm for 80% power at the claimed lift, from the spread guessed.

Both numbers assume unpaired runs (pairing by seed is not known before the first run and
usually needs fewer), the claimed lift as the true effect and ``sd=`` as the run-to-run
standard deviation; both are in percent of the baseline mean, so its value is not needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from assay.services.gutcheck.checks import design_of
from assay.stats import runs_needed
from assay.stats.seqpower import sequential_runs_needed
from assay.storage.models import GutCheck


@dataclass(frozen=True)
class Plan:
    """Runs per arm for 80% power: read sequentially, or with a fixed design (None: beyond 100,000)."""

    sequential: int | None
    fixed: int | None


def start_plan(check: GutCheck) -> Plan | None:
    """The plan for ``check``; None without both a claimed lift and ``sd=``."""
    claim, sd = check.claimed_lift_pct, check.sd_pct
    if claim is None or sd is None:
        return None
    alternative = design_of(check).alternative(claim)
    return Plan(
        sequential=sequential_runs_needed(claim / sd, kind="two-sample", alternative=alternative, alpha=check.alpha),
        fixed=runs_needed(claim, sd, alpha=check.alpha),
    )
