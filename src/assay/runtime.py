"""Bootstrap: wire settings, database, clock and outside clients in one place."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from assay import redact
from assay.clock import Clock, SystemClock
from assay.config import Settings
from assay.storage.engine import Database
from assay.storage.startup import open_database

if TYPE_CHECKING:
    from assay.arxiv.client import ArxivClient
    from assay.arxiv.http import RateLimiter
    from assay.arxiv.listing import ListingClient
    from assay.signals.cache import AnswerCache
    from assay.signals.huggingface import HuggingFaceClient
    from assay.signals.semantic_scholar import SemanticScholarClient

T = TypeVar("T")


@dataclass(frozen=True)
class Pacing:
    """Seconds between requests to each signal service in this process; None: the service's own.

    Not settings: the defaults follow the services' published limits (tests set 0).
    """

    semantic_scholar: float | None = None
    hugging_face: float | None = None


@dataclass
class Runtime:
    """Everything a command needs, built once per process (or per test).

    The outside clients (arXiv, Semantic Scholar, Hugging Face) are built on first use, so a
    command that never calls out does not import ``arxiv`` and ``requests``.
    """

    settings: Settings
    db: Database
    clock: Clock
    output_dir: Path = field(default_factory=Path.cwd)  # where local runs write PNGs
    pacing: Pacing = field(default_factory=Pacing)
    _clients: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _clients_lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def close(self) -> None:
        self.db.dispose()

    def _once(self, name: str, build: Callable[[], T]) -> T:
        """The client ``name``, built once by the first thread that asks (builders may nest: a re-entrant lock)."""
        with self._clients_lock:
            if name not in self._clients:
                self._clients[name] = build()
            client: T = self._clients[name]
            return client

    @property
    def _arxiv_pace(self) -> RateLimiter:
        return self._once("_arxiv_pace", self._build_arxiv_pace)

    def _build_arxiv_pace(self) -> RateLimiter:
        from assay.arxiv.http import process_limiter

        # rss.arxiv.org is arXiv too: the listing shares the API's one pace.
        return process_limiter(self.settings.arxiv_delay_seconds)

    @property
    def arxiv(self) -> ArxivClient:
        return self._once("arxiv", self._build_arxiv)

    def _build_arxiv(self) -> ArxivClient:
        from assay.arxiv.client import ArxivClient

        settings = self.settings
        return ArxivClient(
            settings.arxiv_api_url,
            timeout=settings.http_timeout_seconds,
            delay_seconds=settings.arxiv_delay_seconds,
            limiter=self._arxiv_pace,
        )

    @property
    def arxiv_listing(self) -> ListingClient:
        return self._once("arxiv_listing", self._build_arxiv_listing)

    def _build_arxiv_listing(self) -> ListingClient:
        from assay.arxiv.listing import ListingClient

        return ListingClient(
            self.settings.arxiv_listing_url, timeout=self.settings.http_timeout_seconds, limiter=self._arxiv_pace
        )

    @property
    def _answer_cache(self) -> AnswerCache:
        return self._once("_answer_cache", self._build_answer_cache)

    def _build_answer_cache(self) -> AnswerCache:
        from assay.signals.cache import AnswerCache

        return AnswerCache(self.db, self.clock)

    @property
    def semantic_scholar(self) -> SemanticScholarClient:
        return self._once("semantic_scholar", self._build_semantic_scholar)

    def _build_semantic_scholar(self) -> SemanticScholarClient:
        from assay.signals.semantic_scholar import SemanticScholarClient, default_pace

        settings = self.settings
        key = settings.s2_api_key.get_secret_value() if settings.s2_api_key else None
        pace = self.pacing.semantic_scholar
        return SemanticScholarClient(
            settings.s2_api_url,
            api_key=key,
            timeout=settings.http_timeout_seconds,
            cache=self._answer_cache,
            pace_seconds=default_pace(key) if pace is None else pace,
        )

    @property
    def hugging_face(self) -> HuggingFaceClient:
        return self._once("hugging_face", self._build_hugging_face)

    def _build_hugging_face(self) -> HuggingFaceClient:
        from assay.signals.huggingface import PACE, HuggingFaceClient

        pace = self.pacing.hugging_face
        return HuggingFaceClient(
            self.settings.hf_api_url,
            timeout=self.settings.http_timeout_seconds,
            cache=self._answer_cache,
            pace_seconds=PACE if pace is None else pace,
        )


def build_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    migrate_schema: bool = True,
    output_dir: Path | None = None,
    pacing: Pacing | None = None,
) -> Runtime:
    """Build the runtime; apply migrations first unless told not to.

    Raises ConfigError when the database cannot be reached or migrated (one line naming why).
    """
    secret_key = settings.secret_key.get_secret_value() if settings.secret_key else None
    db = open_database(
        settings.database_url,
        migrate_schema=migrate_schema,
        secret_key=secret_key,
        pool_size=settings.database_pool_size,
    )
    return Runtime(
        settings=settings,
        db=db,
        clock=clock or SystemClock(),
        output_dir=output_dir or Path.cwd(),
        pacing=pacing or Pacing(),
    )


# Libraries that narrate routine work at INFO: every scheduler tick, every migration step.
QUIET_LOGGERS = ("apscheduler", "alembic")


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at ``level``; no record from any logger carries a token, a response_url or
    one of ``secrets`` (the configured secret values): see :mod:`assay.redact`."""
    redact.install(secrets)
    numeric = getattr(logging, level, logging.INFO)
    logging.basicConfig(level=numeric, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
