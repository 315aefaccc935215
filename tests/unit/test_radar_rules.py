"""Radar rules: rings, gates, what a move needs, what "moved" means, technique names."""

from __future__ import annotations

import pytest

from assay.errors import UserError
from assay.radar.rules import (
    RING_ORDER,
    Gate,
    GateDecision,
    MoveRequest,
    Ring,
    check_move,
    move_reason,
    moved_status,
    parse_gate,
    parse_gate_decision,
    parse_ring,
    skip_reason_is_valid,
    technique_key,
    validate_technique_name,
)


def move(
    target: Ring,
    *,
    current: Ring | None = Ring.ASSESS,
    why: str | None = "the team agreed",
    owner: str | None = "@ana",
    next_action: str | None = "run it on our eval set",
    superseded_by: str | None = None,
    technique: str | None = "LoRA",
) -> MoveRequest:
    return MoveRequest(current, target, why, owner, next_action, superseded_by, technique)


def error_of(req: MoveRequest) -> str:
    with pytest.raises(UserError) as caught:
        check_move(req)
    return caught.value.message


# --- rings and gates -------------------------------------------------------------------


def test_ring_order_runs_from_the_centre_out() -> None:
    assert RING_ORDER == (Ring.ADOPT, Ring.TRIAL, Ring.ASSESS, Ring.HOLD, Ring.SKIP)
    assert set(RING_ORDER) == set(Ring)


@pytest.mark.parametrize("text", ["trial", "TRIAL", " Trial ", "tRiAl"])
def test_ring_is_parsed_whatever_the_case(text: str) -> None:
    assert parse_ring(text) is Ring.TRIAL


def test_unknown_ring_lists_every_ring() -> None:
    with pytest.raises(UserError) as caught:
        parse_ring("maybe")
    assert "'maybe' is not a ring" in caught.value.message
    assert "ADOPT, TRIAL, ASSESS, HOLD or SKIP" in caught.value.message


def test_misspelt_ring_suggests_the_nearest_one() -> None:
    with pytest.raises(UserError) as caught:
        parse_ring("asess")
    assert "Did you mean ASSESS?" in caught.value.message


def test_missing_ring_asks_for_one() -> None:
    with pytest.raises(UserError) as caught:
        parse_ring("  ")
    assert caught.value.message.startswith("Say which ring:")


@pytest.mark.parametrize(
    ("text", "gate"),
    [
        ("discovery", Gate.DISCOVERY),
        ("Validation", Gate.VALIDATION),
        (" INTEGRATION", Gate.INTEGRATION),
    ],
)
def test_gate_is_parsed_whatever_the_case(text: str, gate: Gate) -> None:
    assert parse_gate(text) is gate
    assert gate.value == gate.value.lower()


def test_unknown_gate_lists_the_gates() -> None:
    with pytest.raises(UserError) as caught:
        parse_gate("deployment")
    assert "discovery, validation or integration" in caught.value.message


@pytest.mark.parametrize("text", ["not-yet", "NOT-YET", "not yet", "not_yet", "notyet"])
def test_not_yet_is_understood_in_its_usual_spellings(text: str) -> None:
    assert parse_gate_decision(text) is GateDecision.NOT_YET
    assert GateDecision.NOT_YET.value == "not-yet"


def test_unknown_gate_decision_lists_the_decisions() -> None:
    assert parse_gate_decision("Yes") is GateDecision.YES
    with pytest.raises(UserError) as caught:
        parse_gate_decision("perhaps")
    assert "yes, no or not-yet" in caught.value.message


# --- moves ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", [Ring.ADOPT, Ring.TRIAL, Ring.ASSESS, Ring.HOLD])
def test_move_with_reason_owner_and_next_action_is_allowed(target: Ring) -> None:
    check_move(move(target, current=Ring.SKIP, why="benchmarks changed"))


def test_technique_without_a_ring_can_be_placed_anywhere() -> None:
    check_move(move(Ring.TRIAL, current=None))


