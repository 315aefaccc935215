"""The scheduler at a burst: 1,000 posts due in the same minute (the same second, in fact),
delivered by two scheduler processes on one PostgreSQL database, to a loopback fake of Slack's
Web API.

Each process is what ``assay serve`` runs in the background (:class:`Jobs` with APScheduler and
the Slack notifier). Lateness is measured at the fake: when each post arrived, after its due
time. Exactly once is counted at the fake too, by each post's metadata tag. The baseline is a
bare loop in one process posting the same messages with slack_sdk's WebClient, no database.

``.venv/bin/python bench/bench_scheduler.py [--quick] [DATABASE_URL]``
(default postgresql+psycopg://postgres@127.0.0.1:5432/test, in a private schema dropped after)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.fakes: the loopback Slack fake

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from assay.storage import migrate  # noqa: E402
from assay.storage.engine import make_engine  # noqa: E402
from assay.storage.models import ScheduledItem, Workspace  # noqa: E402
from tests.fakes.slack_api import Call, FakeSlack  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEAM, CHANNEL, TOKEN = "TBENCH", "C0BENCH", "xoxb-bench-token-not-real"
PROCESSES = 2
TARGET_P99 = 2.0  # seconds after due


class TimedSlack(FakeSlack):
    """The fake, noting when each call arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: list[tuple[float, Call]] = []

    def record(self, call: Call) -> None:
        at = time.time()
        super().record(call)
        with self._lock:
            self.arrived.append((at, call))

    def posts(self) -> list[tuple[float, Call]]:
        with self._lock:
            return [(at, c) for at, c in self.arrived if c.method == "chat.postMessage"]

    def clear(self) -> None:
        with self._lock:
            self.arrived.clear()
            self.calls.clear()


def message(n: int) -> dict[str, Any]:
    text_ = f"⏰ G{n}'s time-box has ended: decide Continue, Pivot, Kill or Extend."
    return {
        "text": text_,
        "blocks": [
            {"type": "section", "text": text_, "fields": []},
            {"type": "context", "texts": ["owner <@U0OWNER>"]},
        ],
        "channel": CHANNEL,
        "thread_ts": None,
        "broadcast": False,
        "user": None,
    }


def private_schema(url: str) -> tuple[str, str]:
    schema = f"assay_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    private = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    private_url = private.render_as_string(hide_password=False)
    engine = make_engine(private_url)
    migrate.upgrade(engine)
    engine.dispose()
    return schema, private_url


def drop_schema(url: str, schema: str) -> None:
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def plan(url: str, count: int, due: datetime) -> None:
    engine = make_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(Workspace), [{"team_id": TEAM, "created_at": now, "timezone": "UTC"}])
        rows = [
            {
                "team_id": TEAM,
                "kind": "post",
                "key": f"bench:{n}",
                "due_at": due,
                "timezone": "UTC",
                "payload": {"message": message(n), "of": "gutcheck.expiry"},
                "created_at": now,
                "status": "pending",
                "attempts": 0,
            }
            for n in range(count)
        ]
        conn.execute(insert(ScheduledItem), rows)
    engine.dispose()


def child(url: str, api_url: str, name: str) -> None:
    """One scheduler process, as ``assay serve`` runs it; stops when stdin closes."""
    os.environ.update(ASSAY_DATABASE_URL=url, SLACK_BOT_TOKEN=TOKEN, SLACK_API_URL=api_url, ASSAY_LOG_LEVEL="WARNING")
    from assay.config import Settings
    from assay.runtime import build_runtime
    from assay.services.schedules.runner import Jobs
    from bot.app import clients_for
    from bot.notifier import SlackNotifier

    runtime = build_runtime(Settings(), migrate_schema=False)
    scheduler = Jobs(runtime, SlackNotifier(clients_for(None, runtime)), worker=name).start()
    print("ready", flush=True)
    sys.stdin.read()
    scheduler.shutdown(wait=True)
    runtime.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def scheduled_run(url: str, fake: TimedSlack, count: int) -> tuple[list[float], Counter[str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", url, fake.api_url, f"bench-{n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for n in range(PROCESSES)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", "a scheduler did not start"
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
        plan(url, count, due)
        deadline = time.monotonic() + 120
        while len(fake.posts()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2)  # anything posted twice arrives meanwhile
    finally:
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.close()
        for proc in procs:
            proc.wait(timeout=60)
    posts = fake.posts()
    tags = Counter(str(c.params.get("metadata", {}).get("event_payload", {}).get("marker")) for _, c in posts)
    return [max(0.0, at - due.timestamp()) for at, _ in posts], tags


def baseline_run(fake: TimedSlack, count: int) -> list[float]:
    from slack_sdk import WebClient

    client = WebClient(token=TOKEN, base_url=fake.api_url)
    start = time.time()
    for n in range(count):
        m = message(n)
        client.chat_postMessage(channel=CHANNEL, text=m["text"], metadata={"event_type": "bench", "event_payload": {}})
    return [at - start for at, _ in fake.posts()]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    args = [a for a in argv if not a.startswith("--")]
    url = args[0] if args else DEFAULT_URL
    count = 300 if quick else 1000
    fake = TimedSlack().start()
    schema, private_url = private_schema(url)
    try:
        lateness, tags = scheduled_run(private_url, fake, count)
    finally:
        drop_schema(url, schema)
    fake.clear()
    base = baseline_run(fake, count)
    fake.stop()
    twice = sum(1 for n in tags.values() if n > 1)
    missing = count - len(tags)
    p50, p99, worst = percentile(lateness, 0.5), percentile(lateness, 0.99), max(lateness)
    b50, b99 = percentile(base, 0.5), percentile(base, 0.99)
    print(f"{count} posts due at once, {PROCESSES} scheduler processes on {make_url(url).get_backend_name()}")
    print(f"scheduler: lateness first {min(lateness):.2f} s, p50 {p50:.2f} s, p99 {p99:.2f} s, max {worst:.2f} s")
    print(f"           {len(lateness)} posts at the fake: {len(tags)} distinct, {twice} twice, {missing} missing")
    print(f"baseline (bare WebClient loop, no database): p50 {b50:.2f} s, p99 {b99:.2f} s after start")
    print(f"ratio p99 {p99 / b99:.2f}x; target p99 <= {TARGET_P99:.1f} s after due, each post exactly once")
    ok = p99 <= TARGET_P99 and twice == 0 and missing == 0
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
