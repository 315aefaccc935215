"""Votes on the radar: one current vote per person per technique, every vote cast kept.

The current vote is upserted (``INSERT … ON CONFLICT (team_id, technique_id, user_id) DO
UPDATE``) so concurrent votes never lose one and never make two rows for one person, on
SQLite and PostgreSQL alike. The vote history (``VoteChange``) is written in the same
transaction. Tallies are always counted from the votes, never stored.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NoReturn

from sqlalchemy import bindparam, case, func
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.radar.rules import MAX_REASON_LENGTH, RING_ORDER, Ring, parse_ring, reason_too_long, technique_key
from assay.services.radar.techniques import find_technique, technique_by_id
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


def tally_of(session: Session | Connection, team_id: str, technique_id: int) -> Tally:
    return tallies(session, team_id, [technique_id]).get(technique_id, empty_tally())


def tallies(
    session: Session | Connection, team_id: str, technique_ids: Collection[int] | None = None
) -> dict[int, Tally]:
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
class RecordedVote:
    technique: Technique
    ring: Ring
    previous: Ring | None  # the voter's ring before this vote; None for a first vote

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous is not self.ring


@dataclass(frozen=True)
class VoteOutcome(RecordedVote):
    tally: Tally


def cast_vote(ctx: Ctx, technique: str | int, ring: Ring, why: str | None = None) -> VoteOutcome:
    """:func:`record_vote`, and the technique's tally counted in the same transaction."""
    recorded, tally = _record(ctx, technique, ring, why, count=True)
    assert tally is not None
    return VoteOutcome(recorded.technique, recorded.ring, recorded.previous, tally)


def record_vote(ctx: Ctx, technique: str | int, ring: Ring, why: str | None = None) -> RecordedVote:
    """Record ``ctx.user_id``'s vote: the first, a change (kept in the history) or the same
    ring again (a new ``why`` replaces the old one). The tally is not counted here (a vote
    is acknowledged before it: :func:`tally_of` counts it after).

    ``technique`` is a name (any case) or, from a button, a row id. Raises NotFound for an
    unknown technique and UserError for an over-long reason; nothing is stored then.
    """
    return _record(ctx, technique, ring, why, count=False)[0]


def _record(
    ctx: Ctx, technique: str | int, ring: Ring, why: str | None, *, count: bool
) -> tuple[RecordedVote, Tally | None]:
    if why is not None and len(why) > MAX_REASON_LENGTH:
        raise UserError(reason_too_long(why))
    rt = ctx.runtime
    now = rt.clock.now()
    with rt.db.writing() as conn:
        found = _technique(conn, ctx.team_id, technique)
        if found is None:  # unknown: NotFound, with the hint of the nearest name
            with rt.db.reading() as session:
                _missing(session, ctx.team_id, technique)
        assert found.id is not None
        upsert, history = _writes(conn.dialect.name)
        params = _params(ctx.team_id, found.id, ctx.user_id, ring, why, now)
        conn.execute(upsert, params)
        # The upsert holds this person's vote row until commit, so the newest history entry
        # read now is the vote this one replaces, even when the same person votes twice at once;
        # it is read by the very statement that adds this vote to the history.
        previous = conn.execute(history, params).scalar_one()
        recorded = RecordedVote(found, ring, Ring(previous) if previous else None)
        return recorded, tally_of(conn, ctx.team_id, found.id) if count else None


_TECHNIQUE: Any = Technique.__table__  # type: ignore[attr-defined]
_BY_ID = sa_select(_TECHNIQUE).where(_TECHNIQUE.c.team_id == bindparam("team_id"), _TECHNIQUE.c.id == bindparam("id"))
_BY_KEY = sa_select(_TECHNIQUE).where(
    _TECHNIQUE.c.team_id == bindparam("team_id"), _TECHNIQUE.c.name_key == bindparam("key")
)


def _technique(conn: Connection, team_id: str, technique: str | int) -> Technique | None:
    """The technique voted on, by row id (a button) or name (any case), in SQL alone; None
    when this workspace has no such technique."""
    if isinstance(technique, int):
        row = conn.execute(_BY_ID, {"team_id": team_id, "id": technique}).first()
    else:
        row = conn.execute(_BY_KEY, {"team_id": team_id, "key": technique_key(technique)}).first()
    return None if row is None else Technique(**row._mapping)


def _missing(session: Session, team_id: str, technique: str | int) -> NoReturn:
    """Raise the NotFound (or UserError, for an invalid name) the lookups raise."""
    if isinstance(technique, int):
        technique_by_id(session, team_id, technique)
    else:
        find_technique(session, team_id, technique)
    raise AssertionError("the technique exists after all")  # pragma: no cover - found meanwhile


def _params(
    team_id: str, technique_id: int, user_id: str, ring: Ring, why: str | None, now: datetime
) -> dict[str, Any]:
    return {
        "team_id": team_id,
        "technique_id": technique_id,
        "user_id": user_id,
        "ring": ring.value,
        "why": why,
        "now": now,
    }


@cache
def _writes(dialect: str) -> tuple[Any, Any]:
    """The vote's two statements, built once per dialect with bound parameters (see
    :func:`_params`): building them for every vote cost more than the database's own work.

    The upsert of the current vote, then an INSERT … SELECT of the history row, its
    ``from_ring`` the person's previous vote, RETURNING it (SQLite and PostgreSQL alike).
    """
    votes: Any = Vote.__table__  # type: ignore[attr-defined]
    history: Any = VoteChange.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = insert(votes).values(
        team_id=bindparam("team_id"),
        technique_id=bindparam("technique_id"),
        user_id=bindparam("user_id"),
        ring=bindparam("ring"),
        why=bindparam("why"),
        voted_at=bindparam("now"),
    )
    # A vote without a reason keeps the old reason only when the ring did not change.
    kept_why = func.coalesce(upsert.excluded.why, case((votes.c.ring == upsert.excluded.ring, votes.c.why), else_=None))
    upsert = upsert.on_conflict_do_update(
        index_elements=[votes.c.team_id, votes.c.technique_id, votes.c.user_id],
        set_={"ring": upsert.excluded.ring, "voted_at": upsert.excluded.voted_at, "why": kept_why},
    )
    c = history.c
    before = (
        sa_select(c.to_ring)
        .where(c.team_id == bindparam("team_id"), c.technique_id == bindparam("technique_id"))
        .where(c.user_id == bindparam("user_id"))
        .order_by(c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    values = sa_select(
        bindparam("team_id", type_=c.team_id.type),
        bindparam("technique_id", type_=c.technique_id.type),
        bindparam("user_id", type_=c.user_id.type),
        before,
        bindparam("ring", type_=c.to_ring.type),
        bindparam("why", type_=c.why.type),
        bindparam("now", type_=c.at.type),
    )
    columns = ["team_id", "technique_id", "user_id", "from_ring", "to_ring", "why", "at"]
    return upsert, history.insert().from_select(columns, values).returning(c.from_ring)


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
