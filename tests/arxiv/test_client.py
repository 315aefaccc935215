from __future__ import annotations

import itertools
import socket
import time

import pytest

from assay.arxiv.client import ArxivClient
from assay.arxiv.http import RateLimiter
from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.errors import NotFound, UpstreamError, UserError
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


def client(fake: FakeArxiv, timeout: float = 5, delay: float = 0) -> ArxivClient:
    return ArxivClient(fake.api_url, timeout=timeout, delay_seconds=delay, limiter=RateLimiter(delay))


def test_fetches_metadata_of_one_paper(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(
        AtomEntry(
            "1706.03762", "Attention Is All You Need", version=7, categories=["cs.CL", "cs.LG"], comment="15 pages"
        )
    )
    entry = client(fake_arxiv).fetch_one(parse_arxiv_id("arXiv:1706.03762v2"))
    assert entry.id == ArxivId("1706.03762", 7)
    assert entry.title == "Attention Is All You Need"
    assert entry.categories == ("cs.CL", "cs.LG") and entry.primary_category == "cs.CL"
    assert entry.comment == "15 pages"
    assert entry.pdf_url and entry.pdf_url.endswith("/pdf/1706.03762v7")


def test_old_style_ids_round_trip(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("hep-th/9901001", "Old paper", categories=["hep-th"]))
    assert client(fake_arxiv).fetch_one(parse_arxiv_id("hep-th/9901001")).id.base == "hep-th/9901001"


def test_id_lists_are_batched_by_one_hundred(fake_arxiv: FakeArxiv) -> None:
    ids = [ArxivId(f"2401.{i:05d}") for i in range(1, 251)]
    for i in ids:
        fake_arxiv.add(AtomEntry(i.base, f"Paper {i.base}"))
    found = client(fake_arxiv).fetch(ids)
    assert len(found) == 250
    sizes = [len(r.query["id_list"].split(",")) for r in fake_arxiv.api_requests()]
    assert sizes == [100, 100, 50]


def test_unknown_id_is_not_found(fake_arxiv: FakeArxiv) -> None:
    with pytest.raises(NotFound, match="arXiv has no paper `2401.99999`"):
        client(fake_arxiv).fetch_one(ArxivId("2401.99999"))


def test_malformed_id_answered_with_http_400_is_a_user_error(fake_arxiv: FakeArxiv) -> None:
    with pytest.raises(UserError, match="malformed"):
        client(fake_arxiv).fetch_one(ArxivId("abc"))


@pytest.mark.parametrize(
    ("mode", "message"),
    [("http500", "HTTP error 500"), ("malformed", "not a valid Atom feed"), ("html", "not a valid Atom feed")],
)
def test_upstream_failures_give_clear_messages(fake_arxiv: FakeArxiv, mode: str, message: str) -> None:
    fake_arxiv.mode = mode  # type: ignore[assignment]
    with pytest.raises(UpstreamError, match=message):
        client(fake_arxiv).fetch_one(ArxivId("1706.03762"))


def test_a_stalled_arxiv_is_cut_off_at_the_timeout(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.mode = "stall"
    fake_arxiv.stall_seconds = 5
    started = time.monotonic()
    with pytest.raises(UpstreamError, match="did not answer within 0.5 s"):
        client(fake_arxiv, timeout=0.5).fetch_one(ArxivId("1706.03762"))
    assert time.monotonic() - started < 4  # bounded by the timeout, not by the stall


def test_connection_refused_is_reported() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    c = ArxivClient(f"http://127.0.0.1:{port}/api/query", timeout=2, delay_seconds=0, limiter=RateLimiter(0))
    with pytest.raises(UpstreamError, match="Could not reach arXiv"):
        c.fetch_one(ArxivId("1706.03762"))


def test_requests_are_spaced_by_the_configured_delay(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "A"))
    limiter = RateLimiter(0.3)
    c = ArxivClient(fake_arxiv.api_url, timeout=5, delay_seconds=0.3, limiter=limiter)
    sent: list[float] = []
    let_through = limiter.wait

    def wait() -> None:
        let_through()
        sent.append(limiter._next_allowed - limiter.delay)  # the moment it let the request through

    limiter.wait = wait  # type: ignore[method-assign]
    for _ in range(3):
        c.fetch_one(ArxivId("1706.03762"))
    # Each request leaves the client 0.3 s after the one before, exactly...
    assert len(sent) == 3 and all(b - a >= 0.3 for a, b in itertools.pairwise(sent))
    # ...and arXiv sees them spaced so, give or take how late a loaded machine's server
    # thread stamps one (seen: 25 ms).
    arrived = [r.at for r in fake_arxiv.api_requests()]
    assert len(arrived) == 3 and all(b - a >= 0.2 for a, b in itertools.pairwise(arrived))


def test_search_returns_newest_first(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2611.00001", "Older", published="2026-11-01T00:00:00Z", categories=["cs.LG"]))
    fake_arxiv.add(AtomEntry("2611.00002", "Newer", published="2026-11-02T00:00:00Z", categories=["cs.LG"]))
    fake_arxiv.add(AtomEntry("2611.00003", "Other field", published="2026-11-03T00:00:00Z", categories=["math.CO"]))
    titles = [e.title for e in client(fake_arxiv).search("cat:cs.LG", max_results=10)]
    assert titles == ["Newer", "Older"]
    query = fake_arxiv.api_requests()[0].query
    assert query["sortBy"] == "submittedDate" and query["sortOrder"] == "descending"
