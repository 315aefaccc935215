"""What the gut-check plot draws inside its axes: runs, pair lines, means with CIs, the claim, a stamp."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

INK = "#1f2328"
MUTED = "#667078"
PAIR_LINE = "#9aa3a8"
CLAIM_COLOUR = "#b8372b"
# Runs sit left of the arm's tick, its mean and interval right of it, so neither hides the other.
RUNS_OFFSET, MEAN_OFFSET, JITTER_WIDTH = -0.12, 0.17, 0.16
# A mean's label is moved off the claim line when it would sit closer than this (points).
LABEL_CLEARANCE_PT = 9.0
_GOLDEN = (math.sqrt(5) - 1) / 2


def jitter(index: int) -> float:
    # A low-discrepancy sequence: spread evenly, identical on every render.
    return ((index * _GOLDEN) % 1 - 0.5) * JITTER_WIDTH


def run_positions(position: int, count: int) -> list[float]:
    """Where an arm's runs sit along x (the pair lines need the same places)."""
    return [position + RUNS_OFFSET + jitter(i) for i in range(count)]


def draw_runs(ax: Axes, position: int, values: Sequence[float], colour: str) -> None:
    if not values:
        return
    ax.scatter(
        run_positions(position, len(values)),
        values,
        s=34,
        color=colour,
        alpha=0.55,
        edgecolors="white",
        linewidths=0.6,
        zorder=3,
    )


def draw_pairs(ax: Axes, baseline: Sequence[float], method: Sequence[float], pairs: Sequence[tuple[int, int]]) -> None:
    """A thin line from each baseline run to the method run of the same seed."""
    xs_b, xs_m = run_positions(0, len(baseline)), run_positions(1, len(method))
    for i, j in pairs:
        if i < len(baseline) and j < len(method):
            ax.plot([xs_b[i], xs_m[j]], [baseline[i], method[j]], color=PAIR_LINE, linewidth=0.7, alpha=0.6, zorder=2)


def draw_mean(
    ax: Axes, position: int, mean_ci: tuple[float, float, float], colour: str, claimed_value: float | None
) -> None:
    """The mean (diamond), its 95% interval, and its value, kept clear of the claim line."""
    mean, low, high = mean_ci
    if not math.isfinite(mean):
        return
    x = position + MEAN_OFFSET
    if math.isfinite(low) and math.isfinite(high):
        ax.errorbar(
            [x],
            [mean],
            yerr=[[max(mean - low, 0.0)], [max(high - mean, 0.0)]],
            fmt="none",
            ecolor=colour,
            elinewidth=2,
            capsize=7,
            capthick=2,
            zorder=4,
        )
    ax.scatter([x], [mean], marker="D", s=64, color=colour, edgecolors="white", linewidths=1, zorder=5)
    ax.annotate(
        f"{mean:.4g}",
        xy=(x, mean),
        xytext=(9, _clearance(ax, mean, claimed_value)),
        textcoords="offset points",
        fontsize=9.5,
        color=INK,
        va="center",
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        zorder=6,
    )


def _clearance(ax: Axes, y: float, claimed_value: float | None) -> float:
    """How far (points) to move a label at ``y`` so it does not sit on the claim line."""
    if claimed_value is None or not math.isfinite(claimed_value):
        return 0.0
    points_per_unit = ax.bbox.height * 72.0 / ax.figure.dpi / (ax.get_ylim()[1] - ax.get_ylim()[0])
    gap = (y - claimed_value) * points_per_unit
    if abs(gap) >= LABEL_CLEARANCE_PT:
        return 0.0
    side = 1.0 if gap >= 0 else -1.0
    return side * (LABEL_CLEARANCE_PT - abs(gap))


def draw_claim(ax: Axes, claimed_value: float) -> None:
    ax.axhline(claimed_value, color=CLAIM_COLOUR, linestyle=(0, (6, 4)), linewidth=1.6, zorder=2)
    ax.annotate(
        f"claimed {claimed_value:.4g}",
        xy=(1, claimed_value),
        xycoords=("axes fraction", "data"),
        xytext=(6, 0),
        textcoords="offset points",
        color=CLAIM_COLOUR,
        fontsize=10,
        fontweight="bold",
        va="center",
        annotation_clip=False,
    )


def draw_stamp(ax: Axes, text: str, colour: str) -> None:
    """A boxed word in the top-right corner: KILLED, or the decision taken."""
    ax.text(
        0.99,
        0.97,
        text,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=12,
        fontweight="bold",
        color=colour,
        bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": colour, "linewidth": 1.6},
        zorder=7,
    )


def draw_key(ax: Axes, claimed: bool, paired: bool) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=MUTED, alpha=0.6, label="run"),
        Line2D([], [], marker="D", color=MUTED, linewidth=2, label="mean, 95% CI"),
    ]
    if paired:
        handles.append(Line2D([], [], color=PAIR_LINE, linewidth=0.9, label="same seed"))
    if claimed:
        handles.append(Line2D([], [], color=CLAIM_COLOUR, linestyle=(0, (6, 4)), label="claimed"))
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.02),
        frameon=False,
        fontsize=10,
        handlelength=2.2,
        ncol=len(handles),
    )


def value_range(
    runs: Mapping[str, Sequence[float]],
    means_ci: Mapping[str, tuple[float, float, float]],
    claimed_value: float | None,
    names: Sequence[str],
) -> tuple[float, float]:
    values = [v for name in names for v in runs[name]]
    for name in names:
        values.extend(v for v in means_ci.get(name, ()) if math.isfinite(v))
    if claimed_value is not None and math.isfinite(claimed_value):
        values.append(claimed_value)
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
    return low - pad, high + pad
