"""Driving the appeals flows as a resident or an officer would."""

from __future__ import annotations

from storage.audit import Actor
from storage.roles import Role
from tests.harness import BotEnv, Chat
from tests.queue.chat import onboard

__all__ = [
    "FAR",
    "NEAR",
    "make_officer",
    "mark_no_study",
    "onboard",
    "open_appeal",
    "send_location",
    "write_appeal",
]

# The demo community's centre is 49.4285, 32.0620 (radius 30 km).
NEAR = (49.4290, 32.0625)
FAR = (50.4501, 30.5234)  # Kyiv, about 150 km away
BODY = "Прошу відремонтувати яму на дорозі біля школи, там щодня ходять діти."


async def send_location(chat: Chat, point: tuple[float, float]) -> list[str]:
    location = {"latitude": point[0], "longitude": point[1]}
    message = chat.env.emulator.record_user_message(chat.user, location=location)
    await chat.env.feed(message=message)
    return chat.news()


async def resident_id(env: BotEnv, chat: Chat) -> int:
    found = await env.services.residents.find_by_channel("telegram", str(chat.id))
    assert found is not None
    return found.id


async def make_officer(env: BotEnv, user_id: int, scope: str) -> Chat:
    officer = env.resident(user_id=user_id, first_name="Ірина")
    await onboard(officer)
    number = await resident_id(env, officer)
    await env.services.roles.grant(number, Role.APPEALS_OFFICER, scope, Actor.system("test"))
    return officer


async def open_appeal(chat: Chat) -> list[str]:
    await chat.click("🏠")
    await chat.click("🤝")
    return await chat.click("✉️ Звернення")


async def write_appeal(
    chat: Chat, kind: str = "Скарга", body: str = BODY, priority: str | None = None
) -> list[str]:
    """The whole form with a photo and a place, and the status for priority consideration
    when `priority` names one; returns what «Надіслати» showed."""
    await open_appeal(chat)
    await chat.click(kind)
    await chat.click("Дороги і транспорт")
    await chat.send(body)
    await chat.send_photo()
    await send_location(chat, NEAR)
    await chat.click("Далі")
    shown = chat.last_text
    if "ПІБ" in shown or "прізвище" in shown:
        await chat.send("Олена Петрівна Коваленко")
        await chat.send("с. Калинівка, вул. Шкільна, 1")
        await chat.share_contact()
    if priority is not None:
        await chat.click("Вказати статус пільговика")
        await chat.click(priority)
    return await chat.click("Надіслати")


async def mark_no_study(officer: Chat, number: str) -> list[str]:
    """From the inbox: open the appeal, «не потребує додаткового вивчення», confirm."""
    await officer.send("/appeals")
    await officer.click(number)
    await officer.click("Не потребує додаткового вивчення")
    return await officer.click("Так, позначити")
