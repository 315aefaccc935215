"""The watch against the fake listing feed and the fake arXiv API: what arXiv announced, matched,
ranked, never repeated; replacements noted in the paper's thread; weekends quiet; frozen feeds told."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.errors import NotFound, UpstreamError
from assay.ids import ActionId
from assay.replies import Section, ThreadRef, render_text
from assay.runtime import Runtime
from assay.services.papers.watch.daily import daily_posts
from assay.services.papers.watch.scan import scan_watch
from assay.storage.models import Paper, PaperWatch, WatchSeen
from assay.views.paper.watch import watch_digest
from tests.conftest import Fakes
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper
from tests.fakes.atom import AtomEntry

FRIDAY = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 09:00 in New York: Friday's listing
ARCH_WITH_CODE = "A new transformer architecture. Code: https://github.com/acme/fastformer"
ARCH = "A new transformer architecture for graphs."


@pytest.fixture(autouse=True)
def _weekday(clock: FixedClock) -> None:
    clock.set(FRIDAY)


def _watch(runtime: Runtime, line: str, channel: str = "C1", team: str = "T1") -> int:
    handle = run(runtime, line, channel=channel, team=team).data["id"]  # type: ignore[index]
    with runtime.db.session() as s:
        watch = s.exec(select(PaperWatch).where(PaperWatch.team_id == team, PaperWatch.number == int(handle[1:]))).one()
        assert watch.id is not None
        return watch.id


def _paper(
    fakes: Fakes, arxiv_id: str, title: str, *, kind: str = "new", feed: str = "cs.LG", api: bool = True, **kw: object
) -> AtomEntry:
    """A paper announced today in ``feed`` (and known to the arXiv API unless ``api`` is False)."""
    entry = AtomEntry(arxiv_id, title, published=str(kw.pop("published", "2026-11-19T18:00:00Z")), **kw)  # type: ignore[arg-type]
    if api:
        fakes.arxiv.add(entry)
    fakes.listing.announce(entry, kind, feed)
    return entry


def _api_calls(fakes: Fakes) -> list[dict[str, str]]:
    return [r.query for r in fakes.arxiv.api_requests()]


def test_only_new_announcements_matching_keywords_are_posted_ranked(any_runtime: Runtime, fakes: Fakes) -> None:
    _paper(fakes, "2611.00001", "Plain study of transformers")
    _paper(fakes, "2611.00002", "Fastformer", summary=ARCH_WITH_CODE)
    _paper(fakes, "2611.00003", "Graphformer", summary=ARCH)
    _paper(fakes, "2611.00004", "A survey of transformers")
    _paper(fakes, "2611.00005", "Diffusion only")
    _paper(fakes, "2611.00006", "Transformers, cross-listed", kind="cross", categories=["stat.ML", "cs.LG"])
    _paper(fakes, "2301.00007", "Transformers, revised", kind="replace", version=3)
    _paper(
        fakes, "2301.00008", "Transformers, revised elsewhere", kind="replace-cross", categories=["math.CO", "cs.LG"]
    )
    watch_id = _watch(any_runtime, '/paper watch cs.LG keywords="Transformer" exclude="survey"')
    scan = scan_watch(any_runtime, watch_id)
    assert [h.arxiv_id for h in scan.hits] == ["2611.00002", "2611.00003", "2611.00001"]
    assert [(h.priority, h.priority_score) for h in scan.hits] == [("HIGH", 8), ("MEDIUM", 5), ("LOW", 3)]
    assert scan.hits[0].code_urls == ("https://github.com/acme/fastformer",) and scan.hits[0].matched == (
        "Transformer",
    )
    assert fakes.listing.requested() == ["/atom/cs.LG"]
    [api] = _api_calls(fakes)  # the arXiv API once, for the day's matches only
    assert sorted(api["id_list"].split(",")) == ["2611.00001v1", "2611.00002v1", "2611.00003v1"]
    assert not [r for r in fakes.arxiv.requests if r.path.startswith("/pdf/")]  # no PDF is read in a scan
    with any_runtime.db.session() as s:
        seen = sorted(row.arxiv_id for row in s.exec(select(WatchSeen)).all())
        watch = s.get(PaperWatch, watch_id)
    assert seen == ["2611.00001", "2611.00002", "2611.00003"]
    assert watch is not None and watch.last_scan_at == any_runtime.clock.now()


def test_cross_lists_are_posted_when_the_watch_asks(runtime: Runtime, fakes: Fakes) -> None:
    _paper(fakes, "2611.00001", "Bandits, new here")
    _paper(fakes, "2611.00002", "Bandits, cross-listed", kind="cross", categories=["stat.ML", "cs.LG"])
    _paper(fakes, "2301.00003", "Bandits, replaced", kind="replace", version=2)
    watch_id = _watch(runtime, "/paper watch cs.LG cross=yes")
    [digest] = daily_posts(runtime, watch_id)
    shown = render_text(digest.blocks)
    assert "Bandits, new here" in shown and "Bandits, cross-listed" in shown and "replaced" not in shown
    assert "cross-listed from stat.ML" in shown and "cross-lists included" in shown
    assert digest.channel == "C1" and digest.thread is None


def test_each_paper_is_posted_once_in_a_channel(any_runtime: Runtime, fakes: Fakes, clock: FixedClock) -> None:
    bandits = _paper(fakes, "2611.00001", "Bandits", feed="stat.ML", categories=["stat.ML", "cs.LG"])
    fakes.listing.announce(bandits, "cross", "cs.LG")
    learning = _watch(any_runtime, "/paper watch cs.LG cross=yes", channel="C1")
    statistics = _watch(any_runtime, "/paper watch stat.ML", channel="C1")
    elsewhere = _watch(any_runtime, "/paper watch stat.ML", channel="C2")
    assert [h.arxiv_id for h in scan_watch(any_runtime, learning).hits] == ["2611.00001"]
    assert scan_watch(any_runtime, statistics).hits == []
    assert [h.arxiv_id for h in scan_watch(any_runtime, elsewhere).hits] == ["2611.00001"]
    assert daily_posts(any_runtime, learning) == []  # the same feed read again: nothing again
    clock.advance(timedelta(days=3))  # Monday: the paper is replaced, and a new one arrives
    fakes.listing.new_day("2026-11-23T05:00:09.000000+00:00")
    _paper(fakes, "2611.00001", "Bandits, v2", kind="replace-cross", version=2, categories=["stat.ML", "cs.LG"])
    _paper(fakes, "2611.00009", "Monday's paper")
    assert [h.arxiv_id for h in scan_watch(any_runtime, learning).hits] == ["2611.00009"]


def test_a_new_version_of_a_paper_here_is_noted_once_in_its_thread(runtime: Runtime, fakes: Fakes) -> None:
    store_paper(runtime, "Bandits", arxiv_id="2301.00042", version=1, thread_channel="C7", thread_ts="1700.0001")
    _paper(fakes, "2301.00042", "Bandits, revised", kind="replace", version=3)
    first = _watch(runtime, "/paper watch cs.LG")
    second = _watch(runtime, "/paper watch cs.LG", channel="C2")
    [note] = daily_posts(runtime, first)
    assert note.thread == ThreadRef("C7", "1700.0001") and note.channel is None
    assert "arXiv has announced v3 of `P1`" in render_text(note.blocks)
    assert daily_posts(runtime, second) == []  # noted once per workspace, whichever watch saw it
    with runtime.db.session() as s:
        assert s.exec(select(Paper)).one().newest_version == 3
        assert s.exec(select(WatchSeen)).all() == []  # a replacement is never a new paper


def test_an_empty_weekend_feed_posts_nothing_and_logs_no_error(
    runtime: Runtime, fakes: Fakes, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_id = _watch(runtime, "/paper watch cs.LG")
    clock.set(datetime(2026, 11, 21, 14, 0, tzinfo=UTC))  # Saturday
    fakes.listing.new_day("2026-11-21T05:00:03.118224+00:00")
    with caplog.at_level(logging.INFO):
        assert daily_posts(runtime, watch_id) == []
        clock.advance(timedelta(days=1))
        assert daily_posts(runtime, watch_id) == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not _api_calls(fakes)  # nothing to enrich, nothing asked
    with runtime.db.session() as s:
        watch = s.get(PaperWatch, watch_id)
    assert watch is not None and watch.listing_unchanged_days == 0 and watch.last_scan_at == clock.now()


def test_a_frozen_feed_is_reported_once(runtime: Runtime, fakes: Fakes, clock: FixedClock) -> None:
    _paper(fakes, "2611.00001", "Friday's paper")
    watch_id = _watch(runtime, "/paper watch cs.LG")
    assert len(daily_posts(runtime, watch_id)) == 1  # Friday: the digest
    notices = []
    for _day in range(9):  # Saturday .. next Sunday: the feed never changes
        clock.advance(timedelta(days=1))
        notices += daily_posts(runtime, watch_id)
    # Mon, Tue, Wed, Thu unchanged: reported on Thursday, and never again.
    [notice] = notices
    assert notice.channel == "C1"
    assert "has not changed for 4 announcement days; it may be stale" in render_text(notice.blocks)
    clock.advance(timedelta(days=1))  # Monday: arXiv is back
    fakes.listing.new_day("2026-11-30T05:00:09.000000+00:00")
    _paper(fakes, "2611.00002", "A fresh paper")
    [digest] = daily_posts(runtime, watch_id)
    assert "A fresh paper" in render_text(digest.blocks)


def test_the_listing_down_records_nothing(runtime: Runtime, fakes: Fakes) -> None:
    _paper(fakes, "2611.00001", "Later")
    watch_id = _watch(runtime, "/paper watch cs.LG")
    fakes.listing.mode = "http500"
    with pytest.raises(UpstreamError, match="listing feed for cs.LG answered with HTTP error 500"):
        daily_posts(runtime, watch_id)
    fakes.listing.mode = "malformed"
    with pytest.raises(UpstreamError, match="not an Atom feed"):
        daily_posts(runtime, watch_id)
    fakes.listing.mode = "normal"
    assert [h.arxiv_id for h in scan_watch(runtime, watch_id).hits] == ["2611.00001"]


def test_with_the_api_down_the_digest_is_scored_from_the_listing(runtime: Runtime, fakes: Fakes) -> None:
    _paper(fakes, "2611.00001", "Fastformer", summary=ARCH_WITH_CODE)
    watch_id = _watch(runtime, "/paper watch cs.LG")
    fakes.arxiv.mode = "http500"
    [digest] = daily_posts(runtime, watch_id)
    shown = render_text(digest.blocks)
    assert "Fastformer" in shown and "scored from the listing only: arXiv answered with HTTP error 500" in shown


def test_a_busy_category_is_enriched_in_batches_of_a_hundred(runtime: Runtime, fakes: Fakes) -> None:
    for i in range(130):
        _paper(fakes, f"2611.{i:05d}", f"Paper {i}")
    hits = scan_watch(runtime, _watch(runtime, "/paper watch cs.LG")).hits
    assert len(hits) == 130 and len({h.arxiv_id for h in hits}) == 130
    assert [len(q["id_list"].split(",")) for q in _api_calls(fakes)] == [100, 30]


def test_a_stopped_watch_still_prevents_repeats_in_its_channel(runtime: Runtime, fakes: Fakes) -> None:
    _paper(fakes, "2611.00001", "Once")
    first = _watch(runtime, "/paper watch cs.LG")
    scan_watch(runtime, first)
    run(runtime, "/paper unwatch W1")
    with pytest.raises(NotFound):
        scan_watch(runtime, first)
    second = _watch(runtime, '/paper watch cs.LG keywords="once"')
    assert scan_watch(runtime, second).hits == []


def test_the_digest_ranks_hits_and_names_papers_already_here(runtime: Runtime, fakes: Fakes) -> None:
    _paper(fakes, "2611.00001", "Known <b>&")
    _paper(fakes, "2611.00002", "Fastformer", summary=ARCH_WITH_CODE)
    store_paper(runtime, "Known", arxiv_id="2611.00001")
    watch_id = _watch(runtime, "/paper watch cs.LG")
    hits = scan_watch(runtime, watch_id).hits
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
