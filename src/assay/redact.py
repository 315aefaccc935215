"""Keep secrets out of every log line, whoever logs it and at whatever level.

Libraries log more than they should: Bolt logs the whole request body (a ``response_url``, the
verification token) when a signature fails, slack_sdk logs request and response bodies at
DEBUG. So the redaction sits in the log-record factory: every record, from every logger, is
cleaned once when it is made, before any handler (ours, uvicorn's, pytest's) sees it.

What is removed: Slack tokens (``xox?-``, ``xapp-``), ``response_url`` values and anything on
hooks.slack.com (a response URL is a bearer capability), Socket Mode tickets, bearer and basic
credentials, values under secret-looking keys, and the exact values of the configured secrets
(signing secret, client secret, state secret, Fernet keys…), URL-encoded or not.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

MASK = "[redacted]"
_ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")
_SLASH = r"(?:/|\\/)"  # JSON may escape the slash
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Values under secret-looking keys: form fields, JSON, Python reprs, query strings
    (
        re.compile(
            r"""(["']?\b(?:response_url|token|access_token|refresh_token|bot_token|user_token|client_secret|"""
            r"""signing_secret|state_secret|secret_key|ticket)["']?\s*[:=]\s*\[?["']?)[^"'&\s,{}\[\]]+""",
            re.IGNORECASE,
        ),
        r"\1" + MASK,
    ),
    (re.compile(r"\b((?:Bearer|Basic)\s+)[A-Za-z0-9+/=._~-]+"), r"\1" + MASK),
    (re.compile(r"\b(xox[a-z](?:\.xox[a-z])?-)[A-Za-z0-9-]+"), r"\1" + MASK),
    (re.compile(r"\b(xapp-)[A-Za-z0-9-]+"), r"\1" + MASK),
    (re.compile(r"(hooks\.slack(?:-gov)?\.com" + _SLASH + r")[^\s\"'<>&,;)}\]]+"), r"\1" + MASK),
    # Slack's response URLs wherever they are served from: /commands|actions/T…/<id>/<secret>
    (
        re.compile(rf"({_SLASH}(?:commands|actions|app){_SLASH}[TE][A-Z0-9]+{_SLASH}\d+){_SLASH}[A-Za-z0-9]+"),
        r"\1/" + MASK,
    ),
    # An OAuth code or state: in a redirect's query, a logged dict, Bolt's "… with code: <code>"
    (
        re.compile(r"""([?&](?:code|state)=|["'](?:code|state)["']\s*:\s*\[?["']|\bwith code: )[^"'&\s,{}\[\]]+"""),
        r"\1" + MASK,
    ),
]


class Redactor:
    """Cleans text of the patterns above and of the configured secret values."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._exact: re.Pattern[str] | None = None
        self.set_secrets(secrets)

    def set_secrets(self, secrets: Iterable[str]) -> None:
        # Short values would mask ordinary words; real secrets are long. URL-encoded copies need
        # no pattern of their own: redact() decodes the text first.
        values = {s for s in secrets if len(s) >= 8}
        pattern = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
        self._exact = re.compile(pattern) if pattern else None  # one assignment: safe across threads

    def redact(self, text: str) -> str:
        if _ESCAPED.search(text):  # form bodies: see through URL encoding so the patterns match
            text = unquote(text)
        exact = self._exact
        if exact is not None:
            text = exact.sub(MASK, text)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


_redactor = Redactor()
_installed = False


def install(secrets: Iterable[str] = ()) -> Redactor:
    """Clean every log record made from now on in this process (idempotent; the secrets are
    replaced by the latest call's)."""
    global _installed
    _redactor.set_secrets(secrets)
    if not _installed:
        _installed = True
        make_record = logging.getLogRecordFactory()

        def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return _clean(make_record(*args, **kwargs))

        logging.setLogRecordFactory(redacted_record)
    return _redactor


def _clean(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: let logging report it as it always does
        return record
    cleaned = _redactor.redact(message)
    if cleaned != message:  # untouched records keep msg and args (uvicorn re-formats them in colour)
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = _redactor.redact(record.exc_text)
    if record.stack_info:
        record.stack_info = _redactor.redact(record.stack_info)
    return record
