"""Outbound HTTP that behaves: one pace per service across the process, a deadline on the whole
call (pacing, retries and the body included), ``Retry-After`` honoured, bounded backoff.

A call either returns an answer the service meant (200, or 404 for "no such paper") or raises
:class:`SignalUnavailable` saying why in words a card can show.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 10_000_000  # Semantic Scholar caps its own answers at 10 MB
RETRIED = frozenset({429, 500, 502, 503, 504})
BACKOFF_SECONDS = (1.0, 2.0, 4.0)
MAX_HOLD_SECONDS = 3600.0  # a Retry-After longer than an hour is not believed beyond an hour


class SignalUnavailable(Exception):
    """A service did not give a usable answer; ``reason`` says why, for the card."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Pace:
    """Request slots at least ``interval`` seconds apart, shared by every thread of the process.

    A slot is reserved only if it falls before the caller's deadline, so a waiting command never
    holds a slot it will not use; the wait happens outside the lock.
    """

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._next = 0.0
        self._held_until = 0.0  # set by a 429

    def reserve(self, deadline: float) -> float | None:
        """The monotonic time of this caller's slot, or None when none is free before ``deadline``."""
        with self._lock:
            slot = max(time.monotonic(), self._next)
            if slot > deadline:
                return None
            self._next = slot + self.interval
            return slot

    def hold_until(self, moment: float) -> None:
        """A 429 tells the whole process to wait: no slot before ``moment``."""
        with self._lock:
            self._next = max(self._next, moment)
            self._held_until = max(self._held_until, moment)

    def held(self) -> bool:
        """True while the service's last 429 asks the process to wait."""
        with self._lock:
            return self._held_until > time.monotonic()


_PACES: dict[str, Pace] = {}
_PACES_LOCK = threading.Lock()


def service_pace(service: str, base_url: str, interval: float) -> Pace:
    """The one pace of the service at ``base_url`` in this process (the latest interval wins).

    Keyed by address too: another address is another server with its own limits."""
    with _PACES_LOCK:
        pace = _PACES.setdefault(f"{service} {base_url}", Pace(interval))
        pace.interval = interval
        return pace


@dataclass(frozen=True)
class Answer:
    status: int  # 200 or 404
    body: bytes


class PoliteClient:
    """Requests to one service, each call within ``timeout`` seconds unless given more patience."""

    def __init__(
        self,
        service: str,
        *,
        timeout: float,
        pace: Pace,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.service = service
        self.timeout = timeout
        self.pace = pace
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": "Assay (research-team Slack bot)", **(headers or {})})
        self.calls = 0  # HTTP requests sent, retries included (for measurements)

    def get(self, url: str, *, params: Mapping[str, str] | None = None, patience: float | None = None) -> Answer:
        return self._send("GET", url, params=params, payload=None, patience=patience)

    def post_json(
        self, url: str, payload: Any, *, params: Mapping[str, str] | None = None, patience: float | None = None
    ) -> Answer:
        return self._send("POST", url, params=params, payload=payload, patience=patience)

    def _send(
        self, method: str, url: str, *, params: Mapping[str, str] | None, payload: Any, patience: float | None
    ) -> Answer:
        deadline = time.monotonic() + (patience if patience is not None else self.timeout)
        last_problem = f"{self.service} did not answer within {self.timeout:g} s"
        for attempt in range(len(BACKOFF_SECONDS) + 1):
            slot = self.pace.reserve(deadline)
            if slot is None:
                if attempt == 0:
                    last_problem = (
                        f"{self.service} is rate-limiting requests (HTTP 429)"
                        if self.pace.held()
                        else f"{self.service} was not asked: too many requests to it are waiting in this process"
                    )
                raise SignalUnavailable(last_problem)
            self._wait_until(slot)
            response = self._request(method, url, params, payload, deadline)
            if response.status in (200, 404):
                return response
            if response.status not in RETRIED:
                raise SignalUnavailable(f"{self.service} answered HTTP {response.status}")
            wait = BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]
            if response.status == 429:
                wait = min(MAX_HOLD_SECONDS, max(wait, response_retry_after(response) or 0.0))
                self.pace.hold_until(time.monotonic() + wait)
                last_problem = f"{self.service} is rate-limiting requests (HTTP 429)"
            else:
                last_problem = f"{self.service} answered HTTP {response.status}"
            if attempt == len(BACKOFF_SECONDS) or time.monotonic() + wait > deadline:
                raise SignalUnavailable(last_problem)
            log.info("%s answered HTTP %d; trying again in %.1f s", self.service, response.status, wait)
            self.sleep(wait)
        raise SignalUnavailable(last_problem)  # pragma: no cover - the loop always returns or raises

    def _wait_until(self, moment: float) -> None:
        delay = moment - time.monotonic()
        if delay > 0:
            self.sleep(delay)

    def _request(
        self, method: str, url: str, params: Mapping[str, str] | None, payload: Any, deadline: float
    ) -> _Response:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SignalUnavailable(f"{self.service} did not answer within {self.timeout:g} s")
        self.calls += 1
        try:
            response = self.session.request(
                method, url, params=params, json=payload, timeout=(remaining, remaining), stream=True
            )
            try:
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body += chunk
                    if time.monotonic() > deadline:
                        raise requests.Timeout("the answer did not arrive in time")
                    if len(body) > MAX_BODY_BYTES:
                        raise SignalUnavailable(f"{self.service} sent an answer larger than 10 MB")
            finally:
                response.close()
        except requests.Timeout:
            raise SignalUnavailable(f"{self.service} did not answer within {self.timeout:g} s") from None
        except requests.RequestException as exc:
            log.warning("%s unreachable: %s", self.service, type(exc).__name__)
            raise SignalUnavailable(f"{self.service} could not be reached") from None
        return _Response(response.status_code, bytes(body), response.headers)


@dataclass(frozen=True)
class _Response(Answer):
    headers: Mapping[str, str]  # case-insensitive (requests' own mapping)


def response_retry_after(response: _Response) -> float | None:
    """Seconds asked for by ``Retry-After`` (a number, or an HTTP date measured against ``Date``)."""
    raw = (response.headers.get("Retry-After") or "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return float(raw)
    date = response.headers.get("Date")
    try:
        when = parsedate_to_datetime(raw)
        sent = parsedate_to_datetime(date) if date else datetime.now(UTC)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - sent).total_seconds())
