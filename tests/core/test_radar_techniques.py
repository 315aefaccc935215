"""/radar add, show, edit and the table: names, rings, owners, evidence, workspaces."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.storage.models import GutCheck, RadarMove, Technique, TechniquePaper
from tests.conftest import NOW
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

TECHNIQUE_KEYS = {"name", "ring", "owner", "next_action", "due", "votes", "moved"}


def techniques(runtime: Runtime) -> list[Technique]:
    with runtime.db.session() as s:
        return list(s.exec(select(Technique)).all())


def test_add_puts_a_technique_in_assess_and_posts_its_card_as_home(any_runtime: Runtime) -> None:
    reply = run(any_runtime, '/radar add "LoRA fine-tuning" quadrant=Training', user="U100")
    assert reply.data is not None and set(reply.data) == TECHNIQUE_KEYS
    assert reply.data["name"] == "LoRA fine-tuning" and reply.data["ring"] == "ASSESS"
    assert reply.data["votes"] == {"ADOPT": 0, "TRIAL": 0, "ASSESS": 0, "HOLD": 0, "SKIP": 0}
    assert reply.data["moved"] == "new" and reply.data["owner"] is None
    assert reply.visibility == "channel" and reply.home is not None and reply.home.kind == "technique"
    text = text_of(reply)
    assert "LoRA fine-tuning is in ASSESS" in text and "nobody yet" in text
    assert "[ADOPT] [TRIAL] [ASSESS] [HOLD] [SKIP]" in text
    with any_runtime.db.session() as s:
        first = s.exec(select(RadarMove)).one()
    assert (first.from_ring, first.to_ring, first.by) == (None, "ASSESS", "U100")


def test_add_with_owner_next_action_and_due_date(runtime: Runtime) -> None:
    reply = run(runtime, '/radar add MoE ring=TRIAL owner=<@U200> next="route our traffic" due=2026-12-15')
    assert reply.data is not None
    assert (reply.data["ring"], reply.data["owner"]) == ("TRIAL", "U200")
    assert (reply.data["next_action"], reply.data["due"]) == ("route our traffic", "2026-12-15")


def test_names_are_unique_whatever_their_case(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA")
    with pytest.raises(UserError, match="LoRA is already on the radar"):
        run(any_runtime, "/radar add lora ring=HOLD")
    assert [t.ring for t in techniques(any_runtime)] == ["ASSESS"]


def test_names_with_spaces_work_quoted_or_not(runtime: Runtime) -> None:
    run(runtime, "/radar add mixture of experts")
    reply = run(runtime, "/radar vote Mixture Of Experts TRIAL")
    assert reply.data is not None and reply.data["name"] == "mixture of experts"
    assert run(runtime, '/radar show "MIXTURE of experts"').data["name"] == "mixture of experts"  # type: ignore[index]


def test_a_ring_word_after_an_unquoted_name_is_the_ring(runtime: Runtime) -> None:
    reply = run(runtime, "/radar add Medusa HOLD")
    assert reply.data is not None and (reply.data["name"], reply.data["ring"]) == ("Medusa", "HOLD")
    quoted = run(runtime, '/radar add "Catch and Hold"')
    assert quoted.data is not None and (quoted.data["name"], quoted.data["ring"]) == ("Catch and Hold", "ASSESS")
    with pytest.raises(UserError, match="Give the ring once"):
        run(runtime, "/radar add Eagle TRIAL ring=HOLD")


def test_unknown_ring_names_the_rings_and_the_nearest_one(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="'TRAIL' is not a ring. Did you mean TRIAL?"):
        run(runtime, "/radar add LoRA ring=TRAIL")
    assert techniques(runtime) == []


def test_names_past_200_characters_are_refused(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="is 201 characters long; the limit is 200 characters"):
        run(runtime, f"/radar add {'x' * 201}")
    assert techniques(runtime) == []


def test_unknown_technique_suggests_the_nearest_name(runtime: Runtime) -> None:
    run(runtime, '/radar add "LoRA fine-tuning"')
    with pytest.raises(NotFound, match="no technique 'LoRa finetuning'.*Did you mean LoRA fine-tuning?"):
        run(runtime, '/radar show "LoRa finetuning"')
    with pytest.raises(NotFound, match="Did you mean LoRA fine-tuning?"):
        run(runtime, "/radar votes lora")


def test_adding_straight_to_trial_needs_an_owner_and_next_action(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="straight to TRIAL needs an owner and a next action"):
        run(runtime, "/radar add LoRA ring=TRIAL owner=@U200")
    assert techniques(runtime) == []


def test_adding_to_skip_needs_the_reason_it_was_ruled_out(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="to SKIP needs the reason it was ruled out"):
        run(runtime, '/radar add "prompt tuning" ring=SKIP why="meh"')
    reply = run(runtime, '/radar add "prompt tuning" ring=SKIP superseded-by=LoRA')
    assert reply.data is not None and reply.data["ring"] == "SKIP"
    history = run(runtime, '/radar history "prompt tuning"').data
    assert history is not None and history["moves"][0]["why"] == "added to the radar (superseded by LoRA)"


def test_edit_sets_owner_next_action_and_due_without_moving(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    reply = run(runtime, '/radar edit LoRA owner=@U300 next="run on tickets" due=2026-12-01 description="low-rank"')
    assert reply.data is not None and reply.data["ring"] == "ASSESS"
    assert (reply.data["owner"], reply.data["next_action"], reply.data["due"]) == (
        "U300",
        "run on tickets",
        "2026-12-01",
    )
    assert run(runtime, "/radar show LoRA").data["description"] == "low-rank"  # type: ignore[index]
    assert len(run(runtime, "/radar history LoRA").data["moves"]) == 1  # type: ignore[index]


def test_due_dates_must_be_in_the_future_and_belong_to_a_next_action(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    with pytest.raises(UserError, match="is in the past"):
        run(runtime, '/radar edit LoRA next="x" due=2026-11-20')
    with pytest.raises(UserError, match="A due date is the date of the next action"):
        run(runtime, "/radar edit LoRA due=2026-12-01")
    with pytest.raises(UserError, match="Say what to change"):
        run(runtime, "/radar edit LoRA")
    assert techniques(runtime)[0].due is None


def test_quadrants_keep_the_spelling_already_in_use(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA quadrant=Training")
    run(runtime, '/radar add "QLoRA" quadrant="  training "')
    assert {t.quadrant for t in techniques(runtime)} == {"Training"}


def test_papers_and_gut_checks_are_linked_as_evidence(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models"))
    run(runtime, "/paper add 2106.09685")
    reply = run(runtime, "/radar add LoRA paper=P1")
    assert "P1 LoRA: Low-Rank Adaptation" in text_of(reply)
    with pytest.raises(NotFound, match="no paper P7"):
        run(runtime, "/radar add QLoRA paper=P7")
    with pytest.raises(NotFound, match="no gut check G3"):
        run(runtime, "/radar edit LoRA gutcheck=G3")
    with runtime.db.session() as s:
        assert len(s.exec(select(TechniquePaper)).all()) == 1
        s.add(
            GutCheck(
                team_id="T1",
                number=1,
                paper_id=1,
                claim="+4 F1",
                metric="f1",
                timebox_seconds=604800,
                started_at=NOW,
                timebox_ends=NOW,
                last_verdict="REPRODUCED",
            )
        )
    edited = run(runtime, "/radar edit lora gutcheck=G1 paper=P1")
    assert "linked P1, G1" in text_of(edited) and "G1 (REPRODUCED)" in text_of(edited)
    shown = run(runtime, "/radar show LoRA").data
    assert shown is not None and (shown["papers"], shown["gutchecks"]) == (["P1"], ["G1"])
    with runtime.db.session() as s:
        assert len(s.exec(select(TechniquePaper)).all()) == 1  # linking again adds nothing


def test_the_table_lists_every_technique_centre_ring_first(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add Zeta")
    run(any_runtime, '/radar add Alpha ring=TRIAL owner=@U200 next="try it"')
    run(any_runtime, "/radar add Beta ring=HOLD")
    reply = run(any_runtime, "/radar")
    assert reply.data is not None
    rows = reply.data["techniques"]
    assert [(r["name"], r["ring"]) for r in rows] == [("Alpha", "TRIAL"), ("Zeta", "ASSESS"), ("Beta", "HOLD")]
    assert all(set(r) == TECHNIQUE_KEYS for r in rows)
    text = text_of(reply)
    assert "3 techniques: TRIAL 1 · ASSESS 1 · HOLD 1" in text
    assert "Zeta · ⚠️ no owner" in text
    assert reply.visibility == "ephemeral"


def test_a_ring_word_filters_the_table_and_a_name_shows_the_card(runtime: Runtime) -> None:
    run(runtime, "/radar add Zeta")
    run(runtime, "/radar add Beta ring=HOLD")
    assert [r["name"] for r in run(runtime, "/radar hold").data["techniques"]] == ["Beta"]  # type: ignore[index]
    card = run(runtime, "/radar zeta")
    assert card.data is not None and card.data["name"] == "Zeta" and "gates" in card.data


def test_an_empty_radar_says_how_to_start(runtime: Runtime) -> None:
    reply = run(runtime, "/radar")
    assert reply.data == {"techniques": []}
    assert "The radar is empty" in text_of(reply) and "/radar add" in text_of(reply)


def test_workspaces_never_see_each_others_techniques(any_runtime: Runtime) -> None:
    run(any_runtime, "/radar add LoRA", team="T1")
    assert run(any_runtime, "/radar", team="T2").data == {"techniques": []}
    with pytest.raises(NotFound):
        run(any_runtime, "/radar vote LoRA TRIAL", team="T2")
    run(any_runtime, "/radar add LoRA ring=HOLD", team="T2")
    assert [t.ring for t in sorted(techniques(any_runtime), key=lambda t: t.team_id)] == ["ASSESS", "HOLD"]


def test_user_text_is_escaped_in_the_card(runtime: Runtime) -> None:
    # Slack sends what people type with &, < and > escaped; the parser undoes that first.
    reply = run(
        runtime,
        '/radar add "&lt;!channel&gt; &amp; co" description="&lt;https://evil.example|click&gt;"',
        transport="slack",
    )
    assert reply.data is not None and reply.data["name"] == "<!channel> & co"
    rendered = " ".join(getattr(b, "text", "") for b in reply.blocks) + reply.text
    assert "<!channel>" not in rendered and "&lt;!channel&gt; &amp; co" in rendered
    assert "<https://evil.example|click>" not in rendered and "&lt;https://evil.example|click&gt;" in rendered


def test_help_lists_the_grammar(runtime: Runtime) -> None:
    reply = run(runtime, "/radar help")
    usage = reply.data["usage"]  # type: ignore[index]
    assert any(u.startswith("/radar move <technique> <ring> why=") for u in usage)
    assert any(u.startswith("/radar gate <technique> <discovery|validation|integration>") for u in usage)