def test_moving_to_the_same_ring_names_the_other_rings() -> None:
    message = error_of(move(Ring.ASSESS, current=Ring.ASSESS))
    assert "LoRA is already in ASSESS" in message
    assert "ADOPT, TRIAL, HOLD or SKIP" in message


@pytest.mark.parametrize("why", [None, "", "   "])
def test_every_move_needs_a_reason(why: str | None) -> None:
    message = error_of(move(Ring.HOLD, why=why))
    assert "Moving LoRA to HOLD needs a reason" in message
    assert 'Add why="..." to the command' in message
    assert '`/radar move LoRA HOLD why="..."`' in message


@pytest.mark.parametrize("target", [Ring.TRIAL, Ring.ASSESS])
def test_trial_and_assess_need_an_owner(target: Ring) -> None:
    message = error_of(move(target, current=Ring.HOLD, owner=None))
    assert f"Moving LoRA to {target.value} needs an owner." in message
    assert "owner=@someone" in message
    assert "next=" not in message


@pytest.mark.parametrize("target", [Ring.TRIAL, Ring.ASSESS])
def test_trial_and_assess_need_a_next_action(target: Ring) -> None:
    message = error_of(move(target, current=Ring.HOLD, next_action=" "))
    assert f"Moving LoRA to {target.value} needs a next action." in message
    assert 'next="..."' in message


def test_everything_missing_is_listed_in_one_message_with_a_command_to_copy() -> None:
    req = move(Ring.TRIAL, why=None, owner=None, next_action=None, technique="Flash attention")
    message = error_of(req)
    assert "needs a reason, an owner and a next action" in message
    assert '`/radar move "Flash attention" TRIAL why="..." owner=@someone next="..."`' in message


def test_example_keeps_a_reason_slot_when_the_reason_was_given() -> None:
    message = error_of(move(Ring.TRIAL, owner=None))
    assert '`/radar move LoRA TRIAL why="..." owner=@someone`' in message


@pytest.mark.parametrize("target", [Ring.ADOPT, Ring.HOLD])
def test_other_rings_do_not_need_an_owner_or_next_action(target: Ring) -> None:
    check_move(move(target, owner=None, next_action=None))


def test_message_uses_a_placeholder_when_the_technique_is_not_named() -> None:
    message = error_of(move(Ring.HOLD, why=None, technique=None))
    assert "`/radar move <technique> HOLD" in message


def test_overlong_reason_is_refused_with_the_limit() -> None:
    message = error_of(move(Ring.HOLD, why="x" * 4001))
    assert "4,001 characters long; the limit is 4,000 characters" in message
    check_move(move(Ring.HOLD, why="x" * 4000))  # at the limit: accepted


def test_skip_without_superseded_or_constraint_reason_says_what_to_write() -> None:
    message = error_of(move(Ring.SKIP, why="not convinced"))
    assert 'why="superseded by <technique>"' in message
    assert 'why="constraint not met: <which one>"' in message
    assert 'superseded-by="<technique>"' in message


@pytest.mark.parametrize(
    "why",
    [
        "superseded by DoRA",
        "Superseded by QLoRA on every benchmark",
        "replaced by speculative decoding",
        "replaced with a distilled model",
        "latency constraint not met",
        "Constraint: needs 8 GPUs",
        "memory requirement not met",
        "doesn't meet our latency budget",
        "doesn\u2019t meet our latency budget",
        "does not meet the privacy rules",
        "fails to meet p99 < 50 ms",
        "unmet: on-device inference",
    ],
)
def test_skip_accepts_a_superseded_or_constraint_reason(why: str) -> None:
    assert skip_reason_is_valid(why)
    check_move(move(Ring.SKIP, why=why))


@pytest.mark.parametrize("why", ["superseded", "replaced by", "meh", "too hard", "we met the team"])
def test_skip_refuses_vague_reasons(why: str) -> None:
    assert not skip_reason_is_valid(why)


