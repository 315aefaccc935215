"""/paper search: every word, anywhere searchable, ignoring case and accents, on both databases."""

from __future__ import annotations

import pytest

from assay.errors import UserError
from assay.runtime import Runtime
from assay.services.text_match import fold
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper


def _found(runtime: Runtime, words: str, team: str = "T1") -> list[str]:
    data = run(runtime, f"/paper search {words}", team=team).data
    assert data is not None
    return [p["handle"] for p in data["papers"]]


@pytest.mark.parametrize("query", ["resume", "RÉSUMÉ", "résumé", "Resumé"])
def test_titles_match_whatever_the_case_and_accents(any_runtime: Runtime, query: str) -> None:
    store_paper(any_runtime, "Résumé Parsing with Transformers")
    store_paper(any_runtime, "Something else entirely")
    assert _found(any_runtime, query) == ["P1"]


def test_accented_text_in_abstracts_is_found_from_plain_words_and_back(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Quantum", abstract="We revisit the Schrödinger equation for a naïve Bayes prior.")
    store_paper(any_runtime, "German", abstract="Routing on every Straße of Köln.")
    assert _found(any_runtime, "schrodinger naive") == ["P1"]
    assert _found(any_runtime, "strasse KÖLN") == ["P2"]
    assert _found(any_runtime, "koln") == ["P2"]


def test_every_word_must_be_found(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Sparse attention", abstract="Mixture of experts routing.")
    store_paper(any_runtime, "Dense attention")
    assert _found(any_runtime, "attention experts") == ["P1"]
    assert _found(any_runtime, "attention") == ["P2", "P1"]


def test_words_match_at_the_start_of_a_word_only(runtime: Runtime) -> None:
    store_paper(runtime, "Graph-based retrieval", abstract="A paragraph about GANs.")
    assert _found(runtime, "graph") == ["P1"]
    assert _found(runtime, "gan") == ["P1"]
    assert _found(runtime, "raph") == []
    assert _found(runtime, "organ") == []


def test_technique_hints_and_drop_reasons_are_searched(runtime: Runtime) -> None:
    store_paper(runtime, "One", technique_hint="LoRA adapters")
    store_paper(runtime, "Two", stage="dropped", dropped_reason="Cherry-picked baselines")
    reply = run(runtime, "/paper search lora")
    assert reply.data is not None and reply.data["papers"][0]["found_in"] == ["technique"]
    assert _found(runtime, "cherry-picked") == ["P2"]
    assert "dropped" in text_of(run(runtime, "/paper search cherry"))


def test_title_matches_rank_above_abstract_matches(runtime: Runtime) -> None:
    store_paper(runtime, "Unrelated title", abstract="We scale diffusion models.")
    store_paper(runtime, "Diffusion models at scale", abstract="Nothing to see.")
    assert _found(runtime, "diffusion") == ["P2", "P1"]


def test_results_show_the_abstract_where_the_word_was_found_in_its_own_spelling(runtime: Runtime) -> None:
    abstract = ("Filler words. " * 20) + "The Schrödinger bridge is solved exactly. " + ("More filler. " * 20)
    store_paper(runtime, "Bridges", abstract=abstract)
    shown = text_of(run(runtime, "/paper search schrodinger"))
    assert "found in the abstract" in shown
    assert "The Schrödinger bridge is solved exactly." in shown
    assert "…" in shown and len(shown) < 600


def test_search_never_crosses_workspaces(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Secret method", team="T2")
    assert _found(any_runtime, "secret", team="T1") == []
    assert _found(any_runtime, "secret", team="T2") == ["P1"]


def test_no_match_says_what_was_searched(runtime: Runtime) -> None:
    store_paper(runtime, "Attention")
    reply = run(runtime, "/paper search x<y&z")
    assert reply.data is not None and reply.data["total"] == 0
    assert "No paper here mentions all of: x<y&z" in text_of(reply)
    assert "x&lt;y&amp;z" in reply.blocks[0].text  # type: ignore[union-attr]


def test_search_without_words_is_refused(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="`words` is missing"):
        run(runtime, "/paper search")


def test_folding_is_what_both_databases_share() -> None:
    assert fold("ÉCOLE Straße ﬁne") == "ecole strasse fine"
    assert fold("plain ASCII") == "plain ascii"


def test_reading_notes_are_searched_in_their_newest_version(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Token Merging")
    store_paper(any_runtime, "Unrelated")
    run(any_runtime, '/pass 1 P1 claim="the speedup vanishes on short inputs" decision=continue')
    found = run(any_runtime, "/paper search vanishes short")
    assert found.data is not None and [p["handle"] for p in found.data["papers"]] == ["P1"]
    assert found.data["papers"][0]["found_in"] == ["notes"]
    assert "the speedup vanishes on short inputs" in text_of(found)
    run(any_runtime, '/pass 1 P1 claim="holds on every input length" decision=continue')  # a revision
    assert run(any_runtime, "/paper search vanishes").data["total"] == 0  # type: ignore[index]


def test_accented_notes_are_found_from_plain_words_and_plain_notes_from_any_case(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Token Merging")
    store_paper(any_runtime, "Routing")
    store_paper(any_runtime, "Pruning")
    run(any_runtime, '/pass 1 P1 claim="a naïve résumé of the Schrödinger trick" decision=continue')
    run(any_runtime, '/pass 1 P2 claim="FLASHATTENTION keeps the MEMORY flat" decision=continue')
    run(any_runtime, '/pass 1 P3 claim="nothing to see" decision=continue')
    assert _found(any_runtime, "naive resume schrodinger") == ["P1"]
    assert _found(any_runtime, "flashattention memory") == ["P2"]
    assert _found(any_runtime, "NAÏVE") == ["P1"]


def test_note_words_with_like_wildcards_match_literally(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Quantisation")
    store_paper(any_runtime, "Distillation")
    run(any_runtime, '/pass 1 P1 claim="100% of int_8 weights" decision=continue')
    run(any_runtime, '/pass 1 P2 claim="1000 of intx8 weights" decision=continue')
    assert _found(any_runtime, "100%") == ["P1"]
    assert _found(any_runtime, "int_8") == ["P1"]


def test_snippets_from_notes_follow_the_order_the_passes_were_first_noted(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Token Merging")
    run(any_runtime, '/pass 1 P1 claim="first pass on merging shows a speedup" decision=continue', user="U1")
    run(any_runtime, '/pass 1 P1 claim="second reader also sees a speedup" decision=continue', user="U2")
    run(any_runtime, '/pass 1 P1 claim="revised: merging gives a speedup at 4k" decision=continue', user="U1")
    found = run(any_runtime, "/paper search speedup")
    assert "revised: merging gives a speedup" in text_of(found)
    assert "first pass on merging" not in text_of(found)


def test_many_noted_papers_give_the_same_results_as_few(any_runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    from assay.services.papers import search

    store_paper(any_runtime, "Token Merging", abstract="Merging tokens saves compute.")
    store_paper(any_runtime, "Routing")
    store_paper(any_runtime, "Pruning", abstract="A naïve pruning rule.")
    run(any_runtime, '/pass 1 P2 claim="merging experts is cheaper" decision=continue')
    queries = ("merging", "naive", "cheaper merging", "pruning")
    few = [_found(any_runtime, q) for q in queries]
    monkeypatch.setattr(search, "MAX_NOTED", 0)  # every paper is read, not only those that may match
    assert [_found(any_runtime, q) for q in queries] == few == [["P1", "P2"], ["P3"], ["P2"], ["P3"]]
