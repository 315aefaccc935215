"""Cards that show live state: every change a command makes redraws the posted card, and
/paper add … technique=NAME links the paper to the technique."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assay.commands.context import Ctx
from assay.errors import NotFound
from assay.replies import CardUpdate, HomeRef, render_text
from assay.runtime import Runtime
from assay.services.threads import set_home
from assay.storage.models import Paper, TechniquePaper
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


def _card(update: CardUpdate, channel: str = "C1", ts: str = "100.1") -> str:
    assert (update.message.channel, update.message.ts) == (channel, ts)
    return render_text(update.blocks)


def _home(runtime: Runtime, kind: str, row_id: int, ts: str) -> None:
    set_home(Ctx("T1", "U1", "C1", runtime), HomeRef(kind, row_id), "C1", ts)  # type: ignore[arg-type]


@pytest.fixture
def posted(any_runtime: Runtime) -> Paper:
    return store_paper(any_runtime, "Token Merging", thread_channel="C1", thread_ts="100.1")


def test_a_typed_assign_redraws_the_card(any_runtime: Runtime, posted: Paper) -> None:
    [update] = run(any_runtime, "/paper assign P1 <@U0BOB>").updates
    assert "unread · reader @U0BOB" in _card(update)
    assert run(any_runtime, "/paper assign P1 <@U0BOB>").updates == []  # nothing changed, nothing redrawn


def test_a_typed_drop_redraws_the_card_without_buttons(any_runtime: Runtime, posted: Paper) -> None:
    [update] = run(any_runtime, '/paper drop P1 reason="toy data"').updates
    card = _card(update)
    assert "Dropped: toy data" in card and "[Start pass 1]" not in card and "[Drop]" not in card


def test_notes_redraw_the_card_with_readers_stage_and_progress(any_runtime: Runtime, posted: Paper) -> None:
    run(any_runtime, '/pass 1 P1 claim="x" decision=continue', user="U0ANN")
    [update] = run(any_runtime, '/pass 1 P1 claim="y" decision=stop', user="U0BOB").updates
    card = _card(update)
    assert "pass 1 · reader @U0ANN\n  pass 1 of 3 · 2 readers" in card
    assert "@U0ANN noted pass 1, reads on · @U0BOB stopped at pass 1" in card
    assert "[Start pass 1] [Start pass 2] [Start pass 3] [Drop]" in card


def test_a_card_that_was_never_posted_is_not_redrawn(runtime: Runtime) -> None:
    store_paper(runtime, "Added from the shell")
    assert run(runtime, '/pass 1 P1 claim="x" decision=continue').updates == []
    assert run(runtime, "/paper assign P1 @U0BOB").updates == []


@pytest.fixture
def lora(any_runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models"))
    run(any_runtime, '/radar add "LoRA fine-tuning"')


def test_add_with_a_technique_links_the_paper_and_shows_it_everywhere(any_runtime: Runtime, lora: None) -> None:
    added = run(any_runtime, '/paper add 2106.09685 technique="lora FINE-tuning"')
    assert added.data is not None and added.data["techniques"] == ["LoRA fine-tuning"]
    assert "🧭 Technique: LoRA fine-tuning (ASSESS)" in text_of(added)
    shown = run(any_runtime, "/paper show P1")
    assert shown.data is not None and shown.data["techniques"] == [{"name": "LoRA fine-tuning", "ring": "ASSESS"}]
    radar = run(any_runtime, '/radar show "LoRA fine-tuning"')
    assert radar.data is not None and radar.data["papers"] == ["P1"]
    assert "P1 LoRA: Low-Rank Adaptation" in text_of(radar)


def test_an_unknown_technique_is_refused_before_arxiv_is_asked(
    any_runtime: Runtime, fake_arxiv: FakeArxiv, lora: None
) -> None:
    with pytest.raises(NotFound) as refused:
        run(any_runtime, "/paper add 2106.09685 technique=QLoRA")
    assert "There is no technique 'QLoRA' on the radar" in refused.value.message
    assert '`/radar add "QLoRA"`' in refused.value.message
    assert fake_arxiv.api_requests() == []
    with any_runtime.db.session() as s:
        assert s.exec(select(Paper)).all() == [] and s.exec(select(TechniquePaper)).all() == []


def test_re_adding_with_a_technique_links_it_and_redraws_the_card(any_runtime: Runtime, lora: None) -> None:
    run(any_runtime, "/paper add 2106.09685")
    with any_runtime.db.session() as s:
        paper = s.exec(select(Paper)).one()
    _home(any_runtime, "paper", paper.id or 0, "100.1")
    again = run(any_runtime, '/paper add 2106.09685 technique="LoRA fine-tuning"')
    assert "It is now linked to the technique LoRA fine-tuning" in text_of(again)
    [update] = again.updates
    assert "🧭 Technique: LoRA fine-tuning (ASSESS)" in _card(update)
    assert run(any_runtime, '/paper add 2106.09685 technique="LoRA fine-tuning"').updates == []  # linked already


def test_linking_from_the_radar_redraws_the_paper_card(any_runtime: Runtime, posted: Paper) -> None:
    run(any_runtime, "/radar add Merging")
    [update] = run(any_runtime, "/radar edit Merging paper=P1").updates
    assert "🧭 Technique: Merging (ASSESS)" in _card(update)


def test_gut_checks_started_and_decided_redraw_the_paper_card(any_runtime: Runtime, posted: Paper) -> None:
    started = run(any_runtime, '/gutcheck start P1 claim="40% faster" metric=latency higher-is-better=no')
    assert "🧪 Gut checks: `G1` no runs yet (open)" in _card(started.updates[0])
    decided = run(any_runtime, '/gutcheck decide G1 kill why="no time"')
    assert "🧪 Gut checks: `G1` no runs yet (killed)" in _card(decided.updates[0])
    assert "`G1` no runs yet (killed)" in text_of(run(any_runtime, "/paper show P1"))


def test_votes_and_moves_by_command_redraw_the_technique_card(any_runtime: Runtime) -> None:
    run(any_runtime, '/radar add "LoRA fine-tuning"')
    _home(any_runtime, "technique", 1, "200.2")
    [vote] = run(any_runtime, '/radar vote "LoRA fine-tuning" TRIAL', user="U0ANN").updates
    assert "Votes\n  TRIAL 1" in _card(vote, ts="200.2") and "Since the last review" not in _card(vote, ts="200.2")
    [move] = run(any_runtime, '/radar move "LoRA fine-tuning" HOLD why="not now"').updates
    assert "is in HOLD" in _card(move, ts="200.2")
