"""Bootstrap: wire settings, database, clock and outside clients in one place."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assay import redact
from assay.arxiv.client import ArxivClient
from assay.arxiv.http import process_limiter
from assay.arxiv.listing import ListingClient
from assay.clock import Clock, SystemClock
from assay.config import Settings
from assay.signals.cache import AnswerCache
from assay.signals.huggingface import PACE as HF_PACE
from assay.signals.huggingface import HuggingFaceClient
from assay.signals.semantic_scholar import SemanticScholarClient, default_pace
from assay.storage.engine import Database
from assay.storage.startup import open_database


@dataclass(frozen=True)
class Pacing:
    """Seconds between requests to each signal service in this process; None: the service's own.

    Not settings: the defaults follow the services' published limits (tests set 0).
    """

    semantic_scholar: float | None = None
    hugging_face: float | None = None


@dataclass
class Runtime:
    """Everything a command needs, built once per process (or per test)."""

    settings: Settings
    db: Database
    clock: Clock
    arxiv: ArxivClient
    arxiv_listing: ListingClient
    semantic_scholar: SemanticScholarClient
    hugging_face: HuggingFaceClient
    output_dir: Path = field(default_factory=Path.cwd)  # where local runs write PNGs

    def close(self) -> None:
        self.db.dispose()


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
    db = open_database(settings.database_url, migrate_schema=migrate_schema, secret_key=secret_key)
    clock = clock or SystemClock()
    pacing = pacing or Pacing()
    timeout = settings.http_timeout_seconds
    # rss.arxiv.org is arXiv too: the listing shares the API's one pace.
    arxiv_pace = process_limiter(settings.arxiv_delay_seconds)
    arxiv = ArxivClient(
        settings.arxiv_api_url, timeout=timeout, delay_seconds=settings.arxiv_delay_seconds, limiter=arxiv_pace
    )
    cache = AnswerCache(db, clock)
    s2_key = settings.s2_api_key.get_secret_value() if settings.s2_api_key else None
    semantic_scholar = SemanticScholarClient(
        settings.s2_api_url,
        api_key=s2_key,
        timeout=timeout,
        cache=cache,
        pace_seconds=default_pace(s2_key) if pacing.semantic_scholar is None else pacing.semantic_scholar,
    )
    hugging_face = HuggingFaceClient(
        settings.hf_api_url,
        timeout=timeout,
        cache=cache,
        pace_seconds=HF_PACE if pacing.hugging_face is None else pacing.hugging_face,
    )
    return Runtime(
        settings=settings,
        db=db,
        clock=clock,
        arxiv=arxiv,
        arxiv_listing=ListingClient(settings.arxiv_listing_url, timeout=timeout, limiter=arxiv_pace),
        semantic_scholar=semantic_scholar,
        hugging_face=hugging_face,
        output_dir=output_dir or Path.cwd(),
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
