"""The ЦНАП e-queue on either messenger: a visit booked end to end with the share-phone
contact, «Мої записи», reschedule, cancel, the evening reminder, and bad input."""

from __future__ import annotations

from tests.both.steps import DECLARE, MAIN, NAME, RESIDENCE, book, bookings, open_booking, pick_slot
from tests.both.world import PAID_CNAP_YES, World, answer_paid_question, onboard

STEP_BUTTONS = ["⬅️ Назад", "❌ Скасувати", "🏠 Меню"]


async def test_a_visit_is_booked_with_the_phone_contact(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    shown = await open_booking(olena)
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]
    places = olena.buttons()
    assert places[0] == "Віддалене робоче місце ЦНАП у с. Калинівка", "the nearest first"
    assert MAIN in places
    await olena.click(MAIN)
    assert RESIDENCE in olena.buttons()
    await olena.click(RESIDENCE)
    shown = await olena.click(DECLARE)
    assert "Оберіть день" in shown[-1]
    assert olena.buttons()[0] == "пн, 23.11", "today still has free time after 09:00"
    await olena.click_nth(0)
    times = olena.buttons()
    assert times[0] == "09:15", "09:00 has begun; earlier times are not offered"
    assert "12:00" not in times, "the lunch break is not bookable"

    shown = await olena.click("09:15")
    assert "пн, 23 листопада, 09:15 — цей час заброньовано для вас на 5 хв" in shown[0]
    assert "Як вас звати" in shown[-1]
    assert olena.buttons() == STEP_BUTTONS, "no time buttons under the question"
    shown = await olena.send(NAME)
    assert "Поділіться, будь ласка, номером" in shown[-1]
    assert "📱 Поділитися номером" in olena.buttons()
    shown = await olena.send(olena.phone)
    assert "кнопкою «📱 Поділитися номером»" in shown[-1], "a typed number is not trusted"

    shown = await olena.click("Поділитися номером")
    assert "Перевірте запис" in shown[-1]
    assert f"👤 {NAME}" in shown[-1]
    assert f"📱 {olena.phone}" in shown[-1]
    assert "🕘 пн, 23 листопада, 09:15" in shown[-1]
    assert olena.buttons()[0] == "✅ Підтвердити"

    shown = await olena.click("Підтвердити")
    ticket = next(text for text in shown if "Ви записані до ЦНАП" in text)
    rows = await bookings(world)
    assert [(r["status"], r["full_name"], r["phone"]) for r in rows] == [
        ("booked", NAME, olena.phone)
    ]
    assert "Ви записані до ЦНАП" in ticket
    assert f"Код запису: {rows[0]['code']}" in ticket
    assert "📍 м. Яблунів, вул. Соборна, 12" in ticket
    assert "Візьміть із собою" in ticket
    assert "🕘 пн, 23 листопада, 09:15" in ticket
    if olena.channel == "viber":
        # Viber asks once whether reminders may come at the community's cost; its buttons
        # take the keyboard, and the answer leads to the menu.
        assert shown[-1].startswith("🔔 Надсилати вам нагадування про візити до ЦНАП у Viber")
        shown = await answer_paid_question(olena, PAID_CNAP_YES)
        assert "нагадування надходитимуть у Viber" in shown[0]
        await olena.click("Послуги")
        await olena.click("Мої записи")
        await olena.click_nth(0)
    assert {"🔔 Нагадування", "🔁 Перенести", "❌ Скасувати запис", "🎫 Мої записи"} <= set(
        olena.buttons()
    )
    stored = await olena.record()
    assert stored is not None
    assert (stored.full_name, stored.phone) == (NAME, olena.phone)

    shown = await pick_slot(olena, day=1)
    assert "Перевірте запис" in shown[-1], "name and phone are asked once"
    assert f"👤 {NAME}" in shown[-1]


