"""PostgreSQL's pool: a connection idle a while is pinged (and replaced when the server closed
it) before any statement sees it; one in steady use is not pinged at every checkout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from assay.storage import engine as engine_module
from assay.storage.engine import make_engine
from tests.dbs import PG_URL, terminate_backends

pytestmark = pytest.mark.skipif(not PG_URL.startswith("postgresql"), reason="needs ASSAY_TEST_DATABASE_URL")


@pytest.fixture
def engine() -> Iterator[Engine]:
    made = make_engine(PG_URL, pool_size=1, max_overflow=0)
    yield made
    made.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = engine.dialect.do_ping

    def counted(dbapi_conn: Any) -> bool:
        seen.append(1)
        return real(dbapi_conn)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return seen


def backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def age_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every pooled connection had been idle a long while."""
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", -1.0)


def test_a_connection_in_steady_use_is_not_pinged(engine: Engine, pings: list[int]) -> None:
    pids = {backend_pid(engine) for _ in range(20)}
    assert len(pids) == 1  # the same pooled connection every time
    assert pings == []


def test_an_idle_connection_the_server_closed_is_replaced_before_use(
    engine: Engine, pings: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backend_pid(engine)
    terminate_backends(PG_URL, first)
    age_the_pool(monkeypatch)
    second = backend_pid(engine)  # no error: the ping found it closed and the pool reconnected
    assert second != first
    assert len(pings) >= 1


def test_a_connection_closed_while_in_steady_use_fails_once_then_the_pool_reconnects(engine: Engine) -> None:
    first = backend_pid(engine)
    terminate_backends(PG_URL, first)
    with pytest.raises(OperationalError), engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert backend_pid(engine) != first


def test_the_pool_keeps_as_many_connections_as_the_setting_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from assay.config import Settings
    from assay.runtime import build_runtime

    monkeypatch.setenv("ASSAY_DATABASE_URL", PG_URL)
    monkeypatch.setenv("ASSAY_DATABASE_POOL_SIZE", "7")
    runtime = build_runtime(Settings(_env_file=None), migrate_schema=False)  # type: ignore[call-arg]
    try:
        assert runtime.db.engine.pool.size() == 7  # type: ignore[attr-defined]
    finally:
        runtime.close()
    assert make_engine(PG_URL).pool.size() == engine_module.POOL_SIZE == 32  # type: ignore[attr-defined]
