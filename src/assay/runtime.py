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


# Libraries that narrate routine work at INFO: every scheduler tick, every migration step.
QUIET_LOGGERS = ("apscheduler", "alembic")


def configure_logging(level: str) -> None:
    numeric = getattr(logging, level, logging.INFO)
    logging.basicConfig(level=numeric, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
