"""Which standard sections a paper has, read from the headings in its extracted text.

A heading is a short line of its own ("4 Experiments", "2.1 Related Work", "LIMITATIONS AND
FUTURE WORK", "Appendix"), or a run-in "Abstract." / "Abstract—". After the reference list,
letter-numbered headings ("A Proofs", "B.2 Hyperparameters") mark the appendix.
"""

from __future__ import annotations

import re

from assay.triage.text import clean_text

SECTION_NAMES = (
    "abstract",
    "introduction",
    "related work",
    "method",
    "experiments",
    "results",
    "ablation",
    "limitations",
    "conclusion",
    "references",
    "appendix",
)
_MAX_HEADING_CHARS = 60
_MAX_HEADING_WORDS = 8
_NUMBERING = re.compile(r"\s*(?:(?:\d{1,2}(?:\.\d{1,2})*|[A-H](?:\.\d{1,2})+|[A-H]|[IVX]{1,5})\.?\s+)?")
_RUN_IN_ABSTRACT = re.compile(r"\s*abstract\s*[.:—–-]", re.IGNORECASE)
_LETTERED = re.compile(r"\s*\d{0,3}[A-H](?:\.\d{1,2})?\s+[A-Z][A-Za-z]")
_TITLES = {
    "abstract": r"abstract$",
    "introduction": r"introduction\b",
    "related work": r"(?:related work|prior work|background|literature review|related literature)\b",
    "method": (
        r"(?:methods?|methodology|(?:our |the )?(?:proposed )?approach|proposed (?:method|model|framework)|"
        r"our (?:method|model|framework)|model architecture|system design|problem (?:formulation|setup|statement))\b"
    ),
    "experiments": (
        r"(?:experiments?|experimental (?:setup|settings?|design|evaluation|results)|evaluation"
        r"|empirical (?:evaluation|study))\b"
    ),
    "results": r"(?:(?:main |experimental )?results?|findings)\b",
    "ablation": r"(?:ablations?|ablation (?:study|studies|analysis|experiments))\b",
    "limitations": r"(?:.{0,40}\blimitations?\b|threats to validity\b)",
    "conclusion": r"(?:.{0,30}\bconclusions?\b|concluding remarks\b)",
    "references": r"(?:references|bibliography|literature cited)$",
    "appendix": r"(?:appendix|appendices|supplementary materials?|supplemental materials?)\b",
}
# Only lines that could be headings reach Python code: short ones starting with a letter or
# digit, and run-in abstracts. That keeps hostile text (a million one-character lines) fast.
_CANDIDATE_LINE = re.compile(
    r"^[^\S\n]*(?:[0-9A-Za-z][^\n]{0,70}$|[Aa][Bb][Ss][Tt][Rr][Aa][Cc][Tt][^\n]*)", re.MULTILINE
)
_LINE_BREAKS = str.maketrans("\f\r\v", "\n\n\n")
_TITLE_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _TITLES.items()}


def _is_short(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= _MAX_HEADING_CHARS and len(stripped.split()) <= _MAX_HEADING_WORDS


def _heading_title(line: str) -> str | None:
    """The heading's words without numbering, or None when the line is not heading-shaped."""
    if not _is_short(line):
        return None
    numbering = _NUMBERING.match(line)
    title = line[numbering.end() if numbering else 0 :].strip().rstrip(":")
    if not title or not title[0].isupper() or title.endswith((".", ",", ";")):
        return None
    return title


def headings(text: str) -> list[tuple[int, str]]:
    """(character offset, section name) for every recognised heading, in text order.

    Offsets index ``clean_text(text)``.
    """
    found: list[tuple[int, str]] = []
    after_references = False
    # Same-length swap: page breaks end lines too, and offsets stay valid.
    lines = clean_text(text).translate(_LINE_BREAKS)
    for candidate in _CANDIDATE_LINE.finditer(lines):
        line = candidate.group(0)
        title = _heading_title(line)
        names = [name for name, pattern in _TITLE_PATTERNS.items() if title and pattern.match(title)]
        if not names and _RUN_IN_ABSTRACT.match(line):
            names = ["abstract"]
        if after_references and "appendix" not in names and _is_short(line) and _LETTERED.match(line):
            names.append("appendix")
        after_references = after_references or "references" in names
        found.extend((candidate.start(), name) for name in names)
    return found


def sections_found(text: str) -> list[str]:
    """The standard sections whose headings appear, in the order of ``SECTION_NAMES``."""
    present = {name for _, name in headings(text)}
    return [name for name in SECTION_NAMES if name in present]


def without_references(text: str) -> str:
    """The cleaned text minus its reference list (kept: everything before, and from the next heading).

    Cited titles would otherwise answer for the paper ("An ablation study of ...", "ImageNet").
    """
    cleaned = clean_text(text)
    marks = headings(cleaned)
    starts = [offset for offset, name in marks if name == "references"]
    if not starts:
        return cleaned
    start = starts[-1]
    after = [offset for offset, _ in marks if offset > start]
    return cleaned[:start] + (cleaned[after[0] :] if after else "")
