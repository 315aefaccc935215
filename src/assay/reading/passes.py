"""What each pass of the three-pass method asks, and the words its answers take.

Pass 1 (5–10 minutes) decides whether the paper is worth reading at all; pass 2 (30–60
minutes) says what it does and how well it shows it; pass 3 (2–4 hours) rebuilds it in the
head and asks whether it would survive production. The field names are the contract's
(SPEC section 3, ``/pass``): the slash command, the Slack form, the thread post and the
export all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Literal

PASSES = (1, 2, 3)
LAST_PASS = 3


class Decision(StrEnum):
    STOP = "stop"
    CONTINUE = "continue"


class Viability(StrEnum):
    LIKELY = "likely"
    NEEDS_VALIDATION = "needs-validation"
    UNLIKELY = "unlikely"


# The seven red flags a reader can raise in pass 2, with what each one means.
RED_FLAGS: dict[str, str] = {
    "weak-baselines": "weak, old or untuned baselines",
    "cherry-picked": "cherry-picked results or examples",
    "new-metric": "judged on a metric the paper itself proposes",
    "toy-data": "toy datasets only",
    "no-ablation": "no ablation of what matters",
    "no-repro": "can't be reproduced (no code, data or details)",
    "compute-advantage": "the gain comes from more compute",
}
DIMENSIONS = ("efficiency", "integration", "robustness", "maintainability")
PASS_TIME = {1: "5–10 min", 2: "30–60 min", 3: "2–4 h"}
PASS_QUESTION = {
    1: "Is it worth reading?",
    2: "What does it do, and how well does it show it?",
    3: "Could we rebuild it, and would it survive production?",
}

FieldKind = Literal["text", "yes-no", "rating", "viability", "red-flags", "decision", "minutes"]
# How each kind of field is typed in a one-line note, for usage lines and hints.
TYPED: dict[FieldKind, str] = {
    "text": '"..."',
    "yes-no": "yes|no",
    "rating": "1..5",
    "viability": "likely|needs-validation|unlikely",
    "red-flags": "code,code",
    "decision": "stop|continue",
    "minutes": "45m",
}


@dataclass(frozen=True)
class NoteField:
    name: str  # as typed (`red_flags=`) and as stored
    label: str
    kind: FieldKind
    hint: str = ""


PASS_FIELDS: dict[int, tuple[NoteField, ...]] = {
    1: (
        NoteField("claim", "Claim", "text", "The headline claim, in your words."),
        NoteField("problem", "Problem", "text", "The problem it solves, and for whom."),
        NoteField("relevant", "Relevant to us", "yes-no"),
        NoteField("plausible", "Plausible", "yes-no"),
    ),
    2: (
        NoteField("technique", "Technique", "text", "The method, in one paragraph."),
        NoteField("results", "Results", "text", "Against which baselines, on what data."),
        NoteField("limitations", "Limitations", "text", "Said by the authors or seen by you."),
        NoteField("missing", "Missing", "text", "What the paper does not show or tell."),
        NoteField("implementable", "Implementable", "yes-no", "Could we build it with what is written?"),
        NoteField("red_flags", "Red flags", "red-flags"),
    ),
    3: (
        NoteField("reimplement", "Could re-implement", "yes-no", "From the paper alone, in our stack."),
        NoteField("assumptions", "Assumptions", "text", "What must hold for it to work."),
        NoteField("breaks", "What breaks it", "text", "Inputs, scales or settings where it fails."),
        NoteField("ablations", "Ablations", "text", "Which matter, which are missing."),
        NoteField("viability", "Production viability", "viability"),
        NoteField("efficiency", "Efficiency", "rating", "1 (poor) to 5 (excellent)"),
        NoteField("integration", "Integration", "rating", "1 (poor) to 5 (excellent)"),
        NoteField("robustness", "Robustness", "rating", "1 (poor) to 5 (excellent)"),
        NoteField("maintainability", "Maintainability", "rating", "1 (poor) to 5 (excellent)"),
    ),
}
COMMON_FIELDS: tuple[NoteField, ...] = (
    NoteField("summary", "One-sentence summary", "text"),
    NoteField("insight", "Key insight", "text", "The one idea worth keeping."),
    NoteField("relevance", "Relevance", "rating", "1 (not for us) to 5 (central to our work)"),
    NoteField("minutes", "Minutes spent", "minutes", "e.g. 8, 45m or 2h"),
)
DECISION_FIELD = NoteField("decision", "Decision", "decision")


def note_fields(pass_number: int) -> tuple[NoteField, ...]:
    """Every field a note of this pass takes, in the order forms and notes show them."""
    return (*PASS_FIELDS[pass_number], *COMMON_FIELDS, DECISION_FIELD)


def decision_meaning(pass_number: int, decision: Decision | str) -> str:
    """What a decision means at this pass, in words."""
    if str(decision) == Decision.STOP:
        return "not worth more of the team's time"
    if pass_number == LAST_PASS:
        return "worth taking further: a gut check, the radar"
    return f"read pass {pass_number + 1}"


@dataclass(frozen=True)
class NoteContent:
    """What a reader wrote for one pass; None (or no red flags) for a field left out."""

    decision: Decision | None = None
    claim: str | None = None
    problem: str | None = None
    relevant: bool | None = None
    plausible: bool | None = None
    technique: str | None = None
    results: str | None = None
    limitations: str | None = None
    missing: str | None = None
    implementable: bool | None = None
    red_flags: tuple[str, ...] = ()
    reimplement: bool | None = None
    assumptions: str | None = None
    breaks: str | None = None
    ablations: str | None = None
    viability: Viability | None = None
    efficiency: int | None = None
    integration: int | None = None
    robustness: int | None = None
    maintainability: int | None = None
    summary: str | None = None
    insight: str | None = None
    relevance: int | None = None
    minutes: int | None = None

    def given(self) -> list[str]:
        """Names of the fields with an answer, the decision left out."""
        return [f.name for f in fields(self) if f.name != "decision" and getattr(self, f.name) not in (None, ())]


def problems(pass_number: int, content: NoteContent) -> dict[str, str]:
    """Field name → what is wrong with the note as a whole (empty when it can be recorded).

    Every field is optional except the decision, but a note must say something besides it.
    """
    found: dict[str, str] = {}
    allowed = {f.name for f in note_fields(pass_number)}
    foreign = [name for name in content.given() if name not in allowed]
    if foreign:
        found[foreign[0]] = f"Pass {pass_number} has no field {', '.join(foreign)}."
    if content.decision is None:
        found["decision"] = (
            f"A note needs its decision: `decision=stop` ({decision_meaning(pass_number, Decision.STOP)}) "
            f"or `decision=continue` ({decision_meaning(pass_number, Decision.CONTINUE)})."
        )
    elif not content.given():
        found["summary"] = "A note needs more than its decision: write at least one field, e.g. the summary."
    return found
