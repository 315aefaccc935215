"""The statistics engine of gut checks: pure functions on numpy and scipy, no I/O.

``analyze(baseline, method, ...)`` compares two arms of runs and returns an ``Analysis``
holding every number of ``/gutcheck status`` and its ``Verdict``. Formulas, rules and
sources are in docs/statistics.md.
"""

from assay.stats.analysis import Analysis, Difference, analyze
from assay.stats.effect import Lift
from assay.stats.intervals import Interval
from assay.stats.power import Power, runs_needed, t_test_power
from assay.stats.runs import ArmSummary, Run
from assay.stats.tests import RankTest, TTest
from assay.stats.verdict import Verdict

__all__ = [
    "Analysis",
    "ArmSummary",
    "Difference",
    "Interval",
    "Lift",
    "Power",
    "RankTest",
    "Run",
    "TTest",
    "Verdict",
    "analyze",
    "runs_needed",
    "t_test_power",
]
