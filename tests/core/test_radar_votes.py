"""/radar vote and /radar votes: one vote each, every change kept, disagreement flagged."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pytest
from sqlmodel import select

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.storage.models import Vote, VoteChange
from tests.core.helpers import run, text_of

VOTES_KEYS = {"technique", "ring", "tally", "votes", "disagrees"}


def stored(runtime: Runtime) -> tuple[list[Vote], list[VoteChange]]:
    with runtime.db.session() as s:
        return list(s.exec(select(Vote)).all()), list(s.exec(select(VoteChange).order_by(VoteChange.id)).all())  # type: ignore[arg-type]


def test_a_vote_is_counted_in_the_tally(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    reply = run(any_runtime, '/radar vote lora trial why="worked on tickets"', user="U100")
    assert reply.data is not None and reply.data["votes"]["TRIAL"] == 1
    assert sum(reply.data["votes"].values()) == 1
    assert "You voted TRIAL for LoRA" in text_of(reply)


def test_revote_replaces_the_previous_vote_and_keeps_the_change(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    run(any_runtime, "/radar vote LoRA HOLD", user="U100")
    reply = run(any_runtime, '/radar vote LoRA ADOPT why="shipped in prod"', user="U100")
    assert "changed your vote on LoRA from HOLD to ADOPT" in text_of(reply)
    assert reply.data is not None and reply.data["votes"] == {"ADOPT": 1, "TRIAL": 0, "ASSESS": 0, "HOLD": 0, "SKIP": 0}
    votes, changes = stored(any_runtime)
    assert [(v.user_id, v.ring, v.why) for v in votes] == [("U100", "ADOPT", "shipped in prod")]
    assert [(c.from_ring, c.to_ring) for c in changes] == [(None, "HOLD"), ("HOLD", "ADOPT")]


def test_votes_shows_tally_reasons_and_who_changed_their_mind(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    run(any_runtime, '/radar vote LoRA HOLD why="too early"', user="U100")
    run(any_runtime, "/radar vote LoRA ASSESS", user="U100")
    run(any_runtime, '/radar vote LoRA TRIAL why="worked for us"', user="U100")
    run(any_runtime, "/radar vote LoRA ASSESS", user="U200")
    run(any_runtime, "/radar vote LoRA ASSESS", user="U200")  # the same vote again is not a change
    reply = run(any_runtime, "/radar votes lora")
    data = reply.data
    assert data is not None and set(data) == VOTES_KEYS
    assert (data["technique"], data["ring"]) == ("LoRA", "ASSESS")
    assert data["tally"] == {"ADOPT": 0, "TRIAL": 1, "ASSESS": 1, "HOLD": 0, "SKIP": 0}
    assert data["votes"] == [
        {"user": "U100", "ring": "TRIAL", "why": "worked for us", "changed": 2},
        {"user": "U200", "ring": "ASSESS", "why": None, "changed": 0},
    ]
    assert data["disagrees"] is False  # a tie that includes the official ring
    text = text_of(reply)
    assert "changed twice: HOLD → ASSESS → TRIAL" in text
    assert "@U100 TRIAL ≠ ring" in text and "1 changed their mind" in text


def test_votes_disagree_when_most_votes_are_not_for_the_official_ring(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    run(any_runtime, "/radar vote LoRA ASSESS", user="U100")
    run(any_runtime, "/radar vote LoRA TRIAL", user="U200")
    reply = run(any_runtime, "/radar vote LoRA TRIAL", user="U300")
    assert "votes disagree with the official ring" in text_of(reply)
    votes = run(any_runtime, "/radar votes LoRA")
    assert votes.data is not None and votes.data["disagrees"] is True
    assert "most votes are not for ASSESS" in text_of(votes)
    assert "⚠️ votes disagree" in text_of(run(any_runtime, "/radar"))
    run(any_runtime, '/radar move LoRA TRIAL why="the team tried it" owner=@U200 next="ship it"')
    assert run(any_runtime, "/radar votes LoRA").data["disagrees"] is False  # type: ignore[index]


def test_no_votes_means_no_disagreement(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    reply = run(runtime, "/radar votes LoRA")
    assert reply.data is not None and reply.data["disagrees"] is False and reply.data["votes"] == []
    assert "Nobody has voted yet" in text_of(reply)


def test_same_ring_again_keeps_the_reason_unless_a_new_one_is_given(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    run(runtime, '/radar vote LoRA TRIAL why="first reason"')
    assert "stays TRIAL" in text_of(run(runtime, "/radar vote LoRA TRIAL"))
    assert stored(runtime)[0][0].why == "first reason"
    run(runtime, '/radar vote LoRA TRIAL why="better reason"')
    assert stored(runtime)[0][0].why == "better reason"
    run(runtime, "/radar vote LoRA HOLD")
    assert stored(runtime)[0][0].why is None  # the old reason was for another ring


def test_voting_on_an_unknown_technique_or_ring_stores_nothing(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    with pytest.raises(NotFound, match="no technique 'QLoRA'"):
        run(runtime, "/radar vote QLoRA TRIAL")
    with pytest.raises(NotFound, match="no technique 'lroa' on the radar. Did you mean LoRA?"):
        run(runtime, "/radar vote lroa TRIAL")
    with pytest.raises(UserError, match="'maybe' is not a ring"):
        run(runtime, "/radar vote LoRA maybe")
    with pytest.raises(UserError, match="Usage: `/radar vote"):
        run(runtime, "/radar vote LoRA")
    assert stored(runtime) == ([], [])


def test_concurrent_revotes_by_one_person_leave_one_vote_and_a_consistent_history(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    rings = ["ADOPT", "TRIAL", "ASSESS", "HOLD", "SKIP"] * 4

    def vote(ring: str) -> None:
        run(any_runtime, f"/radar vote LoRA {ring}", user="U100")

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(vote, rings))
    votes, changes = stored(any_runtime)
    assert len(votes) == 1 and len(changes) == len(rings)
    # Each entry replaced exactly the one before it: no two writers saw the same old vote.
    assert changes[0].from_ring is None
    assert all(later.from_ring == earlier.to_ring for earlier, later in pairwise(changes))
    assert votes[0].ring == changes[-1].to_ring
