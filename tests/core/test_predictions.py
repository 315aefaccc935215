"""/predict: predictions with a review date, resolved later, and the team's Brier score."""

from __future__ import annotations

import pytest

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper


@pytest.fixture
def paper(any_runtime: Runtime) -> str:
    store_paper(any_runtime, "Mixture of Depths")
    return "P1"


def test_a_prediction_is_recorded_with_its_date_and_probability(any_runtime: Runtime, paper: str) -> None:
    reply = run(any_runtime, f'/predict {paper} "the 2x speed-up holds on our stack" by=2027-03-31 p=0.3')
    assert reply.data == {"id": "F1"}
    assert "F1" in text_of(reply) and "30%" in text_of(reply) and "2027-03-31" in text_of(reply)
    listed = run(any_runtime, "/predict list")
    assert listed.data is not None and listed.data["resolved"] == 0 and listed.data["brier"] is None
    (item,) = listed.data["open"]
    assert (item["id"], item["target"], item["p"], item["by"]) == ("F1", "P1", 0.3, "2027-03-31")


def test_a_technique_can_be_predicted_about_by_name(any_runtime: Runtime) -> None:
    run(any_runtime, '/radar add "Speculative decoding"')
    reply = run(any_runtime, '/predict "speculative decoding" "we adopt it by summer" by=2027-07-01 p=60%')
    assert reply.data == {"id": "F1"}
    assert run(any_runtime, "/predict list").data["open"][0]["target"] == "Speculative decoding"  # type: ignore[index]


def test_the_brier_score_covers_resolved_predictions_with_a_probability(any_runtime: Runtime, paper: str) -> None:
    for p in ("0.8", "0.3", "0.5"):
        run(any_runtime, f'/predict {paper} "claim at {p}" by=2027-01-01 p={p}')
    run(any_runtime, f'/predict {paper} "no probability" by=2027-01-01')
    for ref, outcome in (("F1", "true"), ("F2", "false"), ("F4", "true")):
        run(any_runtime, f"/predict resolve {ref} {outcome}")
    data = run(any_runtime, "/predict list").data
    assert data is not None and data["resolved"] == 3
    assert data["brier"] == pytest.approx(((0.8 - 1) ** 2 + (0.3 - 0) ** 2) / 2)
    assert [i["id"] for i in data["open"]] == ["F3"]


def test_a_person_gets_their_own_score_after_five(any_runtime: Runtime, paper: str) -> None:
    for n in range(5):
        run(any_runtime, f'/predict {paper} "claim {n}" by=2027-01-01 p=0.9', user="UALICE")
        run(any_runtime, f"/predict resolve F{n + 1} true")
    data = run(any_runtime, "/predict list").data
    assert data is not None and data["brier_by_person"] == {"UALICE": {"n": 5, "brier": pytest.approx(0.01)}}


def test_resolving_twice_keeps_the_first_answer(any_runtime: Runtime, paper: str) -> None:
    run(any_runtime, f'/predict {paper} "x" by=2027-01-01 p=0.5')
    run(any_runtime, "/predict resolve F1 yes")
    with pytest.raises(UserError, match="already resolved as true"):
        run(any_runtime, "/predict resolve F1 false")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('/predict P1 "x" by=2027-01-01 p=1.5', "out of range"),
        ('/predict P1 "x" by=2027-01-01 p=150%', "out of range"),
        ('/predict P1 "x" by=2027-01-01 p=likely', "not a probability"),
        ('/predict P1 "x" by=2026-11-20', "in the past"),
        ('/predict P1 "x" by=tomorrow', "not a date"),
        ('/predict P1 "x"', "by=YYYY-MM-DD"),
        ("/predict P1", "in quotes"),
        ("/predict P1 the speed-up holds by=2027-01-01", "double quotes"),
        ("/predict resolve F1 maybe", "not an outcome"),
        ("/predict resolve X1 true", "not a prediction"),
    ],
)
def test_bad_predictions_are_refused_clearly_and_nothing_is_stored(
    any_runtime: Runtime, paper: str, line: str, says: str
) -> None:
    with pytest.raises(UserError, match=says):
        run(any_runtime, line)
    assert run(any_runtime, "/predict list").data["open"] == []  # type: ignore[index]


@pytest.mark.parametrize(("target", "says"), [("P9", "no paper P9"), ("Quantum LoRA", "no technique")])
def test_unknown_targets_are_refused(any_runtime: Runtime, paper: str, target: str, says: str) -> None:
    with pytest.raises(NotFound, match=says):
        run(any_runtime, f'/predict "{target}" "x" by=2027-01-01')


def test_predictions_never_cross_workspaces(any_runtime: Runtime, paper: str) -> None:
    run(any_runtime, f'/predict {paper} "x" by=2027-01-01 p=0.5')
    assert run(any_runtime, "/predict list", team="T2").data["open"] == []  # type: ignore[index]
    with pytest.raises(NotFound):
        run(any_runtime, "/predict resolve F1 true", team="T2")
