"""Citation counts from the Semantic Scholar Graph API.

``GET /paper/ARXIV:{id}?fields=...`` for one paper (404: Semantic Scholar does not know it) and
``POST /paper/batch`` with ``{"ids": [...]}`` for up to 500 (``null`` for each unknown id). The key
from ``ASSAY_S2_API_KEY`` goes in ``x-api-key``; without one, requests share Semantic Scholar's
public pool and are paced more slowly.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from assay.signals.cache import AnswerCache
from assay.signals.polite import PoliteClient, SignalUnavailable, service_pace

log = logging.getLogger(__name__)
SERVICE = "s2"
NAME = "Semantic Scholar"
FIELDS = "externalIds,citationCount,influentialCitationCount,publicationDate"
BATCH = 500  # the most ids one POST /paper/batch takes
PACE_WITH_KEY = 1.0  # Semantic Scholar's introductory limit for a key: 1 request a second
PACE_WITHOUT_KEY = 3.0  # the keyless pool is shared by everyone: ask more slowly


@dataclass(frozen=True)
class CitationCounts:
    count: int
    influential: int | None
    as_of: datetime


@dataclass
class BatchCounts:
    """Answers for many papers: counts (None: not known to Semantic Scholar) and what failed."""

    counts: dict[str, CitationCounts | None] = field(default_factory=dict)
    problem: str | None = None  # why some ids have no answer (they are absent from ``counts``)
    requests: int = 0


def default_pace(api_key: str | None) -> float:
    return PACE_WITH_KEY if api_key else PACE_WITHOUT_KEY


class SemanticScholarClient:
    def __init__(
        self,
        api_url: str,
        *,
        api_key: str | None,
        timeout: float,
        cache: AnswerCache,
        pace_seconds: float | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.cache = cache
        interval = default_pace(api_key) if pace_seconds is None else pace_seconds
        headers = {"x-api-key": api_key} if api_key else {}
        pace = service_pace(SERVICE, self.api_url, interval)
        self.http = PoliteClient(NAME, timeout=timeout, pace=pace, headers=headers)

    def counts(self, arxiv_id: str) -> CitationCounts | None:
        """Citations of one arXiv paper (id without version); None when Semantic Scholar does not
        know it. Raises SignalUnavailable when it cannot say."""
        key = _key(arxiv_id)
        remembered = self.cache.get(SERVICE, key)
        if remembered is not None:
            return _counts(remembered.value, remembered.fetched_at)
        answer = self.http.get(f"{self.api_url}/paper/{quote(key, safe=':/.')}", params={"fields": FIELDS})
        value = None if answer.status == 404 else _paper_value(_json(answer.body))
        return _counts(value, self.cache.put(SERVICE, key, value))

    def counts_many(
        self, arxiv_ids: Sequence[str], *, patience: float | None = None, max_age: timedelta | None = None
    ) -> BatchCounts:
        """Citations of many papers, from the cache (answers younger than ``max_age``, default a
        day) or in batches of 500.

        A batch that fails leaves its ids out of ``counts`` and names the problem; the other
        batches still count. ``patience`` bounds the wait of each batch (default: the timeout).
        """
        result = BatchCounts()
        keys = {arxiv_id: _key(arxiv_id) for arxiv_id in dict.fromkeys(arxiv_ids)}
        remembered = self.cache.get_many(SERVICE, keys.values(), max_age)
        missing = []
        for arxiv_id, key in keys.items():
            if key in remembered:
                result.counts[arxiv_id] = _counts(remembered[key].value, remembered[key].fetched_at)
            else:
                missing.append(arxiv_id)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            try:
                values = self._batch([keys[i] for i in batch], patience, result)
            except SignalUnavailable as exc:
                result.problem = exc.reason
                continue
            as_of = self.cache.put_many(SERVICE, dict(zip((keys[i] for i in batch), values, strict=True)))
            for arxiv_id, value in zip(batch, values, strict=True):
                result.counts[arxiv_id] = _counts(value, as_of)
        return result

    def _batch(self, keys: list[str], patience: float | None, result: BatchCounts) -> list[dict[str, Any] | None]:
        before = self.http.calls
        try:
            answer = self.http.post_json(
                f"{self.api_url}/paper/batch", {"ids": keys}, params={"fields": FIELDS}, patience=patience
            )
        finally:
            result.requests += self.http.calls - before
        if answer.status == 404:
            raise SignalUnavailable(f"{NAME} has no batch endpoint at this address (HTTP 404)")
        body = _json(answer.body)
        if not isinstance(body, list) or len(body) != len(keys):
            raise SignalUnavailable(f"{NAME} sent a batch answer Assay cannot read")
        return [None if item is None else _paper_value(item) for item in body]


def _key(arxiv_id: str) -> str:
    return f"ARXIV:{arxiv_id}"


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        raise SignalUnavailable(f"{NAME} sent an answer that is not valid JSON") from None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _paper_value(item: Any) -> dict[str, Any]:
    """The part of a paper record Assay keeps; SignalUnavailable when it is not a paper record."""
    count = _count(item.get("citationCount")) if isinstance(item, dict) else None
    if count is None:
        raise SignalUnavailable(f"{NAME} sent a paper record without a citation count")
    return {"count": count, "influential": _count(item.get("influentialCitationCount"))}


def _counts(value: dict[str, Any] | None, as_of: datetime) -> CitationCounts | None:
    if value is None:
        return None
    return CitationCounts(count=int(value["count"]), influential=value.get("influential"), as_of=as_of)
