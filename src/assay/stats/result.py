"""What one gut-check analysis found, as plain data: the engine fills it, words and JSON read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assay.stats.design import Design
from assay.stats.effect import Lift
from assay.stats.intervals import Interval
from assay.stats.power import Power
from assay.stats.runs import ArmSummary
from assay.stats.sequential import SequentialTest
from assay.stats.tests import RankTest, TTest
from assay.stats.verdict import Verdict

TestKey = Literal["sequential", "paired_t", "welch_t"]
ClassicalKey = Literal["paired_t", "welch_t"]


@dataclass(frozen=True)
class Difference:
    """Mean of method - baseline with its t-based and bootstrap 95% intervals."""

    mean: float | None
    ci95: Interval | None
    bootstrap_ci95: Interval | None


@dataclass(frozen=True)
class UnpairedRun:
    """A run of a seeded gut check that has no partner: ``position`` counts from 0 within its arm."""

    arm: str
    position: int
    seed: int | None


@dataclass(frozen=True)
class Analysis:
    """Everything ``/gutcheck status`` reports for one baseline/method comparison.

    Differences, t statistics and g are signed method - baseline; lifts are signed so that
    positive means better. Undefined quantities are None, never NaN. ``primary`` is the test
    that decided the verdict; ``classical_primary`` the classical test a fixed design ends
    with (paired t when every run is paired by seed, else Welch). ``final`` says whether the
    team may stop on this verdict. ``unpaired`` lists the runs of a seeded gut check without
    a partner; ``left_out`` the runs per arm beyond a fixed design's plan.
    """

    verdict: Verdict
    design: Design
    final: bool
    primary: TestKey
    classical_primary: ClassicalKey
    arms: tuple[ArmSummary, ...]
    paired: bool
    higher_is_better: bool
    alpha: float
    diff: Difference
    sequential: SequentialTest
    welch_t: TTest | None
    mann_whitney_u: RankTest | None
    paired_t: TTest | None
    wilcoxon: RankTest | None
    hedges_g: float | None
    lift: Lift
    power: Power
    unpaired: tuple[UnpairedRun, ...] = ()
    left_out: tuple[tuple[str, int], ...] = ()

    @property
    def baseline(self) -> ArmSummary:
        """The baseline arm's summary."""
        return self.arms[0]

    @property
    def method(self) -> ArmSummary:
        """The method arm's summary."""
        return self.arms[1]

    @property
    def classical(self) -> TTest | None:
        """The classical primary test's result (paired t when fully paired, else Welch's t)."""
        return self.paired_t if self.classical_primary == "paired_t" else self.welch_t

    @property
    def primary_p(self) -> float | None:
        """The p-value of the test that decided the verdict."""
        if self.primary == "sequential":
            return self.sequential.p_value
        test = self.classical
        return None if test is None else test.p_value

    @property
    def interim(self) -> bool:
        """A fixed design that has not reached its planned runs in both arms."""
        planned = self.design.planned_runs
        return planned is not None and min(self.baseline.n, self.method.n) < planned

    @property
    def more_runs_needed(self) -> dict[str, int] | None:
        """Runs each arm still needs: to the plan (fixed) or to 80% power (sequential)."""
        planned = self.design.planned_runs
        needed = planned if planned is not None else self.power.runs_needed_per_arm
        if needed is None:
            return None
        return {arm.name: max(0, needed - arm.n) for arm in self.arms[:2]}
