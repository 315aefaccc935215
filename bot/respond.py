"""Answers on a request's ``response_url``, with the patience of the Web API client.

Bolt's own ``respond`` sends once: a 429 or a 5xx from Slack is returned, not raised, and the
answer is lost without a word. Here 429 waits for ``Retry-After``, 5xx and dropped connections
are tried again, every send has the HTTP timeout, and an answer Slack still refuses is logged
by its status alone: the URL itself lets anyone post into the conversation for 30 minutes, so
it is never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.context.respond import Respond
from slack_bolt.middleware import Middleware
from slack_sdk.errors import SlackClientError
from slack_sdk.webhook import WebhookClient, WebhookResponse

from assay.runtime import Runtime
from bot.retries import retry_handlers

log = logging.getLogger(__name__)
# slack_sdk's webhook client logs each retry with the full URL (at INFO, DEBUG adds the body):
# its own logger is kept silent, and the outcome is logged here without the URL.
_quiet = logging.getLogger(f"{__name__}.webhook")
_quiet.setLevel(logging.CRITICAL)
_quiet.propagate = False


class PatientRespond(Respond):
    def __init__(self, response_url: str | None, timeout: float) -> None:
        super().__init__(response_url=response_url)
        self.timeout = timeout

    def __call__(self, text: str | dict[str, Any] = "", **fields: Any) -> WebhookResponse:  # type: ignore[override]
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        message = dict(text) if isinstance(text, dict) else {"text": text, **fields}
        message = {key: value for key, value in message.items() if value is not None}
        client = WebhookClient(
            self.response_url,
            timeout=max(1, int(self.timeout)),
            logger=_quiet,
            retry_handlers=retry_handlers(),
        )
        try:
            response = client.send_dict(message)
        except (SlackClientError, OSError) as exc:  # a timeout or a refused connection
            log.warning("an answer on the response URL could not be sent: %s", type(exc).__name__)
            return WebhookResponse(url="", status_code=0, body=type(exc).__name__, headers={})
        if response.status_code != 200:
            log.warning("Slack refused an answer on the response URL: HTTP %s", response.status_code)
        return response


class PatientResponding(Middleware):
    """A global middleware: every listener's ``respond`` is a :class:`PatientRespond`. (A
    Middleware subclass: Bolt calls it directly, where a function middleware has its
    arguments worked out per request.)"""

    def __init__(self, runtime: Runtime) -> None:
        self.timeout = runtime.settings.http_timeout_seconds

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        url = req.context.response_url
        if url:
            req.context["respond"] = PatientRespond(url, self.timeout)
        return next()
