"""The ЦНАП e-queue as residents and operators meet it, through the real dispatcher."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from storage.community import CommunityRepository, parse_community
from storage.database import Database
from tests.harness import DEMO_FILE, BotEnv, Chat, FakeClock, make_settings
from ui.callbacks import OperatorCb, QueueCb, TicketCb

MAIN = "ЦНАП Яблунівської міської ради"
RESIDENCE = "Реєстрація місця проживання"
DECLARE = "Декларування"
ADMIN_ID = 900  # make_settings makes this Telegram id an administrator


async def onboard(chat: Chat, settlement: str = "Калинівка", language: str = "Українська") -> None:
    await chat.send("/start")
    await chat.click_nth(0)  # agree
    await chat.click(language)
    await chat.click(settlement)


async def open_booking(chat: Chat) -> list[str]:
    await chat.click("🏠")
    await chat.click("📋")
    return await chat.click("🗓")


async def pick_slot(
    chat: Chat,
    place: str = MAIN,
    category: str = RESIDENCE,
    service: str = DECLARE,
    day: int = 0,
    time: int = 0,
) -> list[str]:
    await open_booking(chat)
    await chat.click(place)
    await chat.click(category)
    await chat.click(service)
    await chat.click_nth(day)
    return await chat.click_nth(time)


async def book(chat: Chat, *, name: str = "Олена Коваленко", **choice: object) -> list[str]:
    shown = await pick_slot(chat, **choice)  # type: ignore[arg-type]
    if any("Як вас звати" in text for text in shown):
        await chat.send(name)
        await chat.click("Поділитися номером")
    return await chat.click("Підтвердити")


async def booking_rows(env: BotEnv) -> list[dict[str, object]]:
    rows = await env.services.db.fetchall("SELECT * FROM cnap_bookings ORDER BY id")
    return [dict(row) for row in rows]


# --- booking ------------------------------------------------------------------------------


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


async def test_name_and_phone_are_asked_once(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena)
    shown = await pick_slot(olena, day=1)
    assert "Перевірте запис" in shown[-1], "no questions the second time"
    assert "Олена Коваленко" in shown[-1]


async def test_my_bookings_cancel_and_reschedule(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1, time=0)
    await olena.click("🏠")
    await olena.click("Послуги")
    shown = await olena.click("Мої записи")
    assert "Заплановані" in shown[-1]
    assert "вт, 24 листопада, 08:00" in shown[-1]

    await olena.click("вт, 24 листопада, 08:00")
    await olena.click("Перенести")
    shown = await olena.click_nth(2)  # another day
    await olena.click_nth(1)
    shown = await olena.click("Перенести")
    assert "Ви записані до ЦНАП" in shown[-1]
    rows = await booking_rows(env)
    assert [r["status"] for r in rows] == ["cancelled", "booked"]
    assert rows[0]["cancel_reason"] == "moved"
    assert rows[0]["moved_to"] == rows[1]["id"]

    await olena.click("Скасувати запис")
    shown = await olena.click("Так, скасувати")
    assert "скасовано" in shown[-1]
    assert [r["status"] for r in await booking_rows(env)] == ["cancelled", "cancelled"]
    shown = await olena.click("Мої записи")
    assert "немає запланованих" in shown[-1]


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
    assert "потрібні ваші ім'я та номер телефону" in shown[-1]
    shown = await petro.click("Погоджуюсь, записатися")
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]


# --- bad input ----------------------------------------------------------------------------


async def test_bad_input_keeps_the_step(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await open_booking(olena)
    shown = await olena.send("хочу паспорт")
    assert "скористайтеся кнопками" in shown[0]
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]

    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await olena.click(DECLARE)
    await olena.click_nth(0)
    shown = await olena.send_photo()
    assert "Оберіть час" in shown[-1]
    await olena.click_nth(0)

    for bad in ("x" * 10_000, "12345", "<b>Олена</b> Коваленко", "Олена"):
        shown = await olena.send(bad)
        assert "напишіть ім'я та прізвище літерами" in shown[-1], bad
    shown = await olena.send_sticker()
    assert "Як вас звати" in shown[-1]
    shown = await olena.send("Мар'яна Дем'янчук-Ковальська")
    assert "Поділіться" in shown[-1]

    shown = await olena.send("+380671234567")
    assert "кнопкою «📱 Поділитися номером»" in shown[-1]
    shown = await olena.share_contact("+380509999999", own=False)
    assert "чужий контакт" in shown[-1]
    shown = await olena.share_contact("380671234567")
    assert "Перевірте запис" in shown[-1]
    assert "Мар'яна Дем'янчук-Ковальська" in shown[-1]
    assert "+380671234567" in shown[-1]


async def test_restart_in_the_middle_of_booking(tmp_path: Path, clock: FakeClock) -> None:
    env = await BotEnv(make_settings(tmp_path / "b.sqlite3"), clock).start()
    try:
        olena = env.resident()
        await onboard(olena)
        await pick_slot(olena)
        await olena.send("Олена Коваленко")
        await env.restart()
        shown = await olena.send("що далі?")
        assert "надіслати кнопкою «📱 Поділитися номером»" in shown[-1]
        assert olena.reply_button("Поділитися номером") is not None
        await olena.share_contact()
        shown = await olena.click("Підтвердити")
        assert "Ви записані до ЦНАП" in shown[-1]
    finally:
        await env.stop()


async def test_a_slot_taken_meanwhile_is_refused(env: BotEnv) -> None:
    olena, ivan = env.resident(1001), env.resident(1002, first_name="Іван")
    for chat in (olena, ivan):
        await onboard(chat, settlement="Озерне")
    # Ozerne's workplace has one window: Ivan looks at the times, Olena books the first one.
    place = "Віддалене робоче місце ЦНАП у с. Озерне"
    await open_booking(ivan)
    await ivan.click(place)
    await ivan.click(RESIDENCE)
    await ivan.click(DECLARE)
    await ivan.click_nth(0)
    first = ivan.buttons()[0]
    await book(olena, place=place, time=0)
    assert (await booking_rows(env))[0]["status"] == "booked"

    shown = await ivan.click(first)
    assert "щойно зайняли" in ivan.alerts()[-1]
    assert any("Оберіть час" in text for text in shown)
    assert first not in ivan.buttons()


async def test_a_day_closed_meanwhile_is_refused(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(admin)
    await open_booking(olena)
    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await olena.click(DECLARE)
    days = copy.deepcopy(olena.last_message_with_buttons())
    assert days is not None

    await admin.send("/operator")
    await admin.click(MAIN)
    await admin.click("Наступний")
    await admin.click("Закрити прийом")
    await admin.click("Увесь день")
    await admin.send("відключення електроенергії")
    await admin.click("Так, закрити")

    tuesday = days["reply_markup"]["inline_keyboard"][0][1]
    assert tuesday["text"] == "вт, 24.11"
    shown = await olena.press(tuesday["callback_data"], days)
    assert "щойно скасовано" in olena.alerts()[-1]
    assert "вт, 24.11" not in olena.buttons()
    assert any("Оберіть день" in text for text in shown)


async def test_forged_callbacks_reveal_nothing(env: BotEnv) -> None:
    olena, ivan = env.resident(1001), env.resident(1002, first_name="Іван")
    await onboard(olena)
    await onboard(ivan)
    await book(olena)
    olenas = (await booking_rows(env))[0]
    booking_id = int(str(olenas["id"]))

    for action in ("cancel-yes", "show", "reschedule", "reminders", "toggle-day_before"):
        await ivan.press(TicketCb(action=action, booking=booking_id).pack())
        assert ivan.alerts()[-1] == "Такого запису немає серед ваших.", action
    assert not any("Олена" in text for text in ivan.texts())
    assert (await booking_rows(env))[0]["status"] == "booked"

    await ivan.press(QueueCb(action="day", value="20201124").pack())
    await ivan.press(QueueCb(action="time", value="12345").pack())
    await ivan.press(OperatorCb(action="mark-no_show", place="main", booking=booking_id).pack())
    assert "лише працівникам ЦНАП" in ivan.alerts()[-1]
    shown = await ivan.send("/operator")
    assert "лише працівникам ЦНАП" in shown[0]
    shown = await ivan.send(f"/grant_operator {ivan.id} main")
    assert "Не знаю такої команди" in shown[0]
    assert (await booking_rows(env))[0]["status"] == "booked"


async def test_a_past_day_or_time_cannot_be_booked(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await open_booking(olena)
    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await olena.click(DECLARE)
    await olena.press(QueueCb(action="day", value="20261120").pack())
    assert "щойно скасовано" in olena.alerts()[-1]
    await olena.click_nth(0)
    past = int(env.clock.now.timestamp()) - 3600
    await olena.press(QueueCb(action="time", value=str(past)).pack())
    assert "щойно зайняли" in olena.alerts()[-1]
    assert await booking_rows(env) == []


# --- operator -----------------------------------------------------------------------------


async def test_operator_runs_the_day_and_resident_rates_the_visit(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    operator = env.resident(1500, first_name="Оксана")
    for chat in (olena, admin, operator):
        await onboard(chat)
    await book(olena)
    operator_id = (await env.services.residents.find_by_channel("telegram", "1500")).id  # type: ignore[union-attr]

    shown = await operator.send("/operator")
    assert "лише працівникам ЦНАП" in shown[0]
    shown = await admin.send(f"/grant_operator {operator_id} main")
    assert "тепер оператор" in shown[0]
    assert await env.deliver() == 1
    assert "Вам надано роль оператора ЦНАП" in operator.last_text

    await operator.press(OperatorCb(action="day", place="ozerne", day="20261123").pack())
    assert "лише працівникам ЦНАП" in operator.alerts()[-1], "another place's list stays closed"
    await operator.press(OperatorCb(action="close", place="ozerne", day="20261123").pack())
    assert "лише працівникам ЦНАП" in operator.alerts()[-1]

    shown = await operator.send("/operator")
    assert "09:15" in shown[-1]
    assert "Олена Коваленко" in shown[-1]
    assert "очікується" in shown[-1]
    await operator.click("09:15")
    await operator.click("Прийшов")
    shown = await operator.click("Обслужено")
    assert "Стан: обслужено" in shown[-1]

    assert await env.deliver() == 1
    assert "Оцініть, будь ласка" in olena.last_text
    rating_request = copy.deepcopy(olena.last_message_with_buttons())
    assert rating_request is not None
    shown = await olena.click("5⭐")
    assert "Дякуємо за оцінку ⭐⭐⭐⭐⭐" in shown[-1]
    shown = await olena.send("Швидко і ввічливо, дякую!")
    assert "відгук передано" in shown[-1]
    row = (await booking_rows(env))[0]
    assert row["rating"] == 5
    assert row["rating_comment"] == "Швидко і ввічливо, дякую!"
    await olena.click("4⭐", message=rating_request)
    assert "вже збережено" in olena.alerts()[-1]


async def test_no_shows_block_online_booking_until_lifted(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(admin)
    olena_id = (await env.services.residents.find_by_channel("telegram", "1001")).id  # type: ignore[union-attr]
    for _ in range(3):
        await book(olena, day=0)
        booking_id = int(str((await booking_rows(env))[-1]["id"]))
        no_show = OperatorCb(action="mark-no_show", place="main", booking=booking_id).pack()
        await admin.press(no_show)
        assert "не можна так позначити" in admin.alerts()[-1], "not before the visit time"
        env.clock.advance(minutes=30)
        await admin.press(no_show)
        assert "Позначено: не з'явився" in admin.alerts()[-1]
    shown = await open_booking(olena)
    assert "Онлайн-запис для вас призупинено" in shown[-1]
    assert "3 записи" in shown[-1]

    shown = await admin.send(f"/lift_block {olena_id}")
    assert "знято" in shown[0]
    shown = await open_booking(olena)
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]


async def test_closing_a_day_tells_each_resident_in_their_language(env: BotEnv) -> None:
    olena = env.resident()
    john = env.resident(2002, language_code="en", first_name="John")
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(john, settlement="Kalynivka", language="English")
    await onboard(admin)
    await book(olena, day=1, time=0)
    await open_booking(john)
    await john.click("Yabluniv Administrative Services Centre")
    await john.click("Residence registration")
    await john.click("Declaring")
    await john.click_nth(1)
    await john.click_nth(1)
    await john.send("John Smith")
    await john.click("Share my number")
    await john.click("Confirm")

    await admin.send("/operator")
    await admin.click(MAIN)
    await admin.click("Наступний")
    await admin.click("Закрити прийом")
    shown = await admin.send("25:00-26:00")
    assert "Не розумію проміжок" in shown[-1]
    await admin.send("07:00-12:00")
    shown = await admin.send("ой")
    assert "від 3 до 200 символів" in shown[-1]
    await admin.send("відключення <електроенергії> & води")
    shown = await admin.click("Так, закрити")
    assert any("Сповіщено: 2 мешканців" in text for text in shown)

    assert await env.deliver() == 2
    assert "Прийом скасовано" in olena.last_text
    assert "відключення &lt;електроенергії&gt; &amp; води" in olena.last_text
    assert "Visit cancelled" in john.last_text
    assert [r["cancel_reason"] for r in await booking_rows(env)] == ["closed", "closed"]

    shown = await olena.click("Обрати інший час")
    assert "Оберіть день" in shown[-1]
    await olena.click("вт, 24.11")
    assert olena.buttons()[0] == "13:00", "the closed morning is not offered"


# --- reminders ----------------------------------------------------------------------------


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
        assert "ЦНАП bookings" not in shown[-1]


async def test_admin_commands_answer_mistakes_clearly(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    shown = await admin.send("/admin")
    assert "/grant_operator" in shown[0]
    assert "main, kalynivka, ozerne" in shown[0]
    shown = await admin.send("/grant_operator")
    assert "Формат: /grant_operator 17 main" in shown[0]
    shown = await admin.send("/grant_operator 999 main")
    assert "Мешканця з номером 999 немає" in shown[0]
    shown = await admin.send("/grant_operator 1 <b>atlantis</b>")
    assert "Місця «&lt;b&gt;atlantis&lt;/b&gt;» немає" in shown[0]
    shown = await admin.send("/lift_block abc")
    assert "Формат: /lift_block 17" in shown[0]
    shown = await admin.send("/stats")
    assert "1 мешканець" in shown[0]


async def test_withdrawing_consent_cancels_visits_and_erases_contacts(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1)
    await olena.send("/mydata")
    shown = await olena.click("Відкликати згоду")
    assert "заплановані записи до ЦНАП — скасовано" in shown[-1]
    shown = await olena.click("Так, відкликати згоду")
    assert "Ім'я: —" in shown[-1]
    assert "Телефон: —" in shown[-1]
    row = (await booking_rows(env))[0]
    assert row["status"] == "cancelled"
    assert row["full_name"] is None
    assert row["phone"] is None
    shown = await open_booking(olena)
    assert "потрібні ваші ім'я та номер телефону" in shown[-1], "consent is asked again"


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
