"""The Viber REST client against the fake Viber API over HTTP: what it sends, and Viber's
statuses as typed errors; the terminal demo's Viber mode; the Viber settings."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import Services
from bot.channels.demo import run_demo
from bot.channels.viber.client import (
    AUTH_HEADER,
    ViberAccountError,
    ViberApiError,
    ViberClient,
    ViberNetworkError,
    ViberReceiverUnavailableError,
    ViberTooManyRequestsError,
)
from bot.config import ConfigError, load_settings
from tests.fake_viber_api import FakeViberApi
from tests.harness import make_settings
from tests.test_webhook import free_port

TOKEN = "4a7c2b1f00e3d9c8-client-test-token"
TEXT = {
    "receiver": "01234567890A=",
    "type": "text",
    "text": "Привіт",
    "sender": {"name": "Громада"},
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeViberApi]:
    async with FakeViberApi(TOKEN) as api:
        yield api


@pytest.fixture
async def client(fake: FakeViberApi) -> AsyncIterator[ViberClient]:
    viber = ViberClient(SecretStr(TOKEN), fake.url)
    yield viber
    await viber.close()


async def test_a_message_is_posted_with_the_token_header(
    fake: FakeViberApi, client: ViberClient
) -> None:
    answer = await client.send_message(TEXT)
    assert answer["status"] == 0
    assert isinstance(answer["message_token"], int)
    assert fake.api.sent == [TEXT]
    assert fake.unauthorized_requests == 0
    info = await client.get_account_info()
    assert info["name"] == "Громада"
    details = await client.get_user_details("01234567890A=")
    assert details["user"]["id"] == "01234567890A="


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (5, ViberReceiverUnavailableError),
        (6, ViberReceiverUnavailableError),
        (12, ViberTooManyRequestsError),
        (2, ViberAccountError),
        (3, ViberApiError),
        (13, ViberApiError),
    ],
)
async def test_statuses_become_typed_errors(
    fake: FakeViberApi, client: ViberClient, status: int, error: type[Exception]
) -> None:
    fake.api.fail_next(status)
    with pytest.raises(error) as raised:
        await client.send_message(TEXT)
    assert isinstance(raised.value, ViberApiError)
    assert raised.value.status == status
    assert fake.api.sent == []
    await client.send_message(TEXT)  # the next call goes through
    assert fake.api.sent == [TEXT]


async def test_a_wrong_token_is_an_account_error(fake: FakeViberApi) -> None:
    wrong = ViberClient(SecretStr("not-the-token"), fake.url)
    try:
        with pytest.raises(ViberAccountError):
            await wrong.send_message(TEXT)
    finally:
        await wrong.close()
    assert fake.unauthorized_requests == 1


async def test_network_trouble_is_retriable_and_the_token_is_never_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    nowhere = ViberClient(SecretStr(TOKEN), f"http://127.0.0.1:{free_port()}", timeout=2)
    try:
        with pytest.raises(ViberNetworkError) as raised:
            await nowhere.send_message(TEXT)
    finally:
        await nowhere.close()
    assert TOKEN not in str(raised.value)
    assert TOKEN not in repr(nowhere)
    assert TOKEN not in caplog.text
    assert AUTH_HEADER == "X-Viber-Auth-Token"


async def test_the_demo_shows_the_bot_as_viber_does(tmp_path: Path) -> None:
    services = await Services.open(make_settings(tmp_path / "demo.sqlite3"))
    await services.load_demo_if_empty()
    stdout = io.StringIO()
    try:
        await run_demo(services, io.StringIO("1\n1\n4\n"), stdout, viber=True)
    finally:
        await services.close()
    screen = stdout.getvalue()
    assert "*Згода на обробку персональних даних*" in screen, "Viber's bold, not HTML"
    assert "<b>" not in screen
    assert "[1] ✅ Погоджуюсь" in screen
    assert "Оберіть розділ" in screen
    # Last, the one question about paid announcements, «Меню» merged under its buttons.
    assert "[1] ✅ Так, усі оголошення" in screen
    assert "[4] 🏠 Меню" in screen, "the persistent menu button merged into the keyboard"


def test_viber_settings() -> None:
    assert load_settings(_env_file=None, viber={"token": ""}).viber.token is None
    settings = load_settings(
        _env_file=None,
        viber={"token": TOKEN, "public_url": "https://bot.example.ua/", "webhook_path": "vb"},
    )
    assert settings.viber_webhook_url == "https://bot.example.ua/vb"
    assert TOKEN not in repr(settings)
    with pytest.raises(ConfigError, match="VIBER__PUBLIC_URL"):
        load_settings(_env_file=None, viber={"token": TOKEN})
    with pytest.raises(ConfigError, match="VIBER__BOT_NAME"):
        load_settings(_env_file=None, viber={"bot_name": "x" * 29})
    with pytest.raises(ConfigError, match="VIBER__MONTHLY_CAP"):
        load_settings(_env_file=None, viber={"monthly_cap": -1})
