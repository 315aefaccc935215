"""/gutcheck runs and /gutcheck unlog: numbered runs, mistyped ones taken out with a reason and kept."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assay.errors import UserError
from assay.runtime import Runtime
from assay.services.gutcheck.history import gutcheck_events_for_technique
from assay.storage.models import GutCheckCorrection, GutCheckRun, Technique
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


@pytest.fixture
def g1(any_runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_runtime, "/paper add 2401.00001")
    with any_runtime.db.session() as s:
        s.add(Technique(team_id="T1", name="ToMe", name_key="tome", ring="ASSESS", created_at=any_runtime.clock.now()))
    run(any_runtime, '/gutcheck start P1 claim="5% better" metric=accuracy claimed-lift=5% technique=tome')
    run(any_runtime, "/gutcheck log G1 baseline 0.70 0.71 0.69 0.70 0.71 seeds=1,2,3,4,5")
    run(any_runtime, "/gutcheck log G1 method 0.74 0.76 0.73 0.745 0.752 seeds=1,2,3,4,5")
    return "G1"


def test_runs_are_numbered_in_logged_order_with_seed_and_who(any_runtime: Runtime, g1: str) -> None:
    reply = run(any_runtime, "/gutcheck runs G1")
    assert reply.data is not None
    numbered = [(r["number"], r["arm"], r["value"], r["seed"], r["unlogged"]) for r in reply.data["runs"]]
    assert numbered[:2] == [(1, "baseline", 0.70, 1, False), (2, "baseline", 0.71, 2, False)]
    assert numbered[5] == (6, "method", 0.74, 1, False) and len(numbered) == 10
    text = text_of(reply)
    assert "#1 `baseline` 0.7 · seed 1" in text and "#10 `method` 0.752 · seed 5" in text


def test_unlog_takes_runs_out_keeps_them_and_recomputes_the_sequential_p(any_runtime: Runtime, g1: str) -> None:
    before = run(any_runtime, "/gutcheck status G1").data
    assert before is not None and before["verdict"] == "REPRODUCED"
    reply = run(any_runtime, '/gutcheck unlog G1 9 10 why="typed the wrong column"', user="U7")
    assert reply.data is not None
    assert reply.data["runs"] == [9, 10] and reply.data["why"] == "typed the wrong column" and reply.data["by"] == "U7"
    assert reply.data["p_before"] == pytest.approx(before["tests"]["sequential"]["p_value"], rel=1e-5)  # type: ignore[index]
    assert reply.data["p_after"] > reply.data["p_before"]  # fewer runs, less evidence: it can rise
    text = text_of(reply)
    assert (
        "runs #9, #10 unlogged (typed the wrong column): the sequential p-value was recomputed from the remaining runs"
        in text
    )
    status = run(any_runtime, "/gutcheck status G1").data
    assert status is not None and status["arms"]["method"]["n"] == 3  # type: ignore[index]
    assert status["tests"]["sequential"]["p_value"] == pytest.approx(reply.data["p_after"], rel=1e-5)  # type: ignore[index]
    with any_runtime.db.session() as s:
        rows = s.exec(select(GutCheckRun).order_by(GutCheckRun.id)).all()  # type: ignore[arg-type]
        assert len(rows) == 10 and [r.correction_id is not None for r in rows[-2:]] == [True, True]
        (correction,) = s.exec(select(GutCheckCorrection)).all()
        assert (correction.runs, correction.verdict_before) == ("9,10", "REPRODUCED")
    listing = run(any_runtime, "/gutcheck runs G1")
    assert "~#9 `method` 0.745 · seed 4" in text_of(listing) and "unlogged: typed the wrong column" in text_of(listing)
    assert "Corrections" in text_of(listing)
    assert [r["unlogged"] for r in listing.data["runs"]][-2:] == [True, True]  # type: ignore[index]


def test_the_technique_history_says_what_the_correction_changed(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, '/gutcheck unlog G1 10 why="duplicate"', user="U7")
    with any_runtime.db.session() as s:
        technique = s.exec(select(Technique)).one()
        events = gutcheck_events_for_technique(s, "T1", technique.id or 0)
    (correction,) = [e for e in events if "unlogged" in e["why"]]
    assert correction["by"] == "U7"
    assert correction["why"].startswith("Gut check G1 on P1: run #10 unlogged (duplicate): the sequential p-value")


def test_an_unlogged_run_frees_its_seed_for_the_right_value(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, '/gutcheck unlog G1 #10 why="0.57 was a typo"')
    logged = run(any_runtime, "/gutcheck log G1 method 0.752 seeds=5")
    assert logged.data is not None and logged.data["runs"] == {"baseline": 5, "method": 5} and logged.data["paired"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('G1 11 why="x"', "G1 has no run #11: it has runs #1 to #10"),
        ('G1 3 3 why="x"', "given twice"),
        ('G1 three why="x"', "is not a run number"),
        ("G1 3", "`why` is missing"),
        ('G1 why="x"', "`numbers` is missing"),
        ("G1 " + " ".join(str(n) for n in range(1, 42)) + ' why="x"', "at most 40 runs at a time"),
    ],
)
def test_bad_unlogs_are_refused_and_change_nothing(any_runtime: Runtime, g1: str, text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        run(any_runtime, f"/gutcheck unlog {text}")
    with any_runtime.db.session() as s:
        assert s.exec(select(GutCheckCorrection)).all() == []


def test_a_run_is_unlogged_once_and_a_killed_gut_check_keeps_its_runs(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, '/gutcheck unlog G1 2 why="typo"')
    with pytest.raises(UserError, match="#2 already unlogged"):
        run(any_runtime, '/gutcheck unlog G1 2 why="again"')
    run(any_runtime, '/gutcheck decide G1 kill why="done"')
    with pytest.raises(UserError, match="G1 was killed: its runs are final"):
        run(any_runtime, '/gutcheck unlog G1 3 why="late"')


def test_unlogging_in_another_workspace_finds_nothing(any_runtime: Runtime, g1: str) -> None:
    from assay.errors import NotFound

    with pytest.raises(NotFound):
        run(any_runtime, '/gutcheck unlog G1 1 why="x"', team="T2")
