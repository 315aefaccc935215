"""Every kind of typed field at its limit and one past it (SPEC section 7): names take 200
characters, text 4,000. At the limit it is stored verbatim; past it the refusal names the
limit and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from assay.errors import UserError
from assay.limits import NAME_MAX, TEXT_MAX
from assay.runtime import Runtime
from assay.storage.models import (
    GateRecord,
    GutCheck,
    GutCheckCorrection,
    GutCheckDecision,
    GutCheckRun,
    Paper,
    PassNote,
    Prediction,
    RadarMove,
    ReviewNomination,
    Technique,
    Vote,
)
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.snapshots import SNAPSHOTS
from tests.workspaces import rows_by_team


@dataclass(frozen=True)
class Field:
    """A command with one typed field (``{}`` is where the value goes) and where it is kept."""

    line: str
    model: type[SQLModel]
    column: str
    limit: int
    first: str | None = None  # run before the accepted one, with the same value

    def __str__(self) -> str:
        return f"{self.line.split(' ')[0]} {self.model.__name__}.{self.column}"


TEXT_FIELDS = [
    Field('/radar add Medusa next="{}"', Technique, "next_action", TEXT_MAX),
    Field('/radar add Medusa description="{}"', Technique, "description", TEXT_MAX),
    Field('/radar vote LoRA TRIAL why="{}"', Vote, "why", TEXT_MAX),
    Field('/radar move LoRA HOLD why="{}"', RadarMove, "why", TEXT_MAX),
    Field('/radar gate LoRA discovery yes why="{}"', GateRecord, "why", TEXT_MAX),
    Field('/gutcheck start P1 claim="{}" metric=accuracy', GutCheck, "claim", TEXT_MAX),
    Field('/gutcheck start P1 claim=c metric=accuracy kill="{}"', GutCheck, "kill", TEXT_MAX),
    Field('/gutcheck start P1 claim=c metric=accuracy success="{}"', GutCheck, "success", TEXT_MAX),
    Field('/gutcheck decide G1 continue why="{}"', GutCheckDecision, "why", TEXT_MAX),
    Field('/gutcheck unlog G1 1 why="{}"', GutCheckCorrection, "why", TEXT_MAX),
    Field('/paper drop P1 reason="{}"', Paper, "dropped_reason", TEXT_MAX),
    Field('/pass 1 P1 claim="{}" decision=continue', PassNote, "claim", TEXT_MAX),
    Field('/pass 1 P1 summary="{}" claim=c decision=continue', PassNote, "summary", TEXT_MAX),
    Field('/predict P1 "{}" by=2026-12-15', Prediction, "statement", TEXT_MAX),
    Field('/review nominate P1 why="{}"', ReviewNomination, "why", TEXT_MAX),
]
NAME_FIELDS = [
    Field('/radar add "{}"', Technique, "name", NAME_MAX),
    Field("/gutcheck start P1 claim=c metric={}", GutCheck, "metric", NAME_MAX),
    Field("/gutcheck log G1 {} 0.5 0.6 0.7", GutCheckRun, "arm", NAME_MAX),
    Field("/paper add 2611.00009 technique={}", Paper, "technique_hint", NAME_MAX, first='/radar add "{}"'),
]


def _typed(length: int, *, name: bool) -> str:
    """Text as people write it (words, punctuation, a non-ASCII letter), exactly ``length`` long."""
    if name:
        return ("adapter-é" * length)[:length]
    return ("Retained 40% of the lift, é & <b>ok</b>; " * (length // 40 + 1))[: length - 1] + "."


def fill_for_limits(runtime: Runtime) -> None:
    """P1, the technique LoRA and the gut check G1 with a baseline: what the fields name."""
    store_paper(runtime, "Sparse adapters", team="T1")
    run(runtime, "/radar add LoRA")
    run(runtime, "/gutcheck start P1 claim=c metric=accuracy")
    run(runtime, "/gutcheck log G1 baseline 0.5 0.6 0.7")


@pytest.fixture
def workspace(any_runtime: Runtime, fake_arxiv: Any) -> Iterator[Runtime]:
    from tests.fakes.atom import AtomEntry

    fake_arxiv.add(AtomEntry("2611.00009", "Adapters again"))
    SNAPSHOTS.built(any_runtime, fill_for_limits)  # the commands the first time, their rows after that
    yield any_runtime


def _stored(runtime: Runtime, field: Field) -> list[Any]:
    with runtime.db.session() as session:
        return list(session.exec(select(getattr(field.model, field.column))).all())


@pytest.mark.parametrize("field", TEXT_FIELDS + NAME_FIELDS, ids=str)
def test_a_field_at_its_limit_is_stored_verbatim_and_one_more_character_is_refused(
    workspace: Runtime, field: Field
) -> None:
    name = field in NAME_FIELDS
    at_limit, past = _typed(field.limit, name=name), _typed(field.limit + 1, name=name)
    before = rows_by_team(workspace)
    with pytest.raises(UserError) as refused:
        run(workspace, field.line.format(past))
    assert f"is {field.limit + 1:,} characters long; the limit is {field.limit:,} characters" in refused.value.message
    assert rows_by_team(workspace) == before and past not in _stored(workspace, field)
    if field.first:
        run(workspace, field.first.format(at_limit))
    run(workspace, field.line.format(at_limit))
    stored = at_limit.casefold() if field.column == "arm" else at_limit  # arms are case-folded
    assert stored in _stored(workspace, field)
