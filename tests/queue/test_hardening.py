"""Regression tests for what simulated residents broke in the ЦНАП queue (issue 12): each
ended in the generic apology, often on every retry, or kept a name and phone without
consent. Now each gets its own answer and a screen to go on from."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Iterator

import pytest

from handlers.queue.callbacks import OperatorCb, QueueCb, TicketCb
from storage.errors import ConsentRequired
from tests.harness import BotEnv, Chat
from tests.queue.chat import ADMIN_ID, book, booking_rows, onboard, pick_slot
from tests.queue.world import MON, World, kyiv

APOLOGY = "Вибачте, сталася помилка"
HUGE = str(2**63)


@pytest.fixture(autouse=True)
def no_apology(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test here: no handler exception reaches the error guard."""
    with caplog.at_level(logging.ERROR, logger="bot.middlewares"):
        yield
    failures = [r.getMessage() for r in caplog.records if r.name == "bot.middlewares"]
    assert failures == []


async def withdraw_consent(chat: Chat) -> None:
    await chat.send("/mydata")
    await chat.click("Відкликати згоду")
    await chat.click("Так, відкликати згоду")


async def contact_of(env: BotEnv, chat: Chat) -> tuple[str | None, str | None]:
    found = await env.services.residents.find_by_channel("telegram", str(chat.id))
    assert found is not None
    return found.full_name, found.phone


def apologised(chat: Chat) -> bool:
    return any(APOLOGY in text for text in chat.texts())


# --- personal data -----------------------------------------------------------------------


