"""Settings: defaults that run, and a wrong value named in one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, RunMode, load_settings

ROOT = Path(__file__).resolve().parent.parent


def run_bot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k.split("__")[0]
        not in {"TELEGRAM", "WEBHOOK", "DATABASE", "COMMUNITY", "ADMINS", "FLOOD"}
    }
    clean.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_defaults_need_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM__TOKEN", raising=False)
    settings = load_settings(_env_file=None)
    assert settings.telegram.token is None
    assert settings.telegram.mode is RunMode.POLLING
    assert str(settings.database.path) == "data/hromada.sqlite3"
    assert settings.community.timezone == "Europe/Kyiv"


def test_nested_keys_and_admin_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMINS__TELEGRAM_IDS", "111, 222")
    monkeypatch.setenv("TELEGRAM__TOKEN", "123456:ABCdefGHIjklMNO")
    settings = load_settings(_env_file=None)
    assert settings.admins.telegram_ids == [111, 222]
    assert settings.telegram.token is not None
    assert "ABCdef" not in repr(settings), "the token never shows in a repr or a log"


def test_sender_channel_order_and_retention(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDER__CHANNEL_ORDER", "viber, telegram")
    monkeypatch.setenv("SENDER__RETENTION_DAYS", "90")
    sender = load_settings(_env_file=None).sender
    assert sender.channel_order == ["viber", "telegram"]
    assert sender.retention_days == 90
    monkeypatch.delenv("SENDER__RETENTION_DAYS")
    assert load_settings(_env_file=None).sender.retention_days == 30, "a month by default"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"WEBHOOK__PORT": "eighty"}, "WEBHOOK__PORT"),
        ({"TELEGRAM__TOKEN": "not-a-token"}, "TELEGRAM__TOKEN"),
        ({"COMMUNITY__TIMEZONE": "Europe/Kiev-ish"}, "COMMUNITY__TIMEZONE"),
        ({"TELEGRAM__MODE": "carrier-pigeon"}, "TELEGRAM__MODE"),
        ({"SENDER__OUTAGE_PAUSE": "30", "SENDER__OUTAGE_PAUSE_MAX": "5"}, "SENDER"),
        (
            {"TELEGRAM__TOKEN": "123456:ABCdefGHIjklMNO", "TELEGRAM__MODE": "webhook"},
            "WEBHOOK__PUBLIC_URL",
        ),
    ],
)
def test_a_wrong_value_names_the_key(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=named):
        load_settings(_env_file=None)


def test_start_with_a_bad_setting_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = run_bot(tmp_path, WEBHOOK__PORT="eighty")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "WEBHOOK__PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_from_env_file_is_not_printed(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM__TOKEN=123456:SECRETsecretSECRET\nWEBHOOK__PORT=0\n")
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert "SECRETsecret" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("ADMINS__TELEGRAM_IDS", "123456789, boss", "ADMINS__TELEGRAM_IDS: expected Telegram ids"),
        ("WEBHOOK__PORT", "eighty", "WEBHOOK__PORT: expected a whole number, not 'eighty'"),
        ("TELEGRAM__MODE", "pigeon", "TELEGRAM__MODE: must be 'polling' or 'webhook'"),
    ],
)
def test_a_wrong_setting_says_what_is_expected(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None)
    assert expected in str(error.value)
    for words in ("invalid literal", "Value error", "Input should"):
        assert words not in str(error.value)
