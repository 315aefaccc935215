"""``kill -9`` of a real ``assay serve`` in the middle of a burst of votes over HTTP, then an
integrity check and a restart: every vote whose HTTP 200 came back is there, once, with its
history row (a vote and its history are one transaction), and nothing is half-written."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, text
from sqlmodel import select

from assay.runtime import Runtime
from assay.storage.models import Technique, Vote, VoteChange
from tests.cli.runner import serve_http
from tests.core.helpers import run
from tests.fakes.slack_api import FakeSlack
from tests.processes.forked import AssayProcess
from tests.processes.test_scheduled_posts import serve_env
from tests.slack_requests import SlackSender

pytestmark = pytest.mark.timeout(120)
VOTERS = [f"U{n:04d}" for n in range(400)]
KILL_AFTER = 60  # acknowledged votes before the kill: the rest of the burst is still arriving


@contextmanager
def assay_serve(env: dict[str, str], cwd: Path, name: str) -> Iterator[tuple[AssayProcess, str]]:
    """A real `assay serve --http` process, ready (its /healthz answers) when yielded."""
    process, url, _ = serve_http({**env, "ASSAY_SCHEDULER": "off"}, cwd, name)
    try:
        yield process, url
    finally:
        process.stop()  # a no-op for the process already killed


def _burst_then_kill(sender: SlackSender, process: AssayProcess) -> set[str]:
    """Vote from every voter, eight at a time; SIGKILL once KILL_AFTER were acknowledged."""
    acknowledged: set[str] = set()
    lock, enough = threading.Lock(), threading.Event()

    def vote(user: str) -> None:
        if process.poll() is not None:
            return
        try:
            answer = sender.command("/radar", "vote Speculative TRIAL why=fast", user=user, team="T0001")
        except requests.RequestException:
            return  # the process died under this request: not acknowledged
        if answer.status_code == 200 and "Vote recorded" in answer.text:
            with lock:
                acknowledged.add(user)
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(vote, user) for user in VOTERS]
        assert enough.wait(timeout=60), "the burst never reached the kill point"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        for future in futures:
            future.result()
    return acknowledged


def _check_integrity(runtime: Runtime) -> None:
    engine = runtime.db.engine
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        orphans = "SELECT count(*) FROM vote v LEFT JOIN technique t ON t.id = v.technique_id WHERE t.id IS NULL"
        assert conn.execute(text(orphans)).scalar() == 0
        twice = (
            "SELECT count(*) FROM (SELECT user_id FROM vote"
            " GROUP BY team_id, technique_id, user_id HAVING count(*) > 1) d"
        )
        assert conn.execute(text(twice)).scalar() == 0


def test_kill_9_mid_burst_loses_no_acknowledged_vote(
    any_runtime: Runtime, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    run(any_runtime, "/radar add Speculative", team="T0001")
    env = serve_env(any_runtime.settings.database_url, fake_slack, tmp_path)
    with assay_serve(env, tmp_path, "first") as (process, url):
        acknowledged = _burst_then_kill(SlackSender(url + "/slack/events", fake_slack.response_url()), process)
    assert process.returncode == -signal.SIGKILL
    assert KILL_AFTER <= len(acknowledged) < len(VOTERS)  # killed mid-burst, not after it
    _check_integrity(any_runtime)
    with any_runtime.db.session() as s:
        voters = set(s.exec(select(Vote.user_id)).all())
        histories = dict(s.exec(select(VoteChange.user_id, func.count()).group_by(VoteChange.user_id)).all())
        assert s.exec(select(func.count()).select_from(Technique)).one() == 1
    assert acknowledged <= voters  # every acknowledged vote survived the kill
    assert histories == dict.fromkeys(voters, 1)  # each with its one history row, none half-written
    with assay_serve(env, tmp_path, "again") as (_, url):
        sender = SlackSender(url + "/slack/events", fake_slack.response_url())
        tally = sender.command("/radar", "votes Speculative", team="T0001").json()
        assert f"{len(voters)} votes" in str(tally["blocks"])
        late = sender.command("/radar", "vote Speculative HOLD", user="U9999", team="T0001")
        assert "Vote recorded" in late.text  # and it takes writes again
