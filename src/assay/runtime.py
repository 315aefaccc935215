"""Bootstrap: wire settings, database, clock and outside clients in one place."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assay.arxiv.client import ArxivClient
from assay.clock import Clock, SystemClock
from assay.config import Settings
from assay.storage import migrate
from assay.storage.engine import Database


@dataclass
class Runtime:
    """Everything a command needs, built once per process (or per test)."""

    settings: Settings
    db: Database
    clock: Clock
    arxiv: ArxivClient
    output_dir: Path = field(default_factory=Path.cwd)  # where local runs write PNGs

    def close(self) -> None:
        self.db.dispose()


def build_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    migrate_schema: bool = True,
    output_dir: Path | None = None,
) -> Runtime:
    """Build the runtime; apply migrations first unless told not to."""
    db = Database.from_url(settings.database_url)
    if migrate_schema:
        migrate.upgrade(db.engine)
    arxiv = ArxivClient(
        settings.arxiv_api_url,
        timeout=settings.http_timeout_seconds,
        delay_seconds=settings.arxiv_delay_seconds,
    )
    return Runtime(
        settings=settings,
        db=db,
        clock=clock or SystemClock(),
        arxiv=arxiv,
        output_dir=output_dir or Path.cwd(),
    )


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
