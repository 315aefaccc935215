"""estimate_type: the five types from title, abstract and categories, with a reason."""

from __future__ import annotations

import pytest

from assay.triage import PaperType, estimate_type


@pytest.mark.parametrize(
    ("title", "abstract", "categories", "expected"),
    [
        (
            "Attention Is All You Need",
            "We propose a new simple network architecture, the Transformer, with an encoder and a decoder.",
            ["cs.CL"],
            PaperType.ARCHITECTURE,
        ),
        (
            "Adam: A Method for Stochastic Optimization",
            "An algorithm for gradient-based optimization with adaptive learning rate and fast convergence.",
            ["cs.LG"],
            PaperType.OPTIMIZATION,
        ),
        (
            "Sample Complexity Bounds for Policy Evaluation",
            "We prove a lower bound and a matching upper bound; the theorem gives a minimax guarantee.",
            ["cs.LG", "stat.TH"],
            PaperType.THEORETICAL,
        ),
        (
            "Detecting Pneumonia in Chest Radiographs",
            "We apply deep learning to clinical radiology images from patients in three hospitals.",
            ["eess.IV"],
            PaperType.APPLICATION,
        ),
        (
            "Do Vision Models Generalise? A Large-Scale Empirical Study",
            "We evaluate 80 models on a benchmark and analyse what we find.",
            ["cs.CV"],
            PaperType.EMPIRICAL,
        ),
    ],
)
def test_type_is_estimated_from_cues(title: str, abstract: str, categories: list[str], expected: PaperType) -> None:
    assert estimate_type(title, abstract, categories).type is expected


def test_reason_names_the_deciding_words_and_where_they_were() -> None:
    estimate = estimate_type("A Transformer for Tables", "We propose a new encoder.", ["cs.LG"])
    assert estimate.type is PaperType.ARCHITECTURE
    assert estimate.reason == "architecture (score 3): 'transformer' in the title; 'encoder' in the abstract"


def test_reason_names_a_telling_category_and_the_runner_up() -> None:
    estimate = estimate_type("On Step Sizes", "We study convergence.", ["math.OC"])
    assert estimate.type is PaperType.OPTIMIZATION
    assert "arXiv category math.OC" in estimate.reason
    assert "next: empirical" in estimate.reason


def test_title_words_outweigh_abstract_words() -> None:
    estimate = estimate_type("Pruning Transformers", "A layer-wise analysis of pruning with a new decoder.", [])
    assert estimate.type is PaperType.OPTIMIZATION


def test_paper_without_any_cue_is_assumed_empirical_and_says_so() -> None:
    estimate = estimate_type("Notes", "Some thoughts.", ["cs.LG"])
    assert estimate.type is PaperType.EMPIRICAL
    assert estimate.reason == "no telling words or categories; assumed empirical"


def test_cues_match_whole_words_only() -> None:
    # "lawn" is not "law", "players" is not "layer"
    assert estimate_type("Lawn players", "Adamant.", []).reason.startswith("no telling words")


def test_types_are_the_five_spec_values() -> None:
    assert [t.value for t in PaperType] == ["architecture", "optimization", "empirical", "theoretical", "application"]
    assert PaperType("optimization") is PaperType.OPTIMIZATION
