"""Many people writing at once, on SQLite and PostgreSQL (votes and notes have their own tests in
tests/storage): paper adds, gut-check starts and logs, predictions, techniques. No write is
lost, no handle is given twice, and everyone gets an answer rather than an error."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from assay.replies import Reply
from assay.runtime import Runtime
from assay.storage.models import GutCheck, GutCheckRun, Paper, Prediction, Technique
from tests.conftest import Fakes
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.fakes.atom import AtomEntry

pytestmark = pytest.mark.timeout(120)
AT_ONCE = 8


def _at_once(runtime: Runtime, lines: list[str]) -> list[Reply]:
    def one(indexed: tuple[int, str]) -> Reply:
        number, line = indexed
        return run(runtime, line, user=f"U{number:03d}")

    with ThreadPoolExecutor(len(lines)) as pool:
        return list(pool.map(one, enumerate(lines)))


def _numbers(runtime: Runtime, model: type[SQLModel]) -> list[int]:
    with runtime.db.session() as s:
        return sorted(s.exec(select(model.number)).all())  # type: ignore[attr-defined]


def test_papers_added_at_once_each_get_their_own_handle(any_runtime: Runtime, fakes: Fakes) -> None:
    ids = [f"2611.{n:05d}" for n in range(1, AT_ONCE + 1)]
    for arxiv_id in ids:
        fakes.arxiv.add(AtomEntry(arxiv_id, f"Paper {arxiv_id}"))
    replies = _at_once(any_runtime, [f"/paper add {i}" for i in ids])
    handles = sorted(r.data["handle"] for r in replies)  # type: ignore[index]
    assert handles == sorted(f"P{n}" for n in range(1, AT_ONCE + 1))
    assert _numbers(any_runtime, Paper) == list(range(1, AT_ONCE + 1))


def test_the_same_paper_added_by_many_at_once_is_stored_once(any_runtime: Runtime, fakes: Fakes) -> None:
    fakes.arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    replies = _at_once(any_runtime, ["/paper add 1706.03762v5"] * AT_ONCE)
    assert {r.data["handle"] for r in replies} == {"P1"}  # type: ignore[index]
    assert _numbers(any_runtime, Paper) == [1]


@pytest.fixture
def paper(any_runtime: Runtime) -> Runtime:
    store_paper(any_runtime, "Token Merging")
    return any_runtime


def test_gut_checks_started_at_once_are_numbered_once_each(paper: Runtime) -> None:
    replies = _at_once(paper, [f'/gutcheck start P1 claim="claim {n}" metric=acc' for n in range(AT_ONCE)])
    assert sorted(r.data["id"] for r in replies) == sorted(f"G{n}" for n in range(1, AT_ONCE + 1))  # type: ignore[index]
    assert _numbers(paper, GutCheck) == list(range(1, AT_ONCE + 1))


def test_runs_logged_at_once_are_all_kept(paper: Runtime) -> None:
    run(paper, "/gutcheck start P1 claim=c metric=acc")
    lines = [f"/gutcheck log G1 {'baseline' if n % 2 else 'method'} {n}.1 {n}.2 {n}.3" for n in range(AT_ONCE)]
    _at_once(paper, lines)
    with paper.db.session() as s:
        values = sorted(s.exec(select(GutCheckRun.value)).all())
    assert values == sorted(float(f"{n}.{k}") for n in range(AT_ONCE) for k in (1, 2, 3))
    runs = run(paper, "/gutcheck runs G1").data
    assert [r["number"] for r in runs["runs"]] == list(range(1, 3 * AT_ONCE + 1))  # type: ignore[index]


def test_predictions_made_at_once_are_numbered_once_each(paper: Runtime) -> None:
    replies = _at_once(paper, [f'/predict P1 "guess {n}" by=2026-12-15' for n in range(AT_ONCE)])
    assert sorted(r.data["id"] for r in replies) == sorted(f"F{n}" for n in range(1, AT_ONCE + 1))  # type: ignore[index]
    assert _numbers(paper, Prediction) == list(range(1, AT_ONCE + 1))


def test_techniques_added_at_once_are_all_kept_and_a_name_once(paper: Runtime) -> None:
    lines = [f"/radar add Technique{n}" for n in range(AT_ONCE)] + ["/radar add Same"] * AT_ONCE
    outcomes: list[Any] = []

    def one(line: str) -> Any:
        try:
            return run(paper, line)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(len(lines)) as pool:
        outcomes = list(pool.map(one, lines))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == AT_ONCE - 1 and all("already on the radar" in str(e) for e in refused), refused
    with paper.db.session() as s:
        names = sorted(s.exec(select(Technique.name)).all())
    assert names == sorted([f"Technique{n}" for n in range(AT_ONCE)] + ["Same"])
