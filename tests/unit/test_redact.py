"""The log redactor: Slack tokens, response URLs, OAuth codes and the configured secrets never
reach a log line, in whatever form a library writes them."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from assay import redact
from assay.redact import MASK, Redactor

SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
KEY = "Rm9yIHRlc3RzIG9ubHk6IG5vdCBhIHJlYWwga2V5ISE="


@pytest.fixture
def redactor() -> Redactor:
    return Redactor([SIGNING, KEY])


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("token xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy sent", "pdFZKVeTuE8sk7oOcBrzbqgy"),
        ("user xoxp-1-2-3-abcdef and refresh xoxe.xoxb-1-abcdef9", "abcdef9"),
        ("app-level xapp-1-A0123-456789-abcdef0123", "456789-abcdef0123"),
        ("{'Authorization': 'Bearer xoxb-1-2-secretpart'}", "secretpart"),
        ("Authorization: Basic MTExMS4yMjIyOmNsaWVudC1zZWNyZXQ=", "MTExMS4yMjIyOmNsaWVudC1zZWNyZXQ="),
        ("posting to https://hooks.slack.com/commands/T0001/1234/AbCdEfGh", "AbCdEfGh"),
        ("posting to https://hooks.slack.com/services/T0/B0/XyZ", "XyZ"),
        ("url: http://10.0.0.1:80/response/actions/T0001/5555/HiddenBit", "HiddenBit"),
        ("wss://wss-primary.slack.com/link/?ticket=1a2b3c-ticket&app_id=A1", "1a2b3c-ticket"),
        ("Failed to fetch oauth.v2.access result with code: 1234.5678.abc - error: x", "1234.5678.abc"),
        ("GET /slack/oauth_redirect?code=5678.abc&state=nonce.mac", "nonce.mac"),
        ("request: {'code': ['5678.codevalue'], 'state': ['n.m']}", "5678.codevalue"),
        (f"signature check with {SIGNING}", SIGNING),
        (f"key={KEY}", KEY),
    ],
)
def test_secret_shapes_are_masked(redactor: Redactor, text: str, secret: str) -> None:
    cleaned = redactor.redact(text)
    assert secret not in cleaned and MASK in cleaned


def test_a_form_body_is_seen_through_its_url_encoding(redactor: Redactor) -> None:
    body = urlencode(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "command": "/paper",
            "text": "help",
            "response_url": "https://example.test/commands/T0001/1/SecretX",
            "payload": json.dumps({"response_url": "https://hooks.slack.com/actions/T0/1/SecretY", "x": KEY}),
        }
    )
    cleaned = redactor.redact(f"Invalid request signature detected (body: {body})")
    for secret in ("gIkuvaNzQIHg97ATvDxqgjtO", "SecretX", "SecretY", KEY):
        assert secret not in cleaned
    assert "command=/paper" in cleaned and "text=help" in cleaned  # the rest stays readable


def test_ordinary_words_stay(redactor: Redactor) -> None:
    line = "Slack API error code: token_revoked; 50% of 3 tokens; state of P1: unread"
    assert redactor.redact(line) == line


def test_every_logger_and_every_exception_goes_through_it(caplog: pytest.LogCaptureFixture) -> None:
    redact.install([SIGNING])
    log = logging.getLogger("some.library")
    with caplog.at_level(logging.DEBUG):
        log.debug("signing with %s", SIGNING)
        try:
            raise RuntimeError(f"response_url=https://hooks.slack.com/commands/T1/2/Boom and {SIGNING}")
        except RuntimeError:
            log.exception("failed")
    text = caplog.text
    assert SIGNING not in text and "Boom" not in text and "RuntimeError" in text
    assert [r.getMessage() for r in caplog.records] == [f"signing with {MASK}", "failed"]
