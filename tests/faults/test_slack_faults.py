"""Slack misbehaving, through the real app over loopback: 429 with Retry-After, 5xx, and calls
that never answer. For command replies (posts and response_url answers), card redraws and
scheduled posts: retried, then told in plain words; never a traceback to the user, never a
token or a response URL in what is said or logged; nothing recorded is lost or doubled."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.runtime import Runtime
from assay.services.schedules.runner import Jobs
from assay.storage.models import Paper, ScheduledItem
from bot.app import clients_for
from bot.notifier import SlackNotifier
from tests.core.paper_rows import store_paper
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry
from tests.fakes.slack_api import FakeSlack
from tests.slack_requests import SIGNING_SECRET
from tests.slack_stack import BOT_TOKEN, SlackStack, serve_app
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(60)
TEAM, CHANNEL = "T0001", "C2147483705"


@pytest.fixture
def impatient(request: pytest.FixtureRequest, runtime: Runtime, fake_slack: FakeSlack) -> Iterator[SlackStack]:
    """The app over HTTP. For a test marked ``stalls`` its HTTP timeout is one second, so a
    Slack that never answers is found out fast; otherwise it is the usual one, so that a
    loaded machine never times out a call that Slack does answer (a refusal, a 429)."""
    timeout = 1 if request.node.get_closest_marker("stalls") else runtime.settings.http_timeout_seconds
    with serve_app(runtime, fake_slack, http_timeout_seconds=timeout) as stack:
        yield stack


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def _nothing_secret(stack: SlackStack, logs: pytest.LogCaptureFixture) -> None:
    """Neither the user nor the logs get a token, the signing secret, a response URL or a traceback."""
    told = " ".join(str(c.params) for c in stack.fake.calls if c.method.startswith(("response_url", "chat.")))
    logged = "\n".join(r.getMessage() for r in logs.records)
    for secret in (BOT_TOKEN, SIGNING_SECRET, stack.fake.response_url()):
        assert secret not in told and secret not in logged
    assert "Traceback" not in told


def _add(stack: SlackStack, arxiv: FakeArxiv) -> None:
    arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    assert stack.command("/paper", "add 1706.03762").status_code == 200


def _papers(stack: SlackStack) -> list[str]:
    with stack.runtime.db.session() as s:
        return list(s.exec(select(Paper.title)).all())


# --- command replies -------------------------------------------------------------------------


def test_a_card_refused_twice_with_500_is_posted_on_the_third_try(
    impatient: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    impatient.fake.fail_next("chat.postMessage", status=500, times=2)
    _add(impatient, fake_arxiv)
    impatient.fake.wait_for("chat.postMessage")
    assert len(impatient.fake.calls_to("chat.postMessage#failed")) == 2
    assert impatient.fake.calls_to("response_url") == []  # nothing to apologise for
    _nothing_secret(impatient, logs)


def test_a_card_slack_keeps_refusing_is_told_in_plain_words_and_the_paper_is_kept(
    impatient: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    impatient.fake.fail_next("chat.postMessage", status=503, times=10)
    _add(impatient, fake_arxiv)
    told = impatient.fake.wait_for("response_url")[0].params
    assert told["response_type"] == "ephemeral"
    assert told["text"] == "Slack refused the request (fatal_error)."
    assert len(impatient.fake.calls_to("chat.postMessage#failed")) == 3  # the first try and two retries
    assert _papers(impatient) == ["Attention Is All You Need"]
    _nothing_secret(impatient, logs)


@pytest.mark.stalls
def test_a_card_post_that_never_answers_is_told_and_the_paper_is_kept(
    impatient: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    impatient.fake.stall_next("chat.postMessage")
    _add(impatient, fake_arxiv)
    told = impatient.fake.wait_for("response_url")[0].params
    assert "Slack did not answer in time (TimeoutError)" in told["text"] and "is recorded" in told["text"]
    assert _papers(impatient) == ["Attention Is All You Need"]
    assert any("could not be reached while delivering a reply: TimeoutError" in r.getMessage() for r in logs.records)
    _nothing_secret(impatient, logs)


def test_an_answer_on_the_response_url_rate_limited_is_sent_after_retry_after(
    impatient: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    fake_arxiv.mode = "http500"  # /paper add answers its error on the response URL
    impatient.fake.fail_next("response_url", status=429, retry_after=1)
    impatient.command("/paper", "add 1706.03762")
    told = impatient.fake.wait_for("response_url")[0].params
    assert "HTTP error 500" in told["text"]
    assert len(impatient.fake.calls_to("response_url#failed")) == 1
    _nothing_secret(impatient, logs)


def test_an_answer_on_the_response_url_refused_with_500_is_tried_again(
    impatient: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    fake_arxiv.mode = "http500"
    impatient.fake.fail_next("response_url", status=500, times=2)
    impatient.command("/paper", "add 1706.03762")
    assert "HTTP error 500" in impatient.fake.wait_for("response_url")[0].params["text"]
    assert len(impatient.fake.calls_to("response_url#failed")) == 2
    _nothing_secret(impatient, logs)


@pytest.mark.stalls
def test_an_answer_on_a_response_url_that_never_answers_is_logged_without_the_url(
    impatient: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    fake_arxiv.mode = "http500"
    impatient.fake.stall_next("response_url")
    impatient.command("/paper", "add 1706.03762")
    wait_until(lambda: any("response URL could not be sent: TimeoutError" in r.getMessage() for r in logs.records))
    impatient.fake.release()
    fake_arxiv.mode = "ok"
    _add(impatient, fake_arxiv)  # the app goes on as before
    impatient.fake.wait_for("chat.postMessage")
    _nothing_secret(impatient, logs)


# --- card redraws ------------------------------------------------------------------------------


@pytest.fixture
def card(impatient: SlackStack, fake_arxiv: FakeArxiv) -> str:
    return _card(impatient, fake_arxiv)


def _card(stack: SlackStack, fake_arxiv: FakeArxiv) -> str:
    _add(stack, fake_arxiv)
    ts = str(stack.fake.wait_for("chat.postMessage")[0].response["ts"])
    wait_until(lambda: _home(stack) == ts)
    return ts


def _home(stack: SlackStack) -> str | None:
    with stack.runtime.db.session() as s:
        return s.exec(select(Paper.thread_ts)).one()


def _reader(stack: SlackStack) -> str | None:
    with stack.runtime.db.session() as s:
        return s.exec(select(Paper.reader)).one()


def test_a_redraw_rate_limited_is_made_after_retry_after(impatient: SlackStack, card: str) -> None:
    impatient.fake.fail_next("chat.update", status=429, retry_after=1)
    answer = impatient.command("/paper", "assign P1 <@U0BOB>")
    assert answer.status_code == 200
    (update,) = impatient.fake.wait_for("chat.update")
    assert update.params["ts"] == card and "U0BOB" in str(update.params["blocks"])
    assert len(impatient.fake.calls_to("chat.update#failed")) == 1


def test_a_redraw_slack_refuses_is_logged_and_the_change_is_kept(
    slack: SlackStack, fake_arxiv: FakeArxiv, logs: pytest.LogCaptureFixture
) -> None:
    # The usual timeout: with the impatient one a loaded machine can time out a retry
    # before Slack's refusal arrives, and the log would rightly say so instead.
    _card(slack, fake_arxiv)
    slack.fake.fail_next("chat.update", status=500, times=10)
    _assign_and_find_it_logged(slack, logs, "fatal_error")


@pytest.mark.stalls
def test_a_redraw_slack_never_answers_is_logged_and_the_change_is_kept(
    impatient: SlackStack, card: str, logs: pytest.LogCaptureFixture
) -> None:
    impatient.fake.stall_next("chat.update")
    _assign_and_find_it_logged(impatient, logs, "Slack did not answer (TimeoutError)")


def _assign_and_find_it_logged(stack: SlackStack, logs: pytest.LogCaptureFixture, says: str) -> None:
    """An assignment whose card cannot be redrawn: answered, logged as ``says``, and kept."""
    answer = stack.command("/paper", "assign P1 <@U0BOB>")
    assert answer.status_code == 200
    said = wait_until(lambda: [r.getMessage() for r in logs.records if "could not redraw" in r.getMessage()])
    assert says in said[0]
    assert _reader(stack) == "U0BOB"
    _nothing_secret(stack, logs)


# --- scheduled posts ---------------------------------------------------------------------------

ENDS = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # the 7-day time-box of the gut check below


@pytest.fixture
def reminder_due(impatient: SlackStack, clock: FixedClock) -> Jobs:
    store_paper(impatient.runtime, "Token Merging", team=TEAM)
    impatient.command("/gutcheck", 'start P1 claim="40% fewer tokens" metric=tokens')
    impatient.fake.wait_for("chat.postMessage")
    clock.set(ENDS)
    return Jobs(impatient.runtime, SlackNotifier(clients_for(None, impatient.runtime)), worker="test")


def _reminders(stack: SlackStack) -> int:
    return len([c for c in stack.fake.calls_to("chat.postMessage") if "has ended" in c.params.get("text", "")])


def _post_item(stack: SlackStack) -> ScheduledItem:
    with stack.runtime.db.session() as s:
        return s.exec(select(ScheduledItem).where(ScheduledItem.kind == "post")).one()


def test_a_scheduled_post_rate_limited_is_posted_once_after_retry_after(
    impatient: SlackStack, reminder_due: Jobs
) -> None:
    impatient.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    assert reminder_due.run_due().sent == 1
    assert _reminders(impatient) == 1


def test_a_scheduled_post_refused_by_a_failing_slack_waits_and_goes_once_slack_is_back(
    impatient: SlackStack, reminder_due: Jobs, clock: FixedClock, logs: pytest.LogCaptureFixture
) -> None:
    impatient.fake.fail_next("chat.postMessage", status=500, times=3)  # one try and both retries
    report = reminder_due.run_due()
    assert (report.sent, report.retried) == (0, 1)
    item = _post_item(impatient)
    assert (item.status, item.last_error) == ("pending", "Slack refused the request (fatal_error).")
    clock.set(ENDS + timedelta(minutes=1))
    assert reminder_due.run_due().sent == 1
    assert _reminders(impatient) == 1 and _post_item(impatient).status == "sent"
    _nothing_secret(impatient, logs)


@pytest.mark.stalls
@pytest.mark.parametrize("reached_slack", [False, True], ids=["lost", "answer-lost"])
def test_a_scheduled_post_that_timed_out_is_posted_exactly_once(
    impatient: SlackStack, reminder_due: Jobs, clock: FixedClock, reached_slack: bool
) -> None:
    """A timeout leaves it open whether Slack took the post: the retry looks in the channel's
    history first (the post carries its item's marker) and posts only if it is not there."""
    impatient.fake.stall_next("chat.postMessage", done=reached_slack)
    assert reminder_due.run_due().retried == 1
    assert "Slack could not be reached (TimeoutError)" in (_post_item(impatient).last_error or "")
    impatient.fake.release()
    clock.set(ENDS + timedelta(minutes=1))
    assert reminder_due.run_due().sent == 1
    assert _reminders(impatient) == 1 and _post_item(impatient).status == "sent"
