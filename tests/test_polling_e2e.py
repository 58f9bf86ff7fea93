"""The real polling loop against a fake Bot API over HTTP: aiogram's own AiohttpSession,
getUpdates with offsets, the bot's answers as Telegram would receive them."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiogram.exceptions import TelegramUnauthorizedError

from bot.app import COMMANDS, Services
from bot.channels.polling import PollingRunner, telegram_bot
from bot.transport import Transport
from storage.outbox import OutboxState
from storage.payload import Payload
from tests.fake_bot_api import FakeBotApi, FakeResident
from tests.harness import make_settings
from tests.sender_world import FakeViber
from ui.i18n import Translator

TOKEN = "4242:polling-e2e-token-not-real"
START_TIMEOUT = 3.0
STOP_TIMEOUT = 3.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as api:
        yield api


@pytest.fixture
async def services(tmp_path: Path, fake: FakeBotApi) -> AsyncIterator[Services]:
    settings = make_settings(
        tmp_path / "polling.sqlite3", telegram={"api_base": fake.url, "token": TOKEN}
    )
    opened = await Services.open(settings)
    await opened.load_demo_if_empty()
    yield opened
    await opened.close()


@pytest.fixture
def uk(services: Services) -> Translator:
    return services.texts.get("uk")


@asynccontextmanager
async def polling(
    services: Services, transports: Sequence[Transport] = ()
) -> AsyncIterator[PollingRunner]:
    """The bot's real polling loop, running until the block ends; it must stop in time."""
    runner = PollingRunner(
        services,
        telegram_bot(services.settings),
        handle_signals=False,
        polling_timeout=10,
        transports=transports,
    )
    task = asyncio.create_task(runner.run())
    started = asyncio.create_task(runner.polling.wait())
    try:
        await asyncio.wait({task, started}, timeout=START_TIMEOUT, return_when="FIRST_COMPLETED")
        if task.done():
            task.result()  # run() failed: show why
        assert runner.polling.is_set(), f"polling did not start in {START_TIMEOUT}s"
        yield runner
        if task.done():
            task.result()  # the loop must not have died of an error
    finally:
        started.cancel()
        async with asyncio.timeout(STOP_TIMEOUT):
            await runner.stop()
            await task


async def walk_to_main_menu(olena: FakeResident, uk: Translator) -> None:
    news = await olena.wait_news(uk("consent-notice"))
    assert news[-1] == uk("consent-notice")
    assert "Згода на обробку персональних даних" in news[-1]
    assert olena.buttons() == [uk("consent-agree"), uk("consent-decline")]

    await olena.press("Погоджуюсь")
    news = await olena.wait_news(uk("language-choose"))
    assert uk("consent-given") in news
    assert "Оберіть мову" in news[-1]
    assert olena.buttons() == ["🇺🇦 Українська", "🇬🇧 English"]

    await olena.press("Українська")
    await olena.wait_news(uk("settlement-choose"))
    assert "с. Калинівка" in olena.buttons()

    await olena.press("Калинівка")
    news = await olena.wait_news("Оберіть розділ")
    assert uk("settlement-changed", settlement="с. Калинівка") in news
    menu = olena.bot_messages()[-1]
    assert "Оберіть розділ" in menu["text"]
    blocks = olena.buttons()
    assert uk("menu-block-power") in blocks
    assert uk("menu-block-community") in blocks
    assert "🤝 Я і громада" in blocks
    assert "🏘 Моя громада" in blocks


async def test_onboarding_through_real_polling(
    fake: FakeBotApi, services: Services, uk: Translator
) -> None:
    olena = fake.resident(1001)
    # Olena writes while the bot is down: the message waits in Telegram's queue.
    first = await olena.send("/start")

    async with polling(services):
        await walk_to_main_menu(olena, uk)
        # The last update is confirmed by the next getUpdates, which comes at once.
        await fake.wait_until(lambda: not fake.pending_update_ids, what="all updates confirmed")

    # The bot greeted her once and showed the data notice once: no update was handled twice.
    assert olena.sent_count(uk("consent-notice")) == 1
    assert sum(1 for text in olena.texts() if text.startswith("👋")) == 1
    delivered = fake.delivered_update_ids()
    assert delivered[0] == first["update_id"]
    assert len(delivered) == len(set(delivered)) == 4
    assert delivered == sorted(delivered)
    # Each getUpdates confirmed what the one before it had returned.
    answered = [c for c in fake.get_updates_calls if c.status == 200]
    for before, after in itertools.pairwise(answered):
        if before.update_ids:
            assert after.offset == before.update_ids[-1] + 1
    offsets = [c.offset or 0 for c in answered]
    assert offsets == sorted(offsets)
    assert all(c.timeout == 10 for c in answered)
    assert len(answered) <= 8  # long polling: it waits for updates instead of spinning

    # The webhook was removed without dropping the update that came while the bot was down.
    (delete,) = fake.calls("deleteWebhook")
    assert delete.params.get("drop_pending_updates") in (None, "false")

    # The command menu: Ukrainian by default, English for English-speaking users.
    by_language = {c.params.get("language_code"): c.params for c in fake.calls("setMyCommands")}
    assert set(by_language) == {None, "en"}
    uk_menu = {c["command"]: c["description"] for c in fake.emulator.commands[""]}
    en_menu = {c["command"]: c["description"] for c in fake.emulator.commands["en"]}
    assert set(uk_menu) == set(en_menu) == set(COMMANDS)
    assert uk_menu["start"] == uk("command-start")
    assert en_menu["start"] == services.texts.get("en")("command-start")
    assert uk_menu["start"] != en_menu["start"]


