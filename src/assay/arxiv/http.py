"""HTTP for arXiv: one process-wide pace, and a hard deadline on every request.

The ``arxiv`` package sends its requests without a timeout; this session adds one (connect
and read) plus a total deadline, so a server that drips bytes cannot hold a command either.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

MAX_FEED_BYTES = 20_000_000


class RateLimiter:
    """At most one request per ``delay`` seconds, across every thread of the process."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._next_allowed = 0.0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self._next_allowed > now:
                time.sleep(self._next_allowed - now)
                now = time.monotonic()
            self._next_allowed = now + self.delay


_PROCESS_LIMITER = RateLimiter(3.0)


def process_limiter(delay: float) -> RateLimiter:
    """The single limiter of this process, set to ``delay`` (the latest setting wins)."""
    _PROCESS_LIMITER.delay = delay
    return _PROCESS_LIMITER


class BoundedSession(requests.Session):
    """A requests session whose every call is paced, time-bounded and size-bounded."""

    def __init__(self, timeout: float, limiter: RateLimiter | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self.limiter = limiter
        self.last_response: requests.Response | None = None

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if self.limiter is not None:
            self.limiter.wait()
        kwargs["timeout"] = (self.timeout, self.timeout)
        kwargs["stream"] = True
        deadline = time.monotonic() + self.timeout
        response = super().request(method, url, *args, **kwargs)
        try:
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if time.monotonic() > deadline:
                    raise requests.Timeout(f"no complete answer within {self.timeout:g} s")
                if len(body) > MAX_FEED_BYTES:
                    raise requests.ConnectionError("the answer was larger than 20 MB")
        finally:
            response.close()
        response._content = bytes(body)
        self.last_response = response
        return response
