"""The statistics engine of gut checks: pure functions on numpy and scipy, no I/O.

``analyze(baseline, method, ...)`` compares two arms of runs for a ``Design`` and returns an
``Analysis`` (plain data) holding every number of ``/gutcheck status`` and its ``Verdict``;
``explain``/``headline`` put it in words and ``analysis_data`` makes its JSON. ``replay``
gives the verdict after every run. Formulas, rules and sources are in docs/statistics.md.
"""

from assay.stats.analysis import analyze
from assay.stats.design import SEQUENTIAL, Design
from assay.stats.effect import Lift
from assay.stats.explain import design_words, explain, headline
from assay.stats.intervals import Interval
from assay.stats.power import Power, runs_needed, t_test_power
from assay.stats.report import analysis_data
from assay.stats.result import Analysis, Difference, UnpairedRun
from assay.stats.runs import ArmSummary, Run
from assay.stats.sequential import SequentialTest
from assay.stats.tests import RankTest, TTest
from assay.stats.verdict import Verdict

__all__ = [
    "SEQUENTIAL",
    "Analysis",
    "ArmSummary",
    "Design",
    "Difference",
    "Interval",
    "Lift",
    "Power",
    "RankTest",
    "Run",
    "SequentialTest",
    "TTest",
    "UnpairedRun",
    "Verdict",
    "analysis_data",
    "analyze",
    "design_words",
    "explain",
    "headline",
    "runs_needed",
    "t_test_power",
]
