"""Case- and accent-insensitive text matching, the same on SQLite and PostgreSQL.

Text is folded in Python: Unicode NFKD splits accented letters into a base letter and a
combining mark, the Latin combining marks are dropped, and ``casefold`` does the rest
(``ß`` → ``ss``). So ``resume``, ``Résumé`` and ``RÉSUMÉ`` all fold to ``resume``.
Doing it in Python instead of SQL keeps the behaviour identical on both databases;
pure-ASCII text (most titles and abstracts) takes a fast path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Combining diacritical marks (and their supplements) — what NFKD splits off accented letters.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """``text`` without case and accents, for comparisons only (never shown)."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of its original character.

    Lets a match found in folded text be shown in the original spelling.
    """
    if text.isascii():  # one character for one: the map is the identity
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def terms_of(text: str) -> list[str]:
    """The folded, distinct words of a query, in order."""
    return list(dict.fromkeys(word for word in fold(text).split() if word))


def starts_a_word(folded_text: str, folded_term: str) -> bool:
    """True when ``folded_term`` occurs at the start of a word of ``folded_text``.

    Only the start is anchored, so ``gan`` finds "GANs" but not "organ".
    """
    start = folded_text.find(folded_term)
    while start != -1:
        if start == 0 or not folded_text[start - 1].isalnum():
            return True
        start = folded_text.find(folded_term, start + 1)
    return False


def any_starts_a_word(folded_text: str, folded_terms: Iterable[str]) -> list[str]:
    """The terms that start a word of ``folded_text`` (see :func:`starts_a_word`)."""
    return [term for term in folded_terms if starts_a_word(folded_text, term)]
