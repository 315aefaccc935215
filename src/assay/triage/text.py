"""Cleaning text extracted from PDFs so that words and phrases can be searched for."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# "abla-\ntion" -> "ablation": a hyphen at a line end between lowercase letters is typesetting.
_LINE_END_HYPHEN = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """NFKC-normalised text (ligatures like "ﬁ" become "fi") without invisible characters.

    Line breaks are kept: URL and heading detection need them.
    """
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def flowing_text(text: str) -> str:
    """Clean text with hyphenated line breaks rejoined and all whitespace runs made one space."""
    return _SPACES.sub(" ", _LINE_END_HYPHEN.sub("", clean_text(text))).strip()


def snippet(text: str, start: int, end: int, width: int = 120) -> str:
    """About ``width`` characters of ``text`` around ``text[start:end]``, cut at word edges."""
    spare = max(0, width - (end - start))
    left = max(0, start - spare // 2)
    right = min(len(text), end + spare - (start - left))
    left = max(0, min(left, right - width))
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left) + 1
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def page_count(text: str) -> int:
    """Pages in text joined with form feeds, as ``assay.pdf.PdfText.text`` is."""
    return text.count("\f") + 1
