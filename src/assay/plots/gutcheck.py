"""The gut-check plot: every run per arm, each arm's mean with its 95% CI, the claim, and the verdict.

Made to answer "does the paper's headline survive our data?" at a glance: if the dashed
claim line sits outside the method's interval, the claim did not reproduce here. The
verdict, the p-value that decided it and the design are written above the picture; runs of
the same seed are joined by thin lines; a decided or killed gut check is stamped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes

from assay.plots.canvas import displayable, fit_width, new_figure, shorten, text_width_pt, to_png
from assay.plots.gutcheck_marks import (
    CLAIM_COLOUR,
    INK,
    MUTED,
    draw_claim,
    draw_key,
    draw_mean,
    draw_pairs,
    draw_runs,
    draw_stamp,
    value_range,
)

DPI = 120
HEIGHT_IN = 7.0
GRID = "#e6e8ea"
BASELINE_COLOUR = "#7b8588"
ARM_COLOURS = ("#2166ac", "#c47f00", "#1a7f5a", "#6a3d9a", "#0f8b8d", "#8c564b")
MAX_ARMS = 12
TITLE_PT, VERDICT_PT = 15.0, 11.5
# A glyph the font lacks shows as this mark, so a reader sees something was there.
MISSING_GLYPH = "\u25a1"
VERDICT_COLOURS = {
    "REPRODUCED": "#1a7f37",
    "PARTIAL": "#9a6700",
    "NOT_REPRODUCED": CLAIM_COLOUR,
    "REGRESSION": CLAIM_COLOUR,
}


def render_gutcheck_plot(
    arms: Mapping[str, Sequence[float]],
    means_ci: Mapping[str, tuple[float, float, float]],
    *,
    metric: str,
    claimed_value: float | None,
    title: str,
    verdict: str | None = None,
    verdict_line: str = "",
    pairs: Sequence[tuple[int, int]] = (),
    stamp: str | None = None,
) -> bytes:
    """The plot as PNG bytes (about 1200 x 840 pixels; wider for many arms).

    ``arms`` maps arm name to run values; ``means_ci`` maps arm name to (mean, lo, hi) of its
    95% CI; a non-finite lo/hi draws the mean alone (one run has no interval).
    ``claimed_value`` (baseline mean x (1 + claimed lift)) is drawn as a dashed line when
    given. ``title`` is wrapped to two lines; ``verdict`` (its name colours the line) and
    ``verdict_line`` are written under it; ``pairs`` joins run i of the first arm (the
    baseline) to run j of the second (the method); ``stamp`` marks a decided gut check.
    Arms are drawn in the order given (``arms`` first, then arms only in ``means_ci``), at
    most 12. Same input, same bytes; never raises for empty arms, non-finite values or odd
    names.
    """
    names = list(dict.fromkeys([*arms, *means_ci]))[:MAX_ARMS]
    runs = {name: [v for v in arms.get(name, ()) if math.isfinite(v)] for name in names}
    width_in = min(20.0, max(10.0, 3.5 + 1.7 * len(names)))
    fig = new_figure(width_in, HEIGHT_IN, DPI)
    ax = fig.add_axes((0.9 / width_in, 0.95 / HEIGHT_IN, 1 - 2.3 / width_in, 4.15 / HEIGHT_IN))
    usable_pt = (width_in - 0.4) * 72
    top = HEIGHT_IN - 0.38
    for line in _wrapped(displayable(title, missing=MISSING_GLYPH), usable_pt, TITLE_PT, lines=2):
        fig.text(
            0.2 / width_in,
            top / HEIGHT_IN,
            line,
            fontsize=TITLE_PT,
            fontweight="bold",
            color=INK,
            va="center",
            parse_math=False,
        )
        top -= 0.3
    if verdict_line:
        colour = VERDICT_COLOURS.get(verdict or "", MUTED)
        fig.text(
            0.2 / width_in,
            (top - 0.05) / HEIGHT_IN,
            fit_width(displayable(verdict_line, missing=MISSING_GLYPH), usable_pt, VERDICT_PT, bold=True),
            fontsize=VERDICT_PT,
            fontweight="bold",
            color=colour,
            va="center",
            parse_math=False,
        )

    low, high = value_range(runs, means_ci, claimed_value, names)
    ax.set_ylim(low, high)
    ax.set_xlim(-0.6, max(len(names), 1) - 0.4)
    colours = _arm_colours(names)
    if len(names) >= 2 and pairs:
        draw_pairs(ax, runs[names[0]], runs[names[1]], pairs)
    has_claim = claimed_value is not None and math.isfinite(claimed_value)
    for position, name in enumerate(names):
        draw_runs(ax, position, runs[name], colours[name])
        if name in means_ci:
            draw_mean(ax, position, means_ci[name], colours[name], claimed_value if has_claim else None)
    if has_claim:
        assert claimed_value is not None
        draw_claim(ax, claimed_value)
    _label_axes(ax, names, runs, metric)
    _empty_notes(ax, names, runs, (low + high) / 2)
    if stamp:
        draw_stamp(ax, displayable(stamp, missing=MISSING_GLYPH), CLAIM_COLOUR if "KILL" in stamp.upper() else MUTED)
    draw_key(ax, has_claim, bool(pairs))
    return to_png(fig)


def _wrapped(text: str, width_pt: float, size_pt: float, *, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines that fit ``width_pt``, broken between words (measured in
    the picture font); the last line ends in … when the text does not fit."""
    words = text.split(" ")
    result: list[str] = []
    while words and len(result) < lines - 1:
        line = words.pop(0)
        while words and text_width_pt(f"{line} {words[0]}", size_pt, bold=True) <= width_pt:
            line = f"{line} {words.pop(0)}"
        result.append(fit_width(line, width_pt, size_pt, bold=True))
    if words:
        result.append(fit_width(" ".join(words), width_pt, size_pt, bold=True))
    return result


def _arm_colours(names: Sequence[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    others = iter(ARM_COLOURS * (1 + len(names) // len(ARM_COLOURS)))
    for name in names:
        colours[name] = BASELINE_COLOUR if name.casefold() == "baseline" else next(others)
    return colours


def _label_axes(ax: Axes, names: Sequence[str], runs: Mapping[str, Sequence[float]], metric: str) -> None:
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(
        [f"{shorten(displayable(n, missing=MISSING_GLYPH), 18)}\nn = {len(runs[n])}" for n in names],
        fontsize=11,
    )
    ax.set_ylabel(shorten(displayable(metric, missing=MISSING_GLYPH), 40), fontsize=12, color=INK)
    ax.yaxis.grid(True, color=GRID, linewidth=1)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", length=0, colors=INK, pad=8)
    ax.tick_params(axis="y", colors=MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#c9cdd1")


def _empty_notes(ax: Axes, names: Sequence[str], runs: Mapping[str, Sequence[float]], middle: float) -> None:
    for position, name in enumerate(names):
        if not runs[name]:
            ax.text(position, middle, "no runs yet", color=MUTED, fontsize=10, style="italic", ha="center", va="center")
    if not names:
        ax.text(0, middle, "No runs logged yet", color=MUTED, fontsize=12, style="italic", ha="center", va="center")
