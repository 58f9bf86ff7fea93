"""What the e-queue sends on its own and keeps: reminders at the right moment and once,
after downtime, switched off; bookings in /mydata; withdrawing consent."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.harness import BotEnv, FakeClock, make_settings
from tests.queue.chat import (
    book,
    booking_rows,
    onboard,
    open_booking,
)


async def test_reminders_fire_at_the_right_moment_once(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1, time=8)  # Tuesday 10:00 Kyiv = 08:00 UTC

    env.clock.advance(hours=8, minutes=59)  # Monday 17:59 Kyiv
    assert await env.run_reminders() == 0
    env.clock.advance(minutes=1)  # 18:00 the day before
    assert await env.run_reminders() == 1
    assert "Нагадуємо:</b> завтра, вт, 24 листопада, 10:00" in olena.last_text
    assert {"🔁 Перенести", "❌ Скасувати запис"} <= set(olena.buttons())
    assert await env.run_reminders() == 0, "never twice"

    env.clock.advance(hours=14)  # Tuesday 08:00 Kyiv: two hours before
    assert await env.run_reminders() == 1
    assert "Через 2 год" in olena.last_text


async def test_no_reminder_for_a_cancelled_booking_and_its_button_says_so(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1, time=8)
    env.clock.advance(hours=9)
    assert await env.run_reminders() == 1
    reminder = copy.deepcopy(olena.last_message_with_buttons())
    assert reminder is not None
    await olena.click("Скасувати запис", message=reminder)
    await olena.click("Так, скасувати")

    env.clock.advance(hours=14)
    assert await env.run_reminders() == 0
    await olena.click("Скасувати запис", message=reminder)
    assert "уже скасовано" in olena.alerts()[-1]
    await olena.click("Перенести", message=reminder)
    assert "уже скасовано" in olena.alerts()[-1]


async def test_reminders_due_while_down_are_sent_at_start_or_dropped(
    tmp_path: Path, clock: FakeClock
) -> None:
    env = await BotEnv(make_settings(tmp_path / "r.sqlite3"), clock).start()
    try:
        olena = env.resident()
        await onboard(olena)
        await book(olena, day=1, time=8)  # Tuesday 10:00
        await env.stop()
        clock.advance(hours=23, minutes=30)  # down until Tuesday 08:30: both reminders due
        await env.start()
        assert await env.run_reminders() == 1, "one message is enough after downtime"
        assert "Через 2 год" in olena.last_text

        await env.restart()
        clock.advance(hours=3)  # the visit has passed
        assert await env.run_reminders() == 0
    finally:
        await env.stop()


async def test_reminder_preferences_can_be_switched_off(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1, time=8)
    await olena.click("Нагадування")
    shown = await olena.click("За день до візиту")
    assert "⬜ За день до візиту" in olena.buttons()
    assert "✅ За 2 год до візиту" in olena.buttons()
    assert shown
    env.clock.advance(hours=9)
    assert await env.run_reminders() == 0
    env.clock.advance(hours=14)
    assert await env.run_reminders() == 1


@pytest.mark.parametrize("language", ["uk", "en"])
async def test_mydata_lists_bookings(env: BotEnv, language: str) -> None:
    olena = env.resident(language_code=language)
    await onboard(
        olena,
        settlement="Калинівка" if language == "uk" else "Kalynivka",
        language="Українська" if language == "uk" else "English",
    )
    if language == "uk":
        await book(olena)
        shown = await olena.send("/mydata")
        assert "Записи до ЦНАП: 1" in shown[-1]
        assert "Олена Коваленко" in shown[-1]
    else:
        shown = await olena.send("/mydata")
        assert "ЦНАП bookings:" not in shown[-1]


async def test_withdrawing_consent_cancels_visits_and_erases_contacts(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1)
    await olena.send("/mydata")
    shown = await olena.click("Відкликати згоду")
    assert "заплановані записи до ЦНАП — скасовано" in shown[-1]
    shown = await olena.click("Так, відкликати згоду")
    assert "Імʼя: —" in shown[-1]
    assert "Телефон: —" in shown[-1]
    row = (await booking_rows(env))[0]
    assert row["status"] == "cancelled"
    assert row["full_name"] is None
    assert row["phone"] is None
    shown = await open_booking(olena)
    assert "потрібні ваші імʼя та номер телефону" in shown[-1], "consent is asked again"
