"""classify_code_links: official from Hugging Face, self-described by the authors, cited otherwise."""

from __future__ import annotations

import pytest

from assay.triage.codekinds import CodeLink, classify_code_links, code_evidence, has_own_code


def _kinds(**kw: object) -> list[tuple[str, str]]:
    values: dict[str, object] = {"official": None, "abstract": "", "comment": None, **kw}
    return [(link.url, link.kind) for link in classify_code_links(**values)]  # type: ignore[arg-type]


def test_links_the_authors_wrote_in_the_abstract_or_comment_are_their_own() -> None:
    assert _kinds(abstract="Code at github.com/acme/a.", comment="Project: https://acme.github.io/b/") == [
        ("https://github.com/acme/a", "self"),
        ("https://acme.github.io/b", "self"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Our code is at https://github.com/acme/x.",
        "The implementation is publicly available at https://github.com/acme/x.",
        "Code: https://github.com/acme/x",
        "We release the models at https://github.com/acme/x.",
        "Source code and data can be found at https://github.com/acme/x.",
        "See https://github.com/acme/x for the code.",
        "Our PyTorch implementation (https://github.com/acme/x) reproduces every table.",
    ],
)
def test_a_pdf_link_announced_as_the_papers_own_is_self(sentence: str) -> None:
    assert _kinds(pdf_text=f"1 Introduction\nWe study x. {sentence}\nMore text.") == [
        ("https://github.com/acme/x", "self")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "We build on the trainer of https://github.com/huggingface/transformers.",
        "Baselines follow https://github.com/acme/x closely.",
        "Our experiments are described below. We used https://github.com/acme/x.",
    ],
)
def test_other_pdf_links_are_cited(sentence: str) -> None:
    assert _kinds(pdf_text=f"1 Method\n{sentence}") == [(_url(sentence), "cited")]


def _url(sentence: str) -> str:
    return "https://" + sentence.split("https://")[1].split()[0].rstrip(".")


def test_links_in_the_reference_list_are_cited_whatever_precedes_them() -> None:
    text = "1 Method\nWe propose x.\nReferences\n[1] A. Author. Code available at https://github.com/other/y. 2020."
    assert _kinds(pdf_text=text) == [("https://github.com/other/y", "cited")]


def test_the_official_repository_comes_first_and_keeps_its_kind() -> None:
    links = _kinds(
        official="https://github.com/Acme/Mixer/tree/main",
        abstract="We propose mixers.",
        pdf_links=["https://github.com/acme/mixer", "https://github.com/other/baseline"],
        pdf_text="1 Method\nOur code: https://github.com/acme/mixer",
    )
    assert links == [("https://github.com/Acme/Mixer", "official"), ("https://github.com/other/baseline", "cited")]


def test_only_official_or_self_described_code_counts() -> None:
    cited = [CodeLink("https://github.com/other/x", "cited")]
    assert not has_own_code(cited) and code_evidence(cited) == "no code of its own found, only 1 cited repository"
    own = [CodeLink("https://github.com/acme/x", "self"), *cited]
    assert has_own_code(own) and code_evidence(own) == "the paper links its own code (1 more cited)"
    assert code_evidence([CodeLink("https://github.com/acme/x", "official")]).startswith("official code")
    assert code_evidence([]) == "no code link was found"
