"""A full run of `assay serve` at ASSAY_LOG_LEVEL=DEBUG, in OAuth mode over HTTP against the fake
Slack: an install, commands with a response_url, a badly signed request (Bolt logs its whole
body), Web API calls (slack_sdk logs bodies and headers). Every line it logs is then searched
for every secret it was given or handed, and for anything shaped like one."""

from __future__ import annotations

import re
import signal
from pathlib import Path

from tests.cli.runner import base_env, serve_http
from tests.conftest import Fakes
from tests.fakes.slack_api import FakeSlack
from tests.oauth_install import CLIENT_ID, CLIENT_SECRET, SECRET_KEY, STATE_SECRET, install_link, redirect
from tests.slack_requests import SIGNING_SECRET, SlackSender

TEAM = "T0BETA"
APP_TOKEN = "xapp-1-A0ASSAY-5678-applevelsecret"
OLD_KEY = "T2xkIGtleSBmb3IgdGVzdHMgb25seSwgbm90IHJlYWw="
VERIFICATION_TOKEN = "gIkuvaNzQIHg97ATvDxqgjtO"  # the (deprecated) token field of every payload
RESPONSE_SECRET = "RespUrlSecret42xyz"
HOOKS_SECRET = "HooksSecret77abc"


def test_a_debug_run_logs_no_secret(tmp_path: Path, fakes: Fakes, fake_slack: FakeSlack) -> None:
    fake_slack.client = (CLIENT_ID, CLIENT_SECRET)
    env = {
        **base_env(tmp_path, fakes),
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_STATE_SECRET": STATE_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake_slack.api_url,
        "ASSAY_SECRET_KEY": f"{SECRET_KEY},{OLD_KEY}",
        "ASSAY_LOG_LEVEL": "DEBUG",
    }
    process, url, log_path = serve_http(env, tmp_path, "debug")
    try:
        state, _ = install_link(url)
        workspace = fake_slack.grant("oauth-code-secret-123", TEAM)
        assert redirect(url, "oauth-code-secret-123", state).status_code == 200
        assert redirect(url, "oauth-code-secret-123", state).status_code == 401  # a replay, logged

        response_url = f"{fake_slack.server.url}/response/commands/{TEAM}/1234/{RESPONSE_SECRET}"
        sender = SlackSender(url + "/slack/events", response_url)
        assert sender.command("/radar", "add LoRA", team=TEAM).status_code == 200
        fake_slack.wait_for("chat.postMessage")
        assert sender.command("/paper", "add 2601.99999", team=TEAM).status_code == 200  # unknown: via response_url
        fake_slack.wait_for("response_url")
        assert sender.action("paper_assign_me:9", "9", team=TEAM).status_code == 200
        forged = SlackSender(url + "/slack/events", f"https://hooks.slack.com/commands/{TEAM}/99/{HOOKS_SECRET}")
        assert forged.command("/paper", "help", team=TEAM, secret="not-the-signing-secret").status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    logs = log_path.read_text()

    assert "DEBUG" in logs and "Sending a request" in logs  # slack_sdk logged its requests
    assert "Invalid request signature detected" in logs  # Bolt logged the refused body …
    assert "[redacted]" in logs  # … and the redactor had work to do
    secrets = {
        "bot token": workspace.token,
        "signing secret": SIGNING_SECRET,
        "client secret": CLIENT_SECRET,
        "state secret": STATE_SECRET,
        "app token": APP_TOKEN,
        "newest key": SECRET_KEY,
        "old key": OLD_KEY,
        "verification token": VERIFICATION_TOKEN,
        "response_url": RESPONSE_SECRET,
        "hooks response_url": HOOKS_SECRET,
        "oauth code": "oauth-code-secret-123",
        "oauth state": state,
    }
    leaked = {name: _lines_with(logs, value) for name, value in secrets.items() if value in logs}
    assert leaked == {}
    unmasked = r"(?!\[redacted\])\S+"
    assert re.findall(rf"xox[a-z]-{unmasked}|xapp-{unmasked}|hooks\.slack\.com/{unmasked}", logs) == []


def _lines_with(logs: str, value: str) -> list[str]:
    return [line[:300] for line in logs.splitlines() if value in line][:3]
