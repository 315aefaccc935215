from __future__ import annotations

import pytest
from sqlmodel import select

from assay.errors import NotFound, UpstreamError, UserError
from assay.runtime import Runtime
from assay.storage.models import Paper
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


@pytest.fixture
def attention(fake_arxiv: FakeArxiv) -> AtomEntry:
    return fake_arxiv.add(
        AtomEntry(
            "1706.03762",
            "Attention Is All You Need",
            version=5,
            summary="We propose a new simple network architecture, the Transformer. Code: https://github.com/tensorflow/tensor2tensor",
            authors=["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones"],
            categories=["cs.CL", "cs.LG"],
            published="2017-06-12T17:57:34Z",
        )
    )


def test_add_stores_the_paper_and_answers_with_its_card(any_runtime: Runtime, attention: AtomEntry) -> None:
    reply = run(any_runtime, "/paper add arXiv:1706.03762v2 relevance=4")
    assert reply.data is not None
    assert reply.data["handle"] == "P1"
    assert reply.data["arxiv_id"] == "1706.03762" and reply.data["version"] == 5
    assert reply.data["title"] == "Attention Is All You Need"
    assert reply.data["authors"][0] == "Ashish Vaswani"
    assert reply.data["published"] == "2017-06-12"
    assert reply.data["categories"] == ["cs.CL", "cs.LG"]
    assert reply.data["code_urls"] == ["https://github.com/tensorflow/tensor2tensor"]
    assert reply.data["has_code"] is True
    assert reply.visibility == "channel" and reply.home is not None
    assert "Attention Is All You Need" in text_of(reply)
    assert "et al. (5 authors)" in text_of(reply)


def test_re_adding_any_version_reports_the_existing_handle(
    any_runtime: Runtime, attention: AtomEntry, fake_arxiv: FakeArxiv
) -> None:
    run(any_runtime, "/paper add 1706.03762")
    calls = len(fake_arxiv.api_requests())
    again = run(any_runtime, "/paper add https://arxiv.org/abs/1706.03762v1")
    assert again.data is not None and again.data["handle"] == "P1" and again.data["existing"] is True
    assert "already here as `P1`" in text_of(again)
    assert len(fake_arxiv.api_requests()) == calls  # arXiv is not asked again
    with any_runtime.db.session() as s:
        assert len(s.exec(select(Paper)).all()) == 1


def test_workspaces_never_see_each_others_papers(any_runtime: Runtime, attention: AtomEntry) -> None:
    run(any_runtime, "/paper add 1706.03762", team="T1")
    other = run(any_runtime, "/paper add 1706.03762", team="T2")
    assert other.data is not None and other.data["handle"] == "P1" and other.data["existing"] is False
    with pytest.raises(NotFound):
        run(any_runtime, "/paper show P2", team="T2")


def test_handles_count_up_per_workspace(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    for i in range(1, 4):
        fake_arxiv.add(AtomEntry(f"2401.0000{i}", f"Paper {i}"))
    handles = [run(runtime, f"/paper add 2401.0000{i}").data["handle"] for i in range(1, 4)]  # type: ignore[index]
    assert handles == ["P1", "P2", "P3"]


def test_unknown_paper_stores_nothing(runtime: Runtime) -> None:
    with pytest.raises(NotFound, match="arXiv has no paper `2401.99999`"):
        run(runtime, "/paper add 2401.99999")
    with runtime.db.session() as s:
        assert len(s.exec(select(Paper)).all()) == 0


def test_arxiv_down_stores_nothing(runtime: Runtime, fake_arxiv: FakeArxiv, attention: AtomEntry) -> None:
    fake_arxiv.mode = "http500"
    with pytest.raises(UpstreamError, match="HTTP error 500"):
        run(runtime, "/paper add 1706.03762")
    with runtime.db.session() as s:
        assert len(s.exec(select(Paper)).all()) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/paper add", "`paper` is missing"),
        ("/paper add abc", "not an arXiv id"),
        ("/paper add 1706.03762 relevance=9", "`relevance`"),
        ("/paper add 1706.03762 type=poem", "`type`"),
        ("/paper add 1706.03762 colour=blue", "`colour=` is not an option here"),
        ("/paper frobnicate", "has no subcommand `frobnicate`"),
        ("/nope", "There is no command"),
    ],
)
def test_bad_input_says_what_was_wrong_and_changes_nothing(runtime: Runtime, text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        run(runtime, text)
    with runtime.db.session() as s:
        assert len(s.exec(select(Paper)).all()) == 0


def test_show_reports_the_paper_without_a_thread_locally(runtime: Runtime, attention: AtomEntry) -> None:
    run(runtime, "/paper add 1706.03762")
    shown = run(runtime, "/paper show 1706.03762v5")
    assert shown.data is not None
    assert shown.data["handle"] == "P1" and shown.data["thread"] is None
    assert shown.data["discussion_count"] == 0 and shown.data["notes"] == []
    assert shown.data["stage"] == "unread"


def test_user_text_in_titles_is_escaped_for_mrkdwn(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2401.00001", "Pinging <!channel> & <https://evil.example|click>"))
    reply = run(runtime, "/paper add 2401.00001")
    card = str(reply.blocks)
    assert "<!channel>" not in card and "&lt;!channel&gt;" in card
    assert "<!channel>" not in reply.text  # the notification text is read as mrkdwn too
    assert "<https://evil.example|click>" not in card
