"""A Bot API outage of several minutes loses nothing: the fake Bot API over real HTTP answers
502 (or refuses connections) while the sender runs on virtual time, then recovers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.app import create_bot
from bot.sender import OutboxSender
from bot.transport import ChannelLimits
from bot.transport_telegram import TelegramTransport
from storage.payload import Payload
from tests.fake_bot_api import FakeBotApi
from tests.harness import TEST_TOKEN
from tests.sender_world import TimedEmulator, VirtualTime, World, deliver_all

OUTAGE_ENDS = 5 * 60.0  # virtual seconds
RESIDENTS = range(1001, 1021)
MAX_IN_FLIGHT = 10


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = VirtualTime()
    opened = await World(tmp_path / "bot.sqlite3", clock, TimedEmulator(clock.monotonic)).open()
    yield opened
    await opened.close()


@pytest.fixture
async def fake(world: World) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TEST_TOKEN, world.emulator) as api:
        yield api


async def http_sender(world: World, fake: FakeBotApi) -> OutboxSender:
    """The real aiohttp session to the fake Bot API, the sender on virtual time."""
    bot = create_bot(TEST_TOKEN, AiohttpSession(api=TelegramAPIServer.from_base(fake.url)))
    transport = TelegramTransport(bot, limits=ChannelLimits(25, 1.0))
    sender = OutboxSender(
        [transport],
        world.outbox,
        world.residents,
        max_attempts=3,
        max_in_flight=MAX_IN_FLIGHT,
        monotonic=world.clock.monotonic,
        sleep=world.clock.sleep,
    )
    world.senders.append(sender)
    world.closing.append(bot.session.close)
    return sender


async def queue_news(world: World) -> None:
    for uid in RESIDENTS:
        await world.outbox.enqueue(await world.resident(uid), Payload(f"Новина для {uid}"))


async def assert_each_delivered_once_without_burned_attempts(
    world: World, fake: FakeBotApi
) -> None:
    for uid in RESIDENTS:
        assert [m["text"] for m in fake.emulator.bot_messages(uid)] == [f"Новина для {uid}"]
    rows = await world.db.fetchall("SELECT state, attempts FROM outbox")
    assert {(row["state"], row["attempts"]) for row in rows} == {("sent", 1)}


@pytest.mark.parametrize("html", [False, True], ids=["json-502", "proxy-html-502"])
async def test_five_minutes_of_502_lose_nothing(world: World, fake: FakeBotApi, html: bool) -> None:
    await queue_news(world)
    fake.start_outage(502, html=html)

    async def recover(now: float) -> None:
        if now >= OUTAGE_ENDS:
            fake.end_outage()

    world.clock.on_advance = recover
    await deliver_all(world, await http_sender(world, fake))

    assert world.clock.seconds >= OUTAGE_ENDS
    await assert_each_delivered_once_without_burned_attempts(world, fake)
    # The calls under way when it broke, then one probe per pause (1, 2, 4 ... 60 s): about
    # ten in five minutes, where retrying each message on its own would have made hundreds.
    assert 8 <= fake.outage_calls <= MAX_IN_FLIGHT + 12


async def test_connections_refused_for_five_minutes_lose_nothing(
    world: World, fake: FakeBotApi
) -> None:
    await queue_news(world)
    await fake.go_offline()

    async def recover(now: float) -> None:
        if now >= OUTAGE_ENDS and not fake.online:
            await fake.come_online()

    world.clock.on_advance = recover
    await deliver_all(world, await http_sender(world, fake))

    assert world.clock.seconds >= OUTAGE_ENDS
    await assert_each_delivered_once_without_burned_attempts(world, fake)


async def test_a_short_502_burst_over_http_loses_nothing(world: World, fake: FakeBotApi) -> None:
    await queue_news(world)
    for _ in range(3):
        fake.fail_next("sendMessage", status=502, description="Bad Gateway")

    await deliver_all(world, await http_sender(world, fake))

    await assert_each_delivered_once_without_burned_attempts(world, fake)
    assert world.clock.seconds < 60, "a burst costs seconds, not minutes"
