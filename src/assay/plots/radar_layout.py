"""Geometry of the radar picture: ring bands, quadrant sectors and blip positions.

Pure arithmetic (no drawing) so placement can be tested on its own. The radar is a unit
disc: ADOPT is the centre, SKIP the outermost band. Angles are in degrees, counter-clockwise
from the positive x axis; sectors run clockwise from twelve o'clock, like a clock face.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assay.radar.rules import RING_ORDER, Ring

# Outer radius of each ring. Inner rings are wider than an even split so that the small
# central discs still have room for blips.
RING_OUTER_RADIUS: dict[Ring, float] = {
    Ring.ADOPT: 0.30,
    Ring.TRIAL: 0.52,
    Ring.ASSESS: 0.71,
    Ring.HOLD: 0.87,
    Ring.SKIP: 1.0,
}
MAX_SECTORS = 4
OTHER_SECTOR = "Other"
MARKER_RADIUS_MAX = 0.034
MARKER_RADIUS_MIN = 0.014
# Centre-to-centre distance between neighbouring blips, in marker radii: stars and
# triangles reach out to about 1.5 radii.
SPACING = 3.1
# Distance, in marker radii, from a blip's centre to a ring or sector border.
CLEARANCE = 1.7
# Ring names sit on the twelve o'clock line; this is the half-size of the box they need, in
# data units at the picture's scale (about 3.1 inches per unit, 9.5 pt bold type).
LABEL_HALF_HEIGHT = 0.05
LABEL_CHAR_WIDTH = 0.03
LABEL_PADDING = 0.035


def ring_band(ring: Ring) -> tuple[float, float]:
    """Inner and outer radius of a ring's band."""
    index = RING_ORDER.index(ring)
    inner = RING_OUTER_RADIUS[RING_ORDER[index - 1]] if index else 0.0
    return inner, RING_OUTER_RADIUS[ring]


@dataclass(frozen=True)
class Sector:
    """A slice of the disc from ``start_deg`` clockwise to ``end_deg`` (end < start)."""

    label: str | None
    start_deg: float
    end_deg: float

    @property
    def mid_deg(self) -> float:
        return (self.start_deg + self.end_deg) / 2


def _clean_quadrant(quadrant: str | None) -> str | None:
    if quadrant is None:
        return None
    cleaned = " ".join(quadrant.split())
    return cleaned or None


def plan_sectors(quadrants: Sequence[str | None]) -> tuple[list[Sector], list[int]]:
    """The sectors to draw and, for each input quadrant, the index of its sector.

    No quadrant at all: one unlabelled sector (the whole disc). Otherwise one sector per
    distinct quadrant name (case-insensitive, alphabetical), plus "Other" for blips without
    one. Beyond four sectors the least used quadrants are folded into "Other".
    """
    cleaned = [_clean_quadrant(q) for q in quadrants]
    keys = [q.casefold() if q is not None else None for q in cleaned]
    counts = Counter(k for k in keys if k is not None)
    if not counts:
        return [Sector(None, 90.0, -270.0)], [0] * len(quadrants)

    spelling: dict[str, str] = {}
    for name in sorted(q for q in cleaned if q is not None):
        spelling.setdefault(name.casefold(), name)
    other_key = OTHER_SECTOR.casefold()
    by_use = sorted((k for k in counts if k != other_key), key=lambda k: (-counts[k], k))
    has_other = other_key in counts or any(k is None for k in keys)
    if len(by_use) + int(has_other) > MAX_SECTORS:
        by_use = by_use[: MAX_SECTORS - 1]
        has_other = True
    kept = sorted(by_use)
    labels = [spelling[k] for k in kept]
    if has_other:
        labels.append(spelling.get(other_key, OTHER_SECTOR))
        kept.append(other_key)

    width = 360.0 / len(labels)
    sectors = [Sector(label, 90.0 - i * width, 90.0 - (i + 1) * width) for i, label in enumerate(labels)]
    index_of = {key: i for i, key in enumerate(kept)}
    fallback = index_of.get(other_key, 0)
    return sectors, [index_of.get(k, fallback) if k is not None else fallback for k in keys]


def ring_label_position(ring: Ring) -> tuple[float, float]:
    """Where a ring's name is written: on the twelve o'clock line, mid-band."""
    inner, outer = ring_band(ring)
    return 0.0, (inner + outer) / 2


