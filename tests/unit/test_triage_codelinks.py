"""find_code_links: hosts, normalisation, deduplication and URLs broken by PDF extraction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assay.triage import find_code_links


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Code: https://github.com/acme/tool.", ["https://github.com/acme/tool"]),
        ("see http://www.GitHub.com/Acme/Tool.git)", ["https://github.com/Acme/Tool"]),
        ("github.com/acme/tool/tree/main/src/x.py", ["https://github.com/acme/tool"]),
        ("github.com/acme/tool#readme, github.com/acme/tool?tab=1", ["https://github.com/acme/tool"]),
        ("the org github.com/orgs/acme/", ["https://github.com/acme"]),
        ("https://gitlab.com/group/sub/project/-/blob/main/a.py", ["https://gitlab.com/group/sub/project"]),
        ("bitbucket.org/team/repo/src/master/", ["https://bitbucket.org/team/repo"]),
        ("https://huggingface.co/acme/model-7b/tree/main", ["https://huggingface.co/acme/model-7b"]),
        ("hf.co/datasets/acme/corpus/viewer", ["https://huggingface.co/datasets/acme/corpus"]),
        ("demo at https://huggingface.co/spaces/acme/demo", ["https://huggingface.co/spaces/acme/demo"]),
        ("See https://Acme.GitHub.io/project/index.html.", ["https://acme.github.io/project"]),
        ("6https://github.com/huggingface/datasets", ["https://github.com/huggingface/datasets"]),
    ],
)
def test_code_host_links_are_normalised(text: str, links: list[str]) -> None:
    assert find_code_links(text) == links


@pytest.mark.parametrize(
    "text",
    [
        "mail me at someone@github.com",
        "https://github.com/features/copilot and https://github.com/",
        "https://huggingface.co/papers/2206.10883 and https://huggingface.co/docs/transformers",
        "We cite https://example.org/paper.pdf in passing.",
        "Published at https://arxiv.org/abs/2206.10883; code is available at https://doi.org/10.1/x.",
        "notgithub.com/acme/tool",
        "code: http://[::1 and https://[broken/",
    ],
)
def test_non_code_addresses_are_ignored(text: str) -> None:
    assert find_code_links(text) == []


def test_project_page_announced_by_code_words_is_taken() -> None:
    text = "Our code and models are available at https://www.acme-lab.org/sparse/. We thank reviewers."
    assert find_code_links(text) == ["https://acme-lab.org/sparse"]


def test_address_in_another_sentence_than_the_cue_is_not_a_project_page() -> None:
    text = "We release code. The survey is described in https://example.org/survey."
    assert find_code_links(text) == []


def test_links_are_deduplicated_in_order_of_first_appearance_across_texts() -> None:
    abstract = "Code: https://github.com/acme/tool"
    comment = "Project page: https://acme.github.io/tool/ ; mirror github.com/ACME/tool"
    pdf = "see https://github.com/other/lib and https://github.com/acme/tool.git"
    assert find_code_links(abstract, comment, pdf) == [
        "https://github.com/acme/tool",
        "https://acme.github.io/tool",
        "https://github.com/other/lib",
    ]


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("available at https://github.com/multi\nlexsum/dataset. The", "https://github.com/multilexsum/dataset"),
        ("see github.\ncom/x/y for details", "https://github.com/x/y"),
        ("code: https://\ngithub.com/acme/tool", "https://github.com/acme/tool"),
        ("code: https:\n//github.com/acme/tool", "https://github.com/acme/tool"),
        ("project website, https://multilexsum.\ngithub.io, which", "https://multilexsum.github.io"),
        ("code at https://github.com/\nacme/tool", "https://github.com/acme/tool"),
        ("code at https://github.com/acme/\ntool now", "https://github.com/acme/tool"),
        ("code at https://github.com/acme/sparse-\nmixer now", "https://github.com/acme/sparse-mixer"),
        ("https://gitlab.com/group/\nproject/-/tree/main", "https://gitlab.com/group/project"),
    ],
)
def test_urls_broken_across_lines_are_rejoined(text: str, link: str) -> None:
    assert find_code_links(text) == [link]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("our code github.com/acme/tool\nand more results", ["https://github.com/acme/tool"]),
        ("repos github.com/alice\nand github.com/bob/b", ["https://github.com/alice", "https://github.com/bob/b"]),
        ("code: https://github.com/acme/tool.\nThe results", ["https://github.com/acme/tool"]),
        ("code: https://acme.github.io/\nWe then", ["https://acme.github.io"]),
        ("hosted on GitHub.\nOur method", []),
        ("on GitHub.\ngithub.com/a/b", ["https://github.com/a/b"]),
        ("https://github.com/a/b/\nhttps://github.com/c/d", ["https://github.com/a/b", "https://github.com/c/d"]),
    ],
)
def test_words_after_a_url_at_a_line_end_are_not_glued_on(text: str, links: list[str]) -> None:
    assert find_code_links(text) == links


def test_ligatures_and_invisible_characters_do_not_break_links() -> None:
    assert find_code_links("https://github.com/acme/\u00adﬁnetune") == ["https://github.com/acme/finetune"]


def test_empty_texts_give_no_links() -> None:
    assert find_code_links() == []
    assert find_code_links("", "") == []


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_https_links_with_lowercase_hosts(text: str) -> None:
    for link in find_code_links(text, "code: https://github.com/x/y\n" + text):
        assert link.startswith("https://")
        host = link.split("/")[2]
        assert host == host.lower() and host


@given(st.lists(st.sampled_from(["github.com/a/b", "https://github.com/a/b/", "GitHub.com/a/b.git", "x"]), max_size=8))
def test_each_link_is_listed_once(parts: list[str]) -> None:
    links = find_code_links(" ".join(parts))
    assert len(links) == len({link.lower() for link in links})
