"""A fake Semantic Scholar Graph API on loopback, serving the recorded shapes of
``tests/fixtures/semantic_scholar``: ``GET /graph/v1/paper/ARXIV:{id}?fields=...``,
``POST /graph/v1/paper/batch`` with ``{"ids": [...]}`` (``null`` for unknown ids, at most 500),
404 for an unknown paper, and misbehaviour on demand (429 with or without ``Retry-After``,
HTTP 500, stalls, malformed JSON)."""

from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlparse

from tests.fakes.http import LoopbackServer, QuietHandler

FIXTURES = Path(__file__).parent.parent / "fixtures" / "semantic_scholar"
Mode = Literal["normal", "http500", "stall", "malformed", "ratelimit"]


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class S2Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    at: float


class FakeSemanticScholar:
    def __init__(self) -> None:
        self.papers: dict[str, Any] = {}  # arXiv id (no version) -> record
        self.requests: list[S2Request] = []
        self.mode: Mode = "normal"
        self.rate_limited_requests = 0  # answer this many requests with 429 first, then normally
        self.retry_after: str | None = "1"
        self.stall_seconds = 30.0
        self.stalls_over = threading.Event()  # set: stalled answers go on at once (release_stalls)
        self.delay_seconds = 0.0  # latency of every answer (benchmarks: a real round trip)
        self._lock = threading.Lock()
        self.server = LoopbackServer(_Handler, self)

    def start(self) -> FakeSemanticScholar:
        self.server.start()
        return self

    def stop(self) -> None:
        self.release_stalls()
        self.server.stop()

    def release_stalls(self) -> None:
        """Stalled requests (and any stalled from now on) are answered at once, so that a caller
        still waiting on one (a request outliving its card's grace period) is not kept waiting."""
        self.stalls_over.set()

    @property
    def api_url(self) -> str:
        return self.server.url + "/graph/v1"

    def add(self, arxiv_id: str, citations: int, influential: int = 0, published: str = "2017-06-12") -> None:
        record = copy.deepcopy(fixture("paper.json"))
        record["paperId"] = f"{abs(hash(arxiv_id)):040x}"[:40]
        record["externalIds"]["ArXiv"] = arxiv_id
        record["citationCount"] = citations
        record["influentialCitationCount"] = influential
        record["publicationDate"] = published
        with self._lock:
            self.papers[arxiv_id] = record

    def calls(self) -> list[S2Request]:
        with self._lock:
            return list(self.requests)


def _asked(record: Any, fields: str) -> Any:
    """Semantic Scholar answers ``paperId`` plus the fields asked for (a test may plant garbage)."""
    if not isinstance(record, dict):
        return record
    wanted = {f for f in fields.split(",") if f}
    return {key: value for key, value in record.items() if key == "paperId" or key in wanted}


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        fake: FakeSemanticScholar = self.owner
        parsed = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        raw = self.body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        with fake._lock:
            fake.requests.append(S2Request(method, parsed.path, query, body, dict(self.headers), time.monotonic()))
            limited = fake.mode == "ratelimit" or fake.rate_limited_requests > 0
            if fake.rate_limited_requests > 0:
                fake.rate_limited_requests -= 1
        if fake.delay_seconds:
            time.sleep(fake.delay_seconds)
        if limited:
            headers = {"Retry-After": fake.retry_after} if fake.retry_after else {}
            self.send(429, json.dumps(fixture("rate_limited.json")).encode(), headers=headers)
            return
        if fake.mode == "stall":
            fake.stalls_over.wait(fake.stall_seconds)
        if fake.mode == "http500":
            self.send(500, b'{"message": "Internal Server Error"}')
            return
        if fake.mode == "malformed":
            self.send(200, b'{"paperId": "abc", "citationCount": ')
            return
        fields = query.get("fields", "paperId")
        if method == "POST" and parsed.path == "/graph/v1/paper/batch":
            self._batch(fake, body, fields)
            return
        prefix = "/graph/v1/paper/"
        key = unquote(parsed.path.removeprefix(prefix)) if parsed.path.startswith(prefix) else ""
        record = fake.papers.get(key.removeprefix("ARXIV:")) if key.upper().startswith("ARXIV:") else None
        if method != "GET" or record is None:
            self.send(404, json.dumps({"error": f"Paper with id {key} not found"}).encode())
            return
        self.send(200, json.dumps(_asked(record, fields)).encode())

    def _batch(self, fake: FakeSemanticScholar, body: Any, fields: str) -> None:
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list):
            self.send(400, b'{"error": "Unacceptable request body: ids must be a list"}')
            return
        if len(ids) > 500:
            self.send(400, json.dumps(fixture("batch_too_large.json")).encode())
            return
        answers = []
        for key in ids:
            record = fake.papers.get(str(key).removeprefix("ARXIV:"))
            answers.append(_asked(record, fields) if record is not None else None)
        self.send(200, json.dumps(answers).encode())
