"""arXiv identifiers in every form people paste them.

``1706.03762``, ``1706.03762v5``, ``arXiv:1706.03762``, ``https://arxiv.org/abs/1706.03762``,
``https://arxiv.org/pdf/1706.03762v2.pdf`` and old-style ``hep-th/9901001`` all name a paper;
the version is kept apart because Assay stores a paper once whatever its version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assay.errors import UserError

_NEW = r"(?P<new>\d{4}\.\d{4,5})"
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2})?/\d{7})"
_ID = re.compile(rf"^(?:{_NEW}|{_OLD})(?:v(?P<version>\d+))?$")
_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<rest>.+?)(?:\.pdf)?/?"
    r"(?:[?#].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class ArxivId:
    base: str  # without version: "1706.03762" or "hep-th/9901001"
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self}"


def parse_arxiv_id(text: str) -> ArxivId:
    """Normalise any accepted form; raise UserError saying which forms are accepted."""
    raw = text.strip().strip("<>").strip()
    candidate = raw
    url = _URL.match(candidate)
    if url:
        candidate = url.group("rest")
    elif candidate.lower().startswith("arxiv:"):
        candidate = candidate[6:].strip()
    match = _ID.match(candidate)
    if not match or (match.group("new") and not _plausible_new_id(match.group("new"))):
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        raise UserError(
            f"`{shown}` is not an arXiv id. Use forms like `1706.03762`, `1706.03762v5`, "
            "`arXiv:1706.03762`, `https://arxiv.org/abs/1706.03762` or `hep-th/9901001`."
        )
    base = match.group("new") or match.group("old")
    version = int(match.group("version")) if match.group("version") else None
    if version == 0:
        raise UserError(f"`{raw}`: arXiv versions start at v1.")
    return ArxivId(base=base, version=version)


def _plausible_new_id(base: str) -> bool:
    """YYMM must be a month; numbers have four digits before 1501 and five from then on."""
    yymm, number = base.split(".")
    if not 1 <= int(yymm[2:]) <= 12:
        return False
    return len(number) == (5 if int(yymm) >= 1501 else 4)


def looks_like_arxiv_id(text: str) -> bool:
    """True when ``text`` is an arXiv id in any accepted form (not whether the paper exists)."""
    try:
        parse_arxiv_id(text)
    except UserError:
        return False
    return True
