"""Figure creation, text clean-up and PNG encoding shared by every Assay picture."""

from __future__ import annotations

import io
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.textpath import text_to_path

# matplotlib's bundled font: present on every machine, so pictures look the same everywhere.
FONT_FAMILY = "DejaVu Sans"
ELLIPSIS = "\u2026"


def new_figure(width_in: float, height_in: float, dpi: int) -> Figure:
    """A white figure with its own Agg canvas (no pyplot, no global state)."""
    fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def to_png(fig: Figure) -> bytes:
    """The figure encoded as PNG at its own size and resolution.

    The "Software" tag is dropped so the bytes depend only on the picture.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, metadata={"Software": None})
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _font_codepoints() -> frozenset[int]:
    path = findfont(FontProperties(family=FONT_FAMILY))
    return frozenset(FT2Font(path).get_charmap())


def displayable(text: str, *, placeholder: str = "\u25a1") -> str:
    """``text`` with characters the font cannot draw (most emoji) removed and spaces collapsed.

    Missing glyphs would otherwise show as empty boxes and log a warning per character.
    Returns ``placeholder`` when nothing drawable is left.
    """
    known = _font_codepoints()
    kept = "".join(ch if ord(ch) in known or ch.isspace() else " " for ch in text)
    cleaned = " ".join(kept.split())
    return cleaned or placeholder


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The drawn width of ``text`` in points, in the picture font."""
    prop = FontProperties(family=FONT_FAMILY, size=size_pt, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def fit_width(text: str, width_pt: float, size_pt: float, *, bold: bool = False) -> str:
    """``text``, shortened with an ellipsis until it is at most ``width_pt`` points wide."""
    if text_width_pt(text, size_pt, bold=bold) <= width_pt:
        return text
    low, high = 0, len(text)
    # Binary search on the number of characters kept before the ellipsis.
    while low < high:
        middle = (low + high + 1) // 2
        if text_width_pt(shorten(text, middle), size_pt, bold=bold) <= width_pt:
            low = middle
        else:
            high = middle - 1
    return shorten(text, low) if low else ELLIPSIS
