"""The Viber channel end to end: Viber's signed callbacks over HTTP into the real aiohttp
app (mounted beside the Telegram webhook, and alone), the real Dispatcher and SQLite, and
the bot's answers out to a fake Viber REST API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.channels.polling import telegram_bot
from bot.channels.viber.render import html_to_viber
from bot.channels.viber.signature import sign
from bot.channels.viber.webhook import build_viber_app, viber_mount
from bot.channels.webhook import build_webhook_app
from storage.outbox import OutboxState
from storage.payload import Payload
from tests.fake_bot_api import FakeBotApi
from tests.fake_viber_api import FakeViberApi
from tests.harness import make_settings
from ui.i18n import Translator

VIBER_TOKEN = "4a7c2b1f00e3d9c8-viber-e2e-token"
TELEGRAM_TOKEN = "4343:webhook-test-token-not-real"
PUBLIC_URL = "https://hromada.example.org"
OLENA_ID = "01234567890A="
OLENA: dict[str, Any] = {"id": OLENA_ID, "name": "Олена", "language": "uk", "api_version": 10}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def viber_api() -> AsyncIterator[FakeViberApi]:
    async with FakeViberApi(VIBER_TOKEN) as fake:
        yield fake


@pytest.fixture
async def telegram_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TELEGRAM_TOKEN) as fake:
        yield fake


@pytest.fixture
async def services(
    tmp_path: Path, viber_api: FakeViberApi, telegram_api: FakeBotApi
) -> AsyncIterator[Services]:
    settings = make_settings(
        tmp_path / "viber.sqlite3",
        telegram={"api_base": telegram_api.url, "token": TELEGRAM_TOKEN, "mode": "webhook"},
        webhook={"public_url": PUBLIC_URL, "secret": "s3cret-from-settings_ABC"},
        viber={"token": VIBER_TOKEN, "api_base": viber_api.url},
    )
    opened = await Services.open(settings)
    await opened.load_demo_if_empty()
    yield opened
    await opened.close()


async def serve(app: web.Application, fake: FakeViberApi) -> TestServer:
    port = free_port()
    fake.callbacks_to = f"http://127.0.0.1:{port}"
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    async with asyncio.timeout(10):  # set_webhook goes out once the server listens
        await fake.webhook_set.wait()
    return server


@pytest.fixture
async def server(services: Services, viber_api: FakeViberApi) -> AsyncIterator[TestServer]:
    """The Telegram webhook app with Viber's route mounted on it: one Dispatcher."""
    bot = telegram_bot(services.settings)
    app = build_webhook_app(services, bot, mounts=[viber_mount(services)])
    running = await serve(app, viber_api)
    yield running
    await running.close()


@pytest.fixture
def uk(services: Services) -> Translator:
    return services.texts.get("uk")


def message(text: str) -> dict[str, Any]:
    return {"event": "message", "sender": OLENA, "message": {"type": "text", "text": text}}


def keyboard(sent: dict[str, Any]) -> dict[str, str]:
    """Label -> what pressing it sends."""
    return {b["Text"]: b["ActionBody"] for b in sent.get("keyboard", {}).get("Buttons", [])}


async def test_onboarding_on_viber_through_the_webhook(
    server: TestServer, viber_api: FakeViberApi, services: Services, uk: Translator
) -> None:
    # At start the bot told Viber where to call, and answered Viber's check of that URL.
    assert viber_api.api.webhook_url == "https://hromada.example.org/viber/webhook"
    assert viber_api.webhook_checks == [200]

    # Olena opens the chat from a QR poster: the welcome comes back in the response, since
    # Viber lets nobody write to her before she subscribes.
    started = {"event": "conversation_started", "user": OLENA, "context": "s-kalynivka"}
    status, welcome = await viber_api.call_bot(started)
    assert status == 200
    assert welcome is not None
    assert welcome["text"].startswith("👋")
    assert welcome["text"].endswith(html_to_viber(uk("consent-notice")))
    assert "Це чат-бот *Яблунівської міської територіальної громади*" in welcome["text"]
    assert list(keyboard(welcome)) == [uk("consent-agree"), uk("consent-decline")]
    assert viber_api.api.sent == []

    # Her first tap subscribes her; from then on answers go through send_message.
    await viber_api.post_event(message(keyboard(welcome)[uk("consent-agree")]))
    language = viber_api.api.sent[-1]
    assert language["receiver"] == OLENA["id"]
    assert language["text"] == html_to_viber(uk("language-choose"))
    assert language["sender"] == {"name": "Громада"}

    await viber_api.post_event(message(keyboard(language)["🇺🇦 Українська"]))
    # The poster's settlement is taken: straight to the main menu.
    texts = [m["text"] for m in viber_api.api.sent]
    assert html_to_viber(uk("settlement-from-poster", settlement="с. Калинівка")) in texts
    menu, question = viber_api.api.sent[-2:]
    assert "Оберіть розділ" in menu["text"]
    assert {"🏘 Моя громада", uk("kb-menu")} <= set(keyboard(menu))
    # Announcements cost money on Viber: she is asked once which may come.
    assert question["text"].startswith(html_to_viber(uk("paid-ask-news")))
    assert {uk("paid-news-all"), uk("paid-news-emergency"), uk("kb-menu")} <= set(
        keyboard(question)
    )
    resident = await services.residents.find_by_channel("viber", OLENA_ID)
    assert resident is not None
    assert resident.onboarded
    assert resident.has_consent


