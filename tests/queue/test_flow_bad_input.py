"""What goes wrong while booking: bad input keeps the step, times and days taken or closed
meanwhile, forged and past buttons, damaged drafts. A restart mid-flow is tested on both
messengers in tests/both/test_queue.py."""

from __future__ import annotations

import copy

from aiogram.fsm.storage.base import StorageKey

from handlers.queue.callbacks import OperatorCb, QueueCb, TicketCb
from tests.harness import BotEnv, Chat
from tests.queue.chat import (
    ADMIN_ID,
    DECLARE,
    MAIN,
    RESIDENCE,
    book,
    booking_rows,
    onboard,
    open_booking,
    pick_slot,
)


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

    for bad, said in (
        ("x" * 10_000, "від 3 до 80 символів"),
        ("12345", "лише літери"),
        ("<b>Олена</b> Коваленко", "лише літери"),
        ("Олена 👩 Коваленко", "без цифр, емодзі"),
        ("Олена", "Потрібні і імʼя, і прізвище"),
    ):
        shown = await olena.send(bad)
        assert said in shown[-1], bad
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
    assert "Марʼяна Демʼянчук-Ковальська" in shown[-1], "one apostrophe, ʼ"
    assert "+380671234567" in shown[-1]


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
    assert "недостатньо прав" in ivan.alerts()[-1]
    shown = await ivan.send("/operator")
    assert "Не знаю такої команди" in shown[0], "the desk is not revealed to residents"
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


async def replace_draft(env: BotEnv, chat: Chat, data: dict[str, object]) -> None:
    """What an older version or a damaged row may have left in the resident's FSM data."""
    key = StorageKey(bot_id=env.bot.id, chat_id=chat.id, user_id=chat.id)
    await env.dp.storage.set_data(key, data)


async def test_a_draft_that_lost_its_place_goes_back_to_the_places(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await open_booking(olena)
    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await replace_draft(env, olena, {})
    shown = await olena.click(DECLARE)
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]
    shown = await olena.send("де я?")
    assert "Оберіть, куди вам зручніше прийти" in shown[-1]

    await olena.click(MAIN)
    await olena.click(RESIDENCE)
    await olena.click(DECLARE)
    await olena.click_nth(0)
    shown = await olena.click_nth(0)
    assert "Як вас звати" in shown[-1]


async def test_a_draft_that_lost_its_hold_asks_for_a_time_again(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    await replace_draft(env, olena, {"place": "main", "service": "residence-declare", "day": "x"})
    shown = await olena.send("Олена Коваленко")
    assert "Оберіть день" in shown[-1], "the day is asked again, then the time"
    assert [r["status"] for r in await booking_rows(env)] == ["held"], "nothing booked blindly"
