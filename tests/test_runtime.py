"""The background jobs as they run in production: APScheduler's reminder tick feeding the
outbox sender, started by the same `start_background` every channel uses."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.runtime import start_background
from storage.payload import Payload
from tests.harness import BotEnv, Chat, FakeClock, make_settings
from tests.queue.chat import book, onboard

REMINDER = "Нагадуємо"


async def wait_for_reminders(chat: Chat, count: int, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while sum(REMINDER in text for text in chat.texts()) < count:
        if loop.time() > deadline:
            raise AssertionError(f"expected {count} reminder(s), saw {chat.texts()[-3:]}")
        await asyncio.sleep(0.02)


async def test_a_reminder_due_during_downtime_goes_out_at_start_exactly_once(
    tmp_path: Path, clock: FakeClock
) -> None:
    env = await BotEnv(make_settings(tmp_path / "rt.sqlite3"), clock).start()
    try:
        olena = env.resident()
        await onboard(olena)
        await book(olena, day=1, time=8)  # Tuesday 10:00 in Kyiv
        await env.stop()

        clock.advance(hours=10)  # Monday 19:00: the day-before reminder fell due while down
        await env.start()
        background = await start_background(env.services, env.bot)
        try:
            await wait_for_reminders(olena, 1)
        finally:
            await background.stop()

        await env.restart()
        background = await start_background(env.services, env.bot)
        await asyncio.sleep(0.5)  # the first tick runs at start
        await background.stop()
        assert sum(REMINDER in text for text in olena.texts()) == 1, "never doubled by a restart"
    finally:
        await env.stop()


async def test_a_notice_queued_while_running_is_delivered_promptly(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    resident = await env.services.residents.find_by_channel("telegram", str(olena.id))
    assert resident is not None
    background = await start_background(env.services, env.bot)
    try:
        await env.services.outbox.enqueue(resident.id, Payload("Оголошення: <b>тест</b>"))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 3
        while "Оголошення: <b>тест</b>" not in olena.texts():
            assert loop.time() < deadline, "the sender did not wake up on enqueue"
            await asyncio.sleep(0.02)
    finally:
        await background.stop()
