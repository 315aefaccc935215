"""The gut-check plot written to disk: runs per arm, means with 95% CIs, the claimed value."""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assay.commands.context import Ctx
from assay.plots.gutcheck import render_gutcheck_plot
from assay.services.gutcheck.runs import Snapshot, load_snapshot
from assay.stats import Run, design_words
from assay.stats.runs import sample_mean, sample_variance, values_of
from assay.stats.tests import t_critical
from assay.stats.wording import test_and_p
from assay.textfmt import truncate

NO_INTERVAL = math.nan  # the plot draws a mean alone when its interval is not finite
STAMPS = {"killed": "KILLED", "continued": "DECIDED: CONTINUE", "pivoted": "DECIDED: PIVOT"}


@dataclass(frozen=True)
class PlotResult:
    path: Path
    snapshot: Snapshot


def mean_ci(runs: list[Run]) -> tuple[float, float, float] | None:
    """(mean, low, high) of an arm's 95% t interval; None for an empty arm, no interval for one run."""
    values = values_of(runs)
    if values.size == 0:
        return None
    mean = sample_mean(values)
    if values.size < 2:
        return mean, NO_INTERVAL, NO_INTERVAL
    half = t_critical(float(values.size - 1)) * math.sqrt(sample_variance(values) / values.size)
    return mean, mean - half, mean + half


def claimed_value(snapshot: Snapshot) -> float | None:
    """The baseline mean moved by the claimed lift in the better direction (the claim line)."""
    check = snapshot.record.check
    base_mean = snapshot.analysis.baseline.mean
    if check.claimed_lift_pct is None or base_mean is None:
        return None
    sign = 1.0 if check.higher_is_better else -1.0
    return base_mean + sign * check.claimed_lift_pct / 100.0 * abs(base_mean)


def verdict_line(snapshot: Snapshot) -> str:
    """``REPRODUCED · sequential test, p = 0.004 · sequential design``: what the plot says above the runs."""
    analysis = snapshot.analysis
    stage = " (interim)" if analysis.interim and not analysis.final else ""
    return f"{analysis.verdict.value}{stage} · {test_and_p(analysis)} · {design_words(analysis)}"


def seed_pairs(baseline: list[Run], method: list[Run]) -> list[tuple[int, int]]:
    """(baseline run index, method run index) for each seed both arms ran (first run of each)."""
    first: dict[int, int] = {}
    for index, run in enumerate(baseline):
        if run.seed is not None:
            first.setdefault(run.seed, index)
    pairs, seen = [], set()
    for index, run in enumerate(method):
        if run.seed is not None and run.seed in first and run.seed not in seen:
            pairs.append((first[run.seed], index))
            seen.add(run.seed)
    return pairs


def write_plot(ctx: Ctx, ref: str) -> PlotResult:
    """Draw gut check ``ref`` as a PNG in the runtime's output folder; returns its path.

    The baseline is drawn first and the method second, then any other arms. The file is
    replaced atomically, so a reader never sees half a picture. Raises UserError/NotFound
    for an unknown gut check.
    """
    snapshot = load_snapshot(ctx, ref)
    analysis = snapshot.analysis
    order = [analysis.baseline.name, analysis.method.name, *(a.name for a in analysis.arms[2:])]
    arms = {name: [run.value for run in snapshot.runs.get(name, [])] for name in order}
    means = {name: ci for name in order if (ci := mean_ci(snapshot.runs.get(name, []))) is not None}
    check = snapshot.record.check
    direction = "higher is better" if check.higher_is_better else "lower is better"
    png = render_gutcheck_plot(
        arms,
        means,
        metric=f"{check.metric} ({direction})",
        claimed_value=claimed_value(snapshot),
        title=f"{snapshot.record.handle} · {truncate(check.claim, 240)}",
        verdict=analysis.verdict.value,
        verdict_line=verdict_line(snapshot),
        pairs=seed_pairs(snapshot.runs.get(order[0], []), snapshot.runs.get(order[1], [])),
        stamp=STAMPS.get(check.status),
    )
    folder = ctx.runtime.output_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gutcheck-{_safe(ctx.team_id)}-{snapshot.record.handle}.png"
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".gutcheck-", suffix=".png")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return PlotResult(path, snapshot)


def _safe(team_id: str) -> str:
    return "".join(c for c in team_id if c.isalnum())[:32] or "local"
