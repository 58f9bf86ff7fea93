"""What a resident trips over in the e-queue, tried as a resident would: backing out of a
move, the held time, names, changing the saved name and phone, booking for a relative, whom
to call, dead ends, lists and counts, limits that survive deleting one's data."""

from __future__ import annotations

from handlers.queue.callbacks import TicketAction, TicketCb
from storage.community import CommunityRepository, parse_community
from storage.database import Database
from tests.harness import DEMO_FILE, BotEnv
from tests.queue.chat import DECLARE, MAIN, RESIDENCE, book, booking_rows, onboard, pick_slot

OZERNE = "Віддалене робоче місце ЦНАП у с. Озерне"  # one window: a held time is nobody else's
MAIN_PHONE = "+380 4563 2-15-15"


async def test_backing_out_of_a_move_says_the_booking_is_kept(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1, time=0)
    code = str((await booking_rows(env))[0]["code"])
    await olena.click("Перенести")
    await olena.click_nth(2)
    shown = await olena.click("Скасувати")
    assert f"Запис {code} на вт, 24 листопада, 08:00 залишається без змін" in shown[0]
    assert not any("Запис не створено" in text for text in shown)
    assert [r["status"] for r in await booking_rows(env)] == ["booked"]


async def test_a_move_keeps_the_code_and_the_reminders_switched_off(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    ticket = (await book(olena, day=1, time=8))[-1]
    code = str((await booking_rows(env))[0]["code"])
    await olena.click("Нагадування")
    await olena.click("За день до візиту")
    await olena.click("До запису")
    await olena.click("Перенести")
    await olena.click_nth(2)
    await olena.click_nth(0)
    shown = await olena.click("Перенести")
    assert f"<b>{code}</b>" in ticket
    assert f"<b>{code}</b>" in shown[-1], "the same code on the new ticket"
    await olena.click("Нагадування")
    assert "⬜ За день до візиту" in olena.buttons(), "still off after the move"
    assert "✅ За 2 год до візиту" in olena.buttons()


async def test_the_name_step_says_a_surname_is_needed_and_refuses_emoji(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    shown = await olena.send("Олена")
    assert "Потрібні і імʼя, і прізвище" in shown[-1]
    shown = await olena.send("Олена 👩 Коваленко")
    assert "без цифр, емодзі" in shown[-1]
    shown = await olena.send("Олена Коваленко")
    assert "Поділіться" in shown[-1]


async def test_the_name_and_phone_steps_offer_back_and_cancel(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    assert {"⬅️ Назад", "❌ Скасувати"} <= set(olena.buttons())
    shown = await olena.click("Назад")
    assert "Оберіть час" in shown[-1]
    await olena.click_nth(0)
    await olena.send("Олена Коваленко")
    assert olena.reply_button("Назад") is not None
    assert olena.reply_button("Скасувати") is not None
    shown = await olena.click("Скасувати")
    assert "Запис не створено" in shown[0]
    assert await booking_rows(env) == [], "the held time is given back"
    assert olena.reply_button("Меню") is not None
    assert olena.reply_button("Поділитися номером") is None


async def test_another_time_shows_the_time_being_held(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena, settlement="Озерне")
    await book(olena, place=OZERNE, time=0)  # name and phone known from now on
    await pick_slot(olena, place=OZERNE, day=1, time=0)
    held = olena.buttons()
    assert "Перевірте запис" in olena.last_text
    shown = await olena.click("Інший час")
    assert "Зараз за вами заброньовано <b>" in shown[-1]
    assert olena.buttons()[0].startswith("✅ "), f"the held time is there, marked: {held}"
    shown = await olena.click_nth(0)
    assert "Перевірте запис" in shown[-1], "pressing it again keeps it"


async def test_a_resident_changes_name_and_phone_on_the_confirm_screen(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena)
    await pick_slot(olena, day=1)
    await olena.click("Змінити імʼя")
    assert "Як вас звати" in olena.last_text
    shown = await olena.send("Олена Петренко-Коваленко")
    assert "👤 Олена Петренко-Коваленко" in shown[-1]
    await olena.click("Змінити номер")
    assert olena.reply_button("Поділитися номером") is not None
    shown = await olena.share_contact("+380509876543")
    assert "📱 +380509876543" in shown[-1]
    await olena.click("Підтвердити")
    rows = await booking_rows(env)
    assert (rows[-1]["full_name"], rows[-1]["phone"]) == (
        "Олена Петренко-Коваленко",
        "+380509876543",
    )
    shown = await olena.send("/mydata")
    assert "Імʼя: Олена Петренко-Коваленко" in shown[-1]


async def test_a_resident_books_for_a_relative_with_their_own_phone(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena)
    await pick_slot(olena, day=1)
    await olena.click("Записати іншу людину")
    assert "Кого ви записуєте" in olena.last_text
    shown = await olena.send("Петро Коваленко")
    assert "👤 Петро Коваленко" in shown[-1]
    assert "(ваш номер: ви записуєте іншу людину)" in shown[-1]
    shown = await olena.click("Підтвердити")
    assert "👤 Петро Коваленко" in shown[-1], "the ticket names who comes"
    rows = await booking_rows(env)
    assert (rows[-1]["full_name"], rows[-1]["phone"]) == ("Петро Коваленко", "+380671234567")
    shown = await olena.send("/mydata")
    assert "Імʼя: Олена Коваленко" in shown[-1], "the resident's own name is unchanged"


async def test_name_and_phone_can_be_changed_in_mydata(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena)
    await olena.send("/mydata")
    await olena.click("Змінити імʼя")
    shown = await olena.send("Олена")
    assert "Потрібні і імʼя, і прізвище" in shown[-1]
    shown = await olena.send("Олена Марʼяненко")
    assert "Імʼя збережено" in shown[0]
    assert "Імʼя: Олена Марʼяненко" in shown[-1]
    await olena.click("Змінити номер")
    shown = await olena.share_contact("+380501112233", own=False)
    assert "чужий контакт" in shown[-1]
    shown = await olena.share_contact("+380501112233")
    assert "Телефон: +380501112233" in shown[-1]
    assert olena.reply_button("Меню") is not None


async def test_every_call_us_text_gives_the_number(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    ticket = (await book(olena, day=1))[-1]
    assert f"Телефон ЦНАП: {MAIN_PHONE}" in ticket
    await olena.click("Скасувати запис")
    await olena.click("Так, скасувати")
    for day in (2, 3, 4):
        await book(olena, day=day)
        await olena.click("Скасувати запис")
        await olena.click("Так, скасувати")
    await olena.click("Мої записи")
    shown = await olena.click("Записатися")
    assert "зателефонуйте до ЦНАП:\n☎️ " + MAIN_PHONE in shown[-1]
    assert "Знову записатися можна з 1 грудня" in shown[-1], "«з» + genitive, no weekday"


async def test_limits_name_the_way_on_and_book_again_is_offered_only_when_possible(
    env: BotEnv,
) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=0)
    await book(olena, day=1)
    await olena.click("🏠")
    await olena.click("Послуги")
    shown = await olena.click("Записатися до ЦНАП")
    assert "у «🎫 Мої записи»" in shown[-1]
    shown = await olena.click("Мої записи")
    assert "Заплановані" in shown[-1]
    await olena.click_nth(0)
    await olena.click("Скасувати запис")
    shown = await olena.click("Так, скасувати")
    assert "🗓 Записатися ще" in olena.buttons(), "two of four this month: one more is fine"
    await olena.click("Мої записи")
    await olena.click_nth(0)
    await olena.click("Скасувати запис")
    await olena.click("Так, скасувати")
    await book(olena, day=2)
    await olena.click("Скасувати запис")
    await olena.click("Так, скасувати")
    assert "🗓 Записатися ще" in olena.buttons(), "three of four"
    await book(olena, day=3)
    await olena.click("Скасувати запис")
    await olena.click("Так, скасувати")
    assert "🗓 Записатися ще" not in olena.buttons(), "the fourth this month: the limit is reached"
    assert "🎫 Мої записи" in olena.buttons()


async def test_my_bookings_lists_cancelled_visits_apart_and_counts_a_move_once(
    env: BotEnv,
) -> None:
    olena = env.resident()
    await onboard(olena)
    await olena.click("🏠")
    await olena.click("Послуги")
    await olena.click("Мої записи")
    assert "🗓 Записатися" in olena.buttons()
    assert "🗓 Записатися ще" not in olena.buttons(), "nothing booked: not «ще»"
    await book(olena, day=1, time=0)
    await olena.click("Перенести")
    await olena.click_nth(2)
    await olena.click_nth(0)
    await olena.click("Перенести")
    shown = await olena.send("/mydata")
    assert "Записи до ЦНАП: 1" in shown[-1], "a moved visit is one visit"
    await olena.send("/menu")
    await olena.click("Послуги")
    await olena.click("Мої записи")
    await olena.click_nth(0)
    await olena.click("Скасувати запис")
    await olena.click("Так, скасувати")
    shown = await olena.click("Мої записи")
    assert "Скасовані:" in shown[-1]
    assert "Минулі:" not in shown[-1], "a visit still ahead is not past"


async def test_deleting_ones_data_does_not_reset_the_monthly_limit(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    for day in range(4):
        await book(olena, day=day)
        await olena.click("Скасувати запис")
        await olena.click("Так, скасувати")
    await olena.send("/mydata")
    await olena.click("Видалити всі мої дані")
    await olena.click("Так, видалити все")
    assert await booking_rows(env) == []
    await onboard(olena)
    shown = await book(olena, day=5)
    assert "4 рази" in shown[-1], "the same phone: the same limit"
    assert [r["status"] for r in await booking_rows(env)] == [], "no booking made"
    shown = await olena.send("/mydata")
    assert "хеш номера телефону" in shown[-1], "the data notice says what is kept"


async def test_a_rebook_after_the_file_dropped_the_service_starts_from_the_places(
    env: BotEnv,
) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1)
    booking_id = int(str((await booking_rows(env))[0]["id"]))
    await env.services.db.execute(
        "UPDATE cnap_bookings SET status = 'cancelled', cancel_reason = 'closed', "
        "service_code = 'gone' WHERE id = ?",
        (booking_id,),
    )
    shown = await olena.press(TicketCb(action=TicketAction.REBOOK, booking=booking_id).pack())
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]
    assert MAIN in olena.buttons()
    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    assert any(label.startswith(DECLARE) for label in olena.buttons())


async def test_no_free_days_gives_the_number_and_another_place(env: BotEnv) -> None:
    text = DEMO_FILE.read_text(encoding="utf-8")
    week = (
        '        tue: ["09:00-12:00", "13:00-16:00"]\n        thu: ["09:00-12:00", "13:00-16:00"]\n'
    )
    closed = text.replace(week, "        sat: []\n", 1)  # Kalynivka's workplace opens no day
    assert closed != text
    other = await Database.open(env.settings.database.path)
    try:
        await CommunityRepository(other).load(parse_community(closed))
    finally:
        await other.close()
    olena = env.resident()
    await onboard(olena)
    await olena.click("🏠")
    await olena.click("Послуги")
    await olena.click("Записатися до ЦНАП")
    await olena.click("Калинівка")
    await olena.click(RESIDENCE)
    shown = await olena.click(DECLARE)
    assert "На найближчі 14 днів вільного часу для цієї послуги немає" in shown[-1]
    assert "зателефонуйте до ЦНАП:\n☎️ +380 4563 3-44-05" in shown[-1]
    shown = await olena.click("Інше місце")
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]
