"""Blip markers on the radar and the key that explains them.

Unchanged blips are circles and new ones stars. Moved ones are circles with a triangular tip
pointing at the centre (moved in, towards ADOPT) or away from it (moved out): a bare triangle
would leave too little room for the number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Patch, Polygon
from matplotlib.patheffects import withStroke

from assay.plots.canvas import text_width_pt
from assay.plots.radar_legend import Entry
from assay.plots.radar_style import (
    INK,
    KEY_HEIGHT_IN,
    MUTED,
    RADAR_WIDTH_IN,
    RING_COLOUR,
)
from assay.radar.rules import MovedStatus, Ring

# How far a moved blip's tip reaches from its centre, in marker radii.
PIN_REACH = 1.9

KEY_ITEMS: tuple[tuple[MovedStatus, str], ...] = (
    ("unchanged", "unchanged"),
    ("new", "new since last review"),
    ("in", "moved in (towards ADOPT)"),
    ("out", "moved out"),
)


def blip_patch(
    moved: MovedStatus,
    x: float,
    y: float,
    radius: float,
    colour: str,
    centre: tuple[float, float] = (0.0, 0.0),
) -> Patch:
    """The marker for a blip at (x, y): its shape says how it moved relative to ``centre``."""
    style = {"facecolor": colour, "edgecolor": "white", "linewidth": 1.2, "zorder": 4}
    if moved == "unchanged":
        return Circle((x, y), radius, **style)
    if moved == "new":
        reaches = [1.55 * radius if k % 2 == 0 else 0.8 * radius for k in range(10)]
        angles = [90.0 + 36 * k for k in range(10)]
    else:
        # A pin: the circle with a triangular tip towards the centre (in) or away (out).
        # The tip's sides are tangent to the circle, so the outline stays smooth and the
        # number keeps the whole circle.
        outward = math.degrees(math.atan2(y - centre[1], x - centre[0]))
        apex = outward + 180 if moved == "in" else outward
        tangent = math.degrees(math.acos(1 / PIN_REACH))
        arc = [apex + tangent + k * (360 - 2 * tangent) / 24 for k in range(25)]
        reaches = [PIN_REACH * radius] + [radius] * len(arc)
        angles = [apex, *arc]
    points = [
        (
            x + reach * math.cos(math.radians(angle)),
            y + reach * math.sin(math.radians(angle)),
        )
        for reach, angle in zip(reaches, angles, strict=False)
    ]
    return Polygon(points, closed=True, **style)


def draw_blips(
    ax: Axes,
    entries: Sequence[Entry],
    positions: Sequence[tuple[float, float]],
    radii: Mapping[Ring, float],
    points_per_unit: float,
) -> None:
    """Each entry's marker at its position, sized for its ring, with its number inside."""
    for entry, (x, y) in zip(entries, positions, strict=False):
        radius = radii[entry.ring]
        colour = RING_COLOUR[entry.ring]
        ax.add_patch(blip_patch(entry.moved, x, y, radius, colour))
        digits = len(str(entry.number))
        size = radius * points_per_unit * (1.1 if digits < 3 else 0.85)
        ax.text(
            x,
            y,
            str(entry.number),
            fontsize=min(size, 9.0),
            fontweight="bold",
            color="white",
            ha="center",
            va="center_baseline",
            zorder=5,
            # A halo in the marker's colour keeps digits legible where they overhang a
            # star's or arrow-head's edge.
            path_effects=[withStroke(linewidth=1.8, foreground=colour)],
        )


def draw_marker_key(fig: Figure) -> None:
    """A row under the radar explaining the four marker shapes."""
    width_in = fig.get_figwidth()
    height_in = fig.get_figheight()
    ax = fig.add_axes((0, 0, RADAR_WIDTH_IN / width_in, KEY_HEIGHT_IN / height_in))
    ax.set_xlim(0, RADAR_WIDTH_IN)
    ax.set_ylim(0, KEY_HEIGHT_IN)
    ax.set_aspect("equal")
    ax.set_axis_off()
    x, y = 0.45, KEY_HEIGHT_IN * 0.55
    for moved, label in KEY_ITEMS:
        if moved in ("in", "out"):
            # A dot stands for the centre, so the arrow-head's direction reads at once.
            centre = (x - 0.2, y)
            ax.add_patch(Circle(centre, 0.03, color=MUTED))
            ax.add_patch(blip_patch(moved, x + 0.03, y, 0.085, MUTED, centre))
        else:
            ax.add_patch(blip_patch(moved, x, y, 0.085, MUTED))
        ax.text(x + 0.22, y, label, fontsize=10, color=INK, va="center")
        x += 0.22 + text_width_pt(label, 10) / 72 + 0.5
