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

from sqlalchemy import bindparam, case, func, literal_column
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.radar.rules import MAX_REASON_LENGTH, Ring, reason_too_long, technique_key
from assay.services.radar.techniques import find_technique, technique_by_id
from assay.services.radar.votes import Tally, empty_tally, tallies
from assay.storage.models import Technique, Vote, VoteChange
from assay.storage.raw import Prepared


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
    """:func:`record_vote`, and the technique's tally counted right after (it includes the vote)."""
    recorded = record_vote(ctx, technique, ring, why)
    with ctx.runtime.db.reading() as session:
        tally = tallies(session, ctx.team_id, [recorded.technique.id]).get(recorded.technique.id, empty_tally())
    return VoteOutcome(recorded.technique, recorded.ring, recorded.previous, tally)


def record_vote(ctx: Ctx, technique: str | int, ring: Ring, why: str | None = None) -> RecordedVote:
    """Record ``ctx.user_id``'s vote: the first, a change (kept in the history) or the same
    ring again (a new ``why`` replaces the old one). The tally is not counted here (a vote
    is acknowledged before it: the follow-up counts it, :func:`assay.services.radar.votes.tallies`).

    ``technique`` is a name (any case) or, from a button, a row id. Raises NotFound for an
    unknown technique and UserError for an over-long reason; nothing is stored then.
    """
    if why is not None and len(why) > MAX_REASON_LENGTH:
        raise UserError(reason_too_long(why))
    rt = ctx.runtime
    by_id = isinstance(technique, int)
    statements = _statements(rt.db.engine.dialect, by_id)
    values = {
        "team_id": ctx.team_id,
        "technique": technique if by_id else technique_key(str(technique)),
        "user_id": ctx.user_id,
        "ring": ring.value,
        "why": why,
        "now": rt.clock.now(),
    }
    written = None
    with rt.db.writing() as unit:
        unit.run(statements.upsert, values)  # finds the technique as it writes: no row, no vote
        if unit.cursor.rowcount:
            # The upsert holds this person's vote row until commit, so the newest history entry
            # read now is the vote this one replaces, even when the same person votes twice at
            # once; it is read by the very statement that adds this vote to the history.
            written = unit.one(statements.history, values)
    if written is None:  # no such technique, nothing written: NotFound, with the nearest name
        _missing(ctx, technique)  # read after SQLite's one writer is let go
        raise AssertionError("the technique exists after all")  # pragma: no cover - added meanwhile
    previous, technique_id, name, official = written
    return RecordedVote(Voted(int(technique_id), str(name), str(official)), ring, Ring(previous) if previous else None)


def _missing(ctx: Ctx, technique: str | int) -> None:
    """Raise the NotFound (or UserError, for an invalid name) the lookups raise when the
    technique is not there."""
    with ctx.runtime.db.reading() as session:
        if isinstance(technique, int):
            technique_by_id(session, ctx.team_id, technique)
        else:
            find_technique(session, ctx.team_id, technique)


@dataclass(frozen=True)
class _Statements:
    upsert: Prepared
    history: Prepared


@cache
def _statements(dialect: Dialect, by_id: bool) -> _Statements:
    """The vote's statements, compiled once per dialect and way of naming the technique (a
    row id from a button, or a name's key), with named parameters: ``team_id``,
    ``technique``, ``user_id``, ``ring``, ``why``, ``now``.

    Two statements, as few as the write needs, each finding the technique by itself: the
    upsert of the current vote (no row when there is no such technique), then an INSERT …
    SELECT of the history row, its ``from_ring`` the person's previous vote, RETURNING that,
    and the technique's id, name and official ring for the acknowledgement (SQLite and
    PostgreSQL alike).
    """
    techniques: Any = Technique.__table__  # type: ignore[attr-defined]
    votes: Any = Vote.__table__  # type: ignore[attr-defined]
    history: Any = VoteChange.__table__  # type: ignore[attr-defined]
    t = techniques.c
    chosen = (t.id if by_id else t.name_key) == bindparam("technique")
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    columns = ["team_id", "technique_id", "user_id", "ring", "why", "voted_at"]
    row = sa_select(
        bindparam("team_id", type_=votes.c.team_id.type),
        t.id,
        bindparam("user_id", type_=votes.c.user_id.type),
        bindparam("ring", type_=votes.c.ring.type),
        bindparam("why", type_=votes.c.why.type),
        bindparam("now", type_=votes.c.voted_at.type),
    ).where(t.team_id == bindparam("team_id"), chosen)
    upsert = insert(votes).from_select(columns, row)
    # A vote without a reason keeps the old reason only when the ring did not change.
    kept_why = func.coalesce(upsert.excluded.why, case((votes.c.ring == upsert.excluded.ring, votes.c.why), else_=None))
    upsert = upsert.inline().on_conflict_do_update(  # inline: no RETURNING of the new row's id
        index_elements=[votes.c.team_id, votes.c.technique_id, votes.c.user_id],
        set_={"ring": upsert.excluded.ring, "voted_at": upsert.excluded.voted_at, "why": kept_why},
    )
    c = history.c
    before = (
        sa_select(c.to_ring)
        .where(c.team_id == bindparam("team_id"), c.technique_id == t.id, c.user_id == bindparam("user_id"))
        .order_by(c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    entry = sa_select(
        bindparam("team_id", type_=c.team_id.type),
        t.id,
        bindparam("user_id", type_=c.user_id.type),
        before,
        bindparam("ring", type_=c.to_ring.type),
        bindparam("why", type_=c.why.type),
        bindparam("now", type_=c.at.type),
    ).where(t.team_id == bindparam("team_id"), chosen)

    def about(column: str) -> Any:  # written out: SQLAlchemy does not correlate into RETURNING
        return literal_column(
            f"(SELECT named.{column} FROM {techniques.name} AS named WHERE named.id = {history.name}.technique_id)"
        )

    add = history.insert().from_select(
        ["team_id", "technique_id", "user_id", "from_ring", "to_ring", "why", "at"], entry
    )
    return _Statements(
        upsert=Prepared(upsert, dialect),
        history=Prepared(add.returning(c.from_ring, c.technique_id, about("name"), about("ring")), dialect),
    )
