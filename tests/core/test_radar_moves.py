"""/radar move, history and gates: the rules, the record, and what moved since the last review."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from assay.clock import FixedClock
from assay.errors import UserError
from assay.runtime import Runtime
from assay.storage.models import Technique, Workspace
from tests.core.helpers import run, text_of


def moves(runtime: Runtime, name: str = "LoRA") -> list[dict[str, object]]:
    data = run(runtime, f'/radar history "{name}"').data
    assert data is not None
    return list(data["moves"])


def moved(runtime: Runtime) -> dict[str, str]:
    rows = run(runtime, "/radar").data["techniques"]  # type: ignore[index]
    return {r["name"]: r["moved"] for r in rows}


def review_now(runtime: Runtime, at: datetime) -> None:
    with runtime.db.session() as s:
        workspace = s.get(Workspace, "T1")
        assert workspace is not None
        workspace.last_review_at = at


def test_a_move_records_from_to_why_by_and_when(any_runtime: Runtime, clock: FixedClock) -> None:
    run(any_runtime, "/radar add LoRA", user="U100")
    clock.advance(timedelta(days=2))
    reply = run(
        any_runtime, '/radar move lora TRIAL why="beat full fine-tuning" owner=@U200 next="ship to 5%"', user="U300"
    )
    assert reply.data is not None
    assert (reply.data["ring"], reply.data["owner"], reply.data["next_action"]) == ("TRIAL", "U200", "ship to 5%")
    history = run(any_runtime, "/radar history LoRA").data
    assert history is not None
    assert history["moves"] == [
        {"from": None, "to": "ASSESS", "why": "added to the radar", "by": "U100", "at": "2026-11-21T09:00:00+00:00"},
        {
            "from": "ASSESS",
            "to": "TRIAL",
            "why": "beat full fine-tuning",
            "by": "U300",
            "at": "2026-11-23T09:00:00+00:00",
        },
    ]
    assert all(set(m) == {"from", "to", "why", "by", "at"} for m in history["moves"])


def test_a_move_always_needs_a_reason(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA ring=HOLD")
    with pytest.raises(UserError, match="Moving LoRA to ADOPT needs a reason"):
        run(runtime, "/radar move LoRA ADOPT")
    assert len(moves(runtime)) == 1


def test_trial_and_assess_need_an_owner_and_a_next_action(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA ring=HOLD")
    with pytest.raises(UserError, match="needs an owner and a next action"):
        run(runtime, '/radar move LoRA ASSESS why="worth a look"')
    with pytest.raises(UserError, match="needs a next action"):
        run(runtime, '/radar move LoRA TRIAL why="worth a look" owner=@U200')
    assert run(runtime, "/radar show LoRA").data["owner"] is None  # type: ignore[index]  # nothing half-applied
    run(runtime, '/radar edit LoRA owner=@U200 next="read the paper"')
    reply = run(runtime, '/radar move LoRA ASSESS why="worth a look"')  # the owner already on it counts
    assert reply.data is not None and reply.data["ring"] == "ASSESS"


def test_skip_needs_what_superseded_it_or_the_constraint_it_fails(runtime: Runtime) -> None:
    run(runtime, '/radar add "prompt tuning"')
    with pytest.raises(UserError, match="SKIP needs a reason that says what superseded it"):
        run(runtime, '/radar move "prompt tuning" SKIP why="meh"')
    run(runtime, '/radar move "prompt tuning" SKIP why="worse on our evals" superseded-by=LoRA')
    assert moves(runtime, "prompt tuning")[-1]["why"] == "worse on our evals (superseded by LoRA)"


def test_moving_to_the_same_ring_is_refused(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA ring=HOLD")
    with pytest.raises(UserError, match="already in HOLD"):
        run(runtime, '/radar move LoRA HOLD why="still not now"')


def test_a_move_names_its_evidence(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA ring=HOLD")
    with pytest.raises(UserError, match="no gut check G2"):
        run(runtime, '/radar move LoRA ADOPT why="it works" gutcheck=G2')
    assert len(moves(runtime)) == 1


def test_the_move_is_posted_in_the_home_thread_and_broadcast(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA ring=HOLD")
    first = run(runtime, '/radar move LoRA ADOPT why="in production"')
    [post] = first.announcements
    assert post.thread is None and post.channel == "C1" and post.home is not None  # no thread yet: the channel
    with runtime.db.session() as s:
        technique = s.get(Technique, post.home.id)
        assert technique is not None
        technique.thread_channel, technique.thread_ts = "C1", "1700000000.000001"
    second = run(runtime, '/radar move LoRA HOLD why="licence problem"')
    [post] = second.announcements
    assert post.thread is not None and post.thread.ts == "1700000000.000001" and post.broadcast
    assert "moved ADOPT → *HOLD*" in text_of_post(post.blocks) and "licence problem" in text_of_post(post.blocks)


def text_of_post(blocks: list[object]) -> str:
    return " ".join(str(getattr(b, "text", "")) for b in blocks)


def test_before_the_first_review_moves_compare_with_the_first_placement(runtime: Runtime) -> None:
    run(runtime, "/radar add Steady")
    run(runtime, "/radar add Rising ring=HOLD")
    run(runtime, "/radar add Falling ring=HOLD")
    run(runtime, "/radar add Back ring=HOLD")
    run(runtime, '/radar move Rising ADOPT why="in production"')
    run(runtime, '/radar move Falling SKIP why="constraint not met: latency"')
    run(runtime, '/radar move Back ADOPT why="tried"')
    run(runtime, '/radar move Back HOLD why="licence"')
    assert moved(runtime) == {"Steady": "new", "Rising": "in", "Falling": "out", "Back": "unchanged"}


def test_after_a_review_moves_compare_with_the_ring_at_the_review(runtime: Runtime, clock: FixedClock) -> None:
    run(runtime, "/radar add Steady")
    run(runtime, "/radar add Rising ring=HOLD")
    run(runtime, '/radar move Rising ADOPT why="in production"')  # before the review: not news any more
    review_now(runtime, clock.now())
    clock.advance(timedelta(days=1))
    run(runtime, "/radar add Fresh ring=HOLD")
    run(runtime, '/radar move Fresh ADOPT why="quick win"')
    run(runtime, "/radar add Falling ring=HOLD")
    assert moved(runtime) == {"Steady": "unchanged", "Rising": "unchanged", "Fresh": "new", "Falling": "new"}
    run(runtime, '/radar move Rising HOLD why="licence"')
    run(runtime, '/radar move Steady TRIAL why="promising" owner=@U200 next="try it"')
    assert moved(runtime)["Rising"] == "out" and moved(runtime)["Steady"] == "in"
    assert "1 moved in" in text_of(run(runtime, "/radar"))


def test_gates_are_recorded_with_who_decided_and_shown_in_the_history(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    reply = run(any_runtime, '/radar gate LoRA discovery yes why="clear win on paper"', user="U100")
    assert reply.data is not None and (reply.data["gate"], reply.data["decision"], reply.data["by"]) == (
        "discovery",
        "yes",
        "U100",
    )
    run(any_runtime, '/radar gate LoRA validation not yet why="need three seeds"', user="U200")
    history = run(any_runtime, "/radar history LoRA")
    assert history.data is not None and len(history.data["moves"]) == 1
    assert [(g["gate"], g["decision"], g["by"]) for g in history.data["gates"]] == [
        ("discovery", "yes", "U100"),
        ("validation", "not-yet", "U200"),
    ]
    text = text_of(history)
    assert "gate validation: not-yet by @U200 — need three seeds" in text
    assert "1 move · 2 gate decisions" in text


def test_a_gate_cannot_pass_before_the_earlier_gates(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    with pytest.raises(UserError, match="has not passed the discovery gate yet"):
        run(runtime, '/radar gate LoRA integration yes why="ship it"')
    run(runtime, '/radar gate LoRA integration no why="no serving support"')  # a "no" needs no order
    with pytest.raises(UserError, match="is not a stage gate"):
        run(runtime, '/radar gate LoRA deployment yes why="x"')
    with pytest.raises(UserError, match="is not a gate decision"):
        run(runtime, '/radar gate LoRA discovery maybe why="x"')
    with pytest.raises(UserError, match="`why` is missing"):
        run(runtime, "/radar gate LoRA discovery yes")
    assert len(run(runtime, "/radar history LoRA").data["gates"]) == 1  # type: ignore[index]
