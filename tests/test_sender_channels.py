"""One outbox, several channels: each message goes to the channel where its resident can be
reached (Telegram first), a fake second transport standing for Viber."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import SenderSettings
from bot.runtime import ordered
from bot.sender import OutboxSender
from bot.transport import ChannelLimits
from bot.transport_telegram import TelegramTransport
from storage.payload import Payload
from tests.sender_world import FakeViber, TimedEmulator, VirtualTime, World, deliver_all


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = VirtualTime()
    opened = await World(tmp_path / "bot.sqlite3", clock, TimedEmulator(clock.monotonic)).open()
    yield opened
    await opened.close()


@pytest.fixture
def viber(world: World) -> FakeViber:
    return FakeViber(clock=world.clock.monotonic)


async def both(world: World, uid: int) -> int:
    resident = await world.resident(uid)
    await world.link(resident, "viber", f"v-{uid}")
    return resident


async def test_each_resident_gets_the_message_where_they_are(
    world: World, viber: FakeViber
) -> None:
    await world.outbox.enqueue(await world.resident(1001), Payload("Тільки Telegram"))
    await world.outbox.enqueue(await world.resident(2002, "viber"), Payload("Тільки Viber"))
    await world.outbox.enqueue(await both(world, 3003), Payload("Обидва"))

    await deliver_all(world, world.sender(extra=(viber,)))

    assert world.emulator.delivered() == Counter(
        {(1001, "Тільки Telegram"): 1, (3003, "Обидва"): 1}
    )
    assert viber.texts() == ["Тільки Viber"]
    assert viber.sent[0][0] == "2002"
    assert (await world.row("Тільки Viber"))["channel"] == "viber"
    assert (await world.row("Обидва"))["channel"] == "telegram"


async def test_blocked_on_telegram_still_reached_on_viber(world: World, viber: FakeViber) -> None:
    resident = await both(world, 1001)
    await world.residents.set_active(resident, False, channel="telegram")
    await world.outbox.enqueue(resident, Payload("Нагадування"))

    await deliver_all(world, world.sender(extra=(viber,)))

    assert world.emulator.sends() == []
    assert viber.texts("v-1001") == ["Нагадування"]


async def test_a_403_on_telegram_moves_the_rest_to_viber_in_order(
    world: World, viber: FakeViber
) -> None:
    resident = await both(world, 1001)
    for n in range(3):
        await world.outbox.enqueue(resident, Payload(f"новина {n}"))
    world.emulator.blocked.add(1001)

    await deliver_all(world, world.sender(extra=(viber,)))

    assert len(world.emulator.sends(1001)) == 1, "one try on Telegram, then never again"
    assert viber.texts("v-1001") == ["новина 0", "новина 1", "новина 2"]
    found = await world.residents.get(resident)
    assert found is not None
    assert found.active, "still reachable on Viber"
    links = {link.channel: link.active for link in await world.residents.channels(resident)}
    assert links == {"telegram": False, "viber": True}
    first = await world.row("новина 0")
    assert (first["state"], first["attempts"], first["channel"]) == ("sent", 1, "viber")


async def test_reachable_nowhere_is_skipped_with_a_reason(world: World, viber: FakeViber) -> None:
    everywhere_blocked = await both(world, 1001)
    for channel in ("telegram", "viber"):
        await world.residents.set_active(everywhere_blocked, False, channel=channel)
    unsubscribes = await world.resident(2002, "viber")
    viber.unsubscribed.add("2002")
    await world.outbox.enqueue(everywhere_blocked, Payload("Перше"))
    await world.outbox.enqueue(unsubscribes, Payload("Друге"))

    await deliver_all(world, world.sender(extra=(viber,)))

    assert await world.states() == {"Перше": "skipped", "Друге": "skipped"}
    for text in ("Перше", "Друге"):
        assert "reachable on no channel" in (await world.row(text))["last_error"]
    assert world.emulator.sends() == []
    assert viber.texts() == []
    gone = await world.residents.get(unsubscribes)
    assert gone is not None
    assert not gone.active


async def test_telegram_outage_holds_its_messages_while_viber_delivers(
    world: World, viber: FakeViber
) -> None:
    await world.outbox.enqueue(await world.resident(1001), Payload("Telegram"))
    await world.outbox.enqueue(await both(world, 3003), Payload("Обидва"))
    await world.outbox.enqueue(await world.resident(2002, "viber"), Payload("Viber"))
    world.session.network_failures = 8  # about two minutes of back-off

    await deliver_all(world, world.sender(extra=(viber,)))

    assert viber.texts() == ["Viber"], "a paused channel's messages wait for it"
    viber_at = viber.sent[0][2]
    telegram = world.emulator.sends()
    assert sorted(c.params["text"] for c in telegram) == ["Telegram", "Обидва"]
    assert len(world.session.failed_at) == 8
    assert viber_at < min(c.at for c in telegram), "Viber did not wait for Telegram"
    for text in ("Telegram", "Обидва", "Viber"):
        assert (await world.row(text))["attempts"] == 1


async def test_channel_order_is_a_setting(world: World, viber: FakeViber) -> None:
    await world.outbox.enqueue(await both(world, 1001), Payload("Обидва"))
    telegram = TelegramTransport(world.bot, limits=ChannelLimits(25, 1))
    transports = ordered([telegram, viber], SenderSettings(channel_order=["viber", "telegram"]))
    sender = OutboxSender(
        transports,
        world.outbox,
        world.residents,
        monotonic=world.clock.monotonic,
        sleep=world.clock.sleep,
    )
    world.senders.append(sender)

    await deliver_all(world, sender)

    assert viber.texts("v-1001") == ["Обидва"]
    assert world.emulator.sends() == []


async def test_a_change_to_a_residents_chats_picks_the_channel_again(world: World) -> None:
    resident = await world.resident(2002, "viber")
    message = await world.outbox.enqueue(resident, Payload("Чекає"))
    channels = ["telegram", "viber"]

    async def picked() -> str | None:
        await world.outbox.route_pending(channels)
        value = await world.db.fetchval("SELECT channel FROM outbox WHERE id = ?", (message,))
        return None if value is None else str(value)

    assert await picked() == "viber"
    await world.link(resident, "telegram", "2002")  # she joined her Telegram chat
    assert await picked() == "telegram", "Telegram first once she has it"
    await world.residents.set_active(resident, False, channel="telegram")
    assert await picked() == "viber", "blocked on Telegram: back to Viber"
    await world.residents.set_active(resident, False, channel="viber")
    assert await picked() is None
    assert (await world.row("Чекає"))["state"] == "skipped"
