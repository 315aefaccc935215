"""arXiv misbehaving while someone adds a paper through the real app (the client's own answers
are in tests/arxiv): down, stalled, an HTTP error, HTML instead of Atom, broken XML, entries
that cannot be read. Each is acknowledged at once, then told in plain words; nothing is stored,
no card is posted. A scheduled watch run against a failing listing is tried again later."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from assay.clock import FixedClock
from assay.runtime import Runtime, build_runtime
from assay.services.schedules.runner import Jobs
from assay.storage.models import Paper, ScheduledItem, WatchSeen
from tests.conftest import NO_PACING, Fakes, fake_settings
from tests.core.helpers import run
from tests.fakes.atom import AtomEntry
from tests.fakes.notifier import RecordingNotifier
from tests.fakes.slack_api import FakeSlack
from tests.slack_stack import SlackStack, serve_app

pytestmark = pytest.mark.timeout(60)


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


STALL_TIMEOUT, STALL_SECONDS = 2, 6


@pytest.fixture
def app(
    sqlite_url: str, fakes: Fakes, clock: FixedClock, tmp_path: Path, fake_slack: FakeSlack, mode: str
) -> Iterator[SlackStack]:
    """The real app; where arXiv stalls, its calls give up after two seconds. Only there: on a
    loaded machine a 1 s timeout cut arXiv's normal answers short (seen in CI)."""
    settings = fake_settings(sqlite_url, fakes, http_timeout_seconds=STALL_TIMEOUT if mode == "stall" else 5)
    runtime = build_runtime(settings, clock=clock, migrate_schema=False, output_dir=tmp_path, pacing=NO_PACING)
    with serve_app(runtime, fake_slack) as stack:
        yield stack
    runtime.close()


FAULTS = [
    ("http500", "arXiv answered with HTTP error 500. Try again in a few minutes."),
    ("stall", f"arXiv did not answer within {STALL_TIMEOUT} s. Try again later."),
    ("html", "arXiv sent an answer that is not a valid Atom feed. Try again later."),
    ("malformed", "arXiv sent an answer that is not a valid Atom feed. Try again later."),
    ("bad-date", "arXiv sent an entry that could not be read (a field missing or malformed). Try again later."),
    ("no-updated", "arXiv sent an entry that could not be read (a field missing or malformed). Try again later."),
    ("foreign-id", "arXiv sent an entry that could not be read (a field missing or malformed). Try again later."),
]


def _stored(stack: SlackStack) -> int:
    with stack.runtime.db.session() as s:
        return int(s.exec(select(func.count()).select_from(Paper)).one())


@pytest.mark.parametrize(("mode", "told"), FAULTS, ids=[m for m, _ in FAULTS])
def test_a_failing_arxiv_is_told_in_plain_words_and_nothing_is_stored(
    app: SlackStack, fakes: Fakes, mode: str, told: str
) -> None:
    fakes.arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    fakes.arxiv.mode = mode  # type: ignore[assignment]
    fakes.arxiv.stall_seconds = STALL_SECONDS
    ack = app.command("/paper", "add 1706.03762")
    assert ack.status_code == 200 and ack.json()["text"].startswith("⏳")
    answer = app.fake.wait_for("response_url")[0].params
    assert (answer["response_type"], answer["text"]) == ("ephemeral", f"⚠️ {told}")
    assert _stored(app) == 0 and app.fake.calls_to("chat.postMessage") == []
    fakes.arxiv.mode = "normal"  # and once arXiv is back, the same command works
    app.command("/paper", "add 1706.03762")
    app.fake.wait_for("chat.postMessage")
    assert _stored(app) == 1


def test_an_unreachable_arxiv_is_told_and_nothing_is_stored(runtime: Runtime, fakes: Fakes, tmp_path: Path) -> None:
    settings = fake_settings(
        runtime.settings.database_url, fakes, arxiv_api_url=f"http://127.0.0.1:{_closed_port()}/api/query"
    )
    down = build_runtime(settings, migrate_schema=False, output_dir=tmp_path, pacing=NO_PACING)
    try:
        with pytest.raises(Exception, match="Could not reach arXiv. Try again in a few minutes."):
            run(down, "/paper add 1706.03762")
        with down.db.session() as s:
            assert s.exec(select(func.count()).select_from(Paper)).one() == 0
    finally:
        down.close()


FRIDAY = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 09:00 in New York: the day's listing is out


def test_a_watch_run_against_a_failing_listing_is_tried_again_and_posts_once(
    runtime: Runtime, fakes: Fakes, clock: FixedClock
) -> None:
    clock.set(FRIDAY - timedelta(days=1))
    run(runtime, '/paper watch cs.LG keywords="adapters"')
    entry = AtomEntry("2611.00001", "Sparse adapters", published="2026-11-19T18:00:00Z")
    fakes.arxiv.add(entry)
    fakes.listing.announce(entry, "new", "cs.LG")
    fakes.listing.mode = "http500"
    notifier = RecordingNotifier()
    jobs = Jobs(runtime, notifier, worker="test")
    clock.set(FRIDAY + timedelta(hours=3))
    report = jobs.run_due()
    assert (report.sent, report.retried) == (0, 1)
    with runtime.db.session() as s:
        assert s.exec(select(func.count()).select_from(WatchSeen)).one() == 0  # nothing half-recorded
        runs = s.exec(select(ScheduledItem).where(ScheduledItem.kind == "watch.daily")).all()
        assert [(r.status, "HTTP error 500" in (r.last_error or "")) for r in runs if r.attempts] == [("pending", True)]
    fakes.listing.mode = "normal"
    clock.set(FRIDAY + timedelta(hours=4))
    assert jobs.run_due().sent == 1
    assert [t for t in notifier.texts() if "Sparse adapters" in t]
    clock.set(FRIDAY + timedelta(hours=5))
    jobs.run_due()
    assert len([t for t in notifier.texts() if "Sparse adapters" in t]) == 1
