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


async def test_the_retention_job_erases_an_old_reminder_and_it_is_never_sent_again(
    env: BotEnv, clock: FakeClock
) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1, time=8)  # Tuesday 10:00 in Kyiv
    clock.advance(hours=10)  # Monday 19:00: the day-before reminder is due
    assert await env.run_reminders() == 1
    reminders = "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%Нагадуємо%'"
    assert await env.services.db.fetchval(reminders) == 1

    clock.advance(days=env.services.settings.sender.retention_days + 1)
    background = await start_background(env.services, env.bot)  # the job runs at start
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 3
        while await env.services.db.fetchval(reminders):
            assert loop.time() < deadline, "the retention job did not run"
            await asyncio.sleep(0.02)
    finally:
        await background.stop()

    rows = await env.services.db.fetchall("SELECT dedup_key, state, payload FROM outbox")
    assert [(row["state"], row["payload"]) for row in rows] == [("sent", "{}")]
    key = rows[0]["dedup_key"]
    assert key.startswith("reminder:")
    resident = await env.services.residents.find_by_channel("telegram", str(olena.id))
    assert resident is not None
    again = await env.services.outbox.enqueue(resident.id, Payload("Нагадуємо"), dedup_key=key)
    assert again is None, "the reminder's key still refuses a second one"
    assert sum(REMINDER in text for text in olena.texts()) == 1