async def test_my_bookings_reschedule_and_cancel(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await book(olena, day=1, time=0)
    code = (await bookings(world))[0]["code"]
    await olena.click("🏠")
    await olena.click("Послуги")
    shown = await olena.click("Мої записи")
    assert "Заплановані" in shown[-1]
    assert (
        f"вт, 24 листопада, 08:00 — Декларування (реєстрація) місця проживання, {MAIN}"
        in (shown[-1])
    )
    assert olena.buttons()[0] == "🎫 вт, 24 листопада, 08:00"

    await olena.click("вт, 24 листопада, 08:00")
    shown = await olena.click("Перенести")
    assert f"Перенесення запису {code} (вт, 24 листопада, 08:00)" in shown[-1]
    await olena.click("ср, 25.11")
    await olena.click("08:15")
    shown = await olena.click("✅ Перенести")
    assert "✅ Запис перенесено." in shown
    assert f"Код запису: {code}" in shown[-1], "the same code on the new ticket"
    assert "🕘 ср, 25 листопада, 08:15" in shown[-1]
    rows = await bookings(world)
    assert [r["status"] for r in rows] == ["cancelled", "booked"]
    assert rows[0]["cancel_reason"] == "moved"
    assert rows[0]["moved_to"] == rows[1]["id"]

    shown = await olena.click("Скасувати запис")
    assert shown[-1] == f"Скасувати запис {code} на ср, 25 листопада, 08:15?"
    assert olena.buttons() == ["Так, скасувати", "Ні, залишити", "🏠 Меню"]
    shown = await olena.click("Так, скасувати")
    assert f"Запис {code} на ср, 25 листопада, 08:15 скасовано" in shown[-1]
    assert [r["status"] for r in await bookings(world)] == ["cancelled", "cancelled"]
    shown = await olena.click("Мої записи")
    assert "У вас немає запланованих візитів до ЦНАП" in shown[-1]
    assert "Скасовані:" in shown[-1]


async def test_the_evening_reminder_comes_on_the_residents_messenger(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await book(olena, day=1, time=0)
    code = (await bookings(world))[0]["code"]
    world.clock.advance(hours=9, minutes=5)  # Monday 18:05 in Kyiv
    await world.services.run_job("reminders")
    await world.deliver()
    reminder = olena.last_text
    assert reminder.startswith("🔔 Нагадуємо: завтра, вт, 24 листопада, 08:00")
    assert f"Код: {code}" in reminder
    assert olena.buttons() == ["🔁 Перенести", "❌ Скасувати запис", "🏠 Меню"]
    await olena.click("Скасувати запис")
    shown = await olena.click("Так, скасувати")
    assert "скасовано" in shown[-1]
    assert [r["status"] for r in await bookings(world)] == ["cancelled"]


async def test_bad_input_while_booking_keeps_the_step(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await open_booking(olena)
    shown = await olena.send("хочу паспорт")
    assert shown[0] == world.t("error-use-buttons")
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]
    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await olena.click(DECLARE)
    await olena.click_nth(0)
    shown = await olena.send_photo()
    assert "Оберіть час" in shown[-1]
    await olena.click("09:15")

    shown = await olena.send("x" * 10_000)
    assert "від 3 до 80 символів" in shown[-1]
    shown = await olena.send_photo()
    assert "Як вас звати" in shown[-1]
    shown = await olena.send("<b>Олена</b> Коваленко")
    assert "лише літери" in shown[-1]
    shown = await olena.send("Марʼяна Демʼянчук-Ковальська")
    assert "Поділіться" in shown[-1]
    await olena.click("Поділитися номером")
    assert "Марʼяна Демʼянчук-Ковальська" in olena.last_text

    confirm = olena.keep_button("Підтвердити")
    await olena.click("Підтвердити")
    shown = await olena.press_kept(confirm)  # a double tap on «Підтвердити»
    assert shown[0] == world.t("error-stale-button")
    assert not any("Ви записані до ЦНАП" in text for text in shown)
    assert [r["status"] for r in await bookings(world)] == ["booked"], "one visit, not two"


async def test_a_booking_goes_on_after_a_restart(world: World) -> None:
    olena = world.resident()
    await onboard(olena)
    await pick_slot(olena)
    await olena.send(NAME)
    await world.restart()  # a new process: the step, the draft and the keyboard come back
    shown = await olena.send("що далі?")
    assert "кнопкою «📱 Поділитися номером»" in shown[-1]
    assert "📱 Поділитися номером" in olena.buttons()
    await olena.click("Поділитися номером")
    shown = await olena.click("Підтвердити")
    assert any("Ви записані до ЦНАП" in text for text in shown)
    assert [r["status"] for r in await bookings(world)] == ["booked"]
