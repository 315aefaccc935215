"""The numbered list of blip names beside the radar, flowed into as few columns as fit.

Pure layout: which line goes in which column, at which font size. With more names than four
compact columns hold, the list ends with "+N more" and points at ``/radar`` for the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matplotlib.figure import Figure

from assay.plots.canvas import fit_width, text_width_pt
from assay.plots.radar_style import (
    INK,
    LEGEND_TOP_IN,
    MUTED,
    RADAR_WIDTH_IN,
    RING_COLOUR,
)
from assay.radar.rules import RING_ORDER, MovedStatus, Ring

MAX_COLUMNS = 4
COLUMN_WIDTH_IN = 3.1
RIGHT_MARGIN_IN = 0.2


@dataclass(frozen=True)
class Entry:
    """A numbered blip as the legend lists it."""

    number: int
    name: str
    ring: Ring
    moved: MovedStatus


@dataclass(frozen=True)
class Line:
    kind: Literal["header", "entry", "note", "gap"]
    text: str = ""
    ring: Ring | None = None
    entry: Entry | None = None


@dataclass(frozen=True)
class LegendLayout:
    columns: list[list[Line]]
    font_size: float
    line_height_in: float
    column_width_in: float = COLUMN_WIDTH_IN

    @property
    def width_in(self) -> float:
        return len(self.columns) * self.column_width_in + RIGHT_MARGIN_IN


# (font size, line height): the roomy style first, the compact one when names do not fit.
_STYLES = ((9.0, 0.215), (7.5, 0.17))
TAGS: dict[MovedStatus, str] = {"new": "new", "in": "moved in", "out": "moved out"}

EMPTY_NOTE = ("Nothing on the radar yet.", "Add a technique with", "/radar add <name>")


def plan_legend(entries: Sequence[Entry], *, height_in: float) -> LegendLayout:
    """Columns of legend lines for ``entries`` (already numbered and in legend order).

    Uses the fewest columns (at most four) in the roomy style, else the compact style;
    if even that overflows, the last line says how many names were left out.
    """
    if not entries:
        notes = [Line("note", text) for text in EMPTY_NOTE]
        return LegendLayout([notes], *_STYLES[0])
    for size, line_height in _STYLES:
        columns = _flow(entries, int(height_in / line_height), truncate=False)
        if columns is not None:
            return LegendLayout(columns, size, line_height)
    size, line_height = _STYLES[-1]
    columns = _flow(entries, int(height_in / line_height), truncate=True)
    assert columns is not None  # truncation always fits
    return LegendLayout(columns, size, line_height)


def _flow(entries: Sequence[Entry], per_column: int, *, truncate: bool) -> list[list[Line]] | None:
    columns: list[list[Line]] = [[]]
    shown = 0
    for ring in RING_ORDER:
        group = [e for e in entries if e.ring is ring]
        if not group:
            continue
        column = columns[-1]
        # Start a ring in a new column rather than leave its header alone at the bottom.
        if column and per_column - len(column) < 3:
            if len(columns) == MAX_COLUMNS:
                return _cut(columns, len(entries) - shown) if truncate else None
            columns.append([])
        elif column:
            column.append(Line("gap"))
        columns[-1].append(Line("header", f"{ring.value} · {len(group)}", ring))
        for entry in group:
            if len(columns[-1]) >= per_column:
                if len(columns) == MAX_COLUMNS:
                    if not truncate:
                        return None
                    return _cut(columns, len(entries) - shown)
                columns.append([Line("header", f"{ring.value} (continued)", ring)])
            columns[-1].append(Line("entry", entry=entry, ring=ring))
            shown += 1
    return columns


def _cut(columns: list[list[Line]], hidden: int) -> list[list[Line]]:
    # The note replaces the last entry, so that one is hidden too.
    last = columns[-1]
    if last and last[-1].kind == "entry":
        last.pop()
        hidden += 1
    last.append(Line("note", f"+{hidden} more · full list: /radar"))
    return columns


def draw_legend(fig: Figure, legend: LegendLayout) -> None:
    """The legend's columns to the right of the radar (positions in inches)."""
    inches = fig.dpi_scale_trans
    for index, column in enumerate(legend.columns):
        left = RADAR_WIDTH_IN + index * legend.column_width_in
        y = LEGEND_TOP_IN
        for line in column:
            if line.kind == "header" and line.ring is not None:
                fig.text(
                    left,
                    y,
                    line.text,
                    transform=inches,
                    fontsize=legend.font_size + 1.5,
                    fontweight="bold",
                    color=RING_COLOUR[line.ring],
                    va="baseline",
                )
            elif line.kind == "entry" and line.entry is not None:
                _draw_entry(fig, legend, line.entry, left, y)
            elif line.kind == "note":
                fig.text(
                    left,
                    y,
                    line.text,
                    transform=inches,
                    fontsize=legend.font_size,
                    color=MUTED,
                    style="italic",
                    va="baseline",
                    parse_math=False,
                )
            y -= legend.line_height_in


def _draw_entry(fig: Figure, legend: LegendLayout, entry: Entry, left: float, y: float) -> None:
    inches = fig.dpi_scale_trans
    size = legend.font_size
    number_right, name_left = left + 0.36, left + 0.44
    tag_right = left + legend.column_width_in - 0.2
    fig.text(
        number_right,
        y,
        str(entry.number),
        transform=inches,
        fontsize=size,
        fontweight="bold",
        color=RING_COLOUR[entry.ring],
        ha="right",
        va="baseline",
    )
    room_pt = (tag_right - name_left) * 72
    tag = TAGS.get(entry.moved)
    if tag:
        fig.text(
            tag_right,
            y,
            tag,
            transform=inches,
            fontsize=size - 1,
            color=MUTED,
            style="italic",
            ha="right",
            va="baseline",
        )
        room_pt -= text_width_pt(tag, size - 1) + 6
    fig.text(
        name_left,
        y,
        fit_width(entry.name, room_pt, size),
        transform=inches,
        fontsize=size,
        color=INK,
        va="baseline",
        parse_math=False,
    )
