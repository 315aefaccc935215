"""arXiv's daily listing feeds: what arXiv announced today in a category, as Atom.

``ASSAY_ARXIV_LISTING_URL/<category>[+<category>...]`` (https://rss.arxiv.org/atom/cs.LG) lists
the day's announcements, each entry with ``<arxiv:announce_type>``: ``new`` (first appearance),
``cross`` (new here, primary elsewhere), ``replace`` and ``replace-cross`` (a new version of an
older paper). The feed is rebuilt each night at midnight US Eastern; on Saturdays, Sundays and
arXiv holidays it is empty, which is not an error. Requests share the arXiv pace.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import requests
from lxml import etree

from assay.arxiv.http import BoundedSession, RateLimiter
from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.errors import UpstreamError, UserError

log = logging.getLogger(__name__)
_NS = {
    "a": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_FEED = "{http://www.w3.org/2005/Atom}feed"
_SUMMARY_HEAD = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?", re.IGNORECASE)


@dataclass(frozen=True)
class ListingItem:
    id: ArxivId  # with the announced version
    title: str
    abstract: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    announce_type: str  # new | cross | replace | replace-cross
    announced: datetime | None
    journal_ref: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class Listing:
    categories: tuple[str, ...]
    updated: datetime | None  # when arXiv built the feed
    items: tuple[ListingItem, ...]

    def fingerprint(self) -> str:
        """What the day's announcements were, independent of when the feed was rebuilt."""
        lines = sorted(f"{item.id}:{item.announce_type}" for item in self.items)
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class ListingClient:
    def __init__(self, listing_url: str, *, timeout: float, limiter: RateLimiter) -> None:
        self.listing_url = listing_url.rstrip("/")
        self.timeout = timeout
        self.session = BoundedSession(timeout, limiter)

    def fetch(self, categories: Sequence[str]) -> Listing:
        """Today's listing for the categories (joined by ``+``). Raises UpstreamError when arXiv is
        down, slow or sends something that is not an Atom feed, UserError for a category arXiv refuses."""
        joined = "+".join(categories)
        what = f"arXiv's listing feed for {joined}"
        try:
            response = self.session.get(f"{self.listing_url}/{quote(joined, safe='+.-')}")
        except requests.Timeout:
            raise UpstreamError(f"{what} did not answer within {self.timeout:g} s. Try again later.") from None
        except requests.RequestException as exc:
            log.warning("arXiv listing unreachable: %s", type(exc).__name__)
            raise UpstreamError(f"Could not reach {what}. Try again in a few minutes.") from None
        if response.status_code in (400, 404):
            raise UserError(f"arXiv has no listing feed for `{joined}`. Check the category.")
        if response.status_code != 200:
            raise UpstreamError(f"{what} answered with HTTP error {response.status_code}. Try again later.")
        return parse_listing(response.content, tuple(categories), what=what)


def parse_listing(body: bytes, categories: tuple[str, ...], *, what: str = "arXiv's listing feed") -> Listing:
    """Read a listing feed; entries arXiv could not have sent (no id) are skipped and logged."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None or root.tag != _FEED:
        raise UpstreamError(f"{what} sent something that is not an Atom feed. Try again later.")
    items: list[ListingItem] = []
    for entry in root.iterfind("a:entry", _NS):
        item = _item(entry)
        if item is None:
            log.warning("%s: skipped an entry without a readable arXiv id", what)
            continue
        items.append(item)
    return Listing(categories=categories, updated=_instant(_text(root, "a:updated")), items=tuple(items))


def _item(entry: etree._Element) -> ListingItem | None:
    raw_id = _text(entry, "a:id").removeprefix("oai:arXiv.org:")
    try:
        arxiv_id = parse_arxiv_id(raw_id)
    except UserError:
        return None
    summary = _text(entry, "a:summary")
    head = _SUMMARY_HEAD.match(summary)
    announce_type = (_text(entry, "arxiv:announce_type") or (head.group("type") if head else "new")).lower()
    creators = _text(entry, "dc:creator")
    return ListingItem(
        id=arxiv_id,
        title=" ".join(_text(entry, "a:title").split()),
        abstract=" ".join(summary[head.end() :].split() if head else summary.split()),
        authors=tuple(name.strip() for name in creators.split(",") if name.strip()),
        categories=tuple(c.get("term", "") for c in entry.iterfind("a:category", _NS) if c.get("term")),
        announce_type=announce_type,
        announced=_instant(_text(entry, "a:published")),
        journal_ref=_text(entry, "arxiv:journal_reference") or None,
        doi=_text(entry, "arxiv:DOI") or None,
    )


def _text(node: etree._Element, path: str) -> str:
    found = node.find(path, _NS)
    return (found.text or "").strip() if found is not None else ""


def _instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
