"""/gutcheck log: runs are finite numbers, per arm; seeds pair runs across arms."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.storage.models import GutCheck, GutCheckRun
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


@pytest.fixture
def g1(any_runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_runtime, "/paper add 2401.00001")
    run(any_runtime, '/gutcheck start P1 claim="40% better" metric=accuracy claimed-lift=40%')
    return "G1"


def _runs(runtime: Runtime) -> list[tuple[str, float, int | None]]:
    with runtime.db.session() as s:
        rows = s.exec(select(GutCheckRun).order_by(GutCheckRun.id)).all()  # type: ignore[arg-type]
        return [(r.arm, r.value, r.seed) for r in rows]


def test_log_stores_each_run_with_its_seed_and_counts_the_arms(any_runtime: Runtime, g1: str) -> None:
    reply = run(any_runtime, "/gutcheck log G1 Baseline 0.70 1e-1 -2 seeds=1,2,3", user="U5")
    assert _runs(any_runtime) == [("baseline", 0.70, 1), ("baseline", 0.1, 2), ("baseline", -2.0, 3)]
    assert reply.data is not None and reply.data["runs"] == {"baseline": 3} and reply.data["logged"] == 3
    assert reply.data["verdict"] == "INSUFFICIENT_DATA"
    assert "Logged 3 runs for `baseline` in G1" in text_of(reply) and "Log 3 more method runs" in text_of(reply)


def test_same_seeds_in_two_arms_pair_the_runs(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, "/gutcheck log G1 baseline 0.70 0.71 0.69 seeds=7,8,9")
    reply = run(any_runtime, "/gutcheck log G1 method 0.72 0.74 0.70 seeds=9,7,8")
    assert reply.data is not None and reply.data["paired"] is True
    status = run(any_runtime, "/gutcheck status G1").data
    assert status is not None and status["paired"] is True and status["tests"]["paired_t"] is not None
    # pairs are matched by seed, not by order: differences 0.70-0.69=0.01, 0.72-0.70, 0.74-0.71
    assert status["diff"]["mean"] == pytest.approx((0.01 + 0.02 + 0.03) / 3)


def test_runs_without_seeds_are_independent(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, "/gutcheck log G1 baseline 0.70 0.71 0.69")
    status = run(any_runtime, "/gutcheck log G1 method 0.72 0.74 0.70").data
    assert status is not None and status["paired"] is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("G1 method 0.7 nan 0.8", "`nan` is not a finite number"),
        ("G1 method 0.7 inf", "`inf` is not a finite number"),
        ("G1 method -Infinity", "not a finite number"),
        ("G1 method 0.7 abc", "`abc` is not a number"),
        ("G1 method 1e400", "too large"),
        ("G1 method 0.7 1_000", "`1_000` is not a number"),
        ("G1 method 0.7 0.8 seeds=1", "2 values but 1 seed"),
        ("G1 method 0.7 0.8 seeds=1,1", "seed 1 is given twice"),
        ("G1 method 0.7 seeds=x", "not a seed"),
        ("G1 method 0.7 seeds=99999999999", "out of range"),
        ("G1 0.7 0.8", "looks like a run value, not an arm"),
        ("G1 my*arm 0.7", "not an arm name"),
        (f"G1 {'a' * 201} 0.7", "An arm name is 201 characters long; the limit is 200 characters"),
        ("G1 method", "`values` is missing"),
        ("G9 method 0.7", "no gut check G9"),
        ("X1 method 0.7", "is not a gut check"),
    ],
)
def test_bad_runs_are_refused_with_a_clear_message_and_nothing_is_stored(
    any_runtime: Runtime, g1: str, text: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        run(any_runtime, f"/gutcheck log {text}")
    assert _runs(any_runtime) == []


def test_a_seed_is_logged_once_per_arm(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, "/gutcheck log G1 method 0.7 0.8 seeds=1,2")
    with pytest.raises(UserError, match="Seed 2 already logged for arm `method` in G1"):
        run(any_runtime, "/gutcheck log G1 method 0.9 0.6 seeds=3,2")
    run(any_runtime, "/gutcheck log G1 baseline 0.7 0.8 seeds=1,2")  # the same seeds in another arm pair up
    assert len(_runs(any_runtime)) == 4


def test_a_gut_check_has_at_most_twelve_arms(any_runtime: Runtime, g1: str) -> None:
    for i in range(12):
        run(any_runtime, f"/gutcheck log G1 arm{i} 0.5")
    with pytest.raises(UserError, match="already has 12 arms"):
        run(any_runtime, "/gutcheck log G1 arm12 0.5")
    run(any_runtime, "/gutcheck log G1 arm3 0.6")  # an existing arm still takes runs


def test_logging_into_a_killed_gut_check_is_refused(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, '/gutcheck decide G1 kill why="the baseline moved"')
    with pytest.raises(UserError, match="G1 was killed: no more runs go into it"):
        run(any_runtime, "/gutcheck log G1 method 0.7")
    assert _runs(any_runtime) == []


def test_other_workspaces_cannot_log_into_a_gut_check(any_runtime: Runtime, g1: str) -> None:
    with pytest.raises(NotFound):
        run(any_runtime, "/gutcheck log G1 method 0.7", team="T2")
    assert _runs(any_runtime) == []


def test_concurrent_logs_keep_every_run_and_the_verdict_of_all_of_them(any_runtime: Runtime, g1: str) -> None:
    lines = [
        f"/gutcheck log G1 {arm} {values}"
        for arm, values in (
            ("baseline", "0.700 0.702 0.698 0.701 0.699"),
            ("method", "0.701 0.703 0.699 0.700 0.702"),
            ("baseline", "0.700 0.701"),
            ("method", "0.699 0.702"),
        )
    ]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda line: run(any_runtime, line), lines))
    assert len(_runs(any_runtime)) == 14
    status = run(any_runtime, "/gutcheck status G1").data
    assert status is not None and status["arms"]["baseline"]["n"] == 7 and status["arms"]["method"]["n"] == 7
    with any_runtime.db.session() as s:
        assert s.exec(select(GutCheck)).one().last_verdict == status["verdict"] == "NOT_REPRODUCED"
