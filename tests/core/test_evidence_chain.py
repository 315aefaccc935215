"""A gut check links a paper and a technique: its verdict shows on both."""

from __future__ import annotations

from assay.runtime import Runtime
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


def test_verdict_and_decision_reach_the_paper_and_the_radar_history(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2610.01234", "Sparse Routers"))
    run(runtime, "/paper add 2610.01234")
    run(runtime, '/radar add "sparse routers" owner=<@U1> next="reproduce"')
    run(runtime, '/gutcheck start P1 claim="40% lift" metric=acc claimed-lift=40% technique="sparse routers"')
    run(runtime, "/gutcheck log G1 baseline 0.50 0.51 0.49 0.50 0.52")
    run(runtime, "/gutcheck log G1 method 0.50 0.49 0.51 0.50 0.50")
    run(runtime, '/gutcheck decide G1 kill why="the lift did not survive"')

    shown = run(runtime, "/paper show P1").data
    assert shown is not None and shown["gut_checks"][0]["id"] == "G1"
    assert shown["gut_checks"][0]["verdict"] == "NOT_REPRODUCED"

    history = run(runtime, '/radar history "sparse routers"')
    assert history.data is not None
    events = history.data["gut_checks"]
    assert [e["why"].split(":")[0] for e in events] == [
        "Gut check G1 on P1",
        "Gut check G1 on P1 decided kill (verdict NOT_REPRODUCED)",
    ]
    assert "The claimed 40% lift did not survive" in events[0]["why"]
    assert "🧪" in text_of(history) and "decided kill" in text_of(history)
    assert [m["to"] for m in history.data["moves"]] == ["ASSESS"]  # gut checks never fake a ring move