@pytest.mark.parametrize("signature", [None, "", "00" * 32, "not-hex"], ids=repr)
async def test_a_callback_without_the_right_signature_is_refused(
    server: TestServer, viber_api: FakeViberApi, services: Services, signature: str | None
) -> None:
    started = {"event": "conversation_started", "user": OLENA}
    if signature is None:
        status = await viber_api.post_event(started, signed=False)
    else:
        status = await viber_api.post_event(started, signature=signature)
    assert status == 403
    assert await services.db.fetchval("SELECT COUNT(*) FROM viber_users") == 0
    assert await services.residents.find_by_channel("viber", OLENA_ID) is None


async def test_a_tampered_body_is_refused(server: TestServer, viber_api: FakeViberApi) -> None:
    genuine = b'{"event": "message", "sender": {"id": "x"}, "message": {"type": "text"}}'
    tampered = genuine.replace(b'"x"', b'"y"')
    status = await viber_api.post_event({}, body=tampered, signature=sign(genuine, VIBER_TOKEN))
    assert status == 403
    assert viber_api.api.sent == []


async def test_not_subscribed_on_a_reply_marks_the_resident_inactive(
    server: TestServer, viber_api: FakeViberApi, services: Services
) -> None:
    await viber_api.post_event({"event": "conversation_started", "user": OLENA})
    viber_api.api.fail_next(6)  # she unsubscribed in the meantime
    assert await viber_api.post_event(message("привіт")) == 200
    resident = await services.residents.find_by_channel("viber", OLENA_ID)
    assert resident is not None
    assert not resident.active
    assert viber_api.api.sent == []

    await viber_api.post_event(message("я повернулася"))  # writing again brings her back
    resident = await services.residents.find_by_channel("viber", OLENA_ID)
    assert resident is not None
    assert resident.active
    assert viber_api.api.sent, "she gets answers again"


async def test_unsubscribing_marks_the_resident_inactive(
    server: TestServer, viber_api: FakeViberApi, services: Services
) -> None:
    await viber_api.post_event({"event": "conversation_started", "user": OLENA})
    assert await viber_api.post_event({"event": "unsubscribed", "user_id": OLENA["id"]}) == 200
    resident = await services.residents.find_by_channel("viber", OLENA_ID)
    assert resident is not None
    assert not resident.active
    for ignored in ("delivered", "seen", "failed"):
        event = {"event": ignored, "user_id": OLENA["id"], "message_token": 1}
        assert await viber_api.post_event(event) == 200
    assert viber_api.api.sent == []


async def test_viber_alone_serves_its_route_and_health(
    services: Services, viber_api: FakeViberApi, uk: Translator
) -> None:
    running = await serve(build_viber_app(services), viber_api)
    try:
        status, welcome = await viber_api.call_bot({"event": "conversation_started", "user": OLENA})
        assert status == 200
        assert welcome is not None
        assert welcome["text"].endswith(html_to_viber(uk("consent-notice")))
        health = running.make_url("/healthz")
        async with aiohttp.ClientSession() as http, http.get(health) as response:
            assert response.status == 200
    finally:
        await running.close()


async def wait_for(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        assert loop.time() < deadline, what
        await asyncio.sleep(0.02)


async def test_one_outbox_sender_reaches_viber_and_telegram_residents(
    server: TestServer,
    viber_api: FakeViberApi,
    telegram_api: FakeBotApi,
    services: Services,
) -> None:
    await viber_api.post_event({"event": "conversation_started", "user": OLENA})
    await viber_api.post_event(message("привіт"))  # subscribed
    olena = await services.residents.find_by_channel("viber", OLENA_ID)
    petro = await services.residents.get_or_create("telegram", "1002", "1002")
    assert olena is not None
    await services.outbox.enqueue(olena.id, Payload("Нагадуємо: <b>завтра</b> о 10:00"))
    await services.outbox.enqueue(petro.id, Payload("Нагадуємо: завтра о 11:00"))

    async def both_delivered() -> bool:
        counts = await services.outbox.counts()
        return counts[OutboxState.SENT] == 2

    await wait_for(both_delivered, "the sender of the webhook app sends through both channels")
    assert viber_api.api.sent[-1]["receiver"] == OLENA_ID
    assert viber_api.api.sent[-1]["text"] == "Нагадуємо: *завтра* о 10:00"
    assert [m["text"] for m in telegram_api.emulator.bot_messages(1002)] == [
        "Нагадуємо: завтра о 11:00"
    ]


async def test_not_subscribed_on_an_outbox_message_skips_it_for_good(
    server: TestServer, viber_api: FakeViberApi, services: Services
) -> None:
    await viber_api.post_event({"event": "conversation_started", "user": OLENA})
    await viber_api.post_event(message("привіт"))
    olena = await services.residents.find_by_channel("viber", OLENA_ID)
    assert olena is not None
    sent_before = len(viber_api.api.sent)
    viber_api.api.fail_next(6)  # she unsubscribed; Viber has not told us yet
    await services.outbox.enqueue(olena.id, Payload("Новина"))

    async def skipped() -> bool:
        return (await services.outbox.counts())[OutboxState.SKIPPED] == 1

    await wait_for(skipped, "the message is skipped once Viber says she is not subscribed")
    reason = await services.db.fetchval("SELECT last_error FROM outbox")
    assert "reachable on no channel" in reason
    assert len(viber_api.api.sent) == sent_before
    [link] = await services.residents.channels(olena.id)
    assert not link.active
