"""Settings, read once from the environment (and an optional ``.env`` file)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class ConfigError(Exception):
    """A setting has a value Assay cannot start with; the message names it and says why."""


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


def _http_parts(value: str) -> SplitResult:
    """The parts of an http(s) address with a host; raises ValueError saying what is expected."""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL (e.g. https://example.org/api)")
    return parts


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_client_id: str | None = Field(None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_CLIENT_SECRET"))
    slack_state_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_STATE_SECRET"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SLACK_API_URL"))
    database_url: str = Field("sqlite:///assay.db", validation_alias=_env("ASSAY_DATABASE_URL"))
    database_pool_size: int = Field(32, ge=1, le=1000, validation_alias=_env("ASSAY_DATABASE_POOL_SIZE"))
    arxiv_api_url: str = Field(
        "https://export.arxiv.org/api/query",
        validation_alias=_env("ASSAY_ARXIV_API_URL"),
    )
    arxiv_delay_seconds: float = Field(3.0, ge=0, le=600, validation_alias=_env("ASSAY_ARXIV_DELAY_SECONDS"))
    arxiv_listing_url: str = Field("https://rss.arxiv.org/atom", validation_alias=_env("ASSAY_ARXIV_LISTING_URL"))
    s2_api_url: str = Field("https://api.semanticscholar.org/graph/v1", validation_alias=_env("ASSAY_S2_API_URL"))
    s2_api_key: SecretStr | None = Field(None, validation_alias=_env("ASSAY_S2_API_KEY"))
    hf_api_url: str = Field("https://huggingface.co/api", validation_alias=_env("ASSAY_HF_API_URL"))
    secret_key: SecretStr | None = Field(None, validation_alias=_env("ASSAY_SECRET_KEY"))
    http_timeout_seconds: float = Field(20.0, gt=0, le=600, validation_alias=_env("ASSAY_HTTP_TIMEOUT_SECONDS"))
    pdf_max_bytes: int = Field(50_000_000, gt=0, validation_alias=_env("ASSAY_PDF_MAX_BYTES"))
    pdf_max_pages: int = Field(60, gt=0, le=2000, validation_alias=_env("ASSAY_PDF_MAX_PAGES"))
    timezone: str = Field("UTC", validation_alias=_env("ASSAY_TIMEZONE"))
    scheduler: Literal["on", "off"] = Field("on", validation_alias=_env("ASSAY_SCHEDULER"))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "INFO", validation_alias=_env("ASSAY_LOG_LEVEL")
    )

    @field_validator("database_url")
    @classmethod
    def _valid_database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:  # its message repeats the URL, password and all
            raise ValueError(
                "not a database URL (e.g. sqlite:///assay.db or postgresql+psycopg://user:password@host/assay)"
            ) from None
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("Assay supports sqlite:/// and postgresql+psycopg:// URLs")
        return value

    @field_validator("arxiv_api_url", "arxiv_listing_url", "s2_api_url", "hf_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        """An http(s) address with a host; the base URLs lose a trailing slash (paths are appended)."""
        value = value.strip()
        return value.rstrip("/") if not _http_parts(value).query else value

    @field_validator(
        "s2_api_key",
        "secret_key",
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "slack_client_id",
        "slack_client_secret",
        "slack_state_secret",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("secret_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from assay.storage.cipher import BadSecretKey, parse_keys  # cryptography loads only with a key

            try:
                parse_keys(value.get_secret_value())
            except BadSecretKey as exc:
                raise ValueError(str(exc)) from None  # the message never repeats the key
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_level_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("an app-level token starts with xapp- (Basic Information → App-Level Tokens)")
        return value

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r} (e.g. Europe/Berlin)") from None
        return value

    @field_validator("scheduler", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_url(cls, value: str) -> str:
        value = value.strip()
        _http_parts(value)
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _oauth_complete(self) -> Settings:
        """OAuth mode needs both client credentials and a key to seal the tokens it stores."""
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            present, missing = (
                ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
                if self.slack_client_id
                else ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")
            )
            raise ValueError(f"{missing}: OAuth mode needs it too ({present} is set); set both or neither")
        if self.oauth_mode and self.secret_key is None:
            raise ValueError(
                "ASSAY_SECRET_KEY: OAuth mode stores every workspace's bot token encrypted and needs a key; "
                "make one with `assay secrets new-key`"
            )
        return self

    @property
    def oauth_mode(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    def secret_values(self) -> list[str]:
        """Every configured secret in clear, for the log redactor (tokens, secrets, keys)."""
        values = [
            secret.get_secret_value()
            for secret in (
                self.slack_bot_token,
                self.slack_signing_secret,
                self.slack_app_token,
                self.slack_client_secret,
                self.slack_state_secret,
                self.s2_api_key,
            )
            if secret is not None
        ]
        if self.secret_key is not None:
            values += [key.strip() for key in self.secret_key.get_secret_value().split(",") if key.strip()]
        password = make_url(self.database_url).password
        if password:
            values.append(str(password))
        return values


_ENV_NAMES = {
    name: str(field.validation_alias.choices[0])
    for name, field in Settings.model_fields.items()
    if isinstance(field.validation_alias, AliasChoices)
}


def load_settings(**overrides: object) -> Settings:
    """Read the settings; raise ConfigError naming the variable and the problem."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            if not err["loc"]:  # a rule across settings: its message names the variables
                problems.append(message)
                continue
            field = str(err["loc"][0])
            problems.append(f"{_ENV_NAMES.get(field, field)}: {message}")
        raise ConfigError("Bad configuration: " + "; ".join(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
