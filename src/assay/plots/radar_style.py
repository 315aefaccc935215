"""Colours and page geometry of the radar picture, shared by its drawing modules."""

from __future__ import annotations

from assay.radar.rules import Ring

RING_COLOUR: dict[Ring, str] = {
    Ring.ADOPT: "#1a7f5a",
    Ring.TRIAL: "#2166ac",
    Ring.ASSESS: "#c47f00",
    Ring.HOLD: "#b8372b",
    Ring.SKIP: "#7b8588",
}
BAND_COLOUR: dict[Ring, str] = {
    Ring.ADOPT: "#d9eee5",
    Ring.TRIAL: "#dfe9f5",
    Ring.ASSESS: "#f9eed6",
    Ring.HOLD: "#f6e1dd",
    Ring.SKIP: "#eef0f0",
}
INK = "#1f2328"
MUTED = "#667078"

# 16:9-ish slide at 120 dpi: 1080 pixels high, wider when the legend needs more columns.
DPI = 120
HEIGHT_IN = 9.0
RADAR_WIDTH_IN = 9.5
RADAR_AXES_IN = (0.15, 0.68, 9.1, 7.2)  # left, bottom, width, height
# The disc spans [-1, 1]; the margins leave room for quadrant names outside the rim.
X_LIMIT, Y_LIMIT = 1.38, 1.1
KEY_HEIGHT_IN = 0.6
LEGEND_TOP_IN = HEIGHT_IN - 1.25
LEGEND_BOTTOM_IN = 0.35
