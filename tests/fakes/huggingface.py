"""A fake Hugging Face Hub papers API on loopback (``GET /api/papers/{arxiv id}``) serving the
recorded shape of ``tests/fixtures/huggingface``; 404 for a paper that is not indexed, and
misbehaviour on demand (429, HTTP 500, stalls, malformed JSON)."""

from __future__ import annotations

import copy
import json
import threading
import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from tests.fakes.http import LoopbackServer, QuietHandler

FIXTURES = Path(__file__).parent.parent / "fixtures" / "huggingface"
Mode = Literal["normal", "http500", "stall", "malformed", "ratelimit"]


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


class FakeHuggingFace:
    def __init__(self) -> None:
        self.papers: dict[str, dict[str, Any]] = {}
        self.paths: list[str] = []
        self.mode: Mode = "normal"
        self.retry_after: str | None = "1"
        self.stall_seconds = 30.0
        self.stalls_over = threading.Event()  # set: stalled answers go on at once (release_stalls)
        self.delay_seconds = 0.0  # latency of every answer (benchmarks: a real round trip)
        self._lock = threading.Lock()
        self.server = LoopbackServer(_Handler, self)

    def start(self) -> FakeHuggingFace:
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
        return self.server.url + "/api"

    def add(
        self,
        arxiv_id: str,
        *,
        github_repo: str | None = None,
        github_stars: int | None = None,
        project_page: str | None = None,
        upvotes: int = 0,
    ) -> None:
        """Index a paper; fields left out are missing from the page, as Hugging Face leaves them."""
        page = copy.deepcopy(fixture("paper.json"))
        page["id"] = arxiv_id
        page["upvotes"] = upvotes
        for key, value in (("githubRepo", github_repo), ("githubStars", github_stars), ("projectPage", project_page)):
            if value is None:
                page.pop(key, None)
            else:
                page[key] = value
        with self._lock:
            self.papers[arxiv_id] = page

    def requested(self) -> list[str]:
        with self._lock:
            return list(self.paths)


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        fake: FakeHuggingFace = self.owner
        path = urlparse(self.path).path
        with fake._lock:
            fake.paths.append(path)
        if fake.delay_seconds:
            time.sleep(fake.delay_seconds)
        if fake.mode == "ratelimit":
            headers = {"Retry-After": fake.retry_after} if fake.retry_after else {}
            self.send(429, b'{"error": "You have exceeded our hourly quotas for action: api"}', headers=headers)
            return
        if fake.mode == "stall":
            fake.stalls_over.wait(fake.stall_seconds)
        if fake.mode == "http500":
            self.send(500, b'{"error": "Internal Error"}')
            return
        if fake.mode == "malformed":
            self.send(200, b"<!DOCTYPE html><html><body>Hugging Face is down</body></html>", "text/html")
            return
        page = fake.papers.get(unquote(path.removeprefix("/api/papers/"))) if path.startswith("/api/papers/") else None
        if page is None:
            self.send(404, json.dumps(fixture("not_found.json")).encode())
            return
        self.send(200, json.dumps(page).encode())
