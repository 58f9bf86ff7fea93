"""Driving the e-queue as a resident would, for the flow tests: onboarding, opening the
booking, picking a time, booking, and the booking rows behind it."""

from __future__ import annotations

from tests.harness import BotEnv, Chat

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
