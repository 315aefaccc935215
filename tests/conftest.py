"""Fixtures: clean environment, databases (SQLite + PostgreSQL), runtimes, fakes, the app over HTTP."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assay.clock import FixedClock
from assay.config import Settings
from assay.runtime import Pacing, Runtime, build_runtime
from tests.dbs import BACKENDS, PostgresSchema, SqliteSlots, engines_shared, postgres_session, sqlite_template
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.arxiv_listing import FakeArxivListing
from tests.fakes.huggingface import FakeHuggingFace
from tests.fakes.semantic_scholar import FakeSemanticScholar
from tests.fakes.slack_api import FakeSlack

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Bolt reads SLACK_* by itself; proxies would route loopback traffic away. Clear both."""
    for key in list(os.environ):
        if key.startswith(("SLACK_", "ASSAY_")) and key != "ASSAY_TEST_DATABASE_URL":
            monkeypatch.delenv(key, raising=False)
        if key.lower() in {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}:
            monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env, and PNGs land in the test's folder


@pytest.fixture(autouse=True)
def _quick_retries(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused call to Slack or to a signal service is tried again after 20-80 ms, not after
    0.5-4 s: what the tests check is that it is tried again, and what is said when it keeps
    failing. Tests marked ``real_backoff`` keep the backoff users get. A ``Retry-After`` is
    always waited out."""
    from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

    import assay.signals.polite
    import bot.retries

    if request.node.get_closest_marker("real_backoff"):
        return
    monkeypatch.setattr(bot.retries, "BACKOFF", FixedValueRetryIntervalCalculator(0.02))
    monkeypatch.setattr(assay.signals.polite, "BACKOFF_SECONDS", (0.02, 0.04, 0.08))


@pytest.fixture(scope="session", autouse=True)
def _engines_shared() -> Iterator[None]:
    with engines_shared():
        yield


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def _sqlite_slots(_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> SqliteSlots:
    return SqliteSlots(_sqlite_template, tmp_path_factory.mktemp("slots"))


@pytest.fixture(scope="session")
def _postgres() -> Iterator[PostgresSchema | None]:
    if "postgresql" not in BACKENDS:
        yield None
        return
    yield from postgres_session()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, _sqlite_slots: SqliteSlots) -> Iterator[str]:
    """A migrated, empty database: SQLite, and PostgreSQL when configured."""
    if request.param == "sqlite":
        url = _sqlite_slots.claim()
        yield url
        _sqlite_slots.release(url)
        return
    pg: PostgresSchema = request.getfixturevalue("_postgres")
    try:
        yield pg.url
    finally:
        pg.truncate()


@pytest.fixture
def sqlite_url(_sqlite_slots: SqliteSlots) -> Iterator[str]:
    url = _sqlite_slots.claim()
    yield url
    _sqlite_slots.release(url)


@pytest.fixture
def fake_arxiv() -> Iterator[FakeArxiv]:
    fake = FakeArxiv().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_s2() -> Iterator[FakeSemanticScholar]:
    fake = FakeSemanticScholar().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_hf() -> Iterator[FakeHuggingFace]:
    fake = FakeHuggingFace().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_listing() -> Iterator[FakeArxivListing]:
    fake = FakeArxivListing().start()
    yield fake
    fake.stop()


@dataclass
class Fakes:
    """The loopback services a runtime talks to besides Slack."""

    arxiv: FakeArxiv
    s2: FakeSemanticScholar
    hf: FakeHuggingFace
    listing: FakeArxivListing


@pytest.fixture
def fakes(
    fake_arxiv: FakeArxiv, fake_s2: FakeSemanticScholar, fake_hf: FakeHuggingFace, fake_listing: FakeArxivListing
) -> Fakes:
    return Fakes(fake_arxiv, fake_s2, fake_hf, fake_listing)


def make_settings(db_url: str, arxiv_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "arxiv_api_url": arxiv_url,
        "arxiv_delay_seconds": 0,
        "http_timeout_seconds": 5,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def fake_settings(db_url: str, fakes: Fakes, **overrides: Any) -> Settings:
    """Settings pointing every outside service at its loopback fake."""
    return make_settings(
        db_url,
        fakes.arxiv.api_url,
        s2_api_url=fakes.s2.api_url,
        hf_api_url=fakes.hf.api_url,
        arxiv_listing_url=fakes.listing.listing_url,
        **overrides,
    )


NO_PACING = Pacing(semantic_scholar=0, hugging_face=0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _runtime(url: str, fakes: Fakes, clock: FixedClock, tmp_path: Path) -> Runtime:
    return build_runtime(
        fake_settings(url, fakes), clock=clock, migrate_schema=False, output_dir=tmp_path, pacing=NO_PACING
    )


@pytest.fixture
def runtime(sqlite_url: str, fakes: Fakes, clock: FixedClock, tmp_path: Path) -> Iterator[Runtime]:
    """A runtime on SQLite against the fakes (arXiv, its listing, Semantic Scholar, Hugging Face)."""
    rt = _runtime(sqlite_url, fakes, clock, tmp_path)
    yield rt
    rt.close()


@pytest.fixture
def any_runtime(db_url: str, fakes: Fakes, clock: FixedClock, tmp_path: Path) -> Iterator[Runtime]:
    """A runtime on every configured backend (SQLite, PostgreSQL)."""
    rt = _runtime(db_url, fakes, clock, tmp_path)
    yield rt
    rt.close()


@pytest.fixture
def slack(runtime: Runtime, fake_slack: FakeSlack) -> Iterator[Any]:
    """The real app over HTTP on SQLite, with a fake Slack Web API and a fake arXiv."""
    from tests.slack_stack import serve_app

    with serve_app(runtime, fake_slack) as stack:
        yield stack


@pytest.fixture
def any_slack(any_runtime: Runtime, fake_slack: FakeSlack) -> Iterator[Any]:
    """The real app over HTTP on every configured database backend."""
    from tests.slack_stack import serve_app

    with serve_app(any_runtime, fake_slack) as stack:
        yield stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that start ``assay serve`` processes (tests/processes/) come first, the rest in
    their order: xdist hands each worker a contiguous share and steals from the ends of the
    queues, so at the front they stay in the first worker's share and it alone starts a fork
    server (~4 CPU-seconds each); and their seconds of waiting overlap the others' work."""
    items.sort(key=lambda item: not item.nodeid.startswith("tests/processes/"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (the bot, its libraries, every test module) lives until the
    end: moved out of the garbage collector's reach, each collection scans only what the tests
    make (the collector took about 5% of a test process's CPU going over it again and again)."""
    gc.freeze()