def test_skip_accepts_the_superseded_by_key_with_any_reason() -> None:
    check_move(move(Ring.SKIP, why="see thread", superseded_by="DoRA"))


def test_skip_still_needs_a_reason_with_the_superseded_by_key() -> None:
    message = error_of(move(Ring.SKIP, why=None, superseded_by="DoRA"))
    assert "needs a reason" in message


def test_a_technique_cannot_supersede_itself() -> None:
    message = error_of(move(Ring.SKIP, why="x", superseded_by="lora"))
    assert "LoRA cannot be superseded by itself" in message


def test_move_reason_records_the_superseding_technique_once() -> None:
    assert move_reason(move(Ring.SKIP, why="see thread", superseded_by="DoRA")) == ("see thread (superseded by DoRA)")
    assert move_reason(move(Ring.SKIP, why="DoRA wins", superseded_by="dora")) == "DoRA wins"
    assert move_reason(move(Ring.HOLD, why="  wait   for v2 ")) == "wait for v2"


# --- moved since the last review ----------------------------------------------------------


def test_technique_added_since_the_last_review_is_new() -> None:
    assert moved_status(Ring.HOLD, Ring.ADOPT, created_after_last_review=True) == "new"


def test_technique_without_a_ring_at_the_last_review_is_new() -> None:
    assert moved_status(None, Ring.TRIAL, created_after_last_review=False) == "new"


@pytest.mark.parametrize("before", list(Ring))
@pytest.mark.parametrize("now", list(Ring))
def test_moves_towards_adopt_are_in_and_away_are_out(before: Ring, now: Ring) -> None:
    expected = {-1: "in", 0: "unchanged", 1: "out"}[
        (RING_ORDER.index(now) > RING_ORDER.index(before)) - (RING_ORDER.index(now) < RING_ORDER.index(before))
    ]
    assert moved_status(before, now, created_after_last_review=False) == expected


def test_examples_of_moved_status() -> None:
    assert moved_status(Ring.ASSESS, Ring.TRIAL, False) == "in"
    assert moved_status(Ring.TRIAL, Ring.SKIP, False) == "out"
    assert moved_status(Ring.HOLD, Ring.HOLD, False) == "unchanged"


# --- technique names ---------------------------------------------------------------------


def test_name_is_stripped_and_inner_whitespace_collapsed() -> None:
    assert validate_technique_name("  Flash \t attention\n 2 ") == "Flash attention 2"


def test_name_keeps_its_case_and_its_emoji() -> None:
    assert validate_technique_name("🚀 QLoRA") == "🚀 QLoRA"
    assert technique_key(" QLoRA ") == "qlora"


def test_name_of_200_characters_is_accepted_and_201_refused() -> None:
    assert validate_technique_name("a" * 200) == "a" * 200
    with pytest.raises(UserError) as caught:
        validate_technique_name("a" * 201)
    assert "A technique name is 201 characters long; the limit is 200 characters" in caught.value.message


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_empty_name_is_refused_with_an_example(name: str) -> None:
    with pytest.raises(UserError) as caught:
        validate_technique_name(name)
    assert '/radar add "LoRA fine-tuning"' in caught.value.message


@pytest.mark.parametrize("name", ["LoRA\x00", "bell\x07", "esc\x1b[31m"])
def test_name_with_control_characters_is_refused(name: str) -> None:
    with pytest.raises(UserError) as caught:
        validate_technique_name(name)
    assert "control characters" in caught.value.message


@pytest.mark.parametrize("name", ["P12", "g3", "F1", "1706.03762", "2401.01234v2", "arXiv:1706.03762"])
def test_name_that_looks_like_a_handle_or_arxiv_id_is_refused(name: str) -> None:
    with pytest.raises(UserError) as caught:
        validate_technique_name(name)
    assert "looks like a paper, gut check or prediction id" in caught.value.message


def test_name_containing_a_handle_like_word_is_fine() -> None:
    assert validate_technique_name("P12 sparsity") == "P12 sparsity"
