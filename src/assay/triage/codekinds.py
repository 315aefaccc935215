"""Whose code is it? Each code link labelled ``official``, ``self`` or ``cited``.

- ``official``: the repository Hugging Face Papers lists for the paper (``githubRepo``).
- ``self``: a link in the abstract or the arXiv comment (the authors wrote those), or a link in the
  PDF body announced as the paper's own: "our code", "code is available at", "we release",
  "Code:" a few words before it in the same sentence, or "for code" right after it.
- ``cited``: every other repository the PDF mentions (baselines, libraries, the reference list).

Only official and self-described links count as the paper having code. A cue is a word search:
"the dataset is available at <someone else's repository>" reads as self-described.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assay.triage.codelinks import find_code_links, links_with_positions, searchable
from assay.triage.sections import without_references

OFFICIAL, SELF, CITED = "official", "self", "cited"
KINDS = (OFFICIAL, SELF, CITED)
_RANK = {OFFICIAL: 0, SELF: 1, CITED: 2}
_CUE_WINDOW = 150
_SELF_CUE = re.compile(
    r"\b(?:our|the proposed)\s+(?:[\w-]+\s+){0,3}?(?:code|codes|implementations?|source|software|repository|repo"
    r"|library|toolkit|models?|project (?:page|website|site)|website|demo)\b"
    r"|\b(?:code|codes|implementations?|source code|software|repository|models?)\s+(?:[\w,-]+\s+){0,4}?"
    r"(?:is|are|will be|has been|have been)\s+(?:\w+\s+){0,2}?"
    r"(?:available|released|public|open[- ]sourced|hosted|provided)\b"
    r"|\b(?:available|released|hosted|accessible|published)\s+(?:at|on|from|via|in)\b"
    r"|\b(?:code|implementation|project page|project|repository|repo|github)\s+"
    r"(?:is|are|can be found)\s+(?:at|on|here)\b"
    r"|\bcan be (?:found|accessed|downloaded|obtained) (?:at|on|from)\b"
    r"|\bwe (?:release|open[- ]source|publish|share|make|provide)\b"
    r"|\b(?:code|codes|project page|project|github|repository|repo|implementation)\s*[:：]",
    re.IGNORECASE,
)
_SELF_CUE_AFTER = re.compile(
    r"^\S*[\s,)]+(?:\S+\s+){0,2}?(?:for (?:our |the |its )?(?:code|codes|implementations?|source code)\b"
    r"|(?:contains|hosts|has) (?:our|the) (?:code|implementation|models?)\b)",
    re.IGNORECASE,
)
_AFTER_WINDOW = 80


@dataclass(frozen=True)
class CodeLink:
    url: str
    kind: str  # official | self | cited

    def data(self) -> dict[str, str]:
        return {"url": self.url, "kind": self.kind}


def has_own_code(links: Sequence[CodeLink]) -> bool:
    """True when some link is the paper's own code (official or self-described)."""
    return any(link.kind in (OFFICIAL, SELF) for link in links)


def classify_code_links(
    *,
    official: str | None,
    abstract: str,
    comment: str | None,
    pdf_links: Sequence[str] = (),
    pdf_text: str | None = None,
) -> list[CodeLink]:
    """Every code link found, official first, then in order of first appearance (abstract,
    comment, PDF link annotations, PDF text), each once with the strongest kind it earned."""
    kinds: dict[str, CodeLink] = {}

    def label(url: str, kind: str) -> None:
        key = url.lower()
        known = kinds.get(key)
        if known is None:
            kinds[key] = CodeLink(url, kind)
        elif _RANK[kind] < _RANK[known.kind]:
            kinds[key] = CodeLink(known.url, kind)

    if official:
        label(next(iter(find_code_links(official)), official.rstrip("/")), OFFICIAL)
    for url in find_code_links(abstract, comment or ""):
        label(url, SELF)
    own_in_pdf = {url.lower() for url in _announced_in(pdf_text)} if pdf_text else set()
    for url in find_code_links(*pdf_links, pdf_text or ""):
        label(url, SELF if url.lower() in own_in_pdf else CITED)
    return list(kinds.values())


def _announced_in(pdf_text: str) -> list[str]:
    """Links in the PDF body (reference list excluded) with a self cue just before them."""
    body = searchable(without_references(pdf_text))
    announced = []
    for start, url in links_with_positions(body):
        before = body[max(0, start - _CUE_WINDOW) : start]
        sentence = re.split(r"[.!?]\s|\n\s*\n", before)[-1]
        if _SELF_CUE.search(sentence) or _SELF_CUE_AFTER.search(body[start : start + _AFTER_WINDOW]):
            announced.append(url)
    return announced


def code_evidence(links: Sequence[CodeLink]) -> str:
    """What the links say about the paper's code, for the priority term and the card."""
    if any(link.kind == OFFICIAL for link in links):
        return "official code listed on Hugging Face Papers"
    own = sum(link.kind == SELF for link in links)
    cited = sum(link.kind == CITED for link in links)
    if own:
        return "the paper links its own code" + (f" ({cited} more cited)" if cited else "")
    if cited:
        return f"no code of its own found, only {cited} cited repositor{'y' if cited == 1 else 'ies'}"
    return "no code link was found"
