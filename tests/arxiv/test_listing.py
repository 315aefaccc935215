"""The listing-feed parser on the recorded shape of rss.arxiv.org/atom, and the feed's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from assay.arxiv.ids import ArxivId
from assay.arxiv.listing import parse_listing
from assay.errors import UpstreamError
from assay.services.papers.watch.feed import FeedState, check_feed, is_announcement_day, listing_day

FIXTURES = Path(__file__).parent.parent / "fixtures" / "arxiv_listing"


def test_a_weekday_feed_is_read_with_its_announce_types() -> None:
    listing = parse_listing((FIXTURES / "cs.LG.xml").read_bytes(), ("cs.LG",))
    assert [(str(i.id), i.announce_type) for i in listing.items] == [
        ("2611.10001v1", "new"),
        ("2611.10002v1", "cross"),
        ("2301.00042v3", "replace"),
        ("2205.00077v2", "replace-cross"),
    ]
    first = listing.items[0]
    assert first.id == ArxivId("2611.10001", 1)
    assert first.title == "Sparse Routers for Mixture-of-Experts Transformers"  # folded title lines joined
    assert first.abstract.startswith("We propose a sparse router") and "Announce Type" not in first.abstract
    assert first.authors == ("Ada Lovelace", "Alan Turing") and first.categories == ("cs.LG", "cs.CL")
    assert first.announced is not None and first.announced.utcoffset() is not None
    replaced = listing.items[2]
    assert replaced.journal_ref and replaced.journal_ref.startswith("Journal of Machine Learning Research")
    assert replaced.doi == "10.5555/jmlr.2026.00042"
    assert listing.updated == datetime(2026, 11, 20, 5, 0, 11, 432101, tzinfo=UTC)


def test_an_empty_feed_is_an_ordinary_day() -> None:
    listing = parse_listing((FIXTURES / "empty.xml").read_bytes(), ("cs.LG",))
    assert listing.items == () and listing.updated is not None


def test_the_fingerprint_ignores_when_the_feed_was_rebuilt() -> None:
    body = (FIXTURES / "cs.LG.xml").read_text()
    rebuilt = body.replace("2026-11-20T05:00:11", "2026-11-21T05:00:42")
    a, b = parse_listing(body.encode(), ("cs.LG",)), parse_listing(rebuilt.encode(), ("cs.LG",))
    assert a.fingerprint() == b.fingerprint()
    assert a.fingerprint() != parse_listing((FIXTURES / "empty.xml").read_bytes(), ("cs.LG",)).fingerprint()


@pytest.mark.parametrize(
    "body",
    [b"<feed><entry>broken", b"<!DOCTYPE html><html><body>down</body></html>", b"", b'{"not": "xml"}'],
    ids=["truncated", "html", "empty", "json"],
)
def test_anything_but_an_atom_feed_is_an_upstream_error(body: bytes) -> None:
    with pytest.raises(UpstreamError, match="not an Atom feed"):
        parse_listing(body, ("cs.LG",))


def test_entries_without_an_id_are_skipped() -> None:
    body = (FIXTURES / "cs.LG.xml").read_text().replace("oai:arXiv.org:2611.10002v1", "oai:arXiv.org:garbage")
    assert [str(i.id) for i in parse_listing(body.encode(), ("cs.LG",)).items] == [
        "2611.10001v1",
        "2301.00042v3",
        "2205.00077v2",
    ]


def test_the_listing_day_is_arxivs_eastern_date() -> None:
    assert listing_day(datetime(2026, 11, 23, 3, 0, tzinfo=UTC)) == date(2026, 11, 22)  # 22:00 Sunday in New York
    assert listing_day(datetime(2026, 11, 23, 6, 0, tzinfo=UTC)) == date(2026, 11, 23)
    assert [is_announcement_day(date(2026, 11, d)) for d in range(20, 24)] == [True, False, False, True]


def test_a_feed_is_stale_after_four_unchanged_announcement_days_and_said_once() -> None:
    state = FeedState(None, None, 0, False)
    reports = []
    for day in range(16, 28):  # Mon 16 .. Fri 27 November 2026
        check = check_feed(state, "same", date(2026, 11, day))
        state = check.state
        reports.append(check.report_stale)
    assert [date(2026, 11, 16 + i) for i, r in enumerate(reports) if r] == [date(2026, 11, 20)]
    assert check_feed(state, "changed", date(2026, 11, 30)).state == FeedState("changed", date(2026, 11, 30), 0, False)


def test_reading_twice_a_day_counts_once() -> None:
    state = FeedState("same", date(2026, 11, 16), 3, False)
    once = check_feed(state, "same", date(2026, 11, 17))
    assert once.report_stale and check_feed(once.state, "same", date(2026, 11, 17)).report_stale is False
