"""How a gut check is read: the sequential design (the default) or a fixed, pre-registered N.

**Sequential**: the verdict may be read after every run; significance comes from the
anytime-valid sequential test, so reading it again and again does not inflate the error
rate. **Fixed**: N runs per arm are planned before the first run; the verdict is final at N
per arm and decided there by the classical test (paired t when every run is paired by seed,
else Welch); before that only a REGRESSION, by the sequential test, can stop it early.
Runs beyond N in an arm are kept but left out of a fixed design's analysis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from assay.errors import UserError
from assay.stats.evalues import DEFAULT_ALTERNATIVE, Alternative
from assay.stats.power import MIN_RUNS_FOR_VERDICT

MAX_PLANNED_RUNS = 10_000
# The prior's spread around the claim, as a share of it: a quarter of the claim is still
# within 1.5 prior sds, so effects well below the claim (PARTIAL, small regressions) are
# found, at a small cost in power at the claim itself (docs/statistics.md, section 8).
CLAIM_SPREAD = 0.5
DesignKind = Literal["sequential", "fixed"]


@dataclass(frozen=True)
class Design:
    """The design, and the run-to-run spread guessed at the start (tunes the sequential test).

    ``planned_runs`` is N per arm for a fixed design, None for a sequential one. ``sd_pct`` is
    the standard deviation of one run around its arm's mean, in percent of the baseline mean,
    as guessed before any run; None when nobody guessed.
    """

    planned_runs: int | None = None
    sd_pct: float | None = None

    def __post_init__(self) -> None:
        runs = self.planned_runs
        if runs is not None and not MIN_RUNS_FOR_VERDICT <= runs <= MAX_PLANNED_RUNS:
            raise UserError(
                f"A fixed design plans between {MIN_RUNS_FOR_VERDICT} and {MAX_PLANNED_RUNS:,} runs per arm; "
                f"got {runs}."
            )
        sd = self.sd_pct
        if sd is not None and not (math.isfinite(sd) and 0.0 < sd <= 1000.0):
            raise UserError(f"The run-to-run spread sd= is a percentage above 0 and at most 1000%; got {sd}.")

    @property
    def kind(self) -> DesignKind:
        return "sequential" if self.planned_runs is None else "fixed"

    def alternative(self, claimed_lift_pct: float | None) -> Alternative:
        """What the sequential test bets on: the claim in standard deviations when both the claim
        and the spread were written down before the first run, else the default Cauchy mixture."""
        if claimed_lift_pct is None or self.sd_pct is None or claimed_lift_pct <= 0.0:
            return DEFAULT_ALTERNATIVE
        claimed_sd = claimed_lift_pct / self.sd_pct
        return Alternative("normal", claimed_sd, CLAIM_SPREAD * claimed_sd)


SEQUENTIAL = Design()
