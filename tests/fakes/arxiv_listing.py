"""A fake of arXiv's daily listing feeds (rss.arxiv.org/atom) on loopback.

``GET /atom/<cat>[+<cat>...]`` answers the Atom shape of ``tests/fixtures/arxiv_listing``: feed
header, then one entry per announcement with ``<arxiv:announce_type>``, ``dc:creator`` and the
"arXiv:<id> Announce Type: <type> Abstract: ..." summary. A category with nothing announced
(weekends) gives the header alone. Misbehaves on demand (HTTP 500, stalls, malformed XML)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote, urlparse
from xml.sax.saxutils import escape

from tests.fakes.atom import AtomEntry
from tests.fakes.http import LoopbackServer, QuietHandler

Mode = Literal["normal", "http500", "stall", "malformed"]
TRAILING_SPACE = " "  # arXiv leaves a space after the announce type
FEED_OPEN = (
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="en-us">'
)


@dataclass
class Announcement:
    arxiv_id: str
    version: int
    title: str
    summary: str
    authors: list[str]
    categories: list[str]
    announce_type: str = "new"
    announced: str = "2026-11-20T00:00:00-05:00"

    def xml(self, updated: str) -> str:
        cats = "\n".join(f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in self.categories)
        return f"""  <entry>
    <id>oai:arXiv.org:{self.arxiv_id}v{self.version}</id>
    <title>{escape(self.title)}</title>
    <updated>{updated}</updated>
    <link href="https://arxiv.org/abs/{self.arxiv_id}" rel="alternate" type="text/html"/>
    <summary>arXiv:{self.arxiv_id}v{self.version} Announce Type: {self.announce_type}{TRAILING_SPACE}
Abstract: {escape(self.summary)}</summary>
{cats}
    <published>{self.announced}</published>
    <arxiv:announce_type>{self.announce_type}</arxiv:announce_type>
    <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
    <dc:creator>{escape(", ".join(self.authors))}</dc:creator>
  </entry>"""


@dataclass
class FakeArxivListing:
    feeds: dict[str, list[Announcement]] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)
    mode: Mode = "normal"
    stall_seconds: float = 30.0
    updated: str = "2026-11-20T05:00:11.432101+00:00"

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.server = LoopbackServer(_Handler, self)

    def start(self) -> FakeArxivListing:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    @property
    def listing_url(self) -> str:
        return self.server.url + "/atom"

    def announce(self, entry: AtomEntry, announce_type: str = "new", category: str | None = None) -> Announcement:
        """List ``entry`` in today's feed of ``category`` (default: its primary category)."""
        item = Announcement(
            arxiv_id=entry.arxiv_id,
            version=entry.version,
            title=entry.title,
            summary=entry.summary,
            authors=list(entry.authors),
            categories=list(entry.categories),
            announce_type=announce_type,
        )
        with self._lock:
            self.feeds.setdefault(category or entry.categories[0], []).append(item)
        return item

    def new_day(self, updated: str) -> None:
        """arXiv rebuilt the feeds: everything announced before is gone."""
        with self._lock:
            self.feeds.clear()
            self.updated = updated

    def requested(self) -> list[str]:
        with self._lock:
            return list(self.paths)

    def body(self, categories: list[str]) -> str:
        with self._lock:
            seen: set[str] = set()
            items = []
            for category in categories:
                for item in self.feeds.get(category, []):
                    if item.arxiv_id not in seen:  # a paper in two requested categories is listed once
                        seen.add(item.arxiv_id)
                        items.append(item.xml(self.updated))
            joined = "+".join(categories)
            return f"""<?xml version='1.0' encoding='UTF-8'?>
{FEED_OPEN}
  <id>http://rss.arxiv.org/atom/{joined}</id>
  <title>{joined} updates on arXiv.org</title>
  <updated>{self.updated}</updated>
  <link href="http://rss.arxiv.org/atom/{joined}" rel="self" type="application/atom+xml"/>
  <subtitle>{joined} updates on the arXiv.org e-print archive.</subtitle>
{chr(10).join(items)}
</feed>
"""


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        fake: FakeArxivListing = self.owner
        path = unquote(urlparse(self.path).path)
        with fake._lock:
            fake.paths.append(path)
        if fake.mode == "stall":
            time.sleep(fake.stall_seconds)
        if fake.mode == "http500":
            self.send(500, b"Internal Server Error", "text/plain")
            return
        if fake.mode == "malformed":
            self.send(200, b"<feed><entry>broken", "application/atom+xml")
            return
        if not path.startswith("/atom/"):
            self.send(404, b"not found", "text/plain")
            return
        categories = [c for c in path.removeprefix("/atom/").split("+") if c]
        self.send(200, fake.body(categories).encode(), "application/atom+xml; charset=utf-8")
