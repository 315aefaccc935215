"""The signal clients against their loopback fakes: pacing, 429, batches, cache, garbage."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from requests.structures import CaseInsensitiveDict

from assay.clock import FixedClock
from assay.signals.cache import AnswerCache
from assay.signals.huggingface import HuggingFaceClient
from assay.signals.polite import SignalUnavailable, _Response, response_retry_after
from assay.signals.semantic_scholar import SemanticScholarClient
from assay.storage.engine import Database
from tests.fakes.huggingface import FakeHuggingFace
from tests.fakes.semantic_scholar import FakeSemanticScholar


@pytest.fixture
def cache(sqlite_url: str, clock: FixedClock) -> Iterator[AnswerCache]:
    db = Database.from_url(sqlite_url)
    yield AnswerCache(db, clock)
    db.dispose()


def _s2(fake: FakeSemanticScholar, cache: AnswerCache, **kw: Any) -> SemanticScholarClient:
    values: dict[str, Any] = {"api_key": None, "timeout": 2.0, "pace_seconds": 0.0, **kw}
    return SemanticScholarClient(fake.api_url, cache=cache, **values)


def test_requests_to_a_service_are_paced(fake_hf: FakeHuggingFace, cache: AnswerCache) -> None:
    client = HuggingFaceClient(fake_hf.api_url, timeout=5, cache=cache, pace_seconds=0.3)
    started = time.monotonic()
    for i in range(3):
        assert client.paper(f"2611.0000{i}") is None  # not indexed: asked anyway, once each
    assert time.monotonic() - started >= 0.6 and len(fake_hf.requested()) == 3


def test_a_long_retry_after_is_not_waited_and_holds_later_calls(
    fake_s2: FakeSemanticScholar, cache: AnswerCache
) -> None:
    client = _s2(fake_s2, cache)
    fake_s2.mode, fake_s2.retry_after = "ratelimit", "600"
    started = time.monotonic()
    with pytest.raises(SignalUnavailable, match=r"rate-limiting requests \(HTTP 429\)"):
        client.counts("2611.00001")
    assert time.monotonic() - started < 1.5
    fake_s2.mode = "normal"
    with pytest.raises(SignalUnavailable, match="rate-limiting"):
        client.counts("2611.00002")  # the process waits as told: Semantic Scholar is not asked again
    assert len(fake_s2.calls()) == 1


@pytest.mark.real_backoff
def test_a_429_without_retry_after_backs_off_then_succeeds(fake_s2: FakeSemanticScholar, cache: AnswerCache) -> None:
    fake_s2.add("2611.00001", citations=5)
    fake_s2.rate_limited_requests, fake_s2.retry_after = 1, None
    counts = _s2(fake_s2, cache, timeout=5.0).counts("2611.00001")
    assert counts is not None and counts.count == 5
    first, second = fake_s2.calls()
    assert second.at - first.at >= 1.0  # the first backoff step


def test_retry_after_as_an_http_date_is_read_against_the_answers_date() -> None:
    headers = CaseInsensitiveDict(
        {"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT", "Date": "Wed, 21 Oct 2026 07:28:00 GMT"}
    )
    assert response_retry_after(_Response(429, b"", headers)) == 30.0
    assert response_retry_after(_Response(429, b"", CaseInsensitiveDict({"retry-after": "7"}))) == 7.0
    assert response_retry_after(_Response(429, b"", CaseInsensitiveDict({"Retry-After": "soon"}))) is None


def test_a_batch_asks_500_ids_at_a_time_and_remembers_the_answers(
    fake_s2: FakeSemanticScholar, cache: AnswerCache, clock: FixedClock
) -> None:
    ids = [f"2611.{i:05d}" for i in range(1100)]
    for arxiv_id in ids[::2]:
        fake_s2.add(arxiv_id, citations=int(arxiv_id[-3:]))
    client = _s2(fake_s2, cache)
    result = client.counts_many(ids)
    assert result.problem is None and result.requests == 3
    assert [len(c.body["ids"]) for c in fake_s2.calls()] == [500, 500, 100]
    assert fake_s2.calls()[0].query["fields"] == "externalIds,citationCount,influentialCitationCount,publicationDate"
    assert result.counts["2611.00002"] is not None and result.counts["2611.00002"].count == 2
    assert result.counts["2611.00003"] is None  # not known to Semantic Scholar
    assert client.counts_many(ids).requests == 0  # the day's answers are remembered
    clock.advance(timedelta(days=1, seconds=1))
    assert client.counts_many(ids[:10]).requests == 1  # a day later they are asked again


def test_a_failed_batch_names_the_problem_and_keeps_the_rest(fake_s2: FakeSemanticScholar, cache: AnswerCache) -> None:
    fake_s2.add("2611.00001", citations=1)
    client = _s2(fake_s2, cache)
    assert client.counts_many(["2611.00001"]).counts["2611.00001"] is not None
    fake_s2.mode = "malformed"
    result = client.counts_many(["2611.00001", "2611.00002"])
    assert result.problem == "Semantic Scholar sent an answer that is not valid JSON"
    assert list(result.counts) == ["2611.00001"]  # from the cache; the failed one is left out


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ([1, 2], "without a citation count"),
        ({"paperId": "x"}, "without a citation count"),
        ({"paperId": "x", "citationCount": -3}, "without a citation count"),
    ],
)
def test_records_without_a_count_are_garbage(
    fake_s2: FakeSemanticScholar, cache: AnswerCache, record: Any, reason: str
) -> None:
    fake_s2.papers["2611.00001"] = record
    with pytest.raises(SignalUnavailable, match=reason):
        _s2(fake_s2, cache).counts("2611.00001")


def test_junk_in_a_paper_page_is_dropped_not_shown(fake_hf: FakeHuggingFace, cache: AnswerCache) -> None:
    fake_hf.add("2611.00001", upvotes=3)
    fake_hf.papers["2611.00001"].update(
        {"githubRepo": "javascript:alert(1)", "githubStars": "many", "projectPage": "https://acme.example/p"}
    )
    page = HuggingFaceClient(fake_hf.api_url, timeout=2, cache=cache, pace_seconds=0).paper("2611.00001")
    assert page is not None
    assert (page.github_repo, page.github_stars, page.project_page, page.upvotes) == (
        None,
        None,
        "https://acme.example/p",
        3,
    )


def test_a_page_that_is_not_json_is_unavailable(fake_hf: FakeHuggingFace, cache: AnswerCache) -> None:
    fake_hf.mode = "malformed"
    with pytest.raises(SignalUnavailable, match="not valid JSON"):
        HuggingFaceClient(fake_hf.api_url, timeout=2, cache=cache, pace_seconds=0).paper("2611.00001")
