"""A paper's reading stage, derived from its notes, and the per-reader gate between passes.

Stages: ``unread → pass 1 → pass 2 → pass 3 → decided``, or ``dropped`` (set by a drop,
never by notes). Only the newest version of each reader's note of each pass counts:

- a reader's *furthest pass* is the highest pass they noted; their reading has *ended* when
  that is pass 3, or when their note of it says ``decision=stop``;
- no notes: ``unread``; every reader's reading has ended: ``decided``; otherwise
  ``pass N``, N the furthest pass any reader noted.

So a paper stays in the reading queue while anyone is still reading it, and one reader's
stop does not end another's reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from assay.reading.passes import LAST_PASS, Decision

UNREAD, DECIDED, DROPPED = "unread", "decided", "dropped"
STAGES = (UNREAD, "pass 1", "pass 2", "pass 3", DECIDED, DROPPED)
OPEN_STAGES = STAGES[:4]  # what the reading queue lists


@dataclass(frozen=True)
class NoteMark:
    """The newest note of one reader for one pass, as far as stages care."""

    reader: str
    pass_number: int
    decision: str
    forced: bool = False


@dataclass(frozen=True)
class ReaderPosition:
    reader: str
    passes: tuple[int, ...]  # the passes this reader noted, ascending
    decision: str  # their decision at the furthest pass
    forced: bool  # some pass was noted without the one before it

    @property
    def furthest(self) -> int:
        return self.passes[-1]

    @property
    def ended(self) -> bool:
        return self.furthest == LAST_PASS or self.decision == Decision.STOP


@dataclass(frozen=True)
class Progress:
    """Where every reader of a paper stands, readers in the order they first noted it."""

    readers: tuple[ReaderPosition, ...] = ()

    @property
    def furthest(self) -> int:
        return max((r.furthest for r in self.readers), default=0)

    @property
    def stage(self) -> str:
        if not self.readers:
            return UNREAD
        if all(r.ended for r in self.readers):
            return DECIDED
        return f"pass {self.furthest}"

    def position(self, reader: str) -> ReaderPosition | None:
        return next((r for r in self.readers if r.reader == reader), None)


def progress(marks: Iterable[NoteMark]) -> Progress:
    """Every reader's position from their notes, oldest first (a later mark for the same
    reader and pass replaces an earlier one: it is a revision)."""
    latest: dict[str, dict[int, NoteMark]] = {}
    for mark in marks:
        latest.setdefault(mark.reader, {})[mark.pass_number] = mark
    readers = []
    for reader, by_pass in latest.items():
        passes = tuple(sorted(by_pass))
        readers.append(
            ReaderPosition(
                reader,
                passes,
                by_pass[passes[-1]].decision,
                any(m.forced for m in by_pass.values()),
            )
        )
    return Progress(tuple(readers))


Blocked = tuple[int, Literal["missing", "stopped"]]


def blocking_pass(pass_number: int, position: ReaderPosition | None) -> Blocked | None:
    """Why this reader may not note ``pass_number`` without ``force=yes``: the previous
    pass is missing, or their note of it said stop. None when they may (pass 1, a
    revision of a pass they noted, or the previous pass noted with continue)."""
    if pass_number == 1 or (position is not None and pass_number in position.passes):
        return None
    previous = pass_number - 1
    if position is None or previous not in position.passes:
        return previous, "missing"
    if position.furthest == previous and position.decision == Decision.STOP:
        return previous, "stopped"
    return None
