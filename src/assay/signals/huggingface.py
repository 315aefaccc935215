"""Official code and community interest from Hugging Face Papers (``GET /api/papers/{arxiv id}``).

A paper page carries ``githubRepo`` (the repository the authors or Hugging Face linked as the
paper's code), ``githubStars``, ``projectPage`` and ``upvotes``. 404 means the paper is not
indexed there, which is common and no error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from assay.signals.cache import AnswerCache
from assay.signals.polite import PoliteClient, SignalUnavailable, service_pace

SERVICE = "hf"
NAME = "Hugging Face"
# Hugging Face allows an anonymous IP 500 Hub API requests per 5 minutes; one a second uses 60%
# of that and leaves room for whatever else shares the address.
PACE = 1.0
MAX_URL = 500


@dataclass(frozen=True)
class PaperPage:
    github_repo: str | None
    github_stars: int | None
    project_page: str | None
    upvotes: int | None
    as_of: datetime


class HuggingFaceClient:
    def __init__(self, api_url: str, *, timeout: float, cache: AnswerCache, pace_seconds: float = PACE) -> None:
        self.api_url = api_url.rstrip("/")
        self.cache = cache
        self.http = PoliteClient(NAME, timeout=timeout, pace=service_pace(SERVICE, self.api_url, pace_seconds))

    def paper(self, arxiv_id: str) -> PaperPage | None:
        """The paper page of an arXiv paper (id without version); None when Hugging Face has not
        indexed it. Raises SignalUnavailable when it cannot say."""
        remembered = self.cache.get(SERVICE, arxiv_id)
        if remembered is not None:
            return _page(remembered.value, remembered.fetched_at)
        answer = self.http.get(f"{self.api_url}/papers/{quote(arxiv_id, safe='')}")
        value = None if answer.status == 404 else _page_value(answer.body)
        return _page(value, self.cache.put(SERVICE, arxiv_id, value))


def _page_value(body: bytes) -> dict[str, Any]:
    try:
        item = json.loads(body)
    except ValueError:
        raise SignalUnavailable(f"{NAME} sent an answer that is not valid JSON") from None
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise SignalUnavailable(f"{NAME} sent an answer that is not a paper page")
    return {
        "github_repo": _url(item.get("githubRepo")),
        "github_stars": _count(item.get("githubStars")),
        "project_page": _url(item.get("projectPage")),
        "upvotes": _count(item.get("upvotes")),
    }


def _url(value: Any) -> str | None:
    """An http(s) address, or None for anything else (empty strings, other schemes, junk)."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_URL:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.hostname else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _page(value: dict[str, Any] | None, as_of: datetime) -> PaperPage | None:
    if value is None:
        return None
    return PaperPage(
        github_repo=value.get("github_repo"),
        github_stars=value.get("github_stars"),
        project_page=value.get("project_page"),
        upvotes=value.get("upvotes"),
        as_of=as_of,
    )
