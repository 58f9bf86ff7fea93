"""Booking a visit through the real dispatcher: the ticket, limits, consent, a reloaded
community file. «Мої записи», reschedule and cancel run on both messengers in
tests/both/test_queue.py."""

from __future__ import annotations

from storage.community import CommunityRepository, parse_community
from storage.database import Database
from tests.harness import DEMO_FILE, BotEnv
from tests.queue.chat import (
    DECLARE,
    MAIN,
    RESIDENCE,
    book,
    booking_rows,
    onboard,
    open_booking,
)


async def test_a_resident_books_a_visit_and_gets_a_ticket(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await open_booking(olena)
    places = olena.buttons()
    assert places[0].startswith("Віддалене робоче місце ЦНАП у с. Калинівка"), "nearest first"
    assert MAIN in places

    await olena.click(MAIN)
    assert RESIDENCE in olena.buttons()
    await olena.click(RESIDENCE)
    shown = await olena.click(DECLARE)
    assert "Оберіть день" in shown[-1]
    assert olena.buttons()[0] == "пн, 23.11", "today still has free time after 09:00"

    await olena.click_nth(0)
    times = olena.buttons()
    assert times[0] == "09:15", "09:00 has begun; earlier slots are not offered"
    assert "12:00" not in times, "the lunch break is not bookable"

    shown = await olena.click("09:15")
    assert "пн, 23 листопада, 09:15 — цей час заброньовано для вас на 5 хв" in shown[0]
    assert "Як вас звати" in shown[-1]
    held = next(m for m in olena.bot_messages() if "заброньовано" in m.get("text", ""))
    assert "reply_markup" not in held, "no stale time buttons under the question"
    shown = await olena.send("Олена Коваленко")
    assert "Поділіться, будь ласка, номером" in shown[-1]
    assert olena.reply_button("Поділитися номером") is not None
    shown = await olena.click("Поділитися номером")
    assert "Перевірте запис" in shown[-1]
    assert "Олена Коваленко" in shown[-1]
    assert "+380671234567" in shown[-1]
    assert "пн, 23 листопада, 09:15" in shown[-1]

    shown = await olena.click("Підтвердити")
    ticket = shown[-1]
    assert "Ви записані до ЦНАП" in ticket
    assert "вул. Соборна, 12" in ticket
    assert "Візьміть із собою" in ticket
    assert "пн, 23 листопада, 09:15" in ticket
    rows = await booking_rows(env)
    assert len(rows) == 1
    assert rows[0]["status"] == "booked"
    assert f"<b>{rows[0]['code']}</b>" in ticket
    assert {"🔔 Нагадування", "🔁 Перенести", "❌ Скасувати запис"} <= set(olena.buttons())


async def test_active_limit_is_explained(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=0)
    await book(olena, day=1)
    shown = await open_booking(olena)
    assert "2 активні записи" in shown[-1]
    assert "це максимум" in shown[-1]


async def test_monthly_limit_counts_cancelled_bookings(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    for day in range(4):
        await book(olena, day=day)
        await olena.click("Скасувати запис")
        await olena.click("Так, скасувати")
    shown = await open_booking(olena)
    assert "4 рази" in shown[-1]
    assert "разом зі скасованими" in shown[-1]


async def test_declined_consent_is_asked_before_booking(env: BotEnv) -> None:
    petro = env.resident(user_id=1002)
    await petro.send("/start")
    await petro.click("Не погоджуюсь")
    await petro.click("Українська")
    await petro.click("Калинівка")
    shown = await open_booking(petro)
    assert "потрібні ваші імʼя та номер телефону" in shown[-1]
    shown = await petro.click("Погоджуюсь, записатися")
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]


async def test_community_file_changes_apply_without_restart(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    # What `python -m bot load` does, from another process (its own connection), while the
    # bot runs.
    text = DEMO_FILE.read_text(encoding="utf-8")
    text = text.replace("  closed_dates:\n", "  closed_dates:\n    - 2026-11-24\n", 1)
    other = await Database.open(env.settings.database.path)
    try:
        await CommunityRepository(other).load(parse_community(text))
    finally:
        await other.close()

    await open_booking(olena)
    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await olena.click(DECLARE)
    assert "пн, 23.11" in olena.buttons()
    assert "вт, 24.11" not in olena.buttons(), "the newly closed date is gone at once"
