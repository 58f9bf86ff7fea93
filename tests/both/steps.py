"""Steps the both-channel flow tests share: the way to the booking, a booked visit, the rows
behind what the resident saw."""

from __future__ import annotations

from typing import Any

from bot.scheduler import run_job
from tests.both.world import PAID_CNAP_YES, World, answer_paid_question
from tests.channels import ResidentChat

MAIN = "ЦНАП Яблунівської міської ради"
RESIDENCE = "Реєстрація місця проживання"
DECLARE = "Декларування"
NAME = "Олена Коваленко"


async def open_booking(chat: ResidentChat) -> list[str]:
    await chat.click("🏠")
    await chat.click("📋")
    return await chat.click("🗓")


async def pick_slot(chat: ResidentChat, *, day: int = 0, time: int = 0) -> list[str]:
    await open_booking(chat)
    await chat.click(MAIN)
    await chat.click(RESIDENCE)
    await chat.click(DECLARE)
    await chat.click_nth(day)
    return await chat.click_nth(time)


async def book(chat: ResidentChat, *, day: int = 0, time: int = 0) -> list[str]:
    """A visit booked by the buttons (name and phone given the first time)."""
    shown = await pick_slot(chat, day=day, time=time)
    if any("Як вас звати" in text for text in shown):
        await chat.send(NAME)
        await chat.click("Поділитися номером")
    shown = await chat.click("Підтвердити")
    return shown + await answer_paid_question(chat, PAID_CNAP_YES)


async def bookings(world: World) -> list[dict[str, Any]]:
    rows = await world.services.db.fetchall("SELECT * FROM cnap_bookings ORDER BY id")
    return [dict(row) for row in rows]


async def run_news(world: World) -> None:
    """One run of the announcements job as the scheduler runs it, then delivery."""
    job = next(j for j in world.services.flows.jobs if j.name == "news")
    await run_job(job, {**world.services.named(), "bot": world.telegram.bot})
    await world.deliver()
