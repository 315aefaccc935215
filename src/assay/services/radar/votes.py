"""Votes on the radar: one current vote per person per technique, every vote cast kept
(casting one is :mod:`assay.services.radar.casting`). Tallies are always counted from the
votes, never stored.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from assay.radar.rules import RING_ORDER, Ring, parse_ring
from assay.storage.models import Technique, Vote, VoteChange

Tally = dict[Ring, int]


def empty_tally() -> Tally:
    return dict.fromkeys(RING_ORDER, 0)


def disagrees(ring: Ring | str, tally: Tally) -> bool:
    """True when somebody voted and the official ring is not among the most-voted rings
    (a tie that includes the official ring is not a disagreement)."""
    official = parse_ring(ring) if isinstance(ring, str) else ring
    top = max(tally.values(), default=0)
    return top > 0 and tally.get(official, 0) < top


def tallies(session: Session, team_id: str, technique_ids: Collection[int] | None = None) -> dict[int, Tally]:
    """Votes per ring for each technique of the workspace (counted in the database)."""
    query = (
        select(Vote.technique_id, Vote.ring, func.count())
        .where(Vote.team_id == team_id)
        .group_by(col(Vote.technique_id), col(Vote.ring))
    )
    if technique_ids is not None:
        query = query.where(col(Vote.technique_id).in_(list(technique_ids)))
    result: dict[int, Tally] = {}
    for technique_id, ring, count in session.execute(query):
        result.setdefault(technique_id, empty_tally())[Ring(ring)] = int(count)
    return result


@dataclass(frozen=True)
class Voter:
    user: str
    ring: Ring
    why: str | None
    changed: int  # ring changes after the first vote
    path: tuple[Ring, ...]  # every ring this person voted, oldest first, repeats collapsed
    voted_at: datetime


@dataclass(frozen=True)
class VoteSummary:
    technique: Technique
    tally: Tally
    voters: list[Voter] = field(default_factory=list)

    @property
    def disagrees(self) -> bool:
        return disagrees(self.technique.ring, self.tally)

    def data(self) -> dict[str, Any]:
        """The SPEC shape of ``/radar votes``."""
        return {
            "technique": self.technique.name,
            "ring": self.technique.ring,
            "tally": {ring.value: n for ring, n in self.tally.items()},
            "votes": [{"user": v.user, "ring": v.ring.value, "why": v.why, "changed": v.changed} for v in self.voters],
            "disagrees": self.disagrees,
        }


def vote_summary(session: Session, team_id: str, technique: Technique) -> VoteSummary:
    """Every current vote on ``technique`` (by ring, centre first, then oldest first) with how
    often each person changed their mind."""
    votes = session.exec(
        select(Vote)
        .where(Vote.team_id == team_id, Vote.technique_id == technique.id)
        .order_by(col(Vote.voted_at), col(Vote.id))
    ).all()
    paths: dict[str, list[Ring]] = {}
    history = session.exec(
        select(VoteChange.user_id, VoteChange.to_ring)
        .where(VoteChange.team_id == team_id, VoteChange.technique_id == technique.id)
        .order_by(col(VoteChange.id))
    )
    for user_id, to_ring in history:
        path = paths.setdefault(user_id, [])
        if not path or path[-1] is not Ring(to_ring):
            path.append(Ring(to_ring))
    tally = empty_tally()
    voters: list[Voter] = []
    for vote in votes:
        ring = Ring(vote.ring)
        tally[ring] += 1
        steps = tuple(paths.get(vote.user_id) or [ring])
        voters.append(Voter(vote.user_id, ring, vote.why, len(steps) - 1, steps, vote.voted_at))
    voters.sort(key=lambda v: RING_ORDER.index(v.ring))  # stable: oldest vote first within a ring
    return VoteSummary(technique, tally, voters)
