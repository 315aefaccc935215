"""Typed requests of /radar, and how their words become a technique name and a ring.

Technique names are the leading words. Quote names with spaces (``"mixture of experts"``);
unquoted names work too wherever the words after the name (ring, gate, decision) are read
from the end, so ``/radar vote mixture of experts TRIAL`` is understood.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from assay.commands.fields import IsoDate, ShortText, Text, UserRef
from assay.commands.registry import Request
from assay.errors import UserError
from assay.radar.rules import Gate, GateDecision, Ring, parse_gate, parse_gate_decision, parse_ring
from assay.services.radar.evidence import Evidence
from assay.services.radar.techniques import TechniqueFields

RingField = Annotated[Ring, BeforeValidator(lambda v: parse_ring(str(v)))]
Page = Annotated[int, Field(ge=1, le=100_000)]

VOTE_USAGE = '/radar vote <technique> <ring> [why="..."]'
MOVE_USAGE = '/radar move <technique> <ring> why="..." [owner=@u] [next="..."] [due=YYYY-MM-DD] [superseded-by=...]'
GATE_USAGE = '/radar gate <technique> <discovery|validation|integration> <yes|no|not-yet> why="..."'


def is_ring_word(word: str) -> bool:
    return word.strip().upper() in Ring.__members__


def split_tail(technique: str, more: str | None, tail: int, usage: str) -> tuple[str, list[str]]:
    """The technique name and the last ``tail`` words; UserError with the usage when the
    command has too few words. "not yet" as two words counts as the decision not-yet."""
    parts = [technique, *(more or "").split()]
    if tail == 2 and len(parts) >= 3 and [p.casefold() for p in parts[-2:]] == ["not", "yet"]:
        parts = [*parts[:-2], "not-yet"]
    if len(parts) <= tail:
        raise UserError(f"Name the technique, then what to record.\nUsage: `{usage}`")
    return " ".join(parts[:-tail]), parts[-tail:]


def refs(value: str | None) -> tuple[str, ...]:
    """``P3,P5`` or ``"P3 P5"`` → ("P3", "P5")."""
    return tuple(r for r in (value or "").replace(",", " ").split() if r)


class TechniqueName(Request):
    technique: str
    more: str | None = None

    @property
    def name(self) -> str:
        return f"{self.technique} {self.more}" if self.more else self.technique


class RadarList(Request):
    words: str | None = None
    page: Page | None = None


class _Evidenced(TechniqueName):
    paper: ShortText | None = None
    gutcheck: ShortText | None = None

    @property
    def evidence(self) -> Evidence:
        return Evidence(refs(self.paper), refs(self.gutcheck))


class RadarAdd(_Evidenced):
    ring: RingField | None = None
    owner: UserRef | None = None
    next: Text | None = None
    due: IsoDate | None = None
    quadrant: ShortText | None = None
    description: Text | None = None
    why: Text | None = None
    superseded_by: ShortText | None = None

    def placement(self) -> tuple[str, Ring]:
        """The name and ring: ``ring=``, or a ring word right after an unquoted name
        (``/radar add LoRA TRIAL``), else ASSESS. UserError when both are given."""
        words = self.name.split()
        if self.more and is_ring_word(words[-1]):
            if self.ring is not None:
                raise UserError(f"Give the ring once: either `{words[-1]}` after the name or ring={self.ring.value}.")
            return " ".join(words[:-1]), parse_ring(words[-1])
        return self.name, self.ring or Ring.ASSESS

    @property
    def fields(self) -> TechniqueFields:
        return TechniqueFields(self.owner, self.next, self.due, self.quadrant, self.description)


class RadarEdit(_Evidenced):
    owner: UserRef | None = None
    next: Text | None = None
    due: IsoDate | None = None
    quadrant: ShortText | None = None
    description: Text | None = None

    @property
    def fields(self) -> TechniqueFields:
        return TechniqueFields(self.owner, self.next, self.due, self.quadrant, self.description)


class RadarVote(TechniqueName):
    why: Text | None = None

    def target(self) -> tuple[str, Ring]:
        name, (word,) = split_tail(self.technique, self.more, 1, VOTE_USAGE)
        return name, parse_ring(word)


class RadarMove(_Evidenced):
    why: Text | None = None
    owner: UserRef | None = None
    next: Text | None = None
    due: IsoDate | None = None
    superseded_by: ShortText | None = None

    def target(self) -> tuple[str, Ring]:
        name, (word,) = split_tail(self.technique, self.more, 1, MOVE_USAGE)
        return name, parse_ring(word)

    @property
    def fields(self) -> TechniqueFields:
        return TechniqueFields(self.owner, self.next, self.due)


class RadarGate(TechniqueName):
    why: Text

    def decision(self) -> tuple[str, Gate, GateDecision]:
        name, (gate, decision) = split_tail(self.technique, self.more, 2, GATE_USAGE)
        return name, parse_gate(gate), parse_gate_decision(decision)


class NoArgs(Request):
    pass
