"""A fake arXiv API on loopback: answers id lists and searches from an in-test catalogue,
serves PDFs, and can misbehave on demand (HTTP errors, stalls, malformed feeds)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, urlparse

from tests.fakes.atom import AtomEntry, error_feed, feed
from tests.fakes.http import LoopbackServer, QuietHandler

_VALID_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
Mode = Literal["normal", "http500", "stall", "malformed", "html", "bad-date", "no-updated", "foreign-id"]
# Well-formed Atom with one entry arXiv's library cannot read, or reads into nonsense.
_ODD_ENTRIES = {
    "bad-date": "<id>http://arxiv.org/abs/{id}v1</id><title>T</title><summary>S</summary>"
    "<published>yesterday</published><updated>soon</updated>",
    "no-updated": "<id>http://arxiv.org/abs/{id}v1</id><title>T</title><summary>S</summary>",
    "foreign-id": "<id>javascript:alert(1)</id><title>T</title><summary>S</summary>"
    "<published>2026-01-01T00:00:00Z</published><updated>2026-01-01T00:00:00Z</updated>",
}


@dataclass
class Request:
    path: str
    query: dict[str, str]
    at: float


class FakeArxiv:
    def __init__(self) -> None:
        self.entries: dict[str, AtomEntry] = {}
        self.pdfs: dict[str, bytes] = {}
        self.requests: list[Request] = []
        self.mode: Mode = "normal"
        self.stall_seconds = 30.0
        self.stalled_pdfs: set[str] = set()  # arXiv ids whose PDF download hangs for stall_seconds
        self.delay_seconds = 0.0  # latency of every answer, feed and PDF (benchmarks: a real round trip)
        self._lock = threading.Lock()
        self.server = LoopbackServer(_Handler, self)

    def start(self) -> FakeArxiv:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    @property
    def api_url(self) -> str:
        return self.server.url + "/api/query"

    @property
    def pdf_base(self) -> str:
        return self.server.url + "/pdf"

    def add(self, entry: AtomEntry, pdf: bytes | None = None) -> AtomEntry:
        entry.pdf_base = self.pdf_base
        self.entries[entry.arxiv_id] = entry
        if pdf is not None:
            self.pdfs[entry.arxiv_id] = pdf
        return entry

    def api_requests(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith("/api/")]


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        fake: FakeArxiv = self.owner
        parsed = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(parsed.query, keep_blank_values=True).items()}
        with fake._lock:
            fake.requests.append(Request(parsed.path, query, time.monotonic()))
        if fake.delay_seconds:
            time.sleep(fake.delay_seconds)
        if parsed.path.startswith("/pdf/"):
            self._pdf(fake, parsed.path.removeprefix("/pdf/"))
            return
        if fake.mode == "stall":
            time.sleep(fake.stall_seconds)
        if fake.mode == "http500":
            self.send(500, b"Internal Server Error", "text/plain")
            return
        if fake.mode == "malformed":
            self.send(200, b"<feed><entry>broken", "application/atom+xml")
            return
        if fake.mode == "html":
            self.send(200, b"<!DOCTYPE html><html><body>arXiv is down</body></html>", "text/html")
            return
        if fake.mode in _ODD_ENTRIES:
            entry = _ODD_ENTRIES[fake.mode].format(id=query.get("id_list", "").split(",")[0])
            body = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>{entry}</entry></feed>'
            self.send(200, body.encode(), "application/atom+xml")
            return
        ids = [i for i in query.get("id_list", "").split(",") if i]
        for raw in ids:
            if not _VALID_ID.match(raw):  # arXiv answers a malformed id with HTTP 400
                self.send(400, error_feed(raw).encode(), "application/atom+xml")
                return
        if ids:
            found = [fake.entries[_base(i)] for i in ids if _base(i) in fake.entries]
        else:
            found = sorted(fake.entries.values(), key=lambda e: e.published, reverse=True)
            category = _category(query.get("search_query", ""))
            if category:
                found = [e for e in found if category in e.categories]
        start = int(query.get("start", "0") or 0)
        size = int(query.get("max_results", "100") or 100)
        page = found[start : start + size]
        body = feed(page, total=len(found), start=start, query=query.get("search_query", ""))
        self.send(200, body.encode(), "application/atom+xml; charset=utf-8")

    def _pdf(self, fake: FakeArxiv, vid: str) -> None:
        if _base(vid) in fake.stalled_pdfs:
            time.sleep(fake.stall_seconds)
        data = fake.pdfs.get(_base(vid))
        if data is None:
            self.send(404, b"<html>not found</html>", "text/html")
            return
        self.send(200, data, "application/pdf")


def _base(vid: str) -> str:
    head, sep, tail = vid.rpartition("v")
    return head if sep and tail.isdigit() and head else vid


def _category(search_query: str) -> str | None:
    for part in search_query.replace("(", " ").replace(")", " ").split():
        if part.startswith("cat:"):
            return part[4:]
    return None
