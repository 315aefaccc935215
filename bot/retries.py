"""How every Slack client here retries: a 429 waits for ``Retry-After``; a 5xx is tried again
twice and a dropped connection once, after a backoff of 0.5 s, then 1 s (plus up to 1 s of
jitter, so that many clients refused at once do not come back at once)."""

from __future__ import annotations

from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

BACKOFF: RetryIntervalCalculator = BackoffRetryIntervalCalculator(backoff_factor=0.5)


def retry_handlers() -> list[RetryHandler]:
    """New handlers for one client, with the backoff in force now."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=1, interval_calculator=BACKOFF),
        RateLimitErrorRetryHandler(max_retry_count=2),
        ServerErrorRetryHandler(max_retry_count=2, interval_calculator=BACKOFF),
    ]
