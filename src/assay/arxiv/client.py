"""A client for the arXiv API around the ``arxiv`` package, with clear failures.

Every failure becomes a domain error with a message for the user, and nothing is returned
partially: callers store nothing unless a call returns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import arxiv
import requests
from lxml import etree

from assay.arxiv.http import BoundedSession, RateLimiter, process_limiter
from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.errors import NotFound, UpstreamError, UserError

log = logging.getLogger(__name__)
BATCH = 100
_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
_ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"
_ATOM_ID = "{http://www.w3.org/2005/Atom}id"
UNREADABLE = "arXiv sent an entry that could not be read (a field missing or malformed). Try again later."


@dataclass(frozen=True)
class ArxivEntry:
    id: ArxivId  # with the version arXiv returned
    title: str
    authors: tuple[str, ...]
    abstract: str
    comment: str | None
    categories: tuple[str, ...]
    primary_category: str
    published: datetime
    updated: datetime
    abs_url: str
    pdf_url: str | None
    journal_ref: str | None = None
    doi: str | None = None


class ArxivClient:
    def __init__(
        self,
        api_url: str,
        *,
        timeout: float,
        delay_seconds: float,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.api_url = api_url
        self.timeout = timeout
        self.session = BoundedSession(timeout, limiter or process_limiter(delay_seconds))
        self._client = arxiv.Client(page_size=BATCH, delay_seconds=0, num_retries=0)
        # Per instance: the API endpoint comes from ASSAY_ARXIV_API_URL.
        self._client.query_url_format = api_url + ("&" if "?" in api_url else "?") + "{}"
        self._client._session = self.session

    def fetch(self, ids: Sequence[ArxivId]) -> dict[str, ArxivEntry]:
        """Metadata for many ids, in batches of 100; keyed by the id without version."""
        found: dict[str, ArxivEntry] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), BATCH):
            batch = unique[start : start + BATCH]
            search = arxiv.Search(id_list=[str(i) for i in batch], max_results=len(batch))
            for entry in self._run(search, what=", ".join(str(i) for i in batch)):
                found[entry.id.base] = entry
        return found

    def fetch_one(self, arxiv_id: ArxivId) -> ArxivEntry:
        """One paper's metadata; NotFound when arXiv has no such paper."""
        entry = self.fetch([arxiv_id]).get(arxiv_id.base)
        if entry is None:
            raise NotFound(f"arXiv has no paper `{arxiv_id}`. Check the id and try again.")
        return entry

    def search(self, query: str, *, max_results: int) -> list[ArxivEntry]:
        """Newest submissions first for an arXiv query such as ``cat:cs.LG``."""
        search = arxiv.Search(
            query=query,
            max_results=max_results,
            sort_by=arxiv.SortCriterion.SubmittedDate,
            sort_order=arxiv.SortOrder.Descending,
        )
        return self._run(search, what=query)

    def _run(self, search: arxiv.Search, *, what: str) -> list[ArxivEntry]:
        self.session.last_response = None
        try:
            results = list(self._client.results(search))
        except arxiv.HTTPError as exc:
            if exc.status == 400:
                raise UserError(f"arXiv refused `{what}` as a malformed id or query.") from None
            raise UpstreamError(f"arXiv answered with HTTP error {exc.status}. Try again in a few minutes.") from None
        except requests.Timeout:
            raise UpstreamError(f"arXiv did not answer within {self.timeout:g} s. Try again later.") from None
        except requests.RequestException as exc:
            log.warning("arXiv unreachable: %s", type(exc).__name__)
            raise UpstreamError("Could not reach arXiv. Try again in a few minutes.") from None
        except arxiv.UnexpectedEmptyPageError:
            raise UpstreamError("arXiv returned an empty page mid-way. Try again.") from None
        except (ValueError, TypeError, AttributeError, KeyError) as exc:  # an entry the library cannot read
            log.warning("arXiv sent an entry that could not be read: %s", type(exc).__name__)
            raise UpstreamError(UNREADABLE) from None
        if not results:
            self._check_feed()
        try:
            return [_entry(r) for r in results if "/api/errors" not in r.entry_id]
        except (UserError, ValueError, TypeError, AttributeError) as exc:  # e.g. an id that is not arXiv's
            log.warning("arXiv sent an entry that could not be read: %s", type(exc).__name__)
            raise UpstreamError(UNREADABLE) from None

    def _check_feed(self) -> None:
        """An empty result is only 'no such paper' when arXiv really sent an Atom feed."""
        response = self.session.last_response
        body = response.content if response is not None else b""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
        try:
            root = etree.fromstring(body, parser=parser)
        except etree.XMLSyntaxError:
            root = None
        if root is None or root.tag != _ATOM_FEED:
            raise UpstreamError("arXiv sent an answer that is not a valid Atom feed. Try again later.")
        # The library skips entries it cannot read (no <updated>, say): then there *was* an
        # answer, and "no such paper" would be wrong.
        ids = [e.findtext(_ATOM_ID) or "" for e in root.iter(_ATOM_ENTRY)]
        if any("/api/errors" not in i for i in ids):
            raise UpstreamError(UNREADABLE)


def _entry(result: arxiv.Result) -> ArxivEntry:
    arxiv_id = parse_arxiv_id(result.entry_id)
    return ArxivEntry(
        id=arxiv_id,
        title=" ".join(result.title.split()),
        authors=tuple(a.name for a in result.authors),
        abstract=" ".join(result.summary.split()),
        comment=" ".join(result.comment.split()) if result.comment else None,
        categories=tuple(result.categories),
        primary_category=result.primary_category or (result.categories or [""])[0],
        published=result.published,
        updated=result.updated,
        abs_url=f"https://arxiv.org/abs/{arxiv_id}",
        pdf_url=result.pdf_url,
        journal_ref=result.journal_ref or None,
        doi=result.doi or None,
    )
