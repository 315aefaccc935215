"""Paper triage: code links, paper type, priority and red-flag hints. Pure functions, no I/O."""

from assay.triage.assessment import Triage, triage_paper
from assay.triage.codelinks import find_code_links
from assay.triage.papertype import PaperType, TypeEstimate, estimate_type
from assay.triage.priority import Priority, PriorityScore, PriorityTerm, score_priority
from assay.triage.redflags import RED_FLAG_CODES, RedFlag, find_red_flags, red_flags_note
from assay.triage.sections import SECTION_NAMES, sections_found

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
