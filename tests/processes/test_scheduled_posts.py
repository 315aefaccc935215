"""Real ``assay serve`` processes deliver scheduled reminders exactly once: two at a time on one
PostgreSQL database, and one restarted after being down across the due time."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.runtime import Runtime
from assay.storage.models import ScheduledItem
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.dbs import BACKENDS
from tests.fakes.slack_api import Call, FakeSlack
from tests.processes.forked import AssayProcess, start_assay
from tests.slack_requests import SIGNING_SECRET
from tests.slack_stack import BOT_TOKEN

# The gut checks start ten days before the real now, so their 7-day time-boxes ended days ago
# in real time (the processes run on the real clock): every expiry reminder is overdue when the
# processes start, as after an outage.


def serve_env(db_url: str, fake: FakeSlack, tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASSAY_"))}
    return {
        **base,
        "ASSAY_DATABASE_URL": db_url,
        "ASSAY_DATABASE_POOL_SIZE": "10",  # the test processes share one PostgreSQL server too
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ASSAY_SCHEDULER": "on",
        "ASSAY_LOG_LEVEL": "WARNING",
        "HOME": str(tmp_path),
    }


@contextmanager
def serving(env: dict[str, str], cwd: Path, name: str) -> Iterator[AssayProcess]:
    args = ["serve", "--http", "--host", "127.0.0.1", "--port", "0"]
    process = start_assay(args, env, cwd, cwd / f"{name}.log")
    try:
        yield process
    finally:
        process.stop()


def start_gut_checks(runtime: Runtime, count: int) -> None:
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime.now(UTC) - timedelta(days=10))
    store_paper(runtime, "Token Merging for Cheap Inference", team="T0001")
    for n in range(count):
        run(runtime, f'/gutcheck start P1 claim="claim {n}" metric=tokens', team="T0001", channel="C0CHECKS")


def wait_until_delivered(runtime: Runtime, kind: str, count: int, timeout: float = 60) -> None:
    """Until ``count`` items of ``kind`` are done (sent or stale), checking the database."""
    deadline = time.monotonic() + timeout
    while True:
        with runtime.db.session() as session:
            done = [
                i
                for i in session.exec(select(ScheduledItem).where(ScheduledItem.kind == kind)).all()
                if i.status in ("sent", "stale")
            ]
        if len(done) >= count:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"only {len(done)} of {count} {kind} items were delivered")
        time.sleep(0.2)


# A process starts (imports, migrations check, the scheduler's first tick) in a few seconds,
# but on a CI machine running four test workers on two cores it took up to 14 s: wait on the
# posts themselves, for up to a minute.
STARTED_AND_DELIVERED = 60.0


def ended(call: Call) -> bool:
    return "time-box has ended" in call.params.get("text", "")


def expiry_posts(fake: FakeSlack) -> Counter[str]:
    return Counter(
        c.params["text"].split("'s time-box")[0]
        for c in fake.calls_to("chat.postMessage")
        if "time-box has ended" in c.params.get("text", "")
    )


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="several processes share a PostgreSQL database")
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_serve_processes_post_each_reminder_once(
    db_url: str, any_runtime: Runtime, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    start_gut_checks(any_runtime, 30)
    env = serve_env(db_url, fake_slack, tmp_path)
    with serving(env, tmp_path, "one"), serving(env, tmp_path, "two"):
        fake_slack.wait_for("chat.postMessage", ended, count=30, timeout=STARTED_AND_DELIVERED)
        wait_until_delivered(any_runtime, "post", 30)
    posted = expiry_posts(fake_slack)
    assert len(posted) == 30 and set(posted.values()) == {1}, posted


def test_a_bot_down_across_the_due_time_delivers_once_after_restart(
    any_runtime: Runtime, db_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    start_gut_checks(any_runtime, 2)
    env = serve_env(db_url, fake_slack, tmp_path)
    with serving(env, tmp_path, "first"):
        fake_slack.wait_for("chat.postMessage", ended, count=2, timeout=STARTED_AND_DELIVERED)
        wait_until_delivered(any_runtime, "post", 2)
    run(any_runtime, '/gutcheck start P1 claim="planned while the bot was down" metric=tokens', team="T0001")
    with serving(env, tmp_path, "again"):
        fake_slack.wait_for(
            "chat.postMessage",
            lambda c: "G3's time-box has ended" in c.params.get("text", ""),
            timeout=STARTED_AND_DELIVERED,
        )
        wait_until_delivered(any_runtime, "post", 3)
    assert expiry_posts(fake_slack) == Counter({"⏰ G1": 1, "⏰ G2": 1, "⏰ G3": 1})
