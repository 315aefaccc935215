"""/paper watch, watch list, unwatch: a channel's arXiv watches."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.storage.models import PaperWatch
from tests.core.helpers import run, text_of


def _watches(runtime: Runtime) -> list[PaperWatch]:
    with runtime.db.session() as s:
        return list(s.exec(select(PaperWatch).order_by(PaperWatch.number)).all())  # type: ignore[arg-type]


def test_a_watch_belongs_to_the_channel_where_it_was_typed(any_runtime: Runtime) -> None:
    reply = run(any_runtime, '/paper watch cs.lg keywords="diffusion,  LoRA ,,lora" exclude="survey"', channel="C42")
    assert reply.data == {"id": "W1", "existing": False}
    [watch] = _watches(any_runtime)
    assert (watch.channel, watch.category, watch.keywords, watch.exclude) == (
        "C42",
        "cs.LG",
        ["diffusion", "LoRA"],
        ["survey"],
    )
    assert "`W1` watches *cs.LG* with any of “diffusion”, “LoRA”, excluding “survey”" in reply.blocks[0].text  # type: ignore[union-attr]
    assert run(any_runtime, "/paper watch hep-th", channel="C42").data == {"id": "W2", "existing": False}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("cs.LG", "cs.LG"), ("math.co", "math.CO"), ("hep-th", "hep-th"), ("STAT.ML", "stat.ML"),
     ("physics.atom-ph", "physics.atom-ph"), ("cond-mat.mes-hall", "cond-mat.mes-hall"), ("q-bio.NC", "q-bio.NC"),
     ("astro-ph", "astro-ph")],
)  # fmt: skip
def test_categories_are_stored_in_arxiv_spelling(runtime: Runtime, typed: str, stored: str) -> None:
    run(runtime, f"/paper watch {typed}")
    assert _watches(runtime)[0].category == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("machine-learning", "arXiv has no archive `machine-learning`"),
        ("cs", "`cs` needs a subject class"),
        ("cs.LGX", "subjects are two letters"),
        ("hep-th.XX", "is a category by itself"),
        ("cs.LG;drop", "is not an arXiv category"),
        ("cat:cs.LG", "is not an arXiv category"),
    ],
)
def test_malformed_categories_are_refused_with_examples(runtime: Runtime, typed: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        run(runtime, f"/paper watch {typed}")
    assert message in err.value.message
    assert _watches(runtime) == []


def test_the_same_watch_twice_in_a_channel_is_not_doubled(runtime: Runtime) -> None:
    run(runtime, '/paper watch cs.LG keywords="a, b"')
    again = run(runtime, '/paper watch CS.LG keywords="B,A"')
    assert again.data == {"id": "W1", "existing": True}
    assert "already has this watch" in text_of(again)
    assert run(runtime, '/paper watch cs.LG keywords="a, b"', channel="C2").data == {"id": "W2", "existing": False}


def test_watch_list_is_two_words_and_shows_every_watch_of_the_workspace(runtime: Runtime) -> None:
    run(runtime, "/paper watch cs.LG", channel="C1")
    run(runtime, '/paper watch stat.ML keywords="bandits"', channel="C2")
    run(runtime, "/paper watch math.CO", team="T2")
    reply = run(runtime, "/paper watch list")
    assert reply.data is not None
    assert [(w["id"], w["channel"], w["category"]) for w in reply.data["watches"]] == [
        ("W1", "C1", "cs.LG"),
        ("W2", "C2", "stat.ML"),
    ]
    assert reply.data["watches"][1]["keywords"] == ["bandits"] and reply.data["watches"][0]["last_scan_at"] is None
    assert "not scanned yet" in text_of(reply)
    with pytest.raises(UserError, match="takes no options"):
        run(runtime, '/paper watch list keywords="x"')


def test_unwatch_stops_a_watch_and_keeps_its_number(runtime: Runtime) -> None:
    run(runtime, "/paper watch cs.LG")
    run(runtime, "/paper watch stat.ML")
    reply = run(runtime, "/paper unwatch W2")
    assert reply.data == {"id": "W2", "active": False}
    assert [w["id"] for w in run(runtime, "/paper watch list").data["watches"]] == ["W1"]  # type: ignore[index]
    assert run(runtime, "/paper watch math.CO").data == {"id": "W3", "existing": False}
    with pytest.raises(NotFound, match="There is no watch W2"):
        run(runtime, "/paper unwatch 2")


@pytest.mark.parametrize(("ref", "error"), [("W9", NotFound), ("cs.LG", UserError)])
def test_unwatch_of_an_unknown_watch_says_how_to_find_them(runtime: Runtime, ref: str, error: type[Exception]) -> None:
    run(runtime, "/paper watch cs.LG")
    with pytest.raises(error, match="/paper watch list"):
        run(runtime, f"/paper unwatch {ref}")


def test_another_workspace_cannot_stop_a_watch(runtime: Runtime) -> None:
    run(runtime, "/paper watch cs.LG", team="T1")
    with pytest.raises(NotFound):
        run(runtime, "/paper unwatch W1", team="T2")
    assert _watches(runtime)[0].active


def test_help_shows_the_watch_grammar(runtime: Runtime) -> None:
    usage = run(runtime, "/paper help").data["usage"]  # type: ignore[index]
    assert '/paper watch <arxiv-category> [keywords="a, b"] [exclude="c"] [cross=yes|no]' in usage
    assert "/paper watch list" in usage and "/paper unwatch <n>" in usage


def test_cross_lists_are_asked_for_with_cross_yes(runtime: Runtime) -> None:
    reply = run(runtime, "/paper watch stat.ML cross=yes")
    assert "cross-lists included" in text_of(reply)
    assert [w.cross for w in _watches(runtime)] == [True]
    assert run(runtime, "/paper watch stat.ML cross=yes").data == {"id": "W1", "existing": True}
    assert run(runtime, "/paper watch stat.ML").data == {"id": "W2", "existing": False}  # another watch
    listed = run(runtime, "/paper watch list").data["watches"]  # type: ignore[index]
    assert [w["cross"] for w in listed] == [True, False]


def test_cross_takes_yes_or_no(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="`cross`"):
        run(runtime, "/paper watch stat.ML cross=sometimes")
    with pytest.raises(UserError, match="takes no options"):
        run(runtime, "/paper watch list cross=yes")
    assert _watches(runtime) == []
