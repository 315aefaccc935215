"""Figure creation, text clean-up and PNG encoding shared by every Assay picture."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.textpath import text_to_path

# matplotlib's bundled font: present on every machine, so pictures look the same everywhere.
FONT_FAMILY = "DejaVu Sans"
# Zero-width joiner, variation selectors and skin-tone modifiers: parts of one emoji.
_EMOJI_GLUE = frozenset(["\u200d", "\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))])
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


def displayable(text: str, *, placeholder: str = "\u25a1", missing: str = " ") -> str:
    """``text`` with characters the font cannot draw (most emoji) replaced, spaces collapsed.

    Missing glyphs would otherwise show as empty boxes and log a warning per character. Each
    is replaced by ``missing``: a space by default (dropped), or a visible mark such as "□"
    so a reader sees something was there. Joiners and variation selectors that only shape an
    emoji are dropped. Returns ``placeholder`` when nothing drawable is left.
    """
    known = _font_codepoints()
    kept: list[str] = []
    for ch in text:
        if ch in _EMOJI_GLUE or (unicodedata.category(ch) in ("Mn", "Me", "Cf") and ord(ch) not in known):
            continue  # joins or shapes an emoji, draws nothing by itself
        if ord(ch) in known or ch.isspace():
            kept.append(ch)
        elif not (kept and kept[-1] == missing):  # one mark for one emoji sequence
            kept.append(missing)
    cleaned = " ".join("".join(kept).split())
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
