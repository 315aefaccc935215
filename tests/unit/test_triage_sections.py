"""sections_found: standard sections recognised from headings in extracted text."""

from __future__ import annotations

from assay.triage import SECTION_NAMES, sections_found
from assay.triage.sections import without_references

PAPER = """Sparse Mixers for Tables
Abstract
We propose sparse mixers.
1 Introduction
Tables are everywhere.
2 Related Work
Prior art.
3 Method
The mixer.
4 Experimental Setup
Data.
4.2 Main Results
Numbers.
4.3 Ablation Study
Router removed.
5 Limitations and Future Work
Batches.
6 Conclusion
Done.
References
[1] B. Lee. A study. 2020.
A Proofs
Lemma 1 holds.
"""


def test_every_standard_section_is_recognised() -> None:
    assert sections_found(PAPER) == list(SECTION_NAMES)


def test_upper_case_and_run_in_headings_are_recognised() -> None:
    text = "ABSTRACT\nText.\n1 INTRODUCTION\nText.\n7 LIMITATIONS AND FUTURE WORK\nText.\n8 CONCLUSION\nREFERENCES\n"
    assert sections_found(text) == ["abstract", "introduction", "limitations", "conclusion", "references"]
    assert sections_found("Abstract—We study things.\nI. INTRODUCTION\nText.") == ["abstract", "introduction"]


def test_words_inside_sentences_are_not_headings() -> None:
    text = "In the introduction we said that our method has limitations. The results are in the appendix."
    assert sections_found(text) == []


def test_missing_sections_are_absent() -> None:
    assert sections_found("Abstract\nShort.\n1 Introduction\nText.\n") == ["abstract", "introduction"]


def test_reference_list_is_cut_but_the_appendix_kept() -> None:
    body = without_references(PAPER)
    assert "B. Lee" not in body
    assert "Lemma 1 holds." in body and "Tables are everywhere." in body
