"""The gut-check plot: every run per arm, each arm's mean with its 95% CI, and the claim.

Made to answer "does the paper's headline survive our data?" at a glance: if the dashed
claim line sits outside the method's interval, the claim did not reproduce here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from assay.plots.canvas import displayable, fit_width, new_figure, shorten, to_png

DPI = 120
HEIGHT_IN = 6.25
INK = "#1f2328"
MUTED = "#667078"
GRID = "#e6e8ea"
BASELINE_COLOUR = "#7b8588"
ARM_COLOURS = ("#2166ac", "#c47f00", "#1a7f5a", "#6a3d9a", "#0f8b8d", "#8c564b")
CLAIM_COLOUR = "#b8372b"
MAX_ARMS = 12
# Runs sit left of the arm's tick, its mean and interval right of it, so neither hides
# the other.
RUNS_OFFSET, MEAN_OFFSET, JITTER_WIDTH = -0.12, 0.17, 0.16
_GOLDEN = (math.sqrt(5) - 1) / 2


def render_gutcheck_plot(
    arms: Mapping[str, Sequence[float]],
    means_ci: Mapping[str, tuple[float, float, float]],
    *,
    metric: str,
    claimed_value: float | None,
    title: str,
) -> bytes:
    """The plot as PNG bytes (about 1200 x 750 pixels; wider for many arms).

    ``arms`` maps arm name to run values; ``means_ci`` maps arm name to (mean, lo, hi) of
    its 95% CI; a non-finite lo/hi draws the mean alone (one run has no interval).
    ``claimed_value`` (baseline mean x (1 + claimed lift)) is drawn as a dashed line when
    given. Arms are drawn in the order given (``arms`` first, then arms only in
    ``means_ci``), at most 12. Same input, same bytes; never raises for empty arms,
    non-finite values or odd names.
    """
    names = list(dict.fromkeys([*arms, *means_ci]))[:MAX_ARMS]
    runs = {name: [v for v in arms.get(name, ()) if math.isfinite(v)] for name in names}
    width_in = min(20.0, max(10.0, 3.5 + 1.7 * len(names)))
    fig = new_figure(width_in, HEIGHT_IN, DPI)
    ax = fig.add_axes((0.9 / width_in, 0.95 / HEIGHT_IN, 1 - 2.3 / width_in, 4.15 / HEIGHT_IN))

    fig.text(
        0.2 / width_in,
        1 - 0.42 / HEIGHT_IN,
        fit_width(displayable(title), (width_in - 0.4) * 72, 15, bold=True),
        fontsize=15,
        fontweight="bold",
        color=INK,
        va="center",
        parse_math=False,
    )
    colours = _arm_colours(names)
    for position, name in enumerate(names):
        _draw_runs(ax, position, runs[name], colours[name])
        if name in means_ci:
            _draw_mean(ax, position, means_ci[name], colours[name])
    if claimed_value is not None and math.isfinite(claimed_value):
        ax.axhline(
            claimed_value,
            color=CLAIM_COLOUR,
            linestyle=(0, (6, 4)),
            linewidth=1.6,
            zorder=2,
        )

    low, high = _value_range(runs, means_ci, claimed_value, names)
    ax.set_ylim(low, high)
    ax.set_xlim(-0.6, max(len(names), 1) - 0.4)
    _label_axes(ax, names, runs, metric)
    if claimed_value is not None and math.isfinite(claimed_value):
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
    for position, name in enumerate(names):
        if not runs[name]:
            ax.text(
                position,
                (low + high) / 2,
                "no runs yet",
                color=MUTED,
                fontsize=10,
                style="italic",
                ha="center",
                va="center",
            )
    if not names:
        ax.text(
            0,
            (low + high) / 2,
            "No runs logged yet",
            color=MUTED,
            fontsize=12,
            style="italic",
            ha="center",
            va="center",
        )
    _draw_key(ax, claimed_value)
    return to_png(fig)


def _arm_colours(names: Sequence[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    others = iter(ARM_COLOURS * (1 + len(names) // len(ARM_COLOURS)))
    for name in names:
        colours[name] = BASELINE_COLOUR if name.casefold() == "baseline" else next(others)
    return colours


def _jitter(index: int) -> float:
    # A low-discrepancy sequence: spread evenly, identical on every render.
    return ((index * _GOLDEN) % 1 - 0.5) * JITTER_WIDTH


def _draw_runs(ax: Axes, position: int, values: Sequence[float], colour: str) -> None:
    if not values:
        return
    xs = [position + RUNS_OFFSET + _jitter(i) for i in range(len(values))]
    ax.scatter(
        xs,
        values,
        s=34,
        color=colour,
        alpha=0.55,
        edgecolors="white",
        linewidths=0.6,
        zorder=3,
    )


def _draw_mean(ax: Axes, position: int, mean_ci: tuple[float, float, float], colour: str) -> None:
    mean, low, high = mean_ci
    if not math.isfinite(mean):
        return
    x = position + MEAN_OFFSET
    if math.isfinite(low) and math.isfinite(high):
        below, above = max(mean - low, 0.0), max(high - mean, 0.0)
        ax.errorbar(
            [x],
            [mean],
            yerr=[[below], [above]],
            fmt="none",
            ecolor=colour,
            elinewidth=2,
            capsize=7,
            capthick=2,
            zorder=4,
        )
    ax.scatter(
        [x],
        [mean],
        marker="D",
        s=64,
        color=colour,
        edgecolors="white",
        linewidths=1,
        zorder=5,
    )
    ax.annotate(
        f"{mean:.4g}",
        xy=(x, mean),
        xytext=(9, 0),
        textcoords="offset points",
        fontsize=9.5,
        color=INK,
        va="center",
    )


def _value_range(
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


def _label_axes(ax: Axes, names: Sequence[str], runs: Mapping[str, Sequence[float]], metric: str) -> None:
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(
        [f"{shorten(displayable(n), 18)}\nn = {len(runs[n])}" for n in names],
        fontsize=11,
    )
    ax.set_ylabel(shorten(displayable(metric), 40), fontsize=12, color=INK)
    ax.yaxis.grid(True, color=GRID, linewidth=1)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", length=0, colors=INK, pad=8)
    ax.tick_params(axis="y", colors=MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#c9cdd1")


def _draw_key(ax: Axes, claimed_value: float | None) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=MUTED, alpha=0.6, label="run"),
        Line2D([], [], marker="D", color=MUTED, linewidth=2, label="mean, 95% CI"),
    ]
    if claimed_value is not None and math.isfinite(claimed_value):
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
