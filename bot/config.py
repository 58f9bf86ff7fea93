"""Settings from the environment and `.env` (pydantic-settings, nested with `__`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.validation import problems
from ui.languages import SUPPORTED_LANGUAGES

TELEGRAM_API = "https://api.telegram.org"
VIBER_API = "https://chatapi.viber.com"
VIBER_SENDER_NAME_LIMIT = 28


class RunMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class TelegramSettings(BaseModel):
    token: SecretStr | None = None
    api_base: str = TELEGRAM_API
    mode: RunMode = RunMode.POLLING

    @field_validator("token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            bot_id, _, secret = value.get_secret_value().partition(":")
            if not bot_id.isdigit() or len(secret) < 10:
                raise ValueError("does not look like a token from @BotFather (123456:ABC...)")
        return value

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class WebhookSettings(BaseModel):
    host: str = "0.0.0.0"
    port: int = Field(default=8080, ge=1, le=65535)
    path: str = "/telegram/webhook"
    public_url: str | None = None
    secret: SecretStr | None = None

    @field_validator("path")
    @classmethod
    def _leading_slash(cls, value: str) -> str:
        return value if value.startswith("/") else f"/{value}"

    @field_validator("secret")
    @classmethod
    def _telegram_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            raw = value.get_secret_value()
            allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
            if not 1 <= len(raw) <= 256 or not set(raw) <= allowed:
                raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value


class ViberSettings(BaseModel):
    """The Viber channel; no token means no Viber. Viber calls the bot back on
    `public_url + webhook_path`, served next to (or instead of) the Telegram webhook."""

    token: SecretStr | None = None
    api_base: str = VIBER_API
    bot_name: str = Field(default="Громада", min_length=1, max_length=VIBER_SENDER_NAME_LIMIT)
    avatar_url: str | None = None
    webhook_path: str = "/viber/webhook"
    public_url: str | None = None
    # Messages the bot sends on its own (reminders, notices) outside a resident's 24-hour
    # session cost money on Viber: at most this many a calendar month; 0 sends none.
    monthly_cap: int = Field(default=1000, ge=0)

    @field_validator("token", "avatar_url", "public_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("webhook_path")
    @classmethod
    def _leading_slash(cls, value: str) -> str:
        return value if value.startswith("/") else f"/{value}"


class MediaSettings(BaseModel):
    """Photos one messenger holds, shown on another: a Telegram photo reaches Viber at a
    signed, expiring URL under `path` on the bot's own server (VIBER__PUBLIC_URL or
    WEBHOOK__PUBLIC_URL), fetched once through the Bot API into a size-limited cache."""

    path: str = "/media"
    # How long a link works; a picture already delivered stays in the resident's chat.
    link_days: float = Field(default=30, gt=0, le=365)
    # Viber shows pictures up to 1 MB (on iOS); a bigger photo goes as text only.
    max_photo_bytes: int = Field(default=1_000_000, ge=1)
    # The cache folder's size; the oldest files go first and are fetched again when asked for.
    cache_bytes: int = Field(default=200_000_000, ge=0)
    # Empty: a `media` folder beside the database.
    cache_dir: Path | None = None

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    @field_validator("path")
    @classmethod
    def _leading_slash(cls, value: str) -> str:
        return "/" + value.strip("/")


class DatabaseSettings(BaseModel):
    path: Path = Path("data/hromada.sqlite3")


class CommunitySettings(BaseModel):
    file: Path = Path("community/demo.yaml")
    name: str | None = None
    timezone: str = "Europe/Kyiv"
    default_language: str = "uk"
    # How soon (seconds) a `python -m bot load` from another process reaches the running bot.
    recheck_seconds: float = Field(default=1.0, ge=0, le=3600)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}'") from None
        return value

    @field_validator("default_language")
    @classmethod
    def _supported(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class AdminSettings(BaseModel):
    telegram_ids: Annotated[list[int], NoDecode] = []

    @field_validator("telegram_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            wrong = [p for p in parts if p and not p.isdigit()]
            if wrong:
                raise ValueError(
                    "expected Telegram ids (numbers) separated by commas, e.g. "
                    f"123456789,987654321; {wrong[0]!r} is not a number "
                    "(ask @userinfobot for yours)"
                )
            return [int(p) for p in parts if p]
        if isinstance(value, int):
            return [value]
        return value


class FloodSettings(BaseModel):
    """Per-resident flood control: a burst of messages, then one every `interval` seconds."""

    burst: int = Field(default=8, ge=1)
    interval: float = Field(default=0.5, gt=0)


class SenderSettings(BaseModel):
    """The one sender of everything that is not a direct reply (reminders, notices).
    `rate_per_second` and `per_chat_interval` are Telegram's; other channels bring their own."""

    rate_per_second: float = Field(default=25, gt=0, le=30)
    per_chat_interval: float = Field(default=1.0, ge=0)
    max_attempts: int = Field(default=5, ge=1)
    reminder_check_seconds: float = Field(default=30, gt=0)
    # A resident reachable on several channels gets a message on the first of these.
    channel_order: Annotated[list[str], NoDecode] = ["telegram", "viber"]
    # A channel that does not answer pauses this long, doubling up to outage_pause_max.
    outage_pause: float = Field(default=1.0, gt=0)
    outage_pause_max: float = Field(default=60.0, gt=0)
    # Delivered, failed and skipped messages are erased after this many days.
    retention_days: float = Field(default=30, gt=0)
    retention_check_seconds: float = Field(default=3600, gt=0)

    @field_validator("channel_order", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _pauses_in_order(self) -> SenderSettings:
        if self.outage_pause_max < self.outage_pause:
            raise ValueError("outage_pause_max must be at least outage_pause")
        return self


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
    )

    telegram: TelegramSettings = TelegramSettings()
    webhook: WebhookSettings = WebhookSettings()
    viber: ViberSettings = ViberSettings()
    database: DatabaseSettings = DatabaseSettings()
    community: CommunitySettings = CommunitySettings()
    admins: AdminSettings = AdminSettings()
    flood: FloodSettings = FloodSettings()
    sender: SenderSettings = SenderSettings()
    media: MediaSettings = MediaSettings()
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _webhook_needs(self) -> Settings:
        if self.telegram.mode is RunMode.WEBHOOK:
            if self.telegram.token is None:
                raise ValueError("TELEGRAM__TOKEN is required when TELEGRAM__MODE=webhook")
            if not self.webhook.public_url:
                raise ValueError("WEBHOOK__PUBLIC_URL is required when TELEGRAM__MODE=webhook")
            if self.webhook.secret is None:
                raise ValueError("WEBHOOK__SECRET is required when TELEGRAM__MODE=webhook")
        if self.viber.token is not None:
            if not (self.viber.public_url or self.webhook.public_url):
                raise ValueError("VIBER__PUBLIC_URL (or WEBHOOK__PUBLIC_URL) is required for Viber")
            if self.viber.webhook_path == self.webhook.path:
                raise ValueError("VIBER__WEBHOOK_PATH must differ from WEBHOOK__PATH")
            if self.media.path in (self.viber.webhook_path, self.webhook.path):
                raise ValueError("MEDIA__PATH must differ from the webhook paths")
        return self

    @property
    def public_url(self) -> str | None:
        """The bot's own public HTTPS address, if it has one."""
        base = self.viber.public_url or self.webhook.public_url
        return base.rstrip("/") if base else None

    @property
    def paid_caps(self) -> dict[str, int]:
        """The monthly cap of each channel the bot runs whose own messages cost money."""
        return {"viber": self.viber.monthly_cap} if self.viber.token is not None else {}

    @property
    def media_dir(self) -> Path:
        return self.media.cache_dir or Path(self.database.path).parent / "media"

    @property
    def viber_webhook_url(self) -> str:
        base = self.viber.public_url or self.webhook.public_url or ""
        return base.rstrip("/") + self.viber.webhook_path


class ConfigError(Exception):
    """Settings that cannot start the bot; the message names the key."""


def describe_errors(error: ValidationError) -> str:
    """One line per bad setting, naming its key as written in .env."""
    lines = []
    for item in error.errors():
        for loc, message in problems(item):
            key = "__".join(str(part) for part in loc).upper()
            lines.append(f"{key}: {message}" if key else message)
    return "; ".join(dict.fromkeys(lines))


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(describe_errors(error)) from None
