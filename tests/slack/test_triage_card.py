"""/paper add over HTTP with real PDFs made by the tests: the card carries the triage."""

from __future__ import annotations

from typing import Any

import pytest

from tests import pdfmaker
from tests.fakes.atom import AtomEntry

RECENT = "2026-10-01T12:00:00Z"  # within six months of the test clock (2026-11-21)


def _paper_with_code() -> bytes:
    return pdfmaker.paper_pdf(
        pdfmaker.paper_pages(
            ("Abstract", "We propose a sparse attention architecture."),
            ("Method", "Code is available at https://github.com/acme/\nsparse-attn for everyone."),
            ("Experiments", "We report mean and standard deviation over 5 seeds on ImageNet."),
            ("Ablation", "Removing the router costs 2 points."),
            ("Limitations", "We only test vision."),
            ("Compute", "Training used 64 A100 GPUs for 3 days."),
        )
    )


def _card_text(post: Any) -> str:
    return str(post.params["blocks"])


def test_card_shows_code_priority_and_pdf_facts(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(
        AtomEntry(
            "2610.01234",
            "Sparse Attention Routers",
            published=RECENT,
            categories=["cs.LG"],
            summary="We propose a new architecture for sparse attention.",
        ),
        pdf=_paper_with_code(),
    )
    slack.command("/paper", "add 2610.01234 relevance=4")
    card = _card_text(slack.fake.wait_for("chat.postMessage")[0])
    assert "https://github.com/acme/sparse-attn" in card
    assert "HIGH" in card and "review within a week" in card  # 3 recent+code, 2 architecture, 4 relevance
    assert "PDF read: 6 pages" in card
    assert "no-code" not in card and "no-ablation" not in card


def test_paper_without_code_is_flagged_and_scored_lower(slack: Any, fake_arxiv: Any) -> None:
    pdf = pdfmaker.paper_pdf(pdfmaker.paper_pages(("Abstract", "We study MNIST only."), ("Results", "Accuracy 99%.")))
    fake_arxiv.add(AtomEntry("2610.05678", "An Empirical Note", published=RECENT, categories=["cs.LG"]), pdf=pdf)
    slack.command("/paper", "add 2610.05678")
    card = _card_text(slack.fake.wait_for("chat.postMessage")[0])
    assert "`no-code`" in card and "`no-ablation`" in card
    assert "Red-flag hints" in card and "not verdicts" in card


@pytest.mark.parametrize(
    ("pdf", "reason"),
    [
        (pdfmaker.encrypt(pdfmaker.paper_pdf(["Secret"]), user_password="s3cret"), "encrypted"),
        (pdfmaker.truncated(pdfmaker.paper_pdf(pdfmaker.paper_pages(("Abstract", "x"), pages=4))), "truncated"),
        (pdfmaker.html_page(), "HTML"),
        (pdfmaker.bomb_pdf(300), "PDF"),
    ],
    ids=["encrypted", "truncated", "html", "bomb"],
)
def test_a_hostile_pdf_never_loses_the_paper(slack: Any, fake_arxiv: Any, pdf: bytes, reason: str) -> None:
    fake_arxiv.add(AtomEntry("2610.09999", "Hostile PDF", published=RECENT), pdf=pdf)
    slack.command("/paper", "add 2610.09999")
    card = _card_text(slack.fake.wait_for("chat.postMessage", timeout=60)[0])
    assert "Hostile PDF" in card
    assert "PDF not read" in card and reason.lower() in card.lower()
    assert "Triage used the arXiv metadata only" in card


def test_card_says_where_citations_and_official_code_came_from(slack: Any, fakes: Any) -> None:
    fakes.arxiv.add(AtomEntry("2610.04321", "Routers With Signals", published=RECENT, categories=["cs.LG"]))
    fakes.s2.add("2610.04321", citations=12, influential=2)
    fakes.hf.add("2610.04321", github_repo="https://github.com/acme/routers", github_stars=77, upvotes=5)
    slack.command("/paper", "add 2610.04321")
    card = _card_text(slack.fake.wait_for("chat.postMessage")[0])
    # The card stays in the channel for weeks: it says the date the count was read.
    assert "12 citations, 7.2 a month (2 influential) · Semantic Scholar, 2026-11-21" in card
    assert "<https://github.com/acme/routers> (official, 77 ★)" in card and "5 upvotes" in card


def test_services_down_still_post_the_card_and_say_what_is_missing(slack: Any, fakes: Any) -> None:
    fakes.arxiv.add(AtomEntry("2610.04322", "Routers Without Signals", published=RECENT))
    fakes.s2.mode = "http500"
    fakes.hf.mode = "malformed"
    slack.command("/paper", "add 2610.04322")
    card = _card_text(slack.fake.wait_for("chat.postMessage", timeout=30)[0])
    assert "Routers Without Signals" in card
    assert "Citations missing: Semantic Scholar answered HTTP 500" in card
    assert "Official code and upvotes missing: Hugging Face sent an answer that is not valid JSON" in card
