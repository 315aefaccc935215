"""Data at team scale: weekly digest, review agenda, ``/radar``, ``/paper queue``,
``/paper search`` and App Home at 10,000 papers, 50,000 notes, 1,000 techniques, 100,000
votes and 5,000 gut checks with 100,000 runs (``--quick``: a tenth).

Each feature is timed end to end (queries, objects, rendering) against a raw SQL select of the
rows it shows (bench/scale_raw.py); targets: ≤ 0.5 s and ≤ 3× the raw select. The SQL
statements each issues are counted at two data sizes (the big workspace and one a tenth of
it, in the same database): a count that grows with rows is an N+1 and fails.

Runs on SQLite, and on PostgreSQL too when ``DATABASE_URL`` is given or
``ASSAY_TEST_DATABASE_URL`` is set (in a private schema, dropped after).

    .venv/bin/python bench/bench_scale.py [DATABASE_URL] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_raw
from report import Report, add_quick, p50, timings_ms
from scale_data import ME, NOW, populate

from assay.clock import FixedClock
from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.config import Settings
from assay.runtime import Runtime, build_runtime
from assay.services.digest import compose_digest
from assay.services.home import build_home
from assay.storage.engine import make_engine
from assay.storage.models import ScheduledItem
from assay.views.home import home_blocks

BIG, SMALL = "TBIG", "TSMALL"
CATALOG = build_catalog()
MAX_MS, MAX_RATIO = 500.0, 3.0


def features(runtime: Runtime) -> dict[str, Callable[[str], object]]:
    """Each feature as a user gets it, for one workspace."""

    def command(name: str, args: str) -> Callable[[str], object]:
        return lambda team: CATALOG.dispatch(Ctx(team, ME, "C1", runtime), name, args)

    def digest(team: str) -> object:
        item = ScheduledItem(team_id=team, due_at=NOW, payload={"schedule": "mon 09:00", "channel": "CDIGEST"})
        composed = compose_digest(runtime, item, NOW)
        assert composed.messages, "the digest at scale has news"
        return composed

    def home(team: str) -> object:
        with runtime.db.session() as session:
            return home_blocks(build_home(session, team, ME, NOW))

    return {
        "weekly digest": digest,
        "review agenda": command("/review", "agenda"),
        "/radar": command("/radar", ""),
        "/paper queue": command("/paper", "queue"),
        "/paper search 742": command("/paper", "search 742"),
        "/paper search rouge baseline": command("/paper", "search rouge baseline"),
        "App Home": home,
    }


def baselines(runtime: Runtime) -> dict[str, Callable[[str], object]]:
    def raw(select_rows: Callable[..., None], *args: str) -> Callable[[str], object]:
        def run(team: str) -> None:
            with runtime.db.engine.connect() as conn:
                select_rows(conn, team, *args)

        return run

    return {
        "weekly digest": raw(scale_raw.digest),
        "review agenda": raw(scale_raw.agenda),
        "/radar": raw(scale_raw.radar),
        "/paper queue": raw(scale_raw.queue),
        "/paper search 742": raw(scale_raw.search, "742"),
        "/paper search rouge baseline": raw(scale_raw.search, "rouge baseline"),
        "App Home": raw(scale_raw.home),
    }


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def statements_of(engine: Engine, action: Callable[[], object]) -> int:
    action()  # warm: a first call may create the workspace's defaults
    with counting(engine) as statements:
        action()
    return len(statements)


def measure(report: Report, label: str, url: str, scale: float, repeats: int) -> None:
    runtime = build_runtime(Settings(_env_file=None, database_url=url), clock=FixedClock(NOW))  # type: ignore[call-arg]
    try:
        started = time.perf_counter()
        with runtime.db.session() as session:
            sizes = populate(session, BIG, scale)
            populate(session, SMALL, scale / 10)
        print(
            f"{label}: populated {', '.join(f'{v:,} {k}' for k, v in sizes.items())} "
            f"(and a tenth of it) in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        shown, raws = features(runtime), baselines(runtime)
        for name, feature in shown.items():
            raw = raws[name]
            # Interleaved rounds: a busy machine slows both alike.
            served, selected = [], []
            for _ in range(repeats):
                served += timings_ms(partial(feature, BIG), 1, warm_up=not served)
                selected += timings_ms(partial(raw, BIG), 1, warm_up=not selected)
            report.ratio(
                f"{label} {name}",
                p50(served),
                p50(selected),
                baseline_label="raw select",
                max_ratio=MAX_RATIO,
                max_value=MAX_MS,
            )
            big = statements_of(runtime.db.engine, partial(feature, BIG))
            small = statements_of(runtime.db.engine, partial(feature, SMALL))
            report.check(
                f"{label} {name}: SQL statements",
                f"{big}",
                baseline=f"{small} at a tenth",
                target="no growth",
                ok=big <= small,
            )
    finally:
        runtime.close()


@contextmanager
def private_schema(url: str) -> Iterator[str]:
    schema = f"assay_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        options = {"options": f"-csearch_path={schema}"}
        yield make_url(url).update_query_dict(options).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?", default=os.environ.get("ASSAY_TEST_DATABASE_URL"))
    parser.add_argument("--repeats", type=int, default=7)
    add_quick(parser, "a tenth of the rows, 5 repeats")
    args = parser.parse_args()
    scale, repeats = (0.1, 5) if args.quick else (1.0, args.repeats)
    report = Report(f"Team scale (scale {scale:g}): p50 of {repeats}, targets ≤ {MAX_MS:g} ms and ≤ {MAX_RATIO:g}×")
    with tempfile.TemporaryDirectory() as tmp:
        measure(report, "SQLite", f"sqlite:///{Path(tmp) / 'scale.db'}", scale, repeats)
    if args.database_url and args.database_url.startswith("postgresql"):
        with private_schema(args.database_url) as url:
            measure(report, "PostgreSQL", url, scale, repeats)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