async def test_rate_limited_reply_waits_and_is_delivered(
    fake: FakeBotApi, services: Services, uk: Translator
) -> None:
    olena = fake.resident(1001)
    async with polling(services) as runner:
        # Telegram answers the bot's next sendMessage with 429 (retry after 1 s).
        fake.fail_next("sendMessage", status=429, retry_after=1)
        await olena.send("/start")
        await olena.wait_news(uk("consent-notice"), timeout=5)
        assert olena.texts()[0].startswith("👋"), "the refused greeting came after the wait"
        assert uk("error-apology") not in olena.texts()
        assert runner.polling.is_set()

        # The loop is alive: her next message is handled as usual.
        await olena.send("/help")
        await olena.wait_news(uk("help"))

    greetings = [c for c in fake.calls("sendMessage") if c.params.get("text", "").startswith("👋")]
    assert len(greetings) == 2  # one refused with 429, the same one sent again
    retry_gap = greetings[1].at - greetings[0].at
    assert retry_gap >= 0.95, "the reply waited retry_after before trying again"
    delivered = fake.delivered_update_ids()
    assert len(delivered) == len(set(delivered)) == 2


async def test_blocked_resident_does_not_stop_polling(
    fake: FakeBotApi, services: Services, uk: Translator
) -> None:
    olena, petro = fake.resident(1001), fake.resident(1002, first_name="Петро")
    fake.block(olena.id)
    async with polling(services):
        await olena.send("/start")
        await fake.wait_until(
            lambda: any(c.params.get("chat_id") == olena.id for c in fake.calls("sendMessage")),
            what="a send to the blocked chat",
        )
        await petro.send("/start")
        await petro.wait_news(uk("consent-notice"))
    assert olena.texts() == []
    assert petro.texts()[-1] == uk("consent-notice")
    blocked = await services.residents.find_by_channel("telegram", str(olena.id))
    assert blocked is not None
    assert not blocked.active, "a resident who blocked the bot is marked inactive"


async def test_fake_api_refuses_a_wrong_token(fake: FakeBotApi, tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path / "unused.sqlite3",
        telegram={"api_base": fake.url, "token": "4242:some-other-token-xyz"},
    )
    bot = telegram_bot(settings)
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await bot.get_me()
    finally:
        await bot.session.close()
    assert fake.unauthorized_requests == 1
    assert fake.emulator.calls == []


async def test_stop_lets_an_answer_in_progress_finish(
    fake: FakeBotApi, services: Services, uk: Translator
) -> None:
    olena = fake.resident(1001)
    async with polling(services) as runner:
        slow_telegram = fake.hold("sendMessage")
        await olena.send("/start")
        await fake.wait_until(lambda: fake.held.get("sendMessage", 0) == 1, what="the greeting")
        stopping = asyncio.create_task(runner.stop())
        async with asyncio.timeout(STOP_TIMEOUT):
            # Until getUpdates has stopped; the answer is then still due. (No event for it.)
            while runner.polling.is_set():  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        assert not stopping.done()
        slow_telegram.set()
        async with asyncio.timeout(STOP_TIMEOUT):
            await stopping
        # stop() returned only after the whole answer went out, before the database closes.
        assert olena.texts() == [olena.texts()[0], uk("consent-notice")]
        assert olena.texts()[0].startswith("👋")


async def test_fake_get_updates_semantics(fake: FakeBotApi) -> None:
    """The fake itself: limit, offset confirmation, a long poll that returns on an update."""
    olena = fake.resident(1001)
    ids = [(await olena.send(f"текст {n}"))["update_id"] for n in range(3)]
    url = f"{fake.url}/bot{TOKEN}/getUpdates"

    async def get_updates(**params: int) -> list[int]:
        async with http.post(url, data={k: str(v) for k, v in params.items()}) as response:
            body = await response.json()
        assert body["ok"] is True
        return [u["update_id"] for u in body["result"]]

    async with aiohttp.ClientSession() as http:
        assert await get_updates(limit=2) == ids[:2]
        assert await get_updates(offset=ids[1] + 1) == ids[2:]
        assert fake.pending_update_ids == ids[2:]
        assert await get_updates(offset=ids[2] + 1, timeout=0) == []
        assert fake.pending_update_ids == []

        waiting = asyncio.create_task(get_updates(offset=ids[2] + 1, timeout=5))
        try:
            await fake.wait_until(lambda: len(fake.get_updates_calls) == 4, what="the long poll")
            assert not waiting.done()
            late = await olena.send("ще один")
            async with asyncio.timeout(1):
                assert await waiting == [late["update_id"]]
        finally:
            waiting.cancel()


async def test_polling_runs_one_outbox_sender_for_telegram_and_viber(
    fake: FakeBotApi, services: Services
) -> None:
    viber = FakeViber()
    on_viber = await services.residents.get_or_create("viber", "v-olena", "17")
    on_telegram = await services.residents.get_or_create("telegram", "1002", "1002")
    await services.outbox.enqueue(on_viber.id, Payload("Для Viber"))
    await services.outbox.enqueue(on_telegram.id, Payload("Для Telegram"))

    async with polling(services, transports=[viber]):
        await fake.wait_until(
            lambda: bool(fake.emulator.bot_messages(1002)), what="the Telegram message"
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while (await services.outbox.counts())[OutboxState.SENT] < 2:
            assert loop.time() < deadline, "the Viber message was not sent"
            await asyncio.sleep(0.02)

    assert viber.texts("17") == ["Для Viber"]
    assert [m["text"] for m in fake.emulator.bot_messages(1002)] == ["Для Telegram"]
