"""The webhook app over real HTTP: Telegram's POSTs come in with the secret header, the
bot's answers go out to a fake Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram import Dispatcher
from aiogram.methods import SendMessage
from aiogram.types import Message
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Services
from bot.channels.polling import telegram_bot
from bot.channels.webhook import UpdateHandler, build_webhook_app, run_webhook
from bot.config import ConfigError
from tests.fake_bot_api import FakeBotApi, FakeResident
from tests.harness import make_settings
from ui.i18n import Translator

TOKEN = "4343:webhook-test-token-not-real"
SECRET = "s3cret-from-settings_ABC"
PUBLIC_URL = "https://hromada.example.org/"
PATH = "/telegram/hook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as api:
        yield api


@pytest.fixture
async def services(tmp_path: Path, fake: FakeBotApi) -> AsyncIterator[Services]:
    settings = make_settings(
        tmp_path / "webhook.sqlite3",
        telegram={"api_base": fake.url, "token": TOKEN, "mode": "webhook"},
        webhook={"public_url": PUBLIC_URL, "secret": SECRET, "path": PATH},
    )
    opened = await Services.open(settings)
    await opened.load_demo_if_empty()
    yield opened
    await opened.close()


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient[Any, Any]]:
    app = build_webhook_app(services, telegram_bot(services.settings))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture
def uk(services: Services) -> Translator:
    return services.texts.get("uk")


async def deliver(
    client: TestClient[Any, Any], update: dict[str, Any], secret: str | None = SECRET
) -> int:
    """POST an update as Telegram does; the answer comes once the bot has handled it."""
    headers = {} if secret is None else {SECRET_HEADER: secret}
    response = await client.post(PATH, json=update, headers=headers)
    if response.status == 200:
        # Nothing for Telegram to carry out in the body: every reply was a Bot API call.
        assert await response.json() == {}
    return response.status


async def test_onboarding_through_the_webhook(
    fake: FakeBotApi, client: TestClient[Any, Any], uk: Translator
) -> None:
    # On startup the bot told Telegram where to send updates, with the secret.
    assert fake.emulator.webhook == {
        "url": "https://hromada.example.org/telegram/hook",
        "secret_token": SECRET,
    }
    (set_webhook,) = fake.calls("setWebhook")
    assert {"message", "callback_query"} <= set(set_webhook.params["allowed_updates"])
    assert {c.params.get("language_code") for c in fake.calls("setMyCommands")} == {None, "en"}

    olena = fake.resident(1001)
    # Updates are handled before the 200 goes back, so the answers are already there.
    assert await deliver(client, olena.text("/start")) == 200
    news = olena.news()
    assert news[0].startswith("👋")
    assert news[-1] == uk("consent-notice")
    assert olena.buttons() == [uk("consent-agree"), uk("consent-decline")]

    assert await deliver(client, olena.button("Погоджуюсь")) == 200
    assert olena.news()[-1] == uk("language-choose")

    assert await deliver(client, olena.button("Українська")) == 200
    assert olena.news()[-1] == uk("settlement-choose")

    assert await deliver(client, olena.button("Калинівка")) == 200
    news = olena.news()
    assert uk("settlement-changed", settlement="с. Калинівка") in news
    assert "Оберіть розділ" in news[-1]
    assert {"🤝 Я і громада", "🏘 Моя громада"} <= set(olena.buttons())
    assert olena.sent_count(uk("consent-notice")) == 1


async def test_webhook_stays_set_after_shutdown(
    fake: FakeBotApi, services: Services, uk: Translator
) -> None:
    app = build_webhook_app(services, telegram_bot(services.settings))
    async with TestClient(TestServer(app)) as test_client:
        assert await deliver(test_client, fake.resident(1001).text("/start")) == 200
    # A restart must not lose the updates Telegram keeps for us meanwhile.
    assert fake.calls("deleteWebhook") == []
    assert fake.emulator.webhook["url"] == "https://hromada.example.org/telegram/hook"


@pytest.mark.parametrize(
    "secret", [None, "", "wrong-secret", SECRET[:-1], SECRET + "x", "сикрет"], ids=repr
)
async def test_update_without_the_right_secret_is_refused(
    fake: FakeBotApi, client: TestClient[Any, Any], uk: Translator, secret: str | None
) -> None:
    olena: FakeResident = fake.resident(1001)
    update = olena.text("/start")
    headers = {} if secret is None else {SECRET_HEADER: secret}
    response = await client.post(PATH, json=update, headers=headers)
    assert response.status == 401
    assert olena.news() == []  # the forged update was not handled: no answer at all
    assert olena.texts() == []

    # The same update from Telegram itself is handled as usual.
    assert await deliver(client, update) == 200
    assert olena.texts()[-1] == uk("consent-notice")


async def test_health_check(client: TestClient[Any, Any], services: Services) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body == {"ok": True, "schema_version": await services.db.schema_version()}
    assert body["schema_version"] >= 1

    await services.db.close()  # the database stops answering
    response = await client.get("/healthz")
    assert response.status == 503
    assert (await response.json())["ok"] is False


async def test_webhook_needs_a_secret(tmp_path: Path, fake: FakeBotApi) -> None:
    settings = make_settings(
        tmp_path / "nosecret.sqlite3",
        telegram={"api_base": fake.url, "token": TOKEN},
        webhook={"public_url": PUBLIC_URL},
    )
    opened = await Services.open(settings)
    bot = telegram_bot(settings)
    try:
        with pytest.raises(ConfigError, match="WEBHOOK__SECRET"):
            build_webhook_app(opened, bot)
    finally:
        await bot.session.close()
        await opened.close()


async def test_a_method_returned_by_a_handler_is_sent_through_the_api(
    fake: FakeBotApi, services: Services
) -> None:
    """aiogram can answer Telegram with a method in the response body; Telegram would carry
    it out silently. Ours calls the Bot API instead, so the reply is a recorded call."""
    dp = Dispatcher()

    @dp.message()
    async def pong(message: Message) -> SendMessage:
        return message.answer("pong")

    bot = telegram_bot(services.settings)
    app = web.Application()
    app.router.add_post(
        PATH, UpdateHandler(dp, bot, handle_in_background=False, secret_token=SECRET).handle
    )
    try:
        async with TestClient(TestServer(app)) as test_client:
            olena = fake.resident(1001)
            assert await deliver(test_client, olena.text("ping")) == 200
            assert olena.texts() == ["pong"]
    finally:
        await bot.session.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_run_webhook_serves_until_cancelled(
    fake: FakeBotApi, services: Services, uk: Translator
) -> None:
    port = free_port()
    services.settings.webhook.host = "127.0.0.1"
    services.settings.webhook.port = port
    bot = telegram_bot(services.settings)
    server = asyncio.create_task(run_webhook(services, bot, handle_signals=False))
    base = f"http://127.0.0.1:{port}"
    try:
        await fake.wait_until(lambda: bool(fake.calls("setWebhook")), what="setWebhook")
        async with aiohttp.ClientSession() as http:
            async with asyncio.timeout(3):
                while True:  # the socket opens right after startup
                    try:
                        async with http.get(f"{base}/healthz") as response:
                            assert response.status == 200
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.02)
            olena = fake.resident(1001)
            async with http.post(
                base + PATH, json=olena.text("/start"), headers={SECRET_HEADER: SECRET}
            ) as response:
                assert response.status == 200
            assert olena.texts()[-1] == uk("consent-notice")
    finally:
        server.cancel()
        async with asyncio.timeout(3):
            with contextlib.suppress(asyncio.CancelledError):
                await server
    assert fake.calls("deleteWebhook") == []
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz"):
            pass
