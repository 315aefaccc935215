"""Labelled sections of user text, cut to fit Slack's 3,000 characters a section.

The text is escaped first and measured escaped (``&`` becomes five characters), and cut
between characters of the original, so an escape is never split; a cut falls at a line
break or a space when one is near.
"""

from __future__ import annotations

from assay.replies import Section
from assay.textfmt import esc

SECTION_CHARS = 3000  # Slack's limit for a section's text
_NEAR = 400  # how far back from the limit a line break or space is looked for


def split_escaped(text: str, budget: int) -> list[str]:
    """``text`` escaped, in pieces of at most ``budget`` characters each."""
    pieces: list[str] = []
    start, size, last_break = 0, 0, -1
    i = 0
    while i < len(text):
        width = len(esc(text[i]))
        if size + width > budget:
            cut = last_break + 1 if last_break >= start and i - last_break < _NEAR else i
            if cut <= start:
                cut = i
            pieces.append(esc(text[start:cut].rstrip("\n")))
            start, size, last_break = cut, len(esc(text[cut:i])), -1
            continue
        if text[i] in "\n ":
            last_break = i
        size += width
        i += 1
    pieces.append(esc(text[start:]))
    return [p for p in pieces if p.strip()] or [""]


def labelled(label: str, text: str, limit: int = SECTION_CHARS) -> list[Section]:
    """``*label*`` and the escaped text, in as many sections as it takes."""
    head = f"*{label}*\n"
    first, *rest = split_escaped(text, limit - len(head))
    return [Section(head + first), *(Section(piece) for piece in rest)]
