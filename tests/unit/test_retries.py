"""The retries every Slack client here makes: the backoff users get (the other tests shorten it)."""

from __future__ import annotations

import pytest
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator

import bot.retries
from assay.config import Settings
from bot.app import build_web_client


@pytest.mark.real_backoff
def test_a_refused_call_is_tried_again_after_half_a_second_then_a_second_plus_jitter() -> None:
    backoff = bot.retries.BACKOFF
    assert isinstance(backoff, BackoffRetryIntervalCalculator)
    for attempt, floor in ((0, 0.5), (1, 1.0)):
        waits = [backoff.calculate_sleep_duration(attempt) for _ in range(200)]
        assert floor <= min(waits) and max(waits) < floor + 1
        assert max(waits) - min(waits) > 0.5  # jittered: clients refused together spread out


def test_every_client_retries_429_5xx_and_dropped_connections() -> None:
    kinds = {type(h): h.max_retry_count for h in bot.retries.retry_handlers()}
    assert kinds == {ConnectionErrorRetryHandler: 1, RateLimitErrorRetryHandler: 2, ServerErrorRetryHandler: 2}
    client = build_web_client(Settings(_env_file=None))  # type: ignore[call-arg]
    assert {type(h) for h in client.retry_handlers} == set(kinds)
