"""The base of every table."""

from __future__ import annotations

from pydantic import ConfigDict
from sqlmodel import SQLModel


class Table(SQLModel):
    """A table row. Pydantic builds a row's validator and serializer only when one is first
    asked for: rows are made without validation, so most processes never ask, and building
    them for every table cost every start about 15 ms."""

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]  # SQLModel types it as its own TypedDict