async def test_withdrawing_consent_closes_the_booking_form(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    shown = await pick_slot(olena)
    assert "Як вас звати" in shown[-1]
    await withdraw_consent(olena)
    assert [r["status"] for r in await booking_rows(env)] == [], "the held time is released"

    shown = await olena.send("Олена Коваленко")
    assert "Як вас звати" not in shown[-1], "the form is closed"
    await olena.share_contact()
    assert await contact_of(env, olena) == (None, None)


async def test_confirming_after_withdrawing_consent_mid_form(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    await olena.send("Олена Коваленко")
    shown = await olena.click("Поділитися номером")
    assert "Перевірте запис" in shown[-1]
    check = copy.deepcopy(olena.last_message_with_buttons())
    await withdraw_consent(olena)
    await olena.click("Підтвердити", message=check)
    assert "не діє" in olena.alerts()[-1]
    assert await booking_rows(env) == []
    assert not apologised(olena)


async def test_consent_withdrawn_elsewhere_is_the_services_own_check(env: BotEnv) -> None:
    """Consent withdrawn past the form (another messenger, another process): confirming
    keeps nothing and asks for consent again."""
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    await olena.send("Олена Коваленко")
    await olena.click("Поділитися номером")
    resident = await env.services.residents.find_by_channel("telegram", str(olena.id))
    assert resident is not None
    await env.services.residents.withdraw_consent(resident.id)

    shown = await olena.click("Підтвердити")
    assert "Чи погоджуєтеся ви на обробку цих даних" in shown[-1]
    assert await booking_rows(env) == [], "no booking, and the held time is released"
    await olena.send("Олена Коваленко")
    assert await contact_of(env, olena) == (None, None)


async def test_bookings_keep_names_only_with_consent(world: World) -> None:
    declined = await world.resident(consent="declined")
    held = await world.bookings.hold(declined, "main", "consultation", kyiv(MON, 10))
    with pytest.raises(ConsentRequired):
        await world.bookings.confirm(held.id, declined, "Олена Коваленко", "+380671234567")
    assert await world.value("SELECT COUNT(*) FROM cnap_bookings WHERE full_name IS NOT NULL") == 0


# --- buttons that outlived their booking -------------------------------------------------


async def start_a_move(chat: Chat) -> dict[str, object]:
    """Open the ticket, «Перенести», another day and time: the move's last check."""
    await chat.click("🏠")
    await chat.click("Послуги")
    await chat.click("Мої записи")
    await chat.click_nth(0)
    ticket = copy.deepcopy(chat.last_message_with_buttons())
    await chat.click("Перенести")
    await chat.click_nth(2)
    shown = await chat.click_nth(1)
    assert "Перенести запис" in shown[-1]
    assert ticket is not None
    return ticket


async def test_confirming_a_move_of_a_booking_cancelled_meanwhile(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1)
    ticket = await start_a_move(olena)
    check = copy.deepcopy(olena.last_message_with_buttons())
    booking = int(str((await booking_rows(env))[0]["id"]))
    await olena.press(TicketCb(action="cancel-yes", booking=booking).pack(), ticket)

    shown = await olena.click("Перенести", message=check)
    assert "уже скасовано" in olena.alerts()[-1]
    assert "Мої записи" in shown[-1]
    await olena.click("Перенести", message=check)  # a second tap
    assert "не діє" in olena.alerts()[-1]
    assert [r["status"] for r in await booking_rows(env)] == ["cancelled"]
    assert not apologised(olena)


async def test_confirming_a_move_after_consent_was_withdrawn(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=1)
    await start_a_move(olena)
    check = copy.deepcopy(olena.last_message_with_buttons())
    await withdraw_consent(olena)
    await olena.click("Перенести", message=check)
    assert "не діє" in olena.alerts()[-1]
    assert [r["status"] for r in await booking_rows(env)] == ["cancelled"]
    assert not apologised(olena)


async def test_a_visit_that_has_begun_cannot_be_cancelled(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena)  # today at 09:15
    await olena.click("Скасувати запис")
    confirm = copy.deepcopy(olena.last_message_with_buttons())
    env.clock.advance(minutes=20)  # 09:20: under way
    shown = await olena.click("Так, скасувати", message=confirm)
    assert "Візит уже почався" in olena.alerts()[-1]
    assert "Мої записи" in shown[-1]
    assert [r["status"] for r in await booking_rows(env)] == ["booked"]
    assert not apologised(olena)


async def test_a_blank_rating_comment_is_asked_again(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(admin)
    await book(olena)
    booking = int(str((await booking_rows(env))[0]["id"]))
    await admin.press(OperatorCb(action="mark-served", place="main", booking=booking).pack())
    await env.deliver()
    await olena.click("4⭐")
    shown = await olena.send("   ")
    assert "Коментар порожній" in shown[-1]
    shown = await olena.send("Дякую!")
    assert "відгук передано" in shown[-1]
    assert (await booking_rows(env))[0]["rating_comment"] == "Дякую!"


async def test_a_reminder_switched_while_the_operator_marks_the_visit(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(admin)
    await book(olena, day=2)
    booking = int(str((await booking_rows(env))[0]["id"]))
    toggle = TicketCb(action="toggle-day_before", booking=booking).pack()
    mark = OperatorCb(action="mark-arrived", place="main", booking=booking).pack()
    await olena.click("Нагадування")
    reminders = copy.deepcopy(olena.last_message_with_buttons())

    await asyncio.gather(olena.press(toggle, reminders), admin.press(mark))
    assert (await booking_rows(env))[0]["status"] == "arrived"
    shown = await olena.press(toggle, reminders)  # once more after the mark, for certain
    assert "ЦНАП уже позначив" in olena.alerts()[-1]
    assert "Мої записи" in shown[-1]
    assert not apologised(olena)


# --- forged and odd input ----------------------------------------------------------------


async def test_numbers_beyond_sqlite_in_buttons(env: BotEnv) -> None:
    olena = env.resident()
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(olena)
    await onboard(admin)
    await olena.press(f"tk1:show:{HUGE}")
    await olena.press(f"rt1:{HUGE}:5")
    await olena.press(f"stl1:{HUGE}")
    await admin.press(f"op1:card:main::{HUGE}")
    await admin.press(f"aud1:{HUGE}:{HUGE}")
    await olena.click("🏠")
    await olena.click("Послуги")
    await olena.click("Записатися")
    await olena.click_nth(0)
    await olena.click_nth(0)
    await olena.click_nth(0)
    await olena.click_nth(0)
    await olena.press(QueueCb(action="time", value="9" * 20).pack())
    assert "не діє" in olena.alerts()[-1]
    assert "Оберіть час" in olena.last_text, "the times stay on screen"
    assert not apologised(olena)
    assert not apologised(admin)


async def test_desk_days_beyond_the_calendar(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    for day in ("99991231", "00010101", "20261131", "2026112٣"):
        await admin.press(f"op1:day:main:{day}:0")
        assert "не діє" in admin.alerts()[-1], day
    shown = await admin.press("op1:day:main:20991231:0")
    assert "четвер, 31 грудня" in shown[-1]
    assert "Наступний ▶️" not in admin.buttons(), "no day after the last one"
    assert "◀️ Попередній" in admin.buttons()
    assert not apologised(admin)


async def test_a_phone_no_network_could_ring_is_refused(env: BotEnv) -> None:
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    await olena.send("Олена Коваленко")
    for phone in ("1" * 40, "+", "abc"):
        shown = await olena.share_contact(phone)
        assert "не схоже на номер телефону" in shown[-1], phone
    assert await contact_of(env, olena) == ("Олена Коваленко", None)
    shown = await olena.share_contact("380671234567")
    assert "Перевірте запис" in shown[-1]
    shown = await olena.click("Підтвердити")
    assert "Ви записані до ЦНАП" in shown[-1]


# --- leaving the form --------------------------------------------------------------------


@pytest.mark.parametrize("leave", ["/cancel", "/menu", "🏠 Меню", "/mydata", "again"])
async def test_leaving_the_form_by_any_route_releases_the_time(env: BotEnv, leave: str) -> None:
    olena = env.resident()
    await onboard(olena)
    await pick_slot(olena)
    assert [r["status"] for r in await booking_rows(env)] == ["held"]
    if leave == "again":  # «Записатися» once more from the menu: a new form
        await olena.click("🏠")
        await olena.click("Послуги")
        await olena.click("Записатися")
        assert "Оберіть, куди" in olena.last_text
    else:
        await olena.send(leave)
    held = [r for r in await booking_rows(env) if r["status"] == "held"]
    if leave == "/mydata":
        assert len(held) == 1, "looking at /mydata does not leave the form"
    else:
        assert held == []


async def test_commands_at_the_name_step_are_commands(env: BotEnv) -> None:
    admin = env.resident(ADMIN_ID, first_name="Адмін")
    await onboard(admin)
    await pick_slot(admin)
    shown = await admin.send("/operator")
    assert "Робоче місце оператора" in shown[-1], "the desk opens"
    shown = await admin.send("/whatever")
    assert "Не знаю такої команди" in shown[0]
    assert "Як вас звати" in shown[-1], "the form goes on where it was"
    assert await contact_of(env, admin) == (None, None)