def _label_boxes(radius: float) -> list[tuple[float, float, float, float]]:
    boxes = []
    for ring in RING_ORDER:
        x, y = ring_label_position(ring)
        half_w = LABEL_CHAR_WIDTH * len(ring.value) / 2 + LABEL_PADDING + radius
        half_h = LABEL_HALF_HEIGHT + radius
        boxes.append((x - half_w, x + half_w, y - half_h, y + half_h))
    return boxes


def _slots(ring: Ring, sector: Sector, radius: float) -> list[tuple[float, float]]:
    """Evenly spread free spots in a cell: rows along arcs, ``SPACING`` radii apart."""
    step = SPACING * radius
    clearance = CLEARANCE * radius
    inner, outer = ring_band(ring)
    low = inner + clearance if inner else step / 2
    high = outer - clearance
    if high < low:
        return []
    row_step = step * 0.9
    rows = int((high - low) / row_step) + 1
    first = low + ((high - low) - (rows - 1) * row_step) / 2
    boxes = _label_boxes(radius)
    slots: list[tuple[float, float]] = []
    for row in range(rows):
        r = first + row * row_step
        # Keep clear of the white sector borders, which are straight lines from the centre.
        margin = math.degrees(math.asin(min(1.0, clearance / r)))
        start, end = sector.start_deg - margin, sector.end_deg + margin
        span = start - end
        if span < 0:
            continue
        # Spots sit half a step in from both ends, so blips do not line up along borders.
        count = max(1, int(math.radians(span) * r / step))
        for j in range(count):
            angle = math.radians(end + span * (j + 0.5) / count)
            x, y = r * math.cos(angle), r * math.sin(angle)
            if not any(x0 < x < x1 and y0 < y < y1 for x0, x1, y0, y1 in boxes):
                slots.append((x, y))
    return slots


def _seeded(name: str) -> random.Random:
    # hashlib, not hash(): Python salts hash() per process and the picture must be stable.
    digest = hashlib.sha256(name.casefold().encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _preferred_point(name: str, ring: Ring, sector: Sector) -> tuple[float, float]:
    rng = _seeded(name)
    inner, outer = ring_band(ring)
    # Uniform over the band's area, not its radius, so outer parts are not left empty.
    r = math.sqrt(rng.uniform(inner * inner, outer * outer))
    angle = math.radians(rng.uniform(sector.end_deg, sector.start_deg))
    return r * math.cos(angle), r * math.sin(angle)


def layout_blips(
    blips: Sequence[tuple[str, Ring, int]], sectors: Sequence[Sector]
) -> tuple[dict[Ring, float], list[tuple[float, float]]]:
    """The marker radius of each ring, and a position for each (name, ring, sector index).

    A ring's radius is the largest (up to MARKER_RADIUS_MAX) at which each of its cells
    has a free spot per blip, so one crowded ring does not shrink every marker. Each blip
    takes the free spot nearest to a point derived from a hash of its name: blips keep
    their place from one picture to the next unless a newcomer takes it. Only a cell too
    crowded even at MARKER_RADIUS_MIN gets overlapping blips.
    """
    cells: dict[tuple[Ring, int], list[int]] = {}
    for i, (_, ring, sector_index) in enumerate(blips):
        cells.setdefault((ring, sector_index), []).append(i)
    radii: dict[Ring, float] = {}
    slots: dict[tuple[Ring, int], list[tuple[float, float]]] = {}
    for ring in RING_ORDER:
        ring_cells = [cell for cell in cells if cell[0] is ring]
        radius = MARKER_RADIUS_MAX
        while True:
            for cell in ring_cells:
                slots[cell] = _slots(ring, sectors[cell[1]], radius)
            if radius <= MARKER_RADIUS_MIN or all(len(slots[cell]) >= len(cells[cell]) for cell in ring_cells):
                break
            radius = max(MARKER_RADIUS_MIN, radius * 0.92)
        radii[ring] = radius

    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(blips)
    for cell, members in cells.items():
        free = list(slots[cell])
        for i in sorted(members, key=lambda k: (blips[k][0].casefold(), blips[k][0])):
            wanted = _preferred_point(blips[i][0], cell[0], sectors[cell[1]])
            if free:
                best = min(range(len(free)), key=lambda k: math.dist(free[k], wanted))
                positions[i] = free.pop(best)
            else:
                positions[i] = wanted
    return radii, positions
