"""A day's memory of outside answers, in the database so that every process shares it.

Only answers a service meant are kept: a paper's data, or "no such paper". Failures (timeouts,
429, garbage) are never cached, so the next call asks again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from assay.clock import Clock
from assay.storage.engine import Database
from assay.storage.models import SignalAnswer

MAX_AGE = timedelta(days=1)
FORGET_AFTER = timedelta(days=7)
_CHUNK = 500  # keys per IN (...) query


@dataclass(frozen=True)
class Remembered:
    value: dict[str, Any] | None  # None: the service said it does not know the paper
    fetched_at: datetime


class AnswerCache:
    def __init__(self, db: Database, clock: Clock, max_age: timedelta = MAX_AGE) -> None:
        self.db = db
        self.clock = clock
        self.max_age = max_age

    def get(self, service: str, key: str) -> Remembered | None:
        return self.get_many(service, [key]).get(key)

    def get_many(self, service: str, keys: Iterable[str], max_age: timedelta | None = None) -> dict[str, Remembered]:
        """The fresh answers (younger than ``max_age``, default the cache's day) among ``keys``."""
        wanted = list(dict.fromkeys(keys))
        since = self.clock.now() - (self.max_age if max_age is None else max_age)
        found: dict[str, Remembered] = {}
        with self.db.session() as session:
            for start in range(0, len(wanted), _CHUNK):
                query = select(SignalAnswer).where(
                    col(SignalAnswer.service) == service,
                    col(SignalAnswer.key).in_(wanted[start : start + _CHUNK]),
                    col(SignalAnswer.fetched_at) > since,
                )
                for row in session.execute(query).scalars():
                    found[row.key] = Remembered(row.value if row.found else None, row.fetched_at)
        return found

    def put(self, service: str, key: str, value: dict[str, Any] | None) -> datetime:
        return self.put_many(service, {key: value})

    def put_many(self, service: str, answers: Mapping[str, dict[str, Any] | None]) -> datetime:
        """Remember the answers (None: "no such paper") as of now; returns that instant.

        An upsert, so concurrent processes asking about the same paper never collide.
        """
        now = self.clock.now()
        if not answers:
            return now
        rows = [
            {"service": service, "key": key, "found": value is not None, "value": value, "fetched_at": now}
            for key, value in answers.items()
        ]
        with self.db.session() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            for start in range(0, len(rows), _CHUNK):
                statement = insert(SignalAnswer).values(rows[start : start + _CHUNK])
                statement = statement.on_conflict_do_update(
                    index_elements=["service", "key"],
                    set_={
                        "found": statement.excluded.found,
                        "value": statement.excluded.value,
                        "fetched_at": statement.excluded.fetched_at,
                    },
                )
                session.execute(statement)
        return now

    def forget_old(self) -> int:
        """Drop answers older than a week (they are never read again); returns how many."""
        with self.db.session() as session:
            result = session.execute(
                delete(SignalAnswer).where(col(SignalAnswer.fetched_at) < self.clock.now() - FORGET_AFTER)
            )
            return int(getattr(result, "rowcount", 0) or 0)
