from __future__ import annotations

import re

import pytest

from assay.config import ConfigError, load_settings


def test_defaults_match_the_spec() -> None:
    s = load_settings(_env_file=None)
    assert s.slack_api_url == "https://slack.com/api/"
    assert s.database_url == "sqlite:///assay.db"
    assert s.arxiv_api_url == "https://export.arxiv.org/api/query"
    assert (s.arxiv_delay_seconds, s.http_timeout_seconds) == (3, 20)
    assert (s.pdf_max_bytes, s.pdf_max_pages) == (50_000_000, 60)
    assert (s.timezone, s.scheduler, s.log_level) == ("UTC", "on", "INFO")


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("ASSAY_SCHEDULER", "OFF")
    monkeypatch.setenv("ASSAY_PDF_MAX_PAGES", "12")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    s = load_settings(_env_file=None)
    assert (s.timezone, s.scheduler, s.pdf_max_pages) == ("Europe/Berlin", "off", 12)
    assert s.slack_api_url == "http://127.0.0.1:9/api/"


def test_bad_time_zone_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match="ASSAY_TIMEZONE: unknown IANA time zone 'Mars/Olympus'"):
        load_settings(_env_file=None)


def test_bad_database_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_DATABASE_URL", "not a url")
    with pytest.raises(ConfigError, match="ASSAY_DATABASE_URL"):
        load_settings(_env_file=None)


def test_unsupported_database_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_DATABASE_URL", "mysql://root@localhost/x")
    with pytest.raises(ConfigError, match="sqlite"):
        load_settings(_env_file=None)


def test_secrets_never_show_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    s = load_settings(_env_file=None)
    assert "xoxb-very-secret" not in repr(s)
    assert s.slack_bot_token is not None and s.slack_bot_token.get_secret_value() == "xoxb-very-secret"


def test_signal_services_default_to_the_spec_addresses() -> None:
    s = load_settings(_env_file=None)
    assert s.arxiv_listing_url == "https://rss.arxiv.org/atom"
    assert s.s2_api_url == "https://api.semanticscholar.org/graph/v1"
    assert s.hf_api_url == "https://huggingface.co/api"
    assert s.s2_api_key is None


def test_the_semantic_scholar_key_is_a_secret_and_blank_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_S2_API_KEY", "s2-very-secret")
    s = load_settings(_env_file=None)
    assert "s2-very-secret" not in repr(s) and s.s2_api_key is not None
    monkeypatch.setenv("ASSAY_S2_API_KEY", "  ")
    assert load_settings(_env_file=None).s2_api_key is None


@pytest.mark.parametrize(
    "name", ["ASSAY_S2_API_URL", "ASSAY_HF_API_URL", "ASSAY_ARXIV_LISTING_URL", "ASSAY_ARXIV_API_URL"]
)
@pytest.mark.parametrize("value", ["not a url", "ftp://example.org/x", "https://"])
def test_a_bad_service_url_names_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name}: .* is not an http\\(s\\) URL"):
        load_settings(_env_file=None)


def test_service_urls_lose_a_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_HF_API_URL", "http://127.0.0.1:9/api/")
    assert load_settings(_env_file=None).hf_api_url == "http://127.0.0.1:9/api"


def test_a_bad_database_url_is_not_repeated_with_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_DATABASE_URL", "postgresql+psycopg://assay:pa55word@db:notaport/assay")
    with pytest.raises(ConfigError) as raised:
        load_settings(_env_file=None)
    assert "ASSAY_DATABASE_URL" in str(raised.value) and "pa55word" not in str(raised.value)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET: OAuth mode needs it too"),
        ({"SLACK_CLIENT_SECRET": "s"}, "SLACK_CLIENT_ID: OAuth mode needs it too"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, "ASSAY_SECRET_KEY: OAuth mode stores"),
        ({"ASSAY_SECRET_KEY": "short"}, "ASSAY_SECRET_KEY: the key is not a Fernet key"),
        ({"ASSAY_SECRET_KEY": "Rm9yIHRlc3RzIG9ubHk6IG5vdCBhIHJlYWwga2V5ISE=,bad"}, "key 2 of 2 is not a Fernet key"),
        ({"SLACK_APP_TOKEN": "xoxb-1-2"}, "SLACK_APP_TOKEN: an app-level token starts with xapp-"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL: 'slack.com/api' is not an http(s) URL"),
        ({"ASSAY_ARXIV_API_URL": "ftp://export.arxiv.org/api/query"}, "ASSAY_ARXIV_API_URL: 'ftp://"),
    ],
)
def test_settings_that_cannot_work_are_named(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], says: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=re.escape(says)):
        load_settings(_env_file=None)


def test_oauth_mode_with_a_key_loads_and_lists_every_secret_for_the_redactor(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "Rm9yIHRlc3RzIG9ubHk6IG5vdCBhIHJlYWwga2V5ISE="
    for name, value in {
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "client-s3cret",
        "SLACK_SIGNING_SECRET": "signing-s3cret",
        "ASSAY_SECRET_KEY": f"{key}, {key}",
        "ASSAY_DATABASE_URL": "postgresql+psycopg://assay:db-pa55word@db/assay",
    }.items():
        monkeypatch.setenv(name, value)
    s = load_settings(_env_file=None)
    assert s.oauth_mode and key not in repr(s)
    assert set(s.secret_values()) == {"client-s3cret", "signing-s3cret", key, "db-pa55word"}
