"""Casting a vote: the write on the acknowledgement path of ``/radar vote`` and the vote buttons.

The current vote is upserted (``INSERT … ON CONFLICT (team_id, technique_id, user_id) DO
UPDATE``) so concurrent votes never lose one and never make two rows for one person, on
SQLite and PostgreSQL alike; the history row (``VoteChange``) is written in the same
transaction. The statements are built once per dialect and run on the DB-API connection
(``Database.writing``): building and executing them through SQLAlchemy for every vote cost
several times the database's own work, and an acknowledgement waits for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, func
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.radar.rules import MAX_REASON_LENGTH, Ring, reason_too_long, technique_key
from assay.services.radar.techniques import find_technique, technique_by_id
from assay.services.radar.votes import Tally, empty_tally
from assay.storage.models import Technique, Vote, VoteChange
from assay.storage.raw import Prepared, RawUnit


@dataclass(frozen=True)
class Voted:
    """The technique a vote went to, as the acknowledgement names it."""

    id: int
    name: str
    ring: str  # its official ring


@dataclass(frozen=True)
class RecordedVote:
    technique: Voted
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
    is acknowledged before it: the follow-up counts it, :func:`assay.services.radar.votes.tallies`).

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
    statements = _statements(rt.db.engine.dialect)
    try:
        with rt.db.writing() as unit:
            found = _technique(unit, statements, ctx.team_id, technique)
            if found is None:  # unknown: NotFound, with the hint of the nearest name
                _missing(ctx, technique)
                raise AssertionError("the technique exists after all")  # pragma: no cover - added meanwhile
            values = {
                "team_id": ctx.team_id,
                "technique_id": found.id,
                "user_id": ctx.user_id,
                "ring": ring.value,
                "why": why,
                "now": now,
            }
            unit.run(statements.upsert, values)
            # The upsert holds this person's vote row until commit, so the newest history entry
            # read now is the vote this one replaces, even when the same person votes twice at
            # once; it is read by the very statement that adds this vote to the history.
            previous = unit.one(statements.history, values)
            rows = unit.all(statements.tally, values) if count else []
    except IntegrityError:  # PostgreSQL: the technique was removed since it was looked up
        _missing(ctx, technique)
        raise  # pragma: no cover - it is still there: the error was another one
    assert previous is not None
    recorded = RecordedVote(found, ring, Ring(previous[0]) if previous[0] else None)
    if not count:
        return recorded, None
    tally = empty_tally()
    for ring_word, n in rows:
        tally[Ring(ring_word)] = int(n)
    return recorded, tally


def _technique(unit: RawUnit, statements: _Statements, team_id: str, technique: str | int) -> Voted | None:
    """The technique voted on, by row id (a button) or name (any case); None when this
    workspace has no such technique."""
    if isinstance(technique, int):
        row = unit.one(statements.by_id, {"team_id": team_id, "id": technique})
    else:
        row = unit.one(statements.by_key, {"team_id": team_id, "key": technique_key(technique)})
    return None if row is None else Voted(int(row[0]), str(row[1]), str(row[2]))


def _missing(ctx: Ctx, technique: str | int) -> None:
    """Raise the NotFound (or UserError, for an invalid name) the lookups raise when the
    technique is not there; return when it is."""
    with ctx.runtime.db.reading() as session:
        if isinstance(technique, int):
            technique_by_id(session, ctx.team_id, technique)
        else:
            find_technique(session, ctx.team_id, technique)


@dataclass(frozen=True)
class _Statements:
    by_id: Prepared
    by_key: Prepared
    upsert: Prepared
    history: Prepared
    tally: Prepared


@cache
def _statements(dialect: Dialect) -> _Statements:
    """The vote's statements, compiled once per dialect, with named parameters: ``team_id``,
    ``technique_id``, ``user_id``, ``ring``, ``why``, ``now`` (and ``id`` or ``key`` to look
    the technique up).

    The upsert of the current vote, then an INSERT … SELECT of the history row, its
    ``from_ring`` the person's previous vote, RETURNING it (SQLite and PostgreSQL alike).
    """
    techniques: Any = Technique.__table__  # type: ignore[attr-defined]
    votes: Any = Vote.__table__  # type: ignore[attr-defined]
    history: Any = VoteChange.__table__  # type: ignore[attr-defined]
    t = techniques.c
    lookup = sa_select(t.id, t.name, t.ring).where(t.team_id == bindparam("team_id"))
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
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
    upsert = upsert.inline().on_conflict_do_update(  # inline: no RETURNING of the new row's id
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
    v = votes.c
    tally = (
        sa_select(v.ring, func.count())
        .where(v.team_id == bindparam("team_id"), v.technique_id == bindparam("technique_id"))
        .group_by(v.ring)
    )
    return _Statements(
        by_id=Prepared(lookup.where(t.id == bindparam("id")), dialect),
        by_key=Prepared(lookup.where(t.name_key == bindparam("key")), dialect),
        upsert=Prepared(upsert, dialect),
        history=Prepared(history.insert().from_select(columns, values).returning(c.from_ring), dialect),
        tally=Prepared(tally, dialect),
    )
