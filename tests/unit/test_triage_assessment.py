"""triage_paper: one call from metadata (and PDF text when read) to what the card shows."""

from __future__ import annotations

from datetime import date

from assay.triage import PaperType, Priority, triage_paper

TITLE = "Sparse Mixers: A New Transformer Layer"
ABSTRACT = "We propose a new architecture layer. Code: https://github.com/acme/sparse-mixer"


def test_paper_with_code_in_the_abstract_and_no_pdf() -> None:
    triage = triage_paper(
        title=TITLE,
        abstract=ABSTRACT,
        comment="12 pages",
        categories=["cs.LG"],
        published=date(2025, 6, 1),
        today=date(2025, 6, 30),
        pdf_text=None,
    )
    assert triage.code_urls == ("https://github.com/acme/sparse-mixer",)
    assert triage.has_code and triage.paper_type is PaperType.ARCHITECTURE and triage.paper_type_estimated
    assert (triage.priority.score, triage.priority.priority) == (8, Priority.HIGH)
    assert triage.red_flags == () and triage.sections == ()
    assert "only no-code was checked" in triage.red_flags_note


def test_given_type_overrides_and_pdf_links_and_text_are_searched() -> None:
    triage = triage_paper(
        title=TITLE,
        abstract="No links here.",
        comment=None,
        categories=["cs.LG"],
        published=date(2020, 1, 1),
        today=date(2025, 6, 30),
        pdf_text="Abstract\nText.\f1 Introduction\nSee https://gitlab.com/acme/mixer for code.",
        pdf_links=["https://acme.github.io/mixer/"],
        paper_type=PaperType.EMPIRICAL,
        relevance=2,
        citations=10,
    )
    assert triage.code_urls == ("https://acme.github.io/mixer", "https://gitlab.com/acme/mixer")
    assert (triage.paper_type, triage.paper_type_estimated, triage.paper_type_reason) == (
        PaperType.EMPIRICAL,
        False,
        "given with type=",
    )
    assert triage.priority.score == 2 and triage.priority.priority is Priority.LOW
    assert triage.sections == ("abstract", "introduction")
    assert [flag.code for flag in triage.red_flags] == ["no-ablation", "no-limitations", "no-variance", "no-compute"]
