"""The radar as a picture for a slide or a Slack channel: rings, quadrants, numbered blips.

Blips carry numbers; names are listed beside the radar by ring, so long names never clutter
the disc. Marker shapes show what moved since the last review. SKIP is drawn as the
outermost, greyed band: ruled-out techniques stay visible so nobody re-proposes them unseen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from assay.plots.canvas import displayable, fit_width, new_figure, to_png
from assay.plots.radar_layout import (
    Sector,
    layout_blips,
    plan_sectors,
    ring_band,
    ring_label_position,
)
from assay.plots.radar_legend import TAGS, Entry, draw_legend, plan_legend
from assay.plots.radar_marks import draw_blips, draw_marker_key
from assay.plots.radar_style import (
    BAND_COLOUR,
    DPI,
    HEIGHT_IN,
    INK,
    LEGEND_BOTTOM_IN,
    LEGEND_TOP_IN,
    MUTED,
    RADAR_AXES_IN,
    RADAR_WIDTH_IN,
    RING_COLOUR,
    X_LIMIT,
    Y_LIMIT,
)
from assay.radar.rules import RING_ORDER, MovedStatus, Ring


@dataclass(frozen=True)
class Blip:
    """One technique on the picture. ``quadrant`` None means "no quadrant"."""

    name: str
    ring: Ring
    quadrant: str | None
    moved: MovedStatus


def render_radar(
    blips: Sequence[Blip],
    *,
    title: str = "Research radar",
    now_label: str | None = None,
) -> bytes:
    """The radar as PNG bytes: 1080 pixels high, 1.5k to 2.7k pixels wide.

    Same input, same bytes. Blips are numbered by ring (centre out), then name. The legend
    lists about 170 names at most and ends with "+N more" beyond that. Never raises for odd
    names (emoji, very long, ``$`` signs): they are drawn as plain text, shortened to fit.
    """
    ordered = sorted(blips, key=lambda b: (RING_ORDER.index(b.ring), b.name.casefold(), b.name))
    entries = [Entry(number=i + 1, name=displayable(b.name), ring=b.ring, moved=b.moved) for i, b in enumerate(ordered)]
    legend = plan_legend(entries, height_in=LEGEND_TOP_IN - LEGEND_BOTTOM_IN)
    fig = new_figure(RADAR_WIDTH_IN + legend.width_in, HEIGHT_IN, DPI)
    _draw_heading(fig, title, now_label, ordered)

    ax = _radar_axes(fig)
    sectors, sector_of = plan_sectors([b.quadrant for b in ordered])
    _draw_bands(ax, sectors)
    radii, positions = layout_blips([(b.name, b.ring, s) for b, s in zip(ordered, sector_of, strict=False)], sectors)
    points_per_unit = RADAR_AXES_IN[3] * 72 / (2 * Y_LIMIT)
    draw_blips(ax, entries, positions, radii, points_per_unit)
    draw_marker_key(fig)
    draw_legend(fig, legend)
    return to_png(fig)


def _radar_axes(fig: Figure) -> Axes:
    left, bottom, width, height = RADAR_AXES_IN
    fig_width = fig.get_figwidth()
    ax = fig.add_axes((left / fig_width, bottom / HEIGHT_IN, width / fig_width, height / HEIGHT_IN))
    ax.set_xlim(-X_LIMIT, X_LIMIT)
    ax.set_ylim(-Y_LIMIT, Y_LIMIT)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _draw_heading(fig: Figure, title: str, now_label: str | None, blips: Sequence[Blip]) -> None:
    inches = fig.dpi_scale_trans
    top = HEIGHT_IN - 0.45
    max_width_pt = (fig.get_figwidth() - 0.5) * 72
    heading = fit_width(displayable(title), max_width_pt, 20, bold=True)
    fig.text(
        0.25,
        top,
        heading,
        transform=inches,
        fontsize=20,
        fontweight="bold",
        color=INK,
        va="center",
        parse_math=False,
    )
    moved = [b.moved for b in blips]
    parts = [displayable(now_label)] if now_label else []
    parts.append(f"{len(blips)} technique{'' if len(blips) == 1 else 's'}")
    for key, label in TAGS.items():
        if moved.count(key):
            parts.append(f"{moved.count(key)} {label}")
    subtitle = fit_width(" · ".join(parts), max_width_pt, 11)
    fig.text(
        0.25,
        top - 0.37,
        subtitle,
        transform=inches,
        fontsize=11,
        color=MUTED,
        va="center",
        parse_math=False,
    )


def _draw_bands(ax: Axes, sectors: Sequence[Sector]) -> None:
    for ring in reversed(RING_ORDER):
        _, outer = ring_band(ring)
        ax.add_patch(
            Circle(
                (0, 0),
                outer,
                facecolor=BAND_COLOUR[ring],
                edgecolor="white",
                linewidth=2.5,
                zorder=0,
            )
        )
    if len(sectors) > 1:
        for sector in sectors:
            angle = math.radians(sector.start_deg)
            ax.plot(
                [0, math.cos(angle)],
                [0, math.sin(angle)],
                color="white",
                linewidth=3,
                zorder=1,
                solid_capstyle="butt",
            )
            _draw_sector_label(ax, sector)
    for ring in RING_ORDER:
        x, y = ring_label_position(ring)
        ax.text(
            x,
            y,
            ring.value,
            fontsize=9.5,
            fontweight="bold",
            color=RING_COLOUR[ring],
            ha="center",
            va="center",
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.9,
            },
        )


def _draw_sector_label(ax: Axes, sector: Sector) -> None:
    angle = math.radians(sector.mid_deg)
    x, y = 1.05 * math.cos(angle), 1.05 * math.sin(angle)
    ha = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
    va = "center" if abs(y) < 0.2 else ("bottom" if y > 0 else "top")
    lines = _wrap(displayable(sector.label or ""), 16)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    label = "\n".join(fit_width(line, 125, 12.5, bold=True) for line in lines)
    ax.text(
        x,
        y,
        label,
        fontsize=12.5,
        fontweight="bold",
        color=INK,
        ha=ha,
        va=va,
        multialignment=ha if ha != "center" else "center",
        linespacing=1.15,
        parse_math=False,
    )


def _wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of about ``width`` characters (one long word stays whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
