"""Rules of the research radar: rings, stage gates, what a move needs, and what "moved" means.

Pure functions with no I/O. Every rule that a user can break raises ``UserError`` whose
message says what was wrong and the exact words to type to fix it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, TypeVar

from assay.errors import UserError
from assay.limits import NAME_MAX, TEXT_MAX, too_long

MovedStatus = Literal["new", "in", "out", "unchanged"]

MAX_TECHNIQUE_NAME_LENGTH = NAME_MAX
MAX_REASON_LENGTH = TEXT_MAX


def reason_too_long(why: str) -> str:
    """The refusal of a ``why="..."`` over the text limit, naming the limit."""
    return too_long('The reason (why="...")', len(why), MAX_REASON_LENGTH) + "; put the details in the thread."


class Ring(StrEnum):
    """The official rings, from "use it" (ADOPT) to "we decided against it" (SKIP)."""

    ADOPT = "ADOPT"
    TRIAL = "TRIAL"
    ASSESS = "ASSESS"
    HOLD = "HOLD"
    SKIP = "SKIP"


# Centre-out (the definition order): a smaller index is nearer the centre, so "moved in"
# means the index fell.
RING_ORDER: tuple[Ring, ...] = tuple(Ring)

# Rings whose techniques are being actively worked on, so somebody must own the next step.
RINGS_NEEDING_OWNER: frozenset[Ring] = frozenset({Ring.TRIAL, Ring.ASSESS})


class Gate(StrEnum):
    """Stage gates of the research-to-production pipeline, in the order they are passed."""

    DISCOVERY = "discovery"
    VALIDATION = "validation"
    INTEGRATION = "integration"


_Named = TypeVar("_Named", bound=StrEnum)


class GateDecision(StrEnum):
    """What the team decided at a gate."""

    YES = "yes"
    NO = "no"
    NOT_YET = "not-yet"


def _joined(values: list[str] | tuple[str, ...], last: str) -> str:
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + f" {last} " + values[-1]


def _quoted(name: str) -> str:
    # Names with spaces must be quoted for the shell-style argument parser.
    return f'"{name}"' if any(ch.isspace() for ch in name) else name


def _suggestion(word: str, values: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word.casefold(), [v.casefold() for v in values], n=1)
    if not close:
        return ""
    match = next(v for v in values if v.casefold() == close[0])
    return f" Did you mean {match}?"


def _parse_member(text: str, members: tuple[_Named, ...], kind: str) -> _Named:
    word = text.strip()
    for member in members:
        if word.casefold() == member.value.casefold():
            return member
    names = tuple(m.value for m in members)
    if not word:
        raise UserError(f"Say which {kind}: {_joined(names, 'or')}.")
    raise UserError(f"'{word}' is not a {kind}.{_suggestion(word, names)} Use one of {_joined(names, 'or')}.")


def parse_ring(text: str) -> Ring:
    """The ring named by ``text``, ignoring case and surrounding spaces.

    Raises UserError listing the five rings (and the nearest one when there is a typo).
    """
    return _parse_member(text, RING_ORDER, "ring")


def parse_gate(text: str) -> Gate:
    """The gate named by ``text`` (case-insensitive). Raises UserError listing the gates."""
    return _parse_member(text, tuple(Gate), "stage gate")


def parse_gate_decision(text: str) -> GateDecision:
    """The decision named by ``text``: yes, no or not-yet (also "not yet", "not_yet", "notyet").

    Raises UserError listing the three decisions.
    """
    word = re.sub(r"[\s_]+", "-", text.strip().casefold())
    if word == "notyet":
        word = "not-yet"
    for decision in GateDecision:
        if word == decision.value:
            return decision
    names = tuple(d.value for d in GateDecision)
    if not word:
        raise UserError(f"Say what the gate decided: {_joined(names, 'or')}.")
    raise UserError(f"'{text.strip()}' is not a gate decision. Use one of {_joined(names, 'or')}.")


@dataclass(frozen=True)
class MoveRequest:
    """A request to put a technique in an official ring.

    ``owner`` and ``next_action`` are the values the technique will have after the move:
    the ones given in the command, else the ones already on the technique. ``current`` is
    None when the technique has no ring yet. ``superseded_by`` is the optional
    ``superseded-by=`` key; ``technique`` only makes error messages quote the real name.
    """

    current: Ring | None
    target: Ring
    why: str | None
    owner: str | None
    next_action: str | None
    superseded_by: str | None = None
    technique: str | None = None


# A SKIP reason must name what replaced the technique or which constraint it fails.
# Slack turns ' into ’, so both apostrophes are accepted.
_SUPERSEDED = re.compile(
    r"\b(superseded|replaced|obsoleted|succeeded|outperformed|beaten|dominated)\s+(by|with)\s+\S",
    re.IGNORECASE,
)
_CONSTRAINT = re.compile(
    r"\bconstraints?\b|\bnot\s+met\b|\bunmet\b|\brequirements?\b"
    r"|\b(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not|didn['’]?t|did\s+not|can['’]?t|cannot"
    r"|can\s+not|won['’]?t|will\s+not|fails?\s+to|failed\s+to|never)\s+meets?\b",
    re.IGNORECASE,
)


def skip_reason_is_valid(why: str | None, superseded_by: str | None = None) -> bool:
    """Whether a SKIP is justified: a non-blank ``superseded_by``, or a ``why`` that says
    "superseded by X" / "replaced by X" or names a constraint that is not met."""
    if superseded_by is not None and superseded_by.strip():
        return True
    if why is None:
        return False
    return bool(_SUPERSEDED.search(why) or _CONSTRAINT.search(why))


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def check_move(req: MoveRequest) -> None:
    """Check a move against the radar rules; return None when it is allowed.

    Rules: the target differs from the current ring; a reason (``why``) is always given;
    TRIAL and ASSESS need an owner and a next action; SKIP needs its reason to say what
    superseded the technique or which constraint it does not meet (or ``superseded-by=``).
    Raises UserError naming everything that is missing at once, with a command to copy.
    """
    name = req.technique or "<technique>"
    ring = req.target.value
    if req.current is not None and req.current == req.target:
        others = tuple(r.value for r in RING_ORDER if r is not req.target)
        raise UserError(
            f"{name} is already in {ring}, so there is nothing to move. Name a different ring: {_joined(others, 'or')}."
        )
    if req.why is not None and len(req.why.strip()) > MAX_REASON_LENGTH:
        raise UserError(reason_too_long(req.why.strip()))
    if (
        req.superseded_by is not None
        and req.technique is not None
        and req.superseded_by.strip().casefold() == req.technique.strip().casefold()
    ):
        raise UserError(
            f"{name} cannot be superseded by itself. Name the technique that replaced it: "
            f'superseded-by="<other technique>".'
        )

    missing: list[tuple[str, str]] = []
    if _blank(req.why):
        missing.append(("a reason", 'why="..."'))
    if req.target in RINGS_NEEDING_OWNER:
        if _blank(req.owner):
            missing.append(("an owner", "owner=@someone"))
        if _blank(req.next_action):
            missing.append(("a next action", 'next="..."'))
    if missing:
        needs = _joined([what for what, _ in missing], "and")
        keys = " ".join(key for _, key in missing)
        example = keys if _blank(req.why) else f'why="..." {keys}'
        why_rule = (
            f" {ring} always has an owner driving a next action."
            if req.target in RINGS_NEEDING_OWNER and missing[-1][0] != "a reason"
            else ""
        )
        raise UserError(
            f"Moving {name} to {ring} needs {needs}.{why_rule} Add {keys} to the command, "
            f"e.g. `/radar move {_quoted(name)} {ring} {example}`."
        )

    if req.target is Ring.SKIP and not skip_reason_is_valid(req.why, req.superseded_by):
        raise UserError(
            f"Moving {name} to SKIP needs a reason that says what superseded it or which "
            f'constraint it does not meet. Write why="superseded by <technique>" or '
            f'why="constraint not met: <which one>", or add superseded-by="<technique>". '
            f"To park it without ruling it out, use HOLD instead."
        )


def move_reason(req: MoveRequest) -> str:
    """The reason to store in the move history: ``why``, plus "superseded by X" when the
    ``superseded-by=`` key was used and the reason does not already mention X."""
    why = " ".join((req.why or "").split())
    if _blank(req.superseded_by):
        return why
    assert req.superseded_by is not None  # narrowed by _blank
    other = " ".join(req.superseded_by.split())
    if other.casefold() in why.casefold():
        return why
    return f"{why} (superseded by {other})" if why else f"superseded by {other}"


def moved_status(ring_at_last_review: Ring | None, ring_now: Ring, created_after_last_review: bool) -> MovedStatus:
    """How a technique changed since the last review.

    "new" when it was added after the last review or had no ring then (this includes
    every technique before the first review); "in" when its ring is now nearer ADOPT;
    "out" when it is now further from ADOPT; otherwise "unchanged".
    """
    if created_after_last_review or ring_at_last_review is None:
        return "new"
    before = RING_ORDER.index(ring_at_last_review)
    now = RING_ORDER.index(ring_now)
    if now < before:
        return "in"
    if now > before:
        return "out"
    return "unchanged"


# Names that would be read as a paper, gut check or prediction handle, or an arXiv id,
# by commands that take "<paper|technique>".
_HANDLE_LIKE = re.compile(r"[PGF]\d+|(arxiv:)?\d{4}\.\d{4,5}(v\d+)?", re.IGNORECASE)


def validate_technique_name(name: str) -> str:
    """The cleaned technique name: surrounding spaces stripped, inner runs of whitespace
    collapsed to one space, case kept.

    Raises UserError when the name is empty, longer than 200 characters, contains control
    characters, or looks like a paper/gut-check/prediction handle or an arXiv id.
    """
    if any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in name):
        raise UserError(
            "A technique name cannot contain control characters. Type the name as plain "
            'text, e.g. `/radar add "LoRA fine-tuning"`.'
        )
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError('A technique needs a name. Put it first, e.g. `/radar add "LoRA fine-tuning"`.')
    if len(cleaned) > MAX_TECHNIQUE_NAME_LENGTH:
        raise UserError(
            too_long("A technique name", len(cleaned), MAX_TECHNIQUE_NAME_LENGTH)
            + '. Use a short name and put the details in next="..." or the paper\'s thread.'
        )
    if _HANDLE_LIKE.fullmatch(cleaned):
        raise UserError(
            f"'{cleaned}' looks like a paper, gut check or prediction id, so commands could "
            "not tell them apart. Name the technique itself, e.g. "
            '`/radar add "Speculative decoding" paper=P12`.'
        )
    return cleaned


def technique_key(name: str) -> str:
    """The lookup key for a technique name: validated and case-folded, so that names are
    matched case-insensitively. Raises UserError like ``validate_technique_name``."""
    return validate_technique_name(name).casefold()
