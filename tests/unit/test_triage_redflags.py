"""find_red_flags: absences noted with the extent searched, presences quoted, hints only."""

from __future__ import annotations

import pytest

from assay.triage import RED_FLAG_CODES, find_red_flags, red_flags_note
from assay.triage.redflags import RedFlag

THOROUGH = "\f".join(
    [
        "Abstract\nWe study sparse mixers on ImageNet and COCO.",
        "4 Experiments\nWe train on 8 A100 GPUs for 3 days. Results are the mean of 5 runs with standard\n"
        "deviation. An abla-\ntion removes the router.",
        "6 Limitations\nThe method needs large batches.",
    ]
)


def codes(flags: list[RedFlag]) -> list[str]:
    return [flag.code for flag in flags]


def test_thorough_paper_with_code_raises_no_hint() -> None:
    assert find_red_flags(THOROUGH, has_code=True) == []


def test_missing_code_is_a_hint() -> None:
    flags = find_red_flags(THOROUGH, has_code=False)
    assert flags == [
        RedFlag("no-code", "no GitHub, GitLab, Bitbucket, Hugging Face or project-page link of its own in the "
                "abstract, arXiv comment or PDF", found=False)
    ]  # fmt: skip


def test_missing_code_counts_the_repositories_only_cited() -> None:
    flags = find_red_flags(THOROUGH, has_code=False, cited=2)
    assert flags[0].code == "no-code"
    assert flags[0].evidence.endswith("(2 cited repositories found, not the paper's code)")


def test_absences_say_what_was_searched_in_how_many_pages() -> None:
    bare = "\f".join(["Abstract\nWe propose a method.", "1 Introduction\nIt works well.", "References\n[1] A."])
    flags = find_red_flags(bare, has_code=True)
    assert codes(flags) == ["no-ablation", "no-limitations", "no-variance", "no-compute"]
    assert flags[0].evidence == "no 'ablation' (or 'ablate') found in 3 pages of text"
    assert all(not flag.found for flag in flags)


@pytest.mark.parametrize(
    "mention",
    [
        "averaged over 3 seeds",
        "± 0.4",
        "95% confidence intervals",
        "std of 0.1",
        "error bars show",
        "10 independent runs",
    ],
)
def test_any_sign_of_variance_reporting_counts(mention: str) -> None:
    assert "no-variance" not in codes(find_red_flags(f"Results {mention} everywhere.", has_code=True))


@pytest.mark.parametrize(
    "mention", ["on 4 V100 GPUs", "a TPUv4 pod", "took 120 GPU-hours", "training time was 2 h", "our compute budget"]
)
def test_any_sign_of_compute_reporting_counts(mention: str) -> None:
    assert "no-compute" not in codes(find_red_flags(f"We trained {mention}.", has_code=True))


def test_words_cited_only_in_the_reference_list_do_not_count() -> None:
    text = "1 Introduction\nWe propose X.\nReferences\n[1] B. Lee. An ablation study of limitations. 2020."
    assert {"no-ablation", "no-limitations"} <= set(codes(find_red_flags(text, has_code=True)))


def test_appendix_after_the_references_is_searched() -> None:
    text = "1 Introduction\nWe propose X.\nReferences\n[1] B. Lee. 2020.\nA Ablation study\nWe ablate the router."
    assert "no-ablation" not in codes(find_red_flags(text, has_code=True))


def test_toy_datasets_alone_are_quoted_as_a_hint() -> None:
    text = "4 Experiments\nWe evaluate on MNIST and CIFAR-10 with a small network and report accuracy."
    flag = next(flag for flag in find_red_flags(text, has_code=True) if flag.code == "toy-data")
    assert flag.found
    assert "We evaluate on MNIST and CIFAR-10" in flag.evidence
    assert flag.evidence.endswith("and no larger benchmark (such as ImageNet, COCO, GLUE) is named")


@pytest.mark.parametrize("larger", ["ImageNet-1k", "CIFAR-100", "GLUE", "WMT14"])
def test_toy_datasets_next_to_a_larger_benchmark_are_fine(larger: str) -> None:
    text = f"We evaluate on MNIST, CIFAR-10 and {larger}."
    assert "toy-data" not in codes(find_red_flags(text, has_code=True))


def test_synthetic_data_only_is_toy_data() -> None:
    assert "toy-data" in codes(find_red_flags("All experiments use synthetic data.", has_code=True))


def test_new_metric_is_quoted_with_about_120_characters_of_context() -> None:
    padding = "Prior work measures quality with BLEU, which correlates poorly with humans. " * 3
    text = padding + "In this work we propose a novel evaluation metric, FaithScore, for summaries. " + padding
    flag = next(flag for flag in find_red_flags(text, has_code=True) if flag.code == "new-metric")
    assert "we propose a novel evaluation metric" in flag.evidence
    assert len(flag.evidence) <= 130
    assert flag.found


def test_using_an_existing_metric_is_not_a_new_metric() -> None:
    text = "We measure accuracy and the F1 metric as in prior work."
    assert "new-metric" not in codes(find_red_flags(text, has_code=True))


def test_unread_pdf_only_judges_code_and_the_note_says_so() -> None:
    assert find_red_flags(None, has_code=True) == []
    flags = find_red_flags(None, has_code=False)
    assert codes(flags) == ["no-code"]
    assert flags[0].evidence.endswith("in the abstract or arXiv comment")
    assert red_flags_note(None) == "Hints, not verdicts. The PDF was not read, so only no-code was checked."


def test_note_labels_hints_and_states_the_extent() -> None:
    assert red_flags_note("a\fb") == "Hints, not verdicts, from 2 pages of PDF text (reference list excluded)."


def test_flags_come_in_spec_order_with_spec_codes() -> None:
    text = "We propose a new metric. Tests use a toy dataset."
    flags = find_red_flags(text, has_code=False)
    assert codes(flags) == list(RED_FLAG_CODES)
