"""The watch scan against the fake arXiv: new, matching, ranked, and never repeated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.errors import NotFound, UpstreamError
from assay.ids import ActionId
from assay.replies import Section
from assay.runtime import Runtime
from assay.services.papers.watch_scan import scan_watch
from assay.storage.models import PaperWatch, WatchSeen
from assay.views.paper.watch import watch_digest
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

# The clock stands at 2026-11-21 09:00 UTC: a watch made then first looks back to 11-20 09:00.
ARCH_WITH_CODE = "A new transformer architecture. Code: https://github.com/acme/fastformer"
ARCH = "A new transformer architecture for graphs."


def _watch(runtime: Runtime, line: str, channel: str = "C1", team: str = "T1") -> int:
    handle = run(runtime, line, channel=channel, team=team).data["id"]  # type: ignore[index]
    with runtime.db.session() as s:
        watch = s.exec(select(PaperWatch).where(PaperWatch.team_id == team, PaperWatch.number == int(handle[1:]))).one()
        assert watch.id is not None
        return watch.id


def _entry(arxiv_id: str, title: str, published: str, **kw: object) -> AtomEntry:
    return AtomEntry(arxiv_id, title, published=published, **kw)  # type: ignore[arg-type]


def test_first_scan_reports_the_last_day_matching_keywords_ranked_by_priority(
    any_runtime: Runtime, fake_arxiv: FakeArxiv
) -> None:
    fake_arxiv.add(_entry("2611.00001", "Plain study of transformers", "2026-11-20T18:00:00Z"))
    fake_arxiv.add(_entry("2611.00002", "Fastformer", "2026-11-20T12:00:00Z", summary=ARCH_WITH_CODE))
    fake_arxiv.add(_entry("2611.00003", "Graphformer", "2026-11-21T01:00:00Z", summary=ARCH))
    fake_arxiv.add(_entry("2611.00004", "A survey of transformers", "2026-11-20T20:00:00Z"))
    fake_arxiv.add(_entry("2611.00005", "Diffusion only", "2026-11-20T21:00:00Z"))
    fake_arxiv.add(_entry("2611.00006", "Transformers, too old", "2026-11-19T08:00:00Z"))
    fake_arxiv.add(_entry("2611.00007", "Transformers elsewhere", "2026-11-20T22:00:00Z", categories=["math.CO"]))
    watch_id = _watch(any_runtime, '/paper watch cs.LG keywords="Transformer" exclude="survey"')
    hits = scan_watch(any_runtime, watch_id)
    assert [h.arxiv_id for h in hits] == ["2611.00002", "2611.00003", "2611.00001"]
    assert [(h.priority, h.priority_score) for h in hits] == [("HIGH", 8), ("MEDIUM", 5), ("LOW", 3)]
    assert hits[0].code_urls == ("https://github.com/acme/fastformer",) and hits[0].matched == ("Transformer",)
    assert not [r for r in fake_arxiv.requests if r.path.startswith("/pdf/")]  # no PDF is read in a scan
    with any_runtime.db.session() as s:
        watch = s.get(PaperWatch, watch_id)
        assert watch is not None and watch.last_scan_at == any_runtime.clock.now()
        assert (
            watch.last_seen_published is not None
            and watch.last_seen_published.isoformat() == "2026-11-21T01:00:00+00:00"
        )
        assert sorted(row.arxiv_id for row in s.exec(select(WatchSeen)).all()) == [
            "2611.00001",
            "2611.00002",
            "2611.00003",
        ]


def test_new_versions_are_not_repeated_and_late_announcements_are_caught(
    any_runtime: Runtime, fake_arxiv: FakeArxiv, clock: FixedClock
) -> None:
    fake_arxiv.add(_entry("2611.00001", "First", "2026-11-20T18:00:00Z"))
    watch_id = _watch(any_runtime, "/paper watch cs.LG")
    assert [h.arxiv_id for h in scan_watch(any_runtime, watch_id)] == ["2611.00001"]
    clock.advance(timedelta(days=1))
    fake_arxiv.add(
        _entry("2611.00001", "First, revised", "2026-11-20T18:00:00Z", version=2, updated="2026-11-22T01:00:00Z")
    )
    fake_arxiv.add(_entry("2611.00002", "Announced late", "2026-11-20T15:00:00Z"))
    fake_arxiv.add(_entry("2611.00003", "Next day", "2026-11-21T16:00:00Z"))
    hits = scan_watch(any_runtime, watch_id)
    assert sorted(h.arxiv_id for h in hits) == ["2611.00002", "2611.00003"]
    assert scan_watch(any_runtime, watch_id) == []  # nothing new: nothing again


def test_a_cross_listed_paper_is_reported_once_per_channel(any_runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(_entry("2611.00001", "Bandits", "2026-11-20T18:00:00Z", categories=["stat.ML", "cs.LG"]))
    learning = _watch(any_runtime, "/paper watch cs.LG", channel="C1")
    statistics = _watch(any_runtime, "/paper watch stat.ML", channel="C1")
    elsewhere = _watch(any_runtime, "/paper watch stat.ML", channel="C2")
    assert [h.arxiv_id for h in scan_watch(any_runtime, learning)] == ["2611.00001"]
    assert scan_watch(any_runtime, statistics) == []
    assert [h.arxiv_id for h in scan_watch(any_runtime, elsewhere)] == ["2611.00001"]


def test_a_stopped_watch_still_prevents_repeats_in_its_channel(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(_entry("2611.00001", "Once", "2026-11-20T18:00:00Z"))
    first = _watch(runtime, "/paper watch cs.LG")
    scan_watch(runtime, first)
    run(runtime, "/paper unwatch W1")
    with pytest.raises(NotFound):
        scan_watch(runtime, first)
    second = _watch(runtime, '/paper watch cs.LG keywords="once"')
    assert scan_watch(runtime, second) == []


def test_a_busy_category_is_read_past_the_first_hundred(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    for i in range(130):
        minute = f"{i // 60:02d}:{i % 60:02d}"
        fake_arxiv.add(_entry(f"2611.{i:05d}", f"Paper {i}", f"2026-11-20T12:{minute}Z"))
    hits = scan_watch(runtime, _watch(runtime, "/paper watch cs.LG"))
    assert len(hits) == 130 and len({h.arxiv_id for h in hits}) == 130


def test_arxiv_down_records_nothing(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(_entry("2611.00001", "Later", "2026-11-20T18:00:00Z"))
    watch_id = _watch(runtime, "/paper watch cs.LG")
    fake_arxiv.mode = "http500"
    with pytest.raises(UpstreamError):
        scan_watch(runtime, watch_id)
    fake_arxiv.mode = "normal"
    assert [h.arxiv_id for h in scan_watch(runtime, watch_id)] == ["2611.00001"]


def test_the_digest_ranks_hits_and_names_papers_already_here(runtime: Runtime, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(_entry("2611.00001", "Known <b>&", "2026-11-20T18:00:00Z"))
    fake_arxiv.add(_entry("2611.00002", "Fastformer", "2026-11-20T12:00:00Z", summary=ARCH_WITH_CODE))
    store_paper(runtime, "Known", arxiv_id="2611.00001")
    watch_id = _watch(runtime, "/paper watch cs.LG")
    hits = scan_watch(runtime, watch_id)
    assert [(h.arxiv_id, h.handle) for h in hits] == [("2611.00002", None), ("2611.00001", "P1")]
    with runtime.db.session() as s:
        watch = s.get(PaperWatch, watch_id)
    assert watch is not None
    digest = watch_digest(watch, hits)
    shown = text_of(digest)
    assert shown.index("Fastformer") < shown.index("Known")
    assert "[Add to queue]" in shown and "Already here as `P1`" in shown
    buttons = [b.button for b in digest.blocks if isinstance(b, Section) and b.button is not None]
    assert [(b.action, b.value) for b in buttons] == [(ActionId.WATCH_ADD_PAPER, "2611.00002")]
    assert "Known &lt;b&gt;&amp;" in str(digest.blocks)
    assert digest.data is not None and digest.data["papers"][0]["priority"] == "HIGH"
