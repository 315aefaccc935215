"""What a build left in an empty database, kept in memory for the rest of the test process.

Filling a workspace through its commands is the slow part of the tests that need one. The
first time a build runs in this process (per backend, clock instant and time zone) it runs for
real, on an empty database; every row of every table is then read back and kept, with, on
PostgreSQL, the state of each table's id sequence. The next time the same build is asked for
on an empty database, those rows are inserted as they were, in one transaction, and the
sequences set as the build left them: the test cannot tell the two apart, and later inserts get
the ids they would have got. On a database that is not empty the build always runs for real.

A build must be a module-level function of the runtime and hashable arguments, and must change
nothing but the database (no files, no calls to a fake, no state of the runtime): the commands
a fill runs write rows and nothing else. ``tests/storage/test_snapshots.py`` checks, row by row
on every backend, that what is restored is what the build makes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, Table, exists, func, literal, or_, select, text
from sqlmodel import SQLModel

import assay.storage.models  # noqa: F401  (every table on SQLModel.metadata)
from assay.clock import FixedClock
from assay.runtime import Runtime

Build = Callable[..., None]


@dataclass(frozen=True)
class Sequence:
    """An id sequence as a build left it (PostgreSQL): what ``setval`` puts back."""

    name: str
    last_value: int
    is_called: bool


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, list[dict[str, Any]]]  # table → its rows (column key → value), by primary key
    sequences: tuple[Sequence, ...]


def tables() -> list[Table]:
    """Every table, parents before children: the order rows can be inserted in."""
    return list(SQLModel.metadata.sorted_tables)


def is_empty(conn: Connection) -> bool:
    """True when no table has a row (one query)."""
    return not conn.execute(select(or_(*(exists().select_from(table) for table in tables())))).scalar()


def capture(conn: Connection) -> Snapshot:
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in tables():
        keys = [column.key for column in table.c]
        result = conn.execute(select(table).order_by(*table.primary_key.columns))
        rows[table.name] = [dict(zip(keys, row, strict=True)) for row in result]
    return Snapshot(rows, _sequences(conn))


def restore(conn: Connection, snapshot: Snapshot) -> None:
    """Insert the snapshot's rows (into an empty database) and set its sequences."""
    for table in tables():
        if snapshot.rows[table.name]:
            conn.execute(table.insert(), snapshot.rows[table.name])
    for sequence in snapshot.sequences:
        conn.execute(
            text("SELECT setval(:name, :value, :called)"),
            {"name": sequence.name, "value": sequence.last_value, "called": sequence.is_called},
        )


def _sequences(conn: Connection) -> tuple[Sequence, ...]:
    """PostgreSQL: the id sequence of every table with a serial key, as it stands now."""
    if conn.dialect.name != "postgresql":
        return ()  # SQLite: the next id is the largest one plus one, so the rows say it all
    serial = [
        (table.name, column.name)
        for table in tables()
        for column in table.primary_key.columns
        if isinstance(column.type, Integer)
    ]
    names = conn.execute(select(*(func.pg_get_serial_sequence(literal(t), literal(c)) for t, c in serial))).one()
    found = []
    for name in names:
        if name is not None:
            last_value, is_called = conn.execute(text(f"SELECT last_value, is_called FROM {name}")).one()
            found.append(Sequence(name, int(last_value), bool(is_called)))
    return tuple(found)


class SnapshotCache:
    """Snapshots by build, its arguments and what else it reads (backend, clock, time zone)."""

    def __init__(self) -> None:
        self._snapshots: dict[Hashable, Snapshot] = {}
        self._rebuilding = False
        self.restores = 0  # how many builds were restored rather than run

    def built(self, runtime: Runtime, build: Build, *args: Hashable) -> bool:
        """Leave in ``runtime``'s database what ``build(runtime, *args)`` leaves there; True when
        restored from a snapshot, False when the build ran."""
        key = self._key(runtime, build, args)
        with runtime.db.reading() as session:
            empty = is_empty(session.connection())
        snapshot = self._snapshots.get(key) if empty and not self._rebuilding else None
        if snapshot is not None:
            with runtime.db.session() as session:
                restore(session.connection(), snapshot)
            self.restores += 1
            return True
        build(runtime, *args)
        if empty and key is not None and self._key(runtime, build, args) == key:
            with runtime.db.reading() as session:
                self._snapshots[key] = capture(session.connection())
        return False

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Every build in the block runs for real (nested ones too), and its snapshot is taken anew."""
        before, self._rebuilding = self._rebuilding, True
        try:
            yield
        finally:
            self._rebuilding = before

    @staticmethod
    def _key(runtime: Runtime, build: Build, args: tuple[Hashable, ...]) -> Hashable | None:
        """None when the build's rows may differ from one run to the next: a clock that moves on
        its own, or a build that is not a module-level function (a closure's captured values
        are not in the key)."""
        if not isinstance(runtime.clock, FixedClock) or "<" in build.__qualname__:
            return None
        return (
            build.__module__,
            build.__qualname__,
            args,
            runtime.db.engine.dialect.name,
            runtime.clock.now(),
            runtime.settings.timezone,
        )


SNAPSHOTS = SnapshotCache()
