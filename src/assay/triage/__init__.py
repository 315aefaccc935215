"""Paper triage: code links, paper type, priority and red-flag hints. Pure functions, no I/O.

The rules compile many patterns, so each submodule loads when one of its names is first
asked for (``from assay.triage import find_code_links`` loads the code-link rules alone).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assay.triage.assessment import Triage, triage_paper
    from assay.triage.codelinks import find_code_links
    from assay.triage.papertype import PaperType, TypeEstimate, estimate_type
    from assay.triage.priority import Priority, PriorityScore, PriorityTerm, score_priority
    from assay.triage.redflags import RED_FLAG_CODES, RedFlag, find_red_flags, red_flags_note
    from assay.triage.sections import SECTION_NAMES, sections_found

_HOME = {
    "Triage": "assessment",
    "triage_paper": "assessment",
    "find_code_links": "codelinks",
    "PaperType": "papertype",
    "TypeEstimate": "papertype",
    "estimate_type": "papertype",
    "Priority": "priority",
    "PriorityScore": "priority",
    "PriorityTerm": "priority",
    "score_priority": "priority",
    "RED_FLAG_CODES": "redflags",
    "RedFlag": "redflags",
    "find_red_flags": "redflags",
    "red_flags_note": "redflags",
    "SECTION_NAMES": "sections",
    "sections_found": "sections",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "RED_FLAG_CODES",
    "SECTION_NAMES",
    "PaperType",
    "Priority",
    "PriorityScore",
    "PriorityTerm",
    "RedFlag",
    "Triage",
    "TypeEstimate",
    "estimate_type",
    "find_code_links",
    "find_red_flags",
    "red_flags_note",
    "score_priority",
    "sections_found",
    "triage_paper",
]
